//! The one way the pane shows a failure: [`ErrorView`] prints an [`AppError`]'s sentence as an
//! alert, with a Retry button when the caller can retry, and "Copy diagnostics" (the
//! correlation id, version, host and time; never content) so a seller can hand support what
//! finds the failure in the worker's log. It owns that markup only; what failed, and what a
//! retry does, are the caller's.

use crate::components::common::icon::{Icon, IconName};
use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Which host the pane runs in, for the diagnostics.
fn host_name() -> &'static str {
    if crate::host::outlook::requested() {
        "outlook"
    } else if crate::host::teams::requested() {
        "teams"
    } else {
        "preview"
    }
}

/// Writes `text` to the clipboard; `false` where the browser or the host frame refuses.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined());
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &"writeText".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    match (clipboard, write) {
        (Some(clipboard), Some(write)) => write.call1(&clipboard, &text.into()).is_ok(),
        _ => false,
    }
}

/// An [`AppError`] as an alert: the sentence (with the caller's `prefix` and `suffix`), a
/// Retry button when `retry` is given, and "Copy diagnostics".
#[component]
pub fn ErrorView(
    /// What failed.
    #[prop(into)]
    error: AppError,
    /// The alert's `data-testid`.
    #[prop(optional, into)]
    testid: Option<String>,
    /// The sentence's own `data-testid`, where a test reads the sentence alone.
    #[prop(optional, into)]
    message_testid: Option<String>,
    /// Words before the error's sentence ("Not saved:"), joined with a space.
    #[prop(optional, into)]
    prefix: String,
    /// Words after it (what the seller can do next).
    #[prop(optional, into)]
    suffix: String,
    /// What the Retry button does; no button without it.
    #[prop(optional, into)]
    retry: Option<Callback<()>>,
    /// The Retry button's `data-testid`.
    #[prop(optional, into)]
    retry_testid: Option<String>,
    /// Disables the Retry button while true (a retry under way).
    #[prop(optional, into)]
    retry_disabled: Signal<bool>,
) -> impl IntoView {
    let sentence = [prefix, error.to_string(), suffix]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let detail = error.worker_detail().map(str::to_owned);
    let at: String = js_sys::Date::new_0().to_iso_string().into();
    let diagnostics = error.diagnostics(host_name(), &at);
    let copied = RwSignal::new(None::<bool>);
    let to_copy = diagnostics.clone();
    view! {
        <div class="error" role="alert" data-testid=testid>
            <p data-testid=message_testid>{sentence}</p>
            {detail.map(|detail| view! {
                <p class="muted" lang="en" data-testid="error-detail">{detail}</p>
            })}
            {retry.map(|retry| view! {
                <button
                    data-testid=retry_testid
                    disabled=move || retry_disabled.get()
                    on:click=move |_| retry.run(())
                >
                    <Icon name=IconName::Retry />
                    {tr!("retry")}
                </button>
            })}
            <button
                class="link"
                data-testid="copy-diagnostics"
                data-diagnostics=diagnostics.clone()
                on:click=move |_| copied.set(Some(copy_to_clipboard(&to_copy)))
            >
                <Icon name=IconName::Copy />
                {tr!("copy-diagnostics")}
            </button>
            <span role="status" data-testid="diagnostics-status">
                {move || copied.get().map(|done| if done {
                    tr!("diagnostics-copied")
                } else {
                    tr!("diagnostics-copy-by-hand", diagnostics = diagnostics.replace('\n', "; "))
                })}
            </span>
        </div>
    }
}
