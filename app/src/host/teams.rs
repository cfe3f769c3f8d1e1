//! The Teams host: bindings to the TeamsJS shim (`app/js/teams_host.js`), the only code that
//! touches TeamsJS. The shim initializes TeamsJS, follows Teams' theme and reports the tab's
//! context; this module reads that context into [`TeamsContext`] and registers the
//! configuration page's save handler. Which calendar event the meeting chat is, is the worker's
//! answer (`POST /api/pane/meeting/from-chat`), asked by the Teams page, not here; tokens come
//! from [`super::nested_token`]. Nothing here touches Office.js.

use super::message_of;
use crate::error::{AppError, SignInFailure};
use crate::tr;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/teams_host.js")]
extern "C" {
    #[wasm_bindgen(js_name = teamsRequested)]
    fn teams_requested_js() -> bool;

    #[wasm_bindgen(js_name = startTeams, catch)]
    async fn start_teams_js() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = configureTab, catch)]
    async fn configure_tab_js() -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = authenticateInPopup, catch)]
    async fn authenticate_in_popup_js(url: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = notifyAuthSuccess, catch)]
    async fn notify_auth_success_js(token: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = notifyAuthFailure, catch)]
    async fn notify_auth_failure_js(reason: &str) -> Result<JsValue, JsValue>;
}

/// The page Teams' sign-in popup opens: it starts the redirect sign-in.
pub const AUTH_START_QUERY: &str = "?host=teams&view=auth-start";

/// Signs in through Teams' popup (`authentication.authenticate`) when Teams does not broker
/// tokens: the popup runs the redirect sign-in on this origin and hands the token back.
pub async fn authenticate_in_popup() -> Result<String, AppError> {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let token = authenticate_in_popup_js(&format!("{origin}/{AUTH_START_QUERY}"))
        .await
        .map_err(|error| {
            AppError::SignIn(SignInFailure::Host(message_of(
                &error,
                "the Teams sign-in window closed",
            )))
        })?;
    token
        .as_string()
        .filter(|token| !token.is_empty())
        .ok_or_else(|| AppError::SignIn(SignInFailure::Host(tr!("teams-no-token"))))
}

/// In Teams' sign-in popup, once signed in: hands the token to the tab (Teams closes the popup).
pub async fn notify_auth_success(token: &str) -> Result<(), String> {
    notify_auth_success_js(token)
        .await
        .map(|_| ())
        .map_err(|error| message_of(&error, &tr!("teams-refused-sign-in")))
}

/// In Teams' sign-in popup: tells the tab why the sign-in failed.
pub async fn notify_auth_failure(reason: &str) {
    // Nothing more can be done when even that fails: the popup shows the reason itself.
    let _ = notify_auth_failure_js(reason).await;
}

/// What the pane needs from Teams' context.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamsContext {
    /// The meeting chat's id (`19:meeting_…@thread.v2`); none in a personal tab.
    pub chat_id: Option<String>,
    /// Where the tab is shown: `sidePanel`, `content`, `meetingStage`, `settings`, ….
    pub frame_context: Option<String>,
    /// Teams' theme: `default`, `dark` or `contrast` (the shim already applied it).
    pub theme: Option<String>,
    /// The user's locale in Teams.
    pub locale: Option<String>,
    /// Whether Teams recommends nested app authentication for this tab.
    pub nested_auth: bool,
    /// The signed-in user's UPN, as Teams knows it (a hint, never an identity: the worker
    /// trusts only the token).
    pub user_principal_name: Option<String>,
}

/// Which Teams page the tab URL asks for (`view=` beside `host=teams`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamsView {
    /// The pane: the meeting side panel, details tab or meeting chat tab.
    Pane,
    /// The configurable tab's configuration page (`view=configure`).
    Configure,
    /// The personal Admin tab (`view=admin`).
    Admin,
    /// Teams' sign-in popup, starting the redirect sign-in (`view=auth-start`).
    AuthStart,
}

/// Whether the page was opened as a Teams tab (`?host=teams` in the app package's URLs).
pub fn requested() -> bool {
    teams_requested_js()
}

/// The Teams page the URL asks for.
pub fn view() -> TeamsView {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    view_of(&query)
}

/// The Teams page a query string (`?host=teams&view=…`) asks for; anything else is the pane.
fn view_of(query: &str) -> TeamsView {
    let view = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("view="));
    match view {
        Some("configure") => TeamsView::Configure,
        Some("admin") => TeamsView::Admin,
        Some("auth-start") => TeamsView::AuthStart,
        _ => TeamsView::Pane,
    }
}

/// Starts the Teams host and reads its context; a readable reason when Teams or TeamsJS is not
/// there.
pub async fn start() -> Result<TeamsContext, String> {
    let value = start_teams_js().await.map_err(|error| {
        let reason = message_of(&error, &tr!("teams-did-not-start"));
        // TeamsJS's own messages end with a full stop; the sentence goes on after the reason.
        let reason = reason.trim_end_matches('.');
        tr!("teams-not-connected", reason = reason)
    })?;
    crate::api::json::from_value(value).map_err(|_| tr!("teams-unreadable-context"))
}

/// Registers the configuration page with Teams: Save adds the pane (`?host=teams`) as the tab.
pub async fn configure() -> Result<(), String> {
    configure_tab_js().await.map(|_| ()).map_err(|error| {
        let reason = message_of(&error, &tr!("teams-no-configuration"));
        let reason = reason.trim_end_matches('.');
        tr!("teams-configure-failed", reason = reason)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_packages_urls_open_their_pages() {
        for (query, expected) in [
            ("?host=teams", TeamsView::Pane),
            ("?host=teams&view=configure", TeamsView::Configure),
            ("?view=configure&host=teams", TeamsView::Configure),
            ("?host=teams&view=admin", TeamsView::Admin),
            ("?host=teams&view=auth-start", TeamsView::AuthStart),
            ("?host=teams&view=other", TeamsView::Pane),
            ("?host=teams&review=admin", TeamsView::Pane),
            ("", TeamsView::Pane),
        ] {
            assert_eq!(view_of(query), expected, "{query}");
        }
    }
}
