//! An account and its open opportunities, with "Open in CRM" links.

use super::edit_record::EditOpportunity;
use crate::components::opportunity_summary::OpportunitySummaryEntry;
use closer_wire::{AccountCard, OpportunityCard};
use leptos::prelude::*;

/// The account card.
#[component]
pub fn AccountCardView(account: AccountCard) -> impl IntoView {
    let details = [account.industry.clone(), account.website.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <section class="card" data-testid="account-card">
            <h2>
                <a href=account.account.url.clone() target="_blank" rel="noopener" data-testid="account-name">
                    {account.account.name.clone()}
                </a>
            </h2>
            <p class="muted">{details}</p>
            {if account.opportunities.is_empty() {
                view! { <p class="muted">"No open opportunities."</p> }.into_any()
            } else {
                view! {
                    <ul class="opportunities">
                        {account.opportunities.into_iter().map(|o| view! { <OpportunityRow opportunity=o /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// `48000.0` → `$48,000` (the sandbox and most demo orgs are USD; the CRM's own currency
/// formatting arrives with formatted values).
fn money(amount: f64) -> String {
    let whole = amount.round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}", if whole < 0 { "-" } else { "" })
}

/// Stage, amount and close date on one line.
fn facts(opportunity: &OpportunityCard) -> String {
    [
        opportunity.stage.clone(),
        opportunity.amount.map(money),
        opportunity
            .close_date
            .clone()
            .map(|d| format!("closes {d}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// One open opportunity; its values follow the CRM after an inline edit.
#[component]
fn OpportunityRow(opportunity: OpportunityCard) -> impl IntoView {
    let card = RwSignal::new(opportunity);
    view! {
        <li data-testid="opportunity">
            <a href=move || card.with(|o| o.record.url.clone()) target="_blank" rel="noopener" data-testid="opportunity-name">
                {move || card.with(|o| o.record.name.clone())}
            </a>
            <span class="muted" data-testid="opportunity-facts">{move || card.with(facts)}</span>
            <EditOpportunity card />
            <OpportunitySummaryEntry opportunity_id=card.with_untracked(|o| o.record.id.clone()) />
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn amounts_are_grouped_dollars() {
        assert_eq!(money(48_000.0), "$48,000");
        assert_eq!(money(1_234_567.4), "$1,234,567");
        assert_eq!(money(999.0), "$999");
        assert_eq!(money(-1500.0), "-$1,500");
    }
}
