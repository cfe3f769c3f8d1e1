//! Key sales facts and trackers under the summary: each fact with the verified quotes it rests
//! on, or "not mentioned"; tracker keywords (from the worker's configuration, matched by the
//! worker, not the model) with the sentence they occur in.

use crate::components::common::citation::CitationMarkers;
use crate::labels;
use crate::tr;
use closer_wire::{SalesFact, TrackerHit};
use leptos::prelude::*;

/// The nine key sales facts.
#[component]
pub fn SalesFacts(facts: Vec<SalesFact>) -> impl IntoView {
    view! {
        <h3>{tr!("feature-key-facts")}</h3>
        <dl class="sales-facts" data-testid="sales-facts">
            {facts.into_iter().map(|fact| {
                let testid = format!("fact-{}", fact.kind.key());
                let mentioned = fact.value.is_some();
                view! {
                    <dt>{labels::fact_kind(fact.kind)}</dt>
                    <dd data-testid=testid class:muted=!mentioned>
                        {fact.value.unwrap_or_else(|| tr!("fact-not-mentioned"))}
                        {mentioned.then(|| view! { <CitationMarkers citations=fact.citations /> })}
                    </dd>
                }
            }).collect_view()}
        </dl>
    }
}

/// Tracker keywords found in the thread.
#[component]
pub fn Trackers(hits: Vec<TrackerHit>) -> impl IntoView {
    (!hits.is_empty()).then(|| {
        view! {
            <h3>{tr!("admin-trackers")}</h3>
            <ul class="trackers" data-testid="trackers">
                {hits.into_iter().map(|hit| view! {
                    <li data-testid="tracker">
                        <span class="tracker-keyword">{hit.keyword}</span>
                        <span class="muted">{format!(" ({}) ", hit.category)}</span>
                        <span class="tracker-sentence">{hit.sentence}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}
