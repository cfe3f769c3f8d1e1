//! The browser preview: an Outlook-like page with the demo mailbox and calendar on the left and
//! the pane at a real task-pane width on the right, against whatever the worker is wired to
//! (the sandbox in dev and tests). No Office host is needed. A theme toggle stands in for the
//! host's theme (system, light or dark).

use crate::components::account::Account;
use crate::components::mailbox::Mailbox;
use crate::components::pane::Pane;
use crate::contexts::host::provide_host_context;
use crate::contexts::session::{Session, SessionState};
use crate::contexts::settings::Settings;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/theme.js")]
extern "C" {
    #[wasm_bindgen(js_name = storedTheme)]
    fn stored_theme() -> String;

    #[wasm_bindgen(js_name = chooseTheme)]
    fn choose_theme(choice: &str);
}

/// Light, dark, or the system's, remembered in this browser.
#[component]
fn ThemeToggle() -> impl IntoView {
    let initial = stored_theme();
    choose_theme(&initial);
    let choice = RwSignal::new(initial);
    view! {
        <label class="theme-toggle">
            "Theme "
            <select
                data-testid="theme-toggle"
                prop:value=move || choice.get()
                on:change=move |e| {
                    let picked = event_target_value(&e);
                    choose_theme(&picked);
                    choice.set(picked);
                }
            >
                <option value="system">"System"</option>
                <option value="light">"Light"</option>
                <option value="dark">"Dark"</option>
            </select>
        </label>
    }
}

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let session = expect_context::<Session>();
    provide_host_context();
    let settings = expect_context::<Settings>();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    view! {
        <div class="preview">
            <header class="preview-header">
                <h1>"Closer"</h1>
                <p class="muted">"Browser preview: the pane with no Office host."</p>
                <ThemeToggle />
                // The worker says who is an admin; the link only saves typing `?view=admin`.
                {move || settings.is_admin().then(|| view! {
                    <a href="/?view=admin" data-testid="admin-link">"Admin"</a>
                })}
                <Account />
            </header>
            <div class="preview-shell">
                {move || signed_in().then(|| view! { <Mailbox /> })}
                <Pane />
            </div>
        </div>
    }
}
