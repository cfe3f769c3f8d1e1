//! The record a save or a task is "regarding": the choices a context offers (its suggestion
//! first, then each matched account's open deals and the account itself, each once) and the
//! picker that chooses one. An option's value is `kind:id`, the CRM's own names.

use crate::format::record_kind;
use closer_wire::{AccountCard, RecordLinkView};
use leptos::prelude::*;

/// The context's suggested record first, then every open deal and account on its cards, each
/// record once.
pub fn regarding_choices(
    suggested: Option<&RecordLinkView>,
    accounts: &[AccountCard],
) -> Vec<RecordLinkView> {
    let mut choices: Vec<RecordLinkView> = Vec::new();
    let on_cards = accounts.iter().flat_map(|account| {
        account
            .opportunities
            .iter()
            .map(|opportunity| &opportunity.record)
            .chain([&account.account])
    });
    for record in suggested.into_iter().chain(on_cards) {
        if !choices.iter().any(|c| c.id == record.id) {
            choices.push(record.clone());
        }
    }
    choices
}

/// The option value naming a record.
fn option_value(record: &RecordLinkView) -> String {
    format!("{}:{}", record.kind, record.id)
}

/// A select over `choices` writing the chosen record into `chosen` (which starts as the first
/// choice: the select shows the first option until the seller picks another).
#[component]
pub fn RegardingPicker(
    choices: Vec<RecordLinkView>,
    chosen: RwSignal<Option<RecordLinkView>>,
    #[prop(into)] testid: String,
    /// The label before the select.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let options = choices
        .iter()
        .map(|c| view! { <option value=option_value(c)>{format!("{} ({})", c.name, record_kind(&c.kind))}</option> })
        .collect_view();
    let choose = move |value: String| {
        chosen.set(choices.iter().find(|c| option_value(c) == value).cloned());
    };
    view! {
        <label>
            {label}
            <select data-testid=testid on:change=move |e| choose(event_target_value(&e))>
                {options}
            </select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use closer_wire::OpportunityCard;

    fn record(kind: &str, id: &str) -> RecordLinkView {
        RecordLinkView {
            kind: kind.into(),
            id: id.into(),
            name: format!("{kind} {id}"),
            url: format!("https://crm.example/{kind}/{id}"),
        }
    }

    fn account(id: &str, deals: &[&str]) -> AccountCard {
        AccountCard {
            account: record("account", id),
            industry: None,
            website: None,
            opportunities: deals
                .iter()
                .map(|deal| OpportunityCard {
                    record: record("opportunity", deal),
                    stage: None,
                    amount: None,
                    currency: None,
                    close_date: None,
                    version: String::new(),
                    extra: Vec::new(),
                })
                .collect(),
            extra: Vec::new(),
        }
    }

    #[test]
    fn the_suggestion_leads_and_each_record_appears_once() {
        let accounts = [account("a1", &["o1", "o2"]), account("a2", &["o3"])];
        let suggested = record("opportunity", "o2");
        let ids =
            |choices: Vec<RecordLinkView>| choices.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(
            ids(regarding_choices(Some(&suggested), &accounts)),
            ["o2", "o1", "a1", "o3", "a2"]
        );
        assert_eq!(
            ids(regarding_choices(None, &accounts)),
            ["o1", "o2", "a1", "o3", "a2"]
        );
        assert!(regarding_choices(None, &[]).is_empty());
        assert_eq!(option_value(&suggested), "opportunity:o2");
    }
}
