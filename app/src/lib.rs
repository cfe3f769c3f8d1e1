//! Closer's pane: one Leptos CSR UI served as the Outlook task pane, the Teams side panel and
//! the browser preview. It renders what the worker answers and holds no business logic: every
//! decision (matching, saving, prompting) is the worker's.

use leptos::prelude::*;

pub mod api;
mod components;
mod contexts;
pub mod error;
mod format;
mod host;
pub mod i18n;
mod labels;
mod pages;
mod split;

/// Starts the pane: the language first (the preview's `?lang=` or the browser's), then the
/// root mounted on the body, after that language's catalogue when it is not English (its own
/// small wasm module; a host that says its language later is followed then).
pub fn start() {
    i18n::adopt_language();
    let language = i18n::current();
    if language == i18n::Language::English {
        leptos::mount::mount_to_body(App);
    } else {
        // Leptos' own executor starts with the mount; until then, wasm-bindgen's runs this.
        wasm_bindgen_futures::spawn_local(async move {
            i18n::load(language).await;
            i18n::follow_document_language();
            leptos::mount::mount_to_body(App);
        });
    }
}

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    contexts::session::provide_session_context();
    contexts::settings::provide_settings_context();
    if host::outlook::requested() {
        view! { <pages::outlook::OutlookPage /> }.into_any()
    } else if host::teams::requested() {
        view! { <split::Deferred load=Box::new(split::teams_page) testid="teams-page" /> }
            .into_any()
    } else if pages::admin::requested() {
        view! { <split::Deferred load=Box::new(|| split::admin_page(false)) testid="admin-page" /> }
            .into_any()
    } else {
        view! { <split::Deferred load=Box::new(split::preview_page) testid="preview-page" /> }
            .into_any()
    }
}
