//! An account and its open opportunities, with "Open in CRM" links.

use crate::components::card_extras::{CardExtras, ExtraEditor, with_value};
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::settings::Settings;
use crate::format::{amount_text, day_text, dotted};
use crate::split::{self, Deferred};
use crate::tr;
use closer_wire::{AccountCard, EditableKind, OpportunityCard, RecordCard};
use leptos::prelude::*;

/// The account card.
#[component]
pub fn AccountCardView(account: AccountCard) -> impl IntoView {
    let details = dotted([account.industry.clone(), account.website.clone()]);
    view! {
        <section class="card" data-testid="account-card">
            <h2>
                <Icon name=IconName::Account />
                <a href=account.account.url.clone() target="_blank" rel="noopener" data-testid="account-name">
                    {account.account.name.clone()}
                </a>
            </h2>
            <p class="muted">{details}</p>
            <CardExtras values=account.extra.clone() />
            {if account.opportunities.is_empty() {
                view! { <p class="muted">{tr!("no-open-opportunities")}</p> }.into_any()
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

/// Stage, amount and close date on one line.
fn facts(opportunity: &OpportunityCard) -> String {
    dotted([
        opportunity.stage.clone(),
        opportunity
            .amount
            .map(|amount| amount_text(amount, opportunity.currency.as_deref())),
        opportunity
            .close_date
            .clone()
            .map(|d| tr!("closes-on", date = day_text(&d))),
    ])
}

/// One open opportunity; its values follow the CRM after an inline edit.
#[component]
fn OpportunityRow(opportunity: OpportunityCard) -> impl IntoView {
    let card = RwSignal::new(opportunity);
    let settings = expect_context::<Settings>();
    view! {
        <li data-testid="opportunity">
            <Icon name=IconName::Opportunity />
            <a href=move || card.with(|o| o.record.url.clone()) target="_blank" rel="noopener" data-testid="opportunity-name">
                {move || card.with(|o| o.record.name.clone())}
            </a>
            <span class="muted" data-testid="opportunity-facts">{move || card.with(facts)}</span>
            <CardExtras
                values=Signal::derive(move || card.with(|o| o.extra.clone()))
                editor=ExtraEditor {
                    kind: EditableKind::Opportunity,
                    id: card.with_untracked(|o| o.record.id.clone()),
                    version: Signal::derive(move || card.with(|o| o.version.clone())),
                    saved: Callback::new(move |(record, name, value): (RecordCard, String, String)| {
                        if let RecordCard::Opportunity { opportunity } = record {
                            card.update(|o| {
                                let extra = with_value(&o.extra, &name, &value);
                                *o = opportunity;
                                o.extra = extra;
                            });
                        }
                    }),
                }
            />
            <Deferred load=Box::new(move || split::edit_opportunity(card)) testid="edit-opportunity" />
            <Show when=move || settings.features().opportunity_summary>
                <Deferred
                    load=Box::new(move || split::opportunity_summary(card.with_untracked(|o| o.record.id.clone())))
                    testid="opportunity-summary"
                />
            </Show>
        </li>
    }
}
