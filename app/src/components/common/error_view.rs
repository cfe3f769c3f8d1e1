//! The one way the pane shows a failure: [`ErrorView`] prints an [`AppError`]'s sentence as an
//! alert, with a Retry button when the caller can retry. It owns that markup only; what failed,
//! and what a retry does, are the caller's.

use crate::error::AppError;
use leptos::prelude::*;

/// An [`AppError`] as an alert. Without `retry`, one paragraph; with it, the sentence and a
/// "Retry" button in one block.
#[component]
pub fn ErrorView(
    /// What failed.
    error: AppError,
    /// The alert's `data-testid`.
    #[prop(optional, into)]
    testid: Option<String>,
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
    let message = error.to_string();
    match retry {
        None => view! {
            <p class="error" role="alert" data-testid=testid>{message}</p>
        }
        .into_any(),
        Some(retry) => view! {
            <div class="error" role="alert" data-testid=testid>
                <p>{message}</p>
                <button
                    data-testid=retry_testid
                    disabled=move || retry_disabled.get()
                    on:click=move |_| retry.run(())
                >
                    "Retry"
                </button>
            </div>
        }
        .into_any(),
    }
}
