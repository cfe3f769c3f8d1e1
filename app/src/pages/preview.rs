//! The browser preview: Closer without an Office host, against whatever the worker is wired to
//! (the sandbox in dev and tests).

use crate::components::account::Account;
use crate::components::health_card::HealthCard;
use leptos::prelude::*;

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    view! {
        <main class="preview">
            <header class="preview-header">
                <h1>"Closer"</h1>
                <p class="muted">"Browser preview: the pane with no Office host."</p>
            </header>
            <Account />
            <HealthCard />
        </main>
    }
}
