//! The Outlook host: bindings to the Office.js shim (`app/js/office_host.js`), the only code
//! that touches Office.js. The shim reports the current item (a message or an appointment: ids,
//! times and participants) on start and on every `ItemChanged`, follows the Office theme, and
//! says whether Outlook brokers tokens (NAA); this module turns those into the host context's
//! item. On a cold start the shim also asks for the first message's CRM cards while the wasm
//! loads ([`early_email_context`]). The token itself comes from [`super::nested_token`]; nothing here touches TeamsJS.

use super::message_of;
use crate::contexts::host::{Host, HostItem};
use crate::tr;
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

    #[wasm_bindgen(js_name = takeEarlyEmailContext, catch)]
    async fn take_early_email_context_js(body: &str, token: &str) -> Result<JsValue, JsValue>;
}

/// The response to the CRM-cards request the shim sent while the pane was still loading, if
/// it sent exactly `body` with `token` (see `earlyEmailContext` in the shim): the pane then
/// decodes it as its own. `None` outside Outlook, after the first item, or on any difference.
pub async fn early_email_context(body: &str, token: &str) -> Option<web_sys::Response> {
    if !requested() {
        return None;
    }
    take_early_email_context_js(body, token)
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()
}

/// Whether the page was opened as the Outlook task pane (`?host=outlook` in the manifest URL).
pub fn requested() -> bool {
    outlook_requested_js()
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
        // The shim wrote Office's display language into `<html lang>` before the first item.
        crate::i18n::follow_document_language();
        match HostItem::read(value) {
            Ok(item) => host.open(item),
            Err(_) => failure.set(Some(tr!("outlook-unreadable-item"))),
        }
    });
    let function: js_sys::Function = on_item.as_ref().unchecked_ref::<js_sys::Function>().clone();
    // The handler lives as long as the pane: Outlook calls it on every ItemChanged.
    on_item.forget();
    leptos::task::spawn_local(async move {
        match start_outlook_js(&function).await {
            Ok(nested_auth) => on_ready(nested_auth.as_bool().unwrap_or(false)),
            Err(error) => {
                let reason = message_of(&error, &tr!("outlook-did-not-start"));
                failure.set(Some(tr!("outlook-not-connected", reason = reason)));
            }
        }
    });
}

/// Puts a drafted reply into Outlook (read mode: its reply form; compose: top of the body).
pub async fn insert_reply(text: &str) -> Result<(), String> {
    insert_reply_js(text).await.map(|_| ()).map_err(|error| {
        let reason = message_of(&error, &tr!("outlook-did-not-insert"));
        tr!("outlook-insert-failed", reason = reason)
    })
}
