//! A follow-up task from the open email: subject (prefilled from the email's), due date (three
//! days out by default), the record it is about (the save card's choices), created in the CRM
//! with an "Open in CRM" link. A task has no idempotency key, so the button is disabled while
//! one is being created and the form gives way to the link once it is.

use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::components::common::regarding::RegardingPicker;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{CreateTask, RecordLinkView};
use leptos::prelude::*;

/// The longest subject the worker accepts (both CRMs hold it).
const MAX_SUBJECT_CHARS: usize = 200;

/// The default due date, in days from today.
const DUE_IN_DAYS: u32 = 3;

/// "Follow up: <subject>", without the reply and forward prefixes, within the CRM's limit.
pub fn follow_up_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        // English, German (AW, WG) and French (TR: transfert) reply and forward prefixes.
        let stripped = ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:"]
            .iter()
            .find_map(|prefix| {
                rest.get(..prefix.len())
                    .filter(|head| head.eq_ignore_ascii_case(prefix))
                    .map(|_| rest[prefix.len()..].trim_start())
            });
        match stripped {
            Some(shorter) => rest = shorter,
            None => break,
        }
    }
    let subject = if rest.is_empty() {
        tr!("follow-up")
    } else {
        tr!("follow-up-subject", subject = rest)
    };
    subject.chars().take(MAX_SUBJECT_CHARS).collect()
}

/// Today plus `days`, `YYYY-MM-DD` in the seller's time zone.
fn in_days(days: u32) -> String {
    let date = js_sys::Date::new_0();
    date.set_date(date.get_date() + days);
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// The follow-up task card.
#[component]
pub fn FollowUpCard(
    choices: Vec<RecordLinkView>,
    /// The subject to follow up on; the open email's when not given (a meeting passes its own).
    #[prop(optional)]
    subject: Option<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let email_subject = subject.unwrap_or_else(|| {
        expect_context::<Host>()
            .item
            .get_untracked()
            .map(|item| item.subject)
            .unwrap_or_default()
    });
    let subject = RwSignal::new(follow_up_subject(&email_subject));
    let due = RwSignal::new(in_days(DUE_IN_DAYS));
    let regarding = RwSignal::new(choices.first().cloned());
    // One key for this form's task: a double click or a retry after a lost answer finds the
    // task the first request made (the worker keeps the key), and never makes a second.
    let idempotency_key = StoredValue::new(form_key());
    let create = Action::new_local(move |task: &CreateTask| {
        let task = task.clone();
        async move { session.call(move |api| api.create_task(task)).await }
    });
    let created = move || create.value().get().and_then(Result::ok);
    let submit = move || {
        let (kind, id) = regarding
            .get_untracked()
            .map(|record| (record.kind, record.id))
            .unwrap_or_default();
        let due_date = Some(due.get_untracked()).filter(|d| !d.trim().is_empty());
        create.dispatch(CreateTask {
            subject: subject.get_untracked(),
            due_date,
            regarding_kind: kind,
            regarding_id: id,
            idempotency_key: Some(idempotency_key.get_value()),
        });
    };
    view! {
        <section class="card" data-testid="task-card">
            <h2><Icon name=IconName::Task />{tr!("task-heading")}</h2>
            {move || match created() {
                Some(task) => view! {
                    <p data-testid="task-created">
                        {tr!("task-created")}" "
                        <a href=task.url.clone() target="_blank" rel="noopener" data-testid="task-link">
                            {tr!("open-in-crm")}
                        </a>
                    </p>
                }.into_any(),
                None => view! {
                    <div class="form">
                        <label>
                            {tr!("task-subject")}
                            <input
                                data-testid="task-subject"
                                maxlength=MAX_SUBJECT_CHARS
                                prop:value=move || subject.get()
                                on:input=move |e| subject.set(event_target_value(&e))
                            />
                        </label>
                        <label>
                            {tr!("task-due")}
                            <input
                                type="date"
                                data-testid="task-due"
                                prop:value=move || due.get()
                                on:input=move |e| due.set(event_target_value(&e))
                            />
                        </label>
                        {(!choices.is_empty()).then(|| view! {
                            <RegardingPicker
                                choices=choices.clone()
                                chosen=regarding
                                testid="task-regarding"
                                label=tr!("regarding")
                            />
                        })}
                    </div>
                    <div class="actions">
                        <button
                            data-testid="create-task"
                            disabled=move || create.pending().get() || subject.get().trim().is_empty()
                            on:click=move |_| submit()
                        >
                            {move || if create.pending().get() { tr!("creating") } else { tr!("recap-create-task") }}
                        </button>
                    </div>
                }.into_any(),
            }}
            {move || create.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView error=e testid="task-error" prefix=tr!("not-created") />
            })}
        </section>
    }
}

/// A fresh key for one follow-up form, unique enough per seller (time + randomness).
fn form_key() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("form-{:x}-{random:08x}", js_sys::Date::now() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subject_drops_reply_prefixes_and_stays_within_the_limit() {
        assert_eq!(
            follow_up_subject("RE: Fw: Proposal for Contoso"),
            "Follow up: Proposal for Contoso"
        );
        assert_eq!(follow_up_subject("Reorder"), "Follow up: Reorder");
        assert_eq!(follow_up_subject(" re: "), "Follow up");
        assert_eq!(
            follow_up_subject(&"é".repeat(300)).chars().count(),
            MAX_SUBJECT_CHARS
        );
    }
}
