//! Save the email to the CRM through the shared save card: regarding suggested as the open
//! opportunity of a matched account with the most recent activity; an email saved before shows
//! "Saved" with a link. When the worker could not check whether the email is saved, the card
//! says so with a Retry (a save stays safe: the worker would find the earlier activity).

use super::SectionError;
use crate::components::save_to_crm::{SaveCardText, SaveToCrmCard};
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{EmailContext, PaneSection, RecordLinkView, SaveEmail};
use leptos::prelude::*;

/// The save card, regarding one of `choices`.
#[component]
pub fn SaveEmailCard(
    context: EmailContext,
    choices: Vec<RecordLinkView>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let check_failed = context.failure(PaneSection::Saved).cloned();
    // With the lookup failed there is nothing to choose from yet; its card offers the retry.
    let people_failed = context.failure(PaneSection::People).is_some();
    let message_id = expect_context::<Host>()
        .item
        .get_untracked()
        .map(|i| i.id)
        .unwrap_or_default();
    let save = move |record: RecordLinkView| {
        let save = SaveEmail {
            message_id: message_id.clone(),
            regarding_kind: record.kind,
            regarding_id: record.id,
        };
        session.call(move |api| api.save_email(save))
    };
    let text = SaveCardText {
        testid_prefix: "",
        heading: tr!("save-email-heading"),
        button_testid: "save-email",
        button_label: tr!("save-email"),
    };
    let no_choices = move || {
        if people_failed {
            view! {
                <p class="muted" data-testid="save-waits-for-people">
                    {tr!("save-email-needs-lookup")}
                </p>
            }
            .into_any()
        } else {
            view! {
                <p class="muted" data-testid="save-needs-record">
                    {tr!("save-email-needs-record")}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <SaveToCrmCard text choices saved_before=context.saved_as save no_choices>
            {check_failed.map(|error| view! {
                <SectionError error refresh testid="saved-error" />
            })}
        </SaveToCrmCard>
    }
}
