//! The host seam's bindings: one module per host, each over its own small JS shim, the only
//! code that touches that host's library ([`outlook`]: Office.js; [`teams`]: TeamsJS). What
//! they share lives here: nested app authentication (NAA) through MSAL.js's nestable client
//! (`app/js/nested_auth.js`), which both Outlook and Teams broker. No host logic here, and no
//! business logic anywhere under it: hosts only say what is open and hand out tokens.

pub mod outlook;
pub mod teams;

use crate::error::{AppError, SignInFailure};
use closer_wire::AuthConfig;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/nested_auth.js")]
extern "C" {
    #[wasm_bindgen(js_name = nestedToken, catch)]
    async fn nested_token_js(
        client_id: &str,
        authority: &str,
        scope: &str,
        interactive: bool,
    ) -> Result<JsValue, JsValue>;
}

/// The message of a JS `Error` a shim rejected with, or `otherwise`.
fn message_of(error: &JsValue, otherwise: &str) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| otherwise.into())
}

/// A token for Closer's API from the host (NAA, Outlook or Teams): silently, or with the host's
/// sign-in popup when `interactive` (only from a click, or the host blocks the popup).
pub async fn nested_token(config: &AuthConfig, interactive: bool) -> Result<String, AppError> {
    let authority = format!("{}{}", config.authority_url, config.tenant);
    let token = nested_token_js(&config.client_id, &authority, &config.scope, interactive)
        .await
        .map_err(|error| {
            AppError::SignIn(SignInFailure::Host(message_of(
                &error,
                "the host gave no token",
            )))
        })?;
    token
        .as_string()
        .filter(|token| !token.is_empty())
        .ok_or_else(|| AppError::SignIn(SignInFailure::Host("the host gave no token".into())))
}
