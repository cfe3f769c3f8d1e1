//! The Teams tabs (`?host=teams`): the pane in a meeting's side panel, details tab or chat
//! tab; the configurable tab's configuration page (`view=configure`); and the personal Admin
//! tab (`view=admin`, the admin page signed in through Teams).
//!
//! In a meeting, Teams' context gives the meeting chat's id; once signed in the page asks the
//! worker which of the user's calendar events that is (`POST /api/pane/meeting/from-chat`) and
//! opens it in the host context, so the pane shows the meeting's cards as it does for an
//! Outlook appointment. Where Teams recommends nested app authentication the session gets its
//! token from Teams, silently on open; otherwise "Sign in" runs the redirect flow in Teams'
//! sign-in popup (`view=auth-start`), which hands the token back to the tab. A readable
//! message replaces the meeting when Teams is not there, the tab is not in a meeting chat, or
//! the worker cannot resolve it; the rest of the pane still renders.

use crate::api;
use crate::components::account::Account;
use crate::components::common::error_view::ErrorView;
use crate::components::pane::Pane;
use crate::contexts::host::{HostItem, NoItemHint, provide_host_context};
use crate::contexts::session::{self, Session, SessionState};
use crate::error::AppError;
use crate::host::teams::{self, TeamsContext, TeamsView};
use crate::tr;
use leptos::prelude::*;

/// The Teams page the tab URL asks for.
#[component]
pub fn TeamsPage() -> impl IntoView {
    match teams::view() {
        TeamsView::Configure => view! { <TeamsConfigure /> }.into_any(),
        TeamsView::Admin => view! { <TeamsAdmin /> }.into_any(),
        TeamsView::Pane => view! { <TeamsPane /> }.into_any(),
        TeamsView::AuthStart => view! { <TeamsAuthStart /> }.into_any(),
    }
}

/// Teams' sign-in popup (`view=auth-start`, opened by the tab's "Sign in" when Teams does not
/// broker tokens): starts the redirect sign-in in this window; the authority returns to the
/// pane's page, which redeems the code and hands the token back to the tab
/// ([`crate::contexts::session::complete_sign_in`]).
#[component]
fn TeamsAuthStart() -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        let started = async {
            let config = api::auth_config().await?;
            session::mark_teams_popup();
            session::start_sign_in(&config).await
        };
        if let Err(error) = started.await {
            let reason = error.to_string();
            teams::notify_auth_failure(&reason).await;
            failure.set(Some(reason));
        }
    });
    view! {
        <main class="side-panel" data-testid="teams-auth-start">
            <h1 class="visually-hidden">{tr!("teams-sign-in-heading")}</h1>
            <p class="muted">{tr!("teams-opening-sign-in")}</p>
            {move || failure.get().map(|reason| view! {
                <ErrorView error=AppError::Host(reason) testid="host-error" />
            })}
        </main>
    }
}

/// What starting Teams came to: its context, and the reasons shown when something failed.
#[derive(Clone, Copy)]
struct TeamsStart {
    context: RwSignal<Option<TeamsContext>>,
    failure: RwSignal<Option<String>>,
    silent_failure: RwSignal<Option<AppError>>,
}

/// Starts TeamsJS; where Teams recommends NAA, the session signs in through Teams from now on.
fn start_teams(session: Session) -> TeamsStart {
    let start = TeamsStart {
        context: RwSignal::new(None),
        failure: RwSignal::new(None),
        silent_failure: RwSignal::new(None),
    };
    leptos::task::spawn_local(async move {
        match teams::start().await {
            Ok(context) => {
                // The shim wrote Teams' locale into `<html lang>` with the context.
                crate::i18n::follow_document_language();
                if context.nested_auth {
                    session.use_nested_sign_in(start.silent_failure);
                } else {
                    session.use_teams_popup_sign_in();
                }
                start.context.set(Some(context));
            }
            Err(reason) => start.failure.set(Some(reason)),
        }
    });
    start
}

/// Teams' failure to start, and a silent NAA sign-in that did not work, as readable text.
#[component]
fn TeamsNotes(start: TeamsStart) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        {move || start.failure.get().map(|reason| view! {
            <ErrorView error=AppError::Host(reason) testid="host-error" />
        })}
        {move || start.silent_failure.get().filter(|_| session.token().is_none()).map(|reason| view! {
            <p class="muted" data-testid="nested-sign-in-note">
                {tr!("teams-silent-sign-in-failed", reason = reason.to_string())}
            </p>
        })}
    }
}

/// The pane in a meeting (side panel, details tab, meeting chat tab).
#[component]
fn TeamsPane() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = provide_host_context();
    // The meeting's cards are the later cards' own: nothing before them to wait for.
    host.reported.set(true);
    provide_context(NoItemHint(|| tr!("no-item-hint-meeting")));
    let start = start_teams(session);
    let meeting_note = RwSignal::new(None::<String>);
    let signed_in = Memo::new(move |_| matches!(session.state(), SessionState::SignedIn(_)));
    Effect::new(move |_| {
        let Some(context) = start.context.get() else {
            return;
        };
        let Some(chat_id) = context.chat_id.filter(|id| !id.trim().is_empty()) else {
            meeting_note.set(Some(tr!("teams-not-in-meeting")));
            return;
        };
        if !signed_in.get() {
            return;
        }
        leptos::task::spawn_local(async move {
            match session.call(move |api| api.meeting_for_chat(chat_id)).await {
                Ok(meeting) => {
                    meeting_note.set(None);
                    host.open(Some(HostItem::Appointment(meeting)));
                }
                Err(error) if error.is_unauthorized() => {}
                Err(error) => meeting_note.set(Some(tr!(
                    "teams-meeting-not-found",
                    error = error.to_string()
                ))),
            }
        });
    });
    let frame = move || start.context.get().and_then(|c| c.frame_context);
    view! {
        <div class="side-panel" data-testid="teams-pane" data-frame=frame>
            // Rendered again once Teams says its language (see the Outlook page).
            {move || {
                crate::i18n::rendered_in();
                view! {
            <header>
                <h1 class="visually-hidden">"Closer"</h1>
                <Account />
                <TeamsNotes start=start />
                {move || meeting_note.get().map(|note| view! {
                    <p class="muted teams-note" data-testid="teams-meeting-note">{note}</p>
                })}
            </header>
            <Pane />
                }
            }}
        </div>
    }
}

/// The configurable tab's configuration page: one line, and Save adds the pane.
#[component]
fn TeamsConfigure() -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        match teams::configure().await {
            Ok(()) => {
                crate::i18n::follow_document_language();
                ready.set(true)
            }
            Err(reason) => failure.set(Some(reason)),
        }
    });
    view! {
        <main class="side-panel teams-configure" data-testid="teams-configure"
            data-ready=move || if ready.get() { "yes" } else { "no" }>
            {move || {
                crate::i18n::rendered_in();
                view! {
                    <h1 class="visually-hidden">{tr!("teams-configure-heading")}</h1>
                    <p>{tr!("teams-configure-text")}</p>
                }
            }}
            {move || failure.get().map(|reason| view! {
                <ErrorView error=AppError::Host(reason) testid="host-error" />
            })}
        </main>
    }
}

/// The personal Admin tab: the admin page, signed in through Teams where it brokers tokens.
#[component]
fn TeamsAdmin() -> impl IntoView {
    let session = expect_context::<Session>();
    let start = start_teams(session);
    view! {
        <div data-testid="teams-admin">
            <TeamsNotes start=start />
            {move || {
                crate::i18n::rendered_in();
                view! {
                    <crate::split::Deferred
                        load=Box::new(|| crate::split::admin_page(true))
                        testid="admin-page"
                    />
                }
            }}
        </div>
    }
}
