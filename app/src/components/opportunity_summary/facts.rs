//! The CRM half of the opportunity summary: the deal's stage, amount and close date (from the
//! record, never from the model) and its latest notes and activities, newest first.

use crate::format::{amount_text, day_text, dotted};
use crate::tr;
use closer_wire::{DealActivity, DealFacts};
use leptos::prelude::*;

/// Stage, amount, close date.
#[component]
pub fn DealFactsView(facts: DealFacts) -> impl IntoView {
    let missing = || "—".to_owned();
    let amount = facts
        .amount
        .map(|a| amount_text(a, facts.currency.as_deref()))
        .unwrap_or_else(missing);
    view! {
        <dl class="deal-facts" data-testid="deal-facts">
            <dt>{tr!("field-stage")}</dt>
            <dd data-testid="deal-stage">{facts.stage.unwrap_or_else(missing)}</dd>
            <dt>{tr!("field-amount")}</dt>
            <dd data-testid="deal-amount">{amount}</dd>
            <dt>{tr!("field-close-date")}</dt>
            <dd data-testid="deal-close-date">{facts.close_date.as_deref().map(day_text).unwrap_or_else(missing)}</dd>
        </dl>
    }
}

/// The latest notes and activities.
#[component]
pub fn TimelineView(timeline: Vec<DealActivity>) -> impl IntoView {
    if timeline.is_empty() {
        return view! { <p class="muted" data-testid="deal-timeline-empty">{tr!("deal-timeline-empty")}</p> }
            .into_any();
    }
    view! {
        <h3>{tr!("deal-timeline")}</h3>
        <ul class="deal-timeline" data-testid="deal-timeline">
            {timeline.into_iter().map(|activity| {
                let kind = activity_kind(&activity.kind);
                let byline = dotted([
                    Some(kind),
                    Some(day_text(&activity.at)),
                    activity.author.clone(),
                ]);
                view! {
                    <li data-testid="deal-activity">
                        <a href=activity.url target="_blank" rel="noopener">{activity.subject}</a>
                        <span class="muted">{format!(" {byline}")}</span>
                        {(!activity.text.is_empty()).then(|| view! { <p class="deal-text">{activity.text}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// A timeline entry's kind in the seller's words (`appointment` is a meeting to a seller).
fn activity_kind(kind: &str) -> String {
    match kind {
        "note" => tr!("activity-note"),
        "email" => tr!("activity-email"),
        "appointment" | "meeting" | "event" => tr!("activity-meeting"),
        "task" => tr!("activity-task"),
        "phonecall" | "call" => tr!("activity-call"),
        other => other.to_owned(),
    }
}
