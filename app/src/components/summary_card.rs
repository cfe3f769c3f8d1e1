//! The thread summary card: asked on demand, after the CRM cards have painted, so a slow or
//! failing model never holds up the rest of the pane. The model's text is shown as text.

use crate::api;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use leptos::prelude::*;

/// "Summarize this thread".
#[component]
pub fn SummaryCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let summarize = Action::new_local(move |message_id: &String| {
        let message_id = message_id.clone();
        async move { api::summary(session, message_id).await }
    });
    // A new item clears the previous item's summary.
    Effect::new(move |_| {
        host.item.track();
        summarize.value().set(None);
    });
    move || {
        host.item.get().map(|item| {
            let id = item.id.clone();
            view! {
                <section class="card" data-testid="summary-card">
                    <h2>"Summary"</h2>
                    {move || match summarize.value().get() {
                        Some(Ok(summary)) => view! {
                            <p class="summary" data-testid="summary-text">{summary.text}</p>
                            <p class="muted" data-testid="summary-model">
                                {format!("{} · {} message(s){}", summary.model, summary.messages_used,
                                    if summary.messages_cut > 0 { format!(", {} older left out", summary.messages_cut) } else { String::new() })}
                            </p>
                        }.into_any(),
                        Some(Err(error)) => view! {
                            <p class="error" role="alert" data-testid="summary-error">{error.to_string()}</p>
                        }.into_any(),
                        None => ().into_any(),
                    }}
                    <button
                        data-testid="summarize"
                        disabled=move || summarize.pending().get()
                        on:click={
                            let id = id.clone();
                            move |_| { summarize.dispatch(id.clone()); }
                        }
                    >
                        {move || if summarize.pending().get() { "Summarizing…" } else { "Summarize thread" }}
                    </button>
                </section>
            }
        })
    }
}
