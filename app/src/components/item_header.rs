//! The open item's header in the pane: subject and participants, or a hint to open an email.

use crate::contexts::host::Host;
use leptos::prelude::*;

/// Subject, sender and recipients of the host's current item.
#[component]
pub fn ItemHeader() -> impl IntoView {
    let host = expect_context::<Host>();
    move || match host.item.get() {
        None => view! {
            <p class="muted" data-testid="no-item">"Open an email to see its people and deals."</p>
        }
        .into_any(),
        Some(item) => {
            let from = item
                .from
                .map(|f| f.name.unwrap_or(f.address))
                .unwrap_or_default();
            let others = item.to.len() + item.cc.len();
            view! {
                <header class="item-header" data-testid="item-header">
                    <strong data-testid="item-subject">{item.subject}</strong>
                    <span class="muted">
                        {format!("From {from}, {others} other participant{}", if others == 1 { "" } else { "s" })}
                    </span>
                </header>
            }
            .into_any()
        }
    }
}
