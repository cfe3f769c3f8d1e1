//! Save the meeting to the CRM (a Dynamics appointment, a Salesforce Event): choose the
//! regarding record (suggested: an open opportunity of a matched account), save once; a meeting
//! saved before (by anyone: the worker checks the CRM by iCalUId) shows "Saved" with a link.
//! The button is disabled while a save is in flight, and a failed save is shown as failed,
//! never as saved.

use crate::api;
use crate::contexts::session::Session;
use closer_wire::{MeetingContext, RecordLinkView, SaveMeeting};
use leptos::prelude::*;

/// The records a meeting can be saved regarding: the suggestion first, then every open deal and
/// account on the cards, each once.
fn regarding_choices(context: &MeetingContext) -> Vec<RecordLinkView> {
    let mut choices: Vec<RecordLinkView> = context.suggested_regarding.iter().cloned().collect();
    for account in &context.accounts {
        let records = account
            .opportunities
            .iter()
            .map(|o| &o.record)
            .chain([&account.account]);
        for record in records {
            if !choices.iter().any(|c| c.id == record.id) {
                choices.push(record.clone());
            }
        }
    }
    choices
}

/// The save card.
#[component]
pub fn SaveMeetingCard(context: MeetingContext) -> impl IntoView {
    let session = expect_context::<Session>();
    let choices = regarding_choices(&context);
    let regarding = RwSignal::new(choices.first().map(|c| (c.kind.clone(), c.id.clone())));
    let saved_before = context.saved_as.clone();
    let event_id = context.meeting.id.clone();
    let save = Action::new_local(move |request: &SaveMeeting| {
        let request = request.clone();
        async move { api::save_meeting(session, request).await }
    });
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|s| s.activity)
            .or_else(|| saved_before.clone())
    };
    let has_choices = !choices.is_empty();
    view! {
        <section class="card" data-testid="meeting-save-card">
            <h2>"Save meeting to CRM"</h2>
            {move || match saved() {
                Some(activity) => view! {
                    <p data-testid="meeting-saved">
                        "Saved. "
                        <a href=activity.url.clone() target="_blank" rel="noopener" data-testid="meeting-saved-link">
                            "Open in CRM"
                        </a>
                    </p>
                }.into_any(),
                None if !has_choices => view! {
                    <p class="muted" data-testid="meeting-save-needs-record">
                        "Match an attendee to a CRM contact to save this meeting."
                    </p>
                }.into_any(),
                None => {
                    let event_id = event_id.clone();
                    let options = choices.clone();
                    view! {
                        <label>
                            "Regarding "
                            <select
                                data-testid="meeting-save-regarding"
                                on:change=move |e| {
                                    let value = event_target_value(&e);
                                    regarding.set(value.split_once(':').map(|(k, i)| (k.to_owned(), i.to_owned())));
                                }
                            >
                                {options.iter().map(|c| view! {
                                    <option value=format!("{}:{}", c.kind, c.id)>{format!("{} ({})", c.name, c.kind)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button
                            data-testid="save-meeting"
                            disabled=move || save.pending().get()
                            on:click=move |_| {
                                if let Some((kind, id)) = regarding.get_untracked() {
                                    save.dispatch(SaveMeeting {
                                        event_id: event_id.clone(),
                                        regarding_kind: kind,
                                        regarding_id: id,
                                    });
                                }
                            }
                        >
                            {move || if save.pending().get() { "Saving…" } else { "Save meeting to CRM" }}
                        </button>
                    }.into_any()
                }
            }}
            {move || save.value().get().and_then(Result::err).map(|e| view! {
                <p class="error" role="alert" data-testid="meeting-save-error">{format!("Not saved: {e}")}</p>
            })}
        </section>
    }
}
