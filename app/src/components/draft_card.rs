//! The reply-draft card: category, tone, length, language, a custom prompt and "suggest
//! meeting slots"; Generate streams the draft in as the model writes it; Refine with free
//! text; one step of Undo; Stop, and Retry after a failure; Insert puts the draft into the
//! reply through Office.js in Outlook, and in the browser preview shows the reply box it would
//! fill. The draft is always text, never HTML. The worker does all the work; this card only
//! asks and shows. When the card opens it asks the worker to prepare the thread, and hands the
//! sealed result back with Generate, so the model starts without a Graph read first.
//!
//! Its parts: the state machine (`state`), the options form (`form`), the output and its
//! actions (`view`), and the stream reader (`stream`, `sse`). The card of one item owns its
//! state and options: another item gets a fresh card, so nothing is reset by hand.

mod form;
mod sse;
mod state;
mod stream;
mod view;

use crate::components::common::icon::{Icon, IconName};
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{
    DraftCategory, DraftPrepareRequest, DraftRefinement, DraftRequest, EmailContext, RecordLinkView,
};
use form::{DraftForm, DraftOptions};
use leptos::prelude::*;
use state::{DraftState, Phase};
use view::DraftOutput;

/// The opportunity the CRM cards connected the open email to: the draft is grounded in it.
/// Provided by the pane, set by the CRM cards when they load ([`connect_opportunity`]).
#[derive(Debug, Clone, Copy)]
pub struct ConnectedOpportunity(RwSignal<Option<RecordLinkView>>);

/// Provides [`ConnectedOpportunity`] to the pane's cards. Another item is connected to no
/// opportunity until its own CRM cards say which.
pub fn provide_connected_opportunity(host: Host) {
    let connected = RwSignal::new(None);
    Effect::new(move |_| {
        host.item.track();
        connected.set(None);
    });
    provide_context(ConnectedOpportunity(connected));
}

/// Notes the opportunity `context` connects the email to: the suggested regarding record when
/// it is an opportunity, else the first open opportunity of the matched accounts.
pub fn connect_opportunity(context: &EmailContext) {
    let Some(connected) = use_context::<ConnectedOpportunity>() else {
        return;
    };
    let suggested = context
        .suggested_regarding
        .clone()
        .filter(|r| r.kind == "opportunity");
    let first_open = || {
        context
            .accounts
            .iter()
            .flat_map(|a| &a.opportunities)
            .map(|o| o.record.clone())
            .next()
    };
    connected.0.set(suggested.or_else(first_open));
}

/// The longest prepared thread sent back with a draft request.
const MAX_PREPARED_BYTES: usize = 32 * 1024;

/// "Draft a reply": a card per open email.
#[component]
pub fn DraftCard() -> impl IntoView {
    let host = expect_context::<Host>();
    move || {
        host.item
            .get()
            .map(|item| view! { <DraftForItem message_id=item.id /> })
    }
}

/// The draft card of one email, with its own state and options.
#[component]
fn DraftForItem(message_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let state = DraftState::new(session);
    let options = DraftOptions::new();
    let refine_text = RwSignal::new(String::new());
    let opportunity = use_context::<ConnectedOpportunity>().map(|c| c.0);
    state.prepare(DraftPrepareRequest {
        conversation_id: crate::components::summary_card::conversation_of(host, &message_id),
        message_id: message_id.clone(),
    });
    let message_id = StoredValue::new(message_id);

    let request_for = move |refine: Option<DraftRefinement>| {
        let message_id = message_id.get_value();
        let category = options.category.get_untracked();
        DraftRequest {
            conversation_id: crate::components::summary_card::conversation_of(host, &message_id),
            message_id,
            category,
            custom_prompt: (category == DraftCategory::Custom)
                .then(|| options.custom_prompt.get_untracked()),
            tone: options.tone.get_untracked(),
            length: options.length.get_untracked(),
            language: options.language.get_untracked(),
            suggest_meeting_slots: options.suggest_slots.get_untracked(),
            refine,
            opportunity_id: opportunity.and_then(|o| o.get_untracked()).map(|o| o.id),
            // A refinement's previous draft also rides in the body: a long prepared thread is
            // left out (the worker then reads it) so the request stays far under its 64 KiB.
            prepared: state
                .prepared
                .get_untracked()
                .filter(|p| p.len() <= MAX_PREPARED_BYTES),
        }
    };
    let streaming = move || state.phase.get() == Phase::Streaming;
    let refine = Callback::new(move |()| {
        let instruction = refine_text.get_untracked();
        if instruction.trim().is_empty() {
            return;
        }
        let refinement = DraftRefinement {
            previous_draft: state.text.get_untracked(),
            instruction,
        };
        state.run(request_for(Some(refinement)), false);
        refine_text.set(String::new());
    });
    view! {
        <section
            class="card draft"
            data-testid="draft-card"
            data-prepared=move || state.prepared.with(Option::is_some).to_string()
        >
            <h2><Icon name=IconName::Ai />{tr!("draft-heading")}</h2>
            <DraftForm options />
            <div class="actions">
                <button
                    data-testid="draft-generate"
                    disabled=streaming
                    on:click=move |_| state.run(request_for(None), false)
                >
                    {move || if streaming() { tr!("drafting") } else { tr!("draft-generate") }}
                </button>
                <Show when=streaming>
                    <button data-testid="draft-stop" on:click=move |_| state.stop()>{tr!("draft-stop")}</button>
                </Show>
            </div>
            <DraftOutput state refine_text refine />
        </section>
    }
}
