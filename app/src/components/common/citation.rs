//! Citation markers: `[1]`, `[2]`… after a statement; a click reveals the verified quote and
//! who wrote it (a second click hides it). Quotes and senders are text, never markup.

use crate::tr;
use closer_wire::Citation;
use leptos::prelude::*;

/// The markers of one statement, and the quote of the one opened.
#[component]
pub fn CitationMarkers(citations: Vec<Citation>) -> impl IntoView {
    let open: RwSignal<Option<usize>> = RwSignal::new(None);
    let revealed = citations.clone();
    view! {
        <span class="citations">
            {citations.into_iter().enumerate().map(|(index, citation)| view! {
                <button
                    class="cite"
                    data-testid="citation-marker"
                    title=tr!("citation-title", sender = citation.sender.clone())
                    aria-expanded=move || (open.get() == Some(index)).to_string()
                    on:click=move |_| open.update(|o| {
                        *o = if *o == Some(index) { None } else { Some(index) }
                    })
                >
                    {format!("[{}]", index + 1)}
                </button>
            }).collect_view()}
        </span>
        {move || open.get().and_then(|index| revealed.get(index).cloned()).map(|citation| view! {
            <blockquote class="cite-quote" data-testid="citation-quote">
                {format!("“{}”", citation.quote)}
                <span class="muted" data-testid="citation-sender">{format!(" — {}", citation.sender)}</span>
            </blockquote>
        })}
    }
}
