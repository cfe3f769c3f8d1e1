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

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    i18n::adopt_language();
    contexts::session::provide_session_context();
    contexts::settings::provide_settings_context();
    if host::outlook::requested() {
        view! { <pages::outlook::OutlookPage /> }.into_any()
    } else if host::teams::requested() {
        view! { <pages::teams::TeamsPage /> }.into_any()
    } else if pages::admin::requested() {
        view! { <pages::admin::AdminPage /> }.into_any()
    } else {
        view! { <pages::preview::PreviewPage /> }.into_any()
    }
}
