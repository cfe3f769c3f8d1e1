//! The open email's CRM context: who these people are (a card per external participant), their
//! accounts and open deals, saving the email, and a follow-up task. One worker call per opened
//! email; each card renders what it got. A section the worker could not build (the CRM lookup
//! throttled, failing or timing out; the saved check) shows its own error card with the reason
//! and a Retry in its place while every other card stays; a failed call as a whole does the
//! same for all the CRM cards. Retry asks for the email's context again (one call).

pub(crate) mod account_card;
mod edit_record;
mod follow_up;
pub(crate) mod participant_card;
mod save_email;

use crate::api;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use account_card::AccountCardView;
use closer_wire::{ApiError, EmailContext, EmailContextRequest, MailItem, PaneSection};
use follow_up::FollowUpCard;
use leptos::prelude::*;
use participant_card::ParticipantCardView;
use save_email::SaveEmailCard;

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
    let context = LocalResource::new(move || {
        let item = host.item.get();
        async move {
            match item {
                Some(item) => api::email_context(session, request_for(&item))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });
    let refresh = Callback::new(move |()| context.refetch());
    view! {
        <Transition fallback=|| view! {
            <div class="card" data-testid="cards-loading">
                <div class="skeleton"></div>
            </div>
        }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(None) => ().into_any(),
                    Ok(Some(found)) => view! { <Cards context=found refresh /> }.into_any(),
                    Err(error) => view! {
                        <section class="card" data-testid="cards-error">
                            <div class="error" role="alert">
                                <p>{error.to_string()}</p>
                                <button data-testid="cards-retry" on:click=move |_| context.refetch()>
                                    "Retry"
                                </button>
                            </div>
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
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
                "Retry"
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
    let choices = follow_up::regarding_choices(&context);
    let people_error = context.failure(PaneSection::People).cloned();
    view! {
        <section class="card" data-testid="people">
            <h2>"People"</h2>
            {people_error.map(|error| view! {
                <SectionError error refresh testid="people-error" />
            })}
            {participants
                .into_iter()
                .map(|participant| view! { <ParticipantCardView participant refresh /> })
                .collect_view()}
            {(internal > 0).then(|| view! {
                <p class="muted" data-testid="internal-count">
                    {format!("{internal} colleague{} not looked up.", if internal == 1 { "" } else { "s" })}
                </p>
            })}
        </section>
        {accounts.into_iter().map(|account| view! { <AccountCardView account /> }).collect_view()}
        <SaveEmailCard context refresh />
        <FollowUpCard choices />
    }
}
