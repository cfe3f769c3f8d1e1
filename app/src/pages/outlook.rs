//! The Outlook task pane: the pane alone, following Outlook's current item through the Office.js
//! shim (a pinned pane follows the selection). A readable error replaces the item when Outlook
//! or Office.js is not there; the rest of the pane still renders.

use crate::components::account::Account;
use crate::components::pane::Pane;
use crate::contexts::host::provide_host_context;
use crate::host;
use leptos::prelude::*;

/// The task pane page.
#[component]
pub fn OutlookPage() -> impl IntoView {
    let host = provide_host_context();
    let failure = RwSignal::new(None::<String>);
    host::follow_outlook(host, failure);
    view! {
        <div class="task-pane" data-testid="outlook-pane">
            <Account />
            {move || failure.get().map(|reason| view! {
                <p class="error" role="alert" data-testid="host-error">{reason}</p>
            })}
            <Pane />
        </div>
    }
}
