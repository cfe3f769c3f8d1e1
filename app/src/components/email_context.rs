//! The open email's CRM context: who these people are (a card per external participant), their
//! accounts and open deals, saving the email, and a follow-up task. One worker call per opened
//! email; each card renders what it got. A section the worker could not build (the CRM lookup
//! throttled, failing or timing out; the saved check) shows its own error card with the reason
//! and a Retry in its place while every other card stays; a failed call as a whole does the
//! same for all the CRM cards. Retry asks for the email's context again (one call).

pub(crate) mod account_card;
pub(crate) mod edit_record;
pub(crate) mod follow_up;
pub(crate) mod participant_card;
pub(crate) mod save_email;

use crate::components::common::icon::{Icon, IconName};
use crate::components::common::regarding::regarding_choices;
use crate::components::context_cards::ContextCards;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::format::colleagues_not_looked_up;
use crate::split::{self, Deferred};
use crate::tr;
use account_card::AccountCardView;
use closer_wire::{ApiError, EmailContext, EmailContextRequest, MailItem, PaneSection};
use leptos::prelude::*;
use participant_card::ParticipantCardView;

fn request_for(item: &MailItem) -> EmailContextRequest {
    EmailContextRequest {
        message_id: item.id.clone(),
        internet_message_id: item.internet_message_id.clone(),
        from: item.from.clone(),
        to: item.to.clone(),
        cc: item.cc.clone(),
    }
}

/// The CRM cards for the host's current item.
#[component]
pub fn EmailContextCards() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    view! {
        <ContextCards
            load=move || host.item.get().map(|item| session.call(move |api| api.email_context(request_for(&item))))
            testid="cards"
            cards=|context, refresh| view! { <Cards context refresh /> }.into_any()
        />
    }
}

/// A section's failure in its place: the worker's sentence (never a body or a token) and Retry.
#[component]
pub(crate) fn SectionError(
    error: ApiError,
    refresh: Callback<()>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="error section-error" role="alert" data-testid=testid>
            <p>{error.message}</p>
            <button data-testid=format!("{testid}-retry") on:click=move |_| refresh.run(())>
                {tr!("retry")}
            </button>
        </div>
    }
}

#[component]
fn Cards(context: EmailContext, refresh: Callback<()>) -> impl IntoView {
    crate::components::draft_card::connect_opportunity(&context);
    let internal = context.internal_count;
    let participants = context.participants.clone();
    let accounts = context.accounts.clone();
    let choices = regarding_choices(context.suggested_regarding.as_ref(), &context.accounts);
    let people_error = context.failure(PaneSection::People).cloned();
    view! {
        <section class="card" data-testid="people">
            <h2><Icon name=IconName::Contact />{tr!("people-heading")}</h2>
            {people_error.map(|error| view! {
                <SectionError error refresh testid="people-error" />
            })}
            {participants
                .into_iter()
                .map(|participant| view! { <ParticipantCardView participant refresh /> })
                .collect_view()}
            {(internal > 0).then(|| view! {
                <p class="muted" data-testid="internal-count">
                    {colleagues_not_looked_up(internal)}
                </p>
            })}
        </section>
        {accounts.into_iter().map(|account| view! { <AccountCardView account /> }).collect_view()}
        <Deferred
            load=Box::new(move || split::email_actions(context.clone(), choices.clone(), refresh))
            testid="email-actions"
        />
    }
}
