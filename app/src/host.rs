//! The Outlook host: bindings to the Office.js shim (`app/js/office_host.js`), which is the only
//! code that touches Office.js. The shim reports the current item (ids and participants) on
//! start and on every `ItemChanged`; this module turns it into the host context's item.

use crate::contexts::host::Host;
use closer_wire::MailItem;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/office_host.js")]
extern "C" {
    #[wasm_bindgen(js_name = outlookRequested)]
    fn outlook_requested_js() -> bool;

    #[wasm_bindgen(js_name = startOutlook, catch)]
    async fn start_outlook_js(on_item: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// Whether the page was opened as the Outlook task pane (`?host=outlook` in the manifest URL).
pub fn outlook_requested() -> bool {
    outlook_requested_js()
}

/// Starts following Outlook's current item into `host`; a readable reason lands in `failure`
/// when Outlook or Office.js is not there.
pub fn follow_outlook(host: Host, failure: RwSignal<Option<String>>) {
    let on_item = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
        match serde_wasm_bindgen::from_value::<Option<MailItem>>(value) {
            Ok(item) => host.item.set(item),
            Err(_) => failure.set(Some("Outlook reported an item Closer cannot read.".into())),
        }
    });
    let function: js_sys::Function = on_item.as_ref().unchecked_ref::<js_sys::Function>().clone();
    // The handler lives as long as the pane: Outlook calls it on every ItemChanged.
    on_item.forget();
    leptos::task::spawn_local(async move {
        if let Err(error) = start_outlook_js(&function).await {
            let reason = error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "Outlook did not start the add-in".into());
            failure.set(Some(format!(
                "Closer could not connect to Outlook: {reason}. Reopen the pane, or use the browser preview."
            )));
        }
    });
}
