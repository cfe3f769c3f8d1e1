//! The Outlook task pane: the pane alone, following Outlook's current item (a message or an
//! appointment) and theme through the Office.js shim (a pinned pane follows the selection).
//! Where Outlook supports nested app authentication the session gets its token from Outlook,
//! silently on open; otherwise "Sign in" takes the redirect flow. A readable error replaces the
//! item when Outlook or Office.js is not there; the rest of the pane still renders.

use crate::components::common::error_view::ErrorView;
use crate::components::pane::Pane;
use crate::contexts::host::provide_host_context;
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::host;
use crate::tr;
use leptos::prelude::*;

/// The task pane page.
#[component]
pub fn OutlookPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = provide_host_context();
    // The header's account control waits for the first cards, as the pane's later cards do.
    let later_may_load = crate::split::FirstCards::get_or_provide().later_may_load();
    let failure = RwSignal::new(None::<String>);
    let silent_failure = RwSignal::new(None::<AppError>);
    host::outlook::follow_outlook(host, failure, move |nested_auth| {
        if nested_auth {
            session.use_nested_sign_in(silent_failure);
        }
    });
    // Rendered again once Outlook says its language (the pane starts before Office.js is
    // ready, in the browser's); nothing the seller did is lost, it happens before the first
    // item is shown.
    view! {
        <div class="task-pane" data-testid="outlook-pane">
            {move || {
                crate::i18n::rendered_in();
                view! {
            <header>
                <h1 class="visually-hidden">"Closer"</h1>
                <crate::split::Deferred
                    load=Box::new(crate::split::account)
                    testid="account"
                    after=later_may_load
                />
            </header>
            {move || failure.get().map(|reason| view! {
                <ErrorView error=AppError::Host(reason) testid="host-error" />
            })}
            {move || silent_failure.get().filter(|_| session.token().is_none()).map(|reason| view! {
                <p class="muted" data-testid="nested-sign-in-note">
                    {tr!("outlook-silent-sign-in-failed", reason = reason.to_string())}
                </p>
            })}
            <Pane />
                }
            }}
        </div>
    }
}
