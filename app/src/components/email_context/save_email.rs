//! Save the email to the CRM: choose the regarding record (suggested: the open opportunity of a
//! matched account with the most recent activity), save once; an email saved before shows
//! "Saved" with a link. The worker makes saves idempotent; the button is disabled while a save
//! is in flight, and a failed save is shown as failed, never as saved. When the worker could
//! not check whether the email is saved, the card says so with a Retry (a save stays safe: the
//! worker would find the earlier activity).

use super::SectionError;
use crate::api;
use crate::contexts::session::Session;
use closer_wire::{EmailContext, PaneSection, RecordLinkView, SaveEmail};
use leptos::prelude::*;

/// The save card.
#[component]
pub fn SaveEmailCard(context: EmailContext, refresh: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let mut choices: Vec<RecordLinkView> = Vec::new();
    if let Some(suggested) = context.suggested_regarding.clone() {
        choices.push(suggested);
    }
    for account in &context.accounts {
        for opportunity in &account.opportunities {
            if !choices.iter().any(|c| c.id == opportunity.record.id) {
                choices.push(opportunity.record.clone());
            }
        }
        if !choices.iter().any(|c| c.id == account.account.id) {
            choices.push(account.account.clone());
        }
    }
    let regarding = RwSignal::new(choices.first().map(|c| format!("{}:{}", c.kind, c.id)));
    let saved_before = context.saved_as.clone();
    let check_failed = context.failure(PaneSection::Saved).cloned();
    let save = Action::new_local(move |request: &SaveEmail| {
        let request = request.clone();
        async move { api::save_email(session, request).await }
    });
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|s| s.activity)
            .or_else(|| saved_before.clone())
    };
    let has_choices = !choices.is_empty();
    // With the lookup failed there is nothing to choose from yet; its card offers the retry.
    let people_failed = context.failure(PaneSection::People).is_some();
    let item_id = expect_context::<crate::contexts::host::Host>()
        .item
        .get_untracked()
        .map(|i| i.id)
        .unwrap_or_default();
    view! {
        <section class="card" data-testid="save-card">
            <h2>"Save to CRM"</h2>
            {check_failed.map(|error| view! {
                <SectionError error refresh testid="saved-error" />
            })}
            {move || match saved() {
                Some(activity) => view! {
                    <p data-testid="saved">
                        "Saved. "
                        <a href=activity.url.clone() target="_blank" rel="noopener" data-testid="saved-link">
                            "Open in CRM"
                        </a>
                    </p>
                }.into_any(),
                None if !has_choices && people_failed => view! {
                    <p class="muted" data-testid="save-waits-for-people">
                        "Saving needs the CRM lookup above; retry it first."
                    </p>
                }.into_any(),
                None if !has_choices => view! {
                    <p class="muted" data-testid="save-needs-record">
                        "Match a participant to a CRM contact to save this email."
                    </p>
                }.into_any(),
                None => {
                    let item_id = item_id.clone();
                    view! {
                        <label>
                            "Regarding "
                            <select data-testid="save-regarding" on:change=move |e| regarding.set(Some(event_target_value(&e)))>
                                {choices.iter().map(|c| view! {
                                    <option value=format!("{}:{}", c.kind, c.id)>{format!("{} ({})", c.name, c.kind)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button
                            data-testid="save-email"
                            disabled=move || save.pending().get()
                            on:click=move |_| {
                                if let Some((kind, id)) = regarding.get_untracked().and_then(|r| r.split_once(':').map(|(k, i)| (k.to_owned(), i.to_owned()))) {
                                    save.dispatch(SaveEmail { message_id: item_id.clone(), regarding_kind: kind, regarding_id: id });
                                }
                            }
                        >
                            {move || if save.pending().get() { "Saving…" } else { "Save email" }}
                        </button>
                    }.into_any()
                }
            }}
            {move || save.value().get().and_then(Result::err).map(|e| view! {
                <p class="error" role="alert" data-testid="save-error">{format!("Not saved: {e}")}</p>
            })}
        </section>
    }
}
