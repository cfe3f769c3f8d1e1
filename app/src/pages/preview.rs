//! The browser preview: an Outlook-like page with the demo mailbox on the left and the pane at
//! a real task-pane width on the right, against whatever the worker is wired to (the sandbox in
//! dev and tests). No Office host is needed.

use crate::components::account::Account;
use crate::components::mailbox::Mailbox;
use crate::components::pane::Pane;
use crate::contexts::host::provide_host_context;
use crate::contexts::session::{Session, SessionState};
use leptos::prelude::*;

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let session = expect_context::<Session>();
    provide_host_context();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    view! {
        <div class="preview">
            <header class="preview-header">
                <h1>"Closer"</h1>
                <p class="muted">"Browser preview: the pane with no Office host."</p>
                <Account />
            </header>
            <div class="preview-shell">
                {move || signed_in().then(|| view! { <Mailbox /> })}
                <Pane />
            </div>
        </div>
    }
}
