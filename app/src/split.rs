//! Where the pane's wasm splits (issue 16). Views that only some hosts or some moments need
//! are compiled into modules of their own, which `cargo xtask build` cuts off the main module
//! (xtask/src/pane.rs) and the page fetches the first time the view renders. What every host
//! needs before its first card (the shell, the item header, the people and deal cards, sign-in
//! and errors) stays in the main module.
//!
//! Each split point is a `#[wasm_split]` function: natively (the tests) an ordinary call; on
//! wasm32 the first call fetches its module and later calls run at once. [`Deferred`] renders
//! one where it stands: nothing while it loads, so the cards around it render meanwhile; a
//! failed fetch becomes [`AppError::CodeNotLoaded`] in that part's place, with a Retry, and
//! never blanks the rest of the pane.

use crate::components::card_extras::ExtraEditor;
use crate::components::common::error_view::ErrorView;
use crate::error::AppError;
use closer_wire::{
    ContactCard, EmailContext, FieldValue, OpportunityCard, ParticipantMatch, RecordLinkView,
};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use std::future::Future;
use std::pin::Pin;

/// A split view on its way: resolves once its module is there.
pub type SplitView = Pin<Box<dyn Future<Output = Result<AnyView, AppError>> + Send>>;

/// The pane's cards below the open item's CRM cards: meeting cards, summary, draft, CRM
/// connection and search. They need the network anyway, so loading their code alongside
/// costs a seller nothing; the people and deal cards no longer wait for it.
pub fn later_cards() -> SplitView {
    Box::pin(later_cards_split())
}

#[wasm_split(later_cards, wasm_split_path = ::leptos::wasm_split, fallible)]
fn later_cards_split() -> Result<AnyView, AppError> {
    Ok(crate::components::pane::later_cards_view())
}

/// The admin page (its own URL, and the Teams admin tab): only admins ever open it.
pub fn admin_page(in_tab: bool) -> SplitView {
    Box::pin(admin_page_split(in_tab))
}

#[wasm_split(admin_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn admin_page_split(in_tab: bool) -> Result<AnyView, AppError> {
    Ok(view! { <crate::pages::admin::AdminPage in_tab=in_tab /> }.into_any())
}

/// The Teams tabs (side panel, configuration, admin tab, sign-in): only Teams loads them.
pub fn teams_page() -> SplitView {
    Box::pin(teams_page_split())
}

#[wasm_split(teams_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn teams_page_split() -> Result<AnyView, AppError> {
    Ok(view! { <crate::pages::teams::TeamsPage /> }.into_any())
}

/// The email cards' tools, one module for all: the record editors (edit a contact, an
/// opportunity), "Summarize deal", saving the email and the follow-up task. The cards they sit
/// on render first; each tool appears where it belongs once the module is there.
pub fn edit_contact(card: RwSignal<ContactCard>) -> SplitView {
    Box::pin(edit_contact_split(card))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn edit_contact_split(card: RwSignal<ContactCard>) -> Result<AnyView, AppError> {
    use crate::components::email_context::edit_record::EditContact;
    Ok(view! { <EditContact card /> }.into_any())
}

/// See [`edit_contact`].
pub fn edit_opportunity(card: RwSignal<OpportunityCard>) -> SplitView {
    Box::pin(edit_opportunity_split(card))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn edit_opportunity_split(card: RwSignal<OpportunityCard>) -> Result<AnyView, AppError> {
    use crate::components::email_context::edit_record::EditOpportunity;
    Ok(view! { <EditOpportunity card /> }.into_any())
}

/// See [`edit_contact`].
pub fn opportunity_summary(opportunity_id: String) -> SplitView {
    Box::pin(opportunity_summary_split(opportunity_id))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn opportunity_summary_split(opportunity_id: String) -> Result<AnyView, AppError> {
    use crate::components::opportunity_summary::OpportunitySummaryEntry;
    Ok(view! { <OpportunitySummaryEntry opportunity_id /> }.into_any())
}

/// See [`edit_contact`]: saving the open email, and its follow-up task.
pub fn email_actions(
    context: EmailContext,
    choices: Vec<RecordLinkView>,
    refresh: Callback<()>,
) -> SplitView {
    Box::pin(email_actions_split(context, choices, refresh))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn email_actions_split(
    context: EmailContext,
    choices: Vec<RecordLinkView>,
    refresh: Callback<()>,
) -> Result<AnyView, AppError> {
    use crate::components::email_context::follow_up::FollowUpCard;
    use crate::components::email_context::save_email::SaveEmailCard;
    Ok(view! {
        <SaveEmailCard context choices=choices.clone() refresh />
        <FollowUpCard choices />
    }
    .into_any())
}

/// See [`edit_contact`]: a participant the CRM does not know ("Add contact") or knows more
/// than once (the choice); a matched contact's card is in the main module.
pub fn participant_tools(
    address: String,
    matched: ParticipantMatch,
    refresh: Callback<()>,
) -> SplitView {
    Box::pin(participant_tools_split(address, matched, refresh))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn participant_tools_split(
    address: String,
    matched: ParticipantMatch,
    refresh: Callback<()>,
) -> Result<AnyView, AppError> {
    use crate::components::email_context::participant_card::unmatched_view;
    Ok(unmatched_view(address, matched, refresh))
}

/// See [`edit_contact`]: an extra field an admin lets sellers edit, with its inline editor.
pub fn editable_extra(field: FieldValue, editor: ExtraEditor) -> SplitView {
    Box::pin(editable_extra_split(field, editor))
}

#[wasm_split(card_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn editable_extra_split(field: FieldValue, editor: ExtraEditor) -> Result<AnyView, AppError> {
    use crate::components::card_extras::EditableValue;
    Ok(view! { <EditableValue field editor /> }.into_any())
}

/// The browser preview's page (its mailbox, theme and language pickers): a development and
/// demonstration host, so Outlook's first module does not carry it.
pub fn preview_page() -> SplitView {
    Box::pin(preview_page_split())
}

#[wasm_split(preview_page, wasm_split_path = ::leptos::wasm_split, fallible)]
fn preview_page_split() -> Result<AnyView, AppError> {
    Ok(view! { <crate::pages::preview::PreviewPage /> }.into_any())
}

/// The header's account control (sign in, who is signed in, sign out, the CRM org): where
/// Outlook signs in silently it is not what a seller waits for.
pub fn account() -> SplitView {
    Box::pin(account_split())
}

#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)]
fn account_split() -> Result<AnyView, AppError> {
    Ok(view! { <crate::components::account::Account /> }.into_any())
}

/// A split view rendered where it stands. `load` is called again by Retry after a failed
/// fetch (the split loader does not remember failures).
#[component]
pub fn Deferred(
    /// Starts loading the view (one of this module's split points).
    load: Box<dyn Fn() -> SplitView + Send + Sync>,
    /// The error card's `data-testid` is `{testid}-error`.
    testid: &'static str,
    /// When given, loading starts only once this is true (see [`FirstCards`]).
    #[prop(optional, into)]
    after: Option<Signal<bool>>,
) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                attempt.track();
                // `try_get`: a page re-rendered (its language arrived) disposes the old pane's
                // signals while this view may still be asked once.
                let ready = after.is_none_or(|after| after.try_get().unwrap_or(false));
                let loading = ready.then(&load);
                Suspend::new(async move {
                    let Some(loading) = loading else {
                        return ().into_any();
                    };
                    match loading.await {
                        Ok(view) => view,
                        Err(error) => view! {
                            <section class="card" data-testid=format!("{testid}-error")>
                                <ErrorView
                                    error
                                    retry=move |_| attempt.update(|n| *n += 1)
                                    retry_testid=format!("{testid}-retry")
                                />
                            </section>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Whether the open email's first cards (its CRM context, or the error in their place) have
/// been painted. The pane's later cards wait for it, or for the host to say no email is open:
/// their module's compile and their render would otherwise share the CPU with the cards a
/// seller opened the pane for.
#[derive(Clone, Copy)]
pub struct FirstCards(RwSignal<bool>);

impl FirstCards {
    /// The page's, provided here when the page has none yet: a page provides it before its
    /// header when something there waits for the first cards too (Outlook's account control).
    pub fn get_or_provide() -> Self {
        use_context::<Self>().unwrap_or_else(|| {
            let first = Self(RwSignal::new(false));
            provide_context(first);
            first
        })
    }

    /// Whether what comes after the first cards may load now: they are painted, or there will
    /// be none to wait for (signed out; the host says no email is open, or a meeting is, whose
    /// cards are among the later ones).
    pub fn later_may_load(self) -> Signal<bool> {
        let session = expect_context::<crate::contexts::session::Session>();
        let host = expect_context::<crate::contexts::host::Host>();
        Signal::derive(move || {
            self.0.try_get().unwrap_or(false)
                || !matches!(
                    session.state(),
                    crate::contexts::session::SessionState::SignedIn(_)
                )
                || host.meeting.try_with(Option::is_some).unwrap_or(false)
                || (host.reported.try_get().unwrap_or(false)
                    && host.item.try_with(Option::is_none).unwrap_or(false))
        })
    }

    /// Marks the first cards painted once the frame that shows them is drawn; a no-op where no
    /// pane waits for them (the later cards' own meeting cards).
    pub fn settle() {
        if let Some(Self(painted)) = use_context::<Self>()
            && painted.try_get_untracked() == Some(false)
        {
            request_animation_frame(move || {
                painted.try_set(true);
            });
        }
    }
}
