//! Save the meeting to the CRM (a Dynamics appointment, a Salesforce Event) through the shared
//! save card: regarding suggested as an open opportunity of a matched account; a meeting saved
//! before (by anyone: the worker checks the CRM by iCalUId) shows "Saved" with a link.

use crate::components::common::regarding::regarding_choices;
use crate::components::save_to_crm::{SaveCardText, SaveToCrmCard};
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{MeetingContext, RecordLinkView, SaveMeeting};
use leptos::prelude::*;

/// The save card.
#[component]
pub fn SaveMeetingCard(context: MeetingContext) -> impl IntoView {
    let session = expect_context::<Session>();
    let choices = regarding_choices(context.suggested_regarding.as_ref(), &context.accounts);
    let event_id = context.meeting.id.clone();
    let save = move |record: RecordLinkView| {
        let save = SaveMeeting {
            event_id: event_id.clone(),
            regarding_kind: record.kind,
            regarding_id: record.id,
        };
        session.call(move |api| api.save_meeting(save))
    };
    let text = SaveCardText {
        testid_prefix: "meeting-",
        heading: tr!("save-meeting-heading"),
        button_testid: "save-meeting",
        button_label: tr!("save-meeting-heading"),
    };
    view! {
        <SaveToCrmCard
            text
            choices
            saved_before=context.saved_as
            save
            no_choices=|| view! {
                <p class="muted" data-testid="meeting-save-needs-record">
                    {tr!("save-meeting-needs-record")}
                </p>
            }
        />
    }
}
