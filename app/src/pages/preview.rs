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
use crate::tr;
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
            {tr!("preview-theme")}" "
            <select
                data-testid="theme-toggle"
                prop:value=move || choice.get()
                on:change=move |e| {
                    let picked = event_target_value(&e);
                    choose_theme(&picked);
                    choice.set(picked);
                }
            >
                <option value="system">{tr!("preview-theme-system")}</option>
                <option value="light">{tr!("preview-theme-light")}</option>
                <option value="dark">{tr!("preview-theme-dark")}</option>
            </select>
        </label>
    }
}

/// The preview's language, standing in for the host's: the page again with `?lang=`, which
/// [`crate::i18n::adopt_language`] reads before anything renders.
#[component]
fn LanguagePicker() -> impl IntoView {
    let current = crate::i18n::current();
    let choose = move |tag: String| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let location = window.location();
        let Ok(url) = web_sys::Url::new(&location.href().unwrap_or_default()) else {
            return;
        };
        url.search_params().set("lang", &tag);
        let _ = location.assign(&url.href());
    };
    view! {
        <label class="theme-toggle">
            {tr!("preview-language")}" "
            <select data-testid="language-picker" on:change=move |e| choose(event_target_value(&e))>
                {crate::i18n::Language::ALL.into_iter().map(|language| view! {
                    <option value=language.tag() selected=language == current>{language.native_name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let session = expect_context::<Session>();
    // Nothing is open until the seller picks an email in the mailbox: known at once.
    provide_host_context().reported.set(true);
    let settings = expect_context::<Settings>();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    view! {
        <div class="preview">
            <header class="preview-header">
                <h1>"Closer"</h1>
                <p class="muted">{tr!("preview-subtitle")}</p>
                <ThemeToggle />
                <LanguagePicker />
                // The worker says who is an admin; the link only saves typing `?view=admin`.
                {move || settings.is_admin().then(|| view! {
                    <a href="/?view=admin" data-testid="admin-link">{tr!("preview-admin")}</a>
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
