//! The Outlook host: bindings to the Office.js shim (`app/js/office_host.js`), which is the only
//! code that touches Office.js and MSAL.js. The shim reports the current item (a message or an
//! appointment: ids, times and participants) on start and on every `ItemChanged`, follows the
//! Office theme, and gets tokens through nested app authentication (NAA) where the host
//! supports it; this module turns those into the host context's item and the session's token.

use crate::api::AppError;
use crate::contexts::host::{Host, HostItem};
use closer_wire::AuthConfig;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/office_host.js")]
extern "C" {
    #[wasm_bindgen(js_name = outlookRequested)]
    fn outlook_requested_js() -> bool;

    #[wasm_bindgen(js_name = startOutlook, catch)]
    async fn start_outlook_js(on_item: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = insertReply, catch)]
    async fn insert_reply_js(text: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = nestedToken, catch)]
    async fn nested_token_js(
        client_id: &str,
        authority: &str,
        scope: &str,
        interactive: bool,
    ) -> Result<JsValue, JsValue>;
}

/// Whether the page was opened as the Outlook task pane (`?host=outlook` in the manifest URL).
pub fn outlook_requested() -> bool {
    outlook_requested_js()
}

fn message_of(error: &JsValue, otherwise: &str) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| otherwise.into())
}

/// Starts following Outlook's current item into `host`; a readable reason lands in `failure`
/// when Outlook or Office.js is not there. Once Outlook is ready, `on_ready` learns whether it
/// supports nested app authentication.
pub fn follow_outlook(
    host: Host,
    failure: RwSignal<Option<String>>,
    on_ready: impl FnOnce(bool) + 'static,
) {
    let on_item = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
        match serde_wasm_bindgen::from_value::<Option<HostItem>>(value) {
            Ok(item) => host.open(item),
            Err(_) => failure.set(Some("Outlook reported an item Closer cannot read.".into())),
        }
    });
    let function: js_sys::Function = on_item.as_ref().unchecked_ref::<js_sys::Function>().clone();
    // The handler lives as long as the pane: Outlook calls it on every ItemChanged.
    on_item.forget();
    leptos::task::spawn_local(async move {
        match start_outlook_js(&function).await {
            Ok(nested_auth) => on_ready(nested_auth.as_bool().unwrap_or(false)),
            Err(error) => {
                let reason = message_of(&error, "Outlook did not start the add-in");
                failure.set(Some(format!(
                    "Closer could not connect to Outlook: {reason}. Reopen the pane, or use the browser preview."
                )));
            }
        }
    });
}

/// A token for Closer's API from the Office host (NAA): silently, or with the host's sign-in
/// popup when `interactive` (only from a click, or the host blocks the popup).
pub async fn nested_token(config: &AuthConfig, interactive: bool) -> Result<String, AppError> {
    let authority = format!("{}{}", config.authority_url, config.tenant);
    let token = nested_token_js(&config.client_id, &authority, &config.scope, interactive)
        .await
        .map_err(|error| AppError::SignIn(message_of(&error, "Outlook gave no token")))?;
    token
        .as_string()
        .filter(|token| !token.is_empty())
        .ok_or_else(|| AppError::SignIn("Outlook gave no token".into()))
}

/// Puts a drafted reply into Outlook (read mode: its reply form; compose: top of the body).
pub async fn insert_reply(text: &str) -> Result<(), String> {
    insert_reply_js(text).await.map(|_| ()).map_err(|error| {
        let reason = error
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "Outlook did not insert the draft".into());
        format!("The draft could not be inserted: {reason}.")
    })
}
