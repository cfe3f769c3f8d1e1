//! The CRM half of the opportunity summary: the deal's stage, amount and close date (from the
//! record, never from the model) and its latest notes and activities, newest first.

use closer_wire::{DealActivity, DealFacts};
use leptos::prelude::*;

/// `48000.0` with `USD` → `48,000 USD`; without a currency, `$48,000` (the pane's default).
pub fn amount_text(amount: f64, currency: Option<&str>) -> String {
    let whole = amount.round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => format!("{sign}{grouped} {code}"),
        None => format!("{sign}${grouped}"),
    }
}

/// `2026-11-26T15:00:00Z` → `2026-11-26`.
pub fn day_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

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
            <dt>"Stage"</dt>
            <dd data-testid="deal-stage">{facts.stage.unwrap_or_else(missing)}</dd>
            <dt>"Amount"</dt>
            <dd data-testid="deal-amount">{amount}</dd>
            <dt>"Close date"</dt>
            <dd data-testid="deal-close-date">{facts.close_date.unwrap_or_else(missing)}</dd>
        </dl>
    }
}

/// The latest notes and activities.
#[component]
pub fn TimelineView(timeline: Vec<DealActivity>) -> impl IntoView {
    if timeline.is_empty() {
        return view! { <p class="muted" data-testid="deal-timeline-empty">"No notes or activities yet."</p> }
            .into_any();
    }
    view! {
        <h3>"Latest notes and activities"</h3>
        <ul class="deal-timeline" data-testid="deal-timeline">
            {timeline.into_iter().map(|activity| {
                let kind = if activity.kind == "appointment" { "meeting".to_owned() } else { activity.kind.clone() };
                let byline = [
                    Some(kind),
                    Some(day_of(&activity.at).to_owned()),
                    activity.author.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_with_their_currency() {
        assert_eq!(amount_text(48_000.0, Some("USD")), "48,000 USD");
        assert_eq!(amount_text(1_234_567.4, None), "$1,234,567");
        assert_eq!(amount_text(-1500.0, Some(" ")), "-$1,500");
        assert_eq!(day_of("2026-11-26T15:00:00Z"), "2026-11-26");
        assert_eq!(day_of("x"), "x");
    }
}
