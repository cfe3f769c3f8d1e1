//! The open meeting's CRM context: its external attendees as the email pane's participant cards
//! (headed by their role), their accounts and open deals, and saving the meeting to the CRM. One
//! worker call per opened meeting, by the event's Graph id only, so it reads the same whether
//! the host is Outlook, the preview's calendar or (later) Teams. A failed call shows its own
//! error with a retry while the rest of the pane stays.

mod meeting_note;
mod prep;
mod recap;
mod save_meeting;
mod talk_time;

use crate::components::common::icon::{Icon, IconName};
use crate::components::common::regarding::regarding_choices;
use crate::components::context_cards::ContextCards;
use crate::components::email_context::account_card::AccountCardView;
use crate::components::email_context::follow_up::FollowUpCard;
use crate::components::email_context::participant_card::ParticipantCardView;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::contexts::settings::Settings;
use crate::format::colleagues_not_looked_up;
use crate::tr;
use closer_wire::MeetingContext;
use leptos::prelude::*;
use save_meeting::SaveMeetingCard;
use talk_time::TalkTimeCard;

/// The CRM cards for the host's current meeting.
#[component]
pub fn MeetingContextCards() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    view! {
        <ContextCards
            load=move || host.meeting.get().map(|meeting| session.call(move |api| api.meeting_context(meeting.id)))
            testid="meeting-cards"
            cards=|context, refresh| view! { <Cards context refresh /> }.into_any()
        />
    }
}

#[component]
fn Cards(context: MeetingContext, refresh: Callback<()>) -> impl IntoView {
    let internal = context.internal_count;
    let attendees = context.attendees.clone();
    let accounts = context.accounts.clone();
    let nobody = attendees.is_empty();
    let event_id = context.meeting.id.clone();
    let settings = expect_context::<Settings>();
    let choices = regarding_choices(context.suggested_regarding.as_ref(), &context.accounts);
    view! {
        <prep::PrepCard context=context.clone() />
        <section class="card" data-testid="attendees" data-subject=context.meeting.subject.clone()>
            <h2><Icon name=IconName::Contact />{tr!("attendees-heading")}</h2>
            {nobody.then(|| view! {
                <p class="muted" data-testid="no-external-attendees">{tr!("attendees-none")}</p>
            })}
            {attendees
                .into_iter()
                .map(|attendee| {
                    let address = attendee.address.clone();
                    // The card's own header names the role (organizer, required, optional).
                    view! {
                        <div class="attendee" data-testid="attendee" data-address=address>
                            <ParticipantCardView participant=attendee refresh />
                        </div>
                    }
                })
                .collect_view()}
            {(internal > 0).then(|| view! {
                <p class="muted" data-testid="meeting-internal-count">
                    {colleagues_not_looked_up(internal)}
                </p>
            })}
        </section>
        {accounts.into_iter().map(|account| view! { <AccountCardView account /> }).collect_view()}
        <SaveMeetingCard context=context.clone() />
        <meeting_note::MeetingNoteCard
            event_id=event_id.clone()
            subject=context.meeting.subject.clone()
            choices=choices.clone()
        />
        <FollowUpCard choices=choices.clone() subject=context.meeting.subject.clone() />
        // The meeting recap: gone when the admin turned it off.
        <Show when=move || settings.features().meeting_recap>
            <TalkTimeCard event_id=event_id.clone() />
            <recap::RecapCard context=context.clone() />
        </Show>
    }
}
