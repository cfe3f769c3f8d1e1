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

/// `split_view!(module: doc, name(args) => view)` writes `pub fn name(args) -> SplitView`, whose
/// view is built by code in the wasm module `module` (the split points of one module are
/// fetched together). The inner function carries the `#[wasm_split]`: it takes the outer
/// one's name, so the splitter's symbols stay unique.
macro_rules! split_view {
    ($(#[$doc:meta])* $module:ident: $name:ident($($arg:ident: $ty:ty),*) => $view:expr) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) -> SplitView {
            #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name($($arg: $ty),*) -> Result<AnyView, AppError> {
                Ok($view.into_any())
            }
            Box::pin($name($($arg),*))
        }
    };
}

split_view! {
    /// The pane's cards below the open item's CRM cards: meeting cards, summary, draft, CRM
    /// connection and search. They need the network anyway, so loading their code alongside
    /// costs a seller nothing; the people and deal cards no longer wait for it.
    later_cards: later_cards() => crate::components::pane::later_cards_view()
}

split_view! {
    /// The admin page (its own URL, and the Teams admin tab): only admins ever open it.
    admin_page: admin_page(in_tab: bool) =>
        view! { <crate::pages::admin::AdminPage in_tab=in_tab /> }
}

split_view! {
    /// The Teams tabs (side panel, configuration, admin tab, sign-in): only Teams loads them.
    teams_page: teams_page() => view! { <crate::pages::teams::TeamsPage /> }
}

split_view! {
    /// The browser preview's page (its mailbox, theme and language pickers): a development and
    /// demonstration host, so Outlook's first module does not carry it.
    preview_page: preview_page() => view! { <crate::pages::preview::PreviewPage /> }
}

split_view! {
    /// The header's account control (sign in, who is signed in, sign out, the CRM org): where
    /// Outlook signs in silently it is not what a seller waits for.
    account: account() => view! { <crate::components::account::Account /> }
}

// The email cards' tools, one module for all: the record editors, "Summarize deal", an
// unknown or ambiguous participant, saving the email and its follow-up task, an editable
// extra field. The cards they sit on render first; each tool appears where it belongs once
// the module is there.

split_view! {
    /// A contact's edit control.
    card_tools: edit_contact(card: RwSignal<ContactCard>) =>
        view! { <crate::components::email_context::edit_record::EditContact card /> }
}

split_view! {
    /// An opportunity's edit control.
    card_tools: edit_opportunity(card: RwSignal<OpportunityCard>) =>
        view! { <crate::components::email_context::edit_record::EditOpportunity card /> }
}

split_view! {
    /// "Summarize deal" for one opportunity.
    card_tools: opportunity_summary(opportunity_id: String) => view! {
        <crate::components::opportunity_summary::OpportunitySummaryEntry opportunity_id />
    }
}

split_view! {
    /// Saving the open email, and its follow-up task.
    card_tools: email_actions(
        context: EmailContext,
        choices: Vec<RecordLinkView>,
        refresh: Callback<()>
    ) => view! {
        <crate::components::email_context::save_email::SaveEmailCard
            context
            choices=choices.clone()
            refresh
        />
        <crate::components::email_context::follow_up::FollowUpCard choices />
    }
}

split_view! {
    /// A participant the CRM does not know ("Add contact") or knows more than once (the
    /// choice); a matched contact's card is in the main module.
    card_tools: participant_tools(address: String, matched: ParticipantMatch, refresh: Callback<()>) =>
        crate::components::email_context::participant_card::unmatched_view(address, matched, refresh)
}

split_view! {
    /// An extra field an admin lets sellers edit, with its inline editor.
    card_tools: editable_extra(field: FieldValue, editor: ExtraEditor) =>
        view! { <crate::components::card_extras::EditableValue field editor /> }
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
