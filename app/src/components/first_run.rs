//! The pane's first-run explanation: three lines on what Closer does and what it keeps, shown
//! until the seller dismisses it (remembered in this browser's local storage, per origin; no
//! account data).

use crate::tr;
use leptos::prelude::*;

/// The local-storage key that remembers the dismissal.
const DISMISSED_KEY: &str = "closer.first-run.dismissed";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn dismissed() -> bool {
    storage()
        .and_then(|s| s.get_item(DISMISSED_KEY).ok().flatten())
        .is_some()
}

/// The explanation, until dismissed.
#[component]
pub fn FirstRun() -> impl IntoView {
    let shown = RwSignal::new(!dismissed());
    let dismiss = move |_| {
        if let Some(storage) = storage() {
            let _ = storage.set_item(DISMISSED_KEY, "1");
        }
        shown.set(false);
    };
    view! {
        <Show when=move || shown.get()>
            <section class="card first-run" data-testid="first-run" aria-labelledby="first-run-heading">
                <h2 id="first-run-heading">{tr!("first-run-heading")}</h2>
                <ol>
                    <li>{tr!("first-run-open")}</li>
                    <li>{tr!("first-run-quotes")}</li>
                    <li>{tr!("first-run-save")}</li>
                </ol>
                <button class="primary" data-testid="first-run-dismiss" on:click=dismiss>{tr!("first-run-dismiss")}</button>
            </section>
        </Show>
    }
}
