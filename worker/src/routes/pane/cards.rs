//! CRM records as the pane's cards: contacts, accounts with their open opportunities, links with
//! "Open in CRM" URLs (the connector's own [`CrmConnector::record_url`]), and which open
//! opportunity to suggest as the regarding record of a save. Pure over the connector's URL
//! builder: no I/O. Also what the tenant's admin settings take off the cards ([`Redact`]) and
//! which record they propose as the regarding one ([`default_regarding`]).

use crate::crm::{Account, Contact, CrmConnector, Opportunity, RecordKind, RecordRef};
use closer_wire::{
    AccountCard, CardField, CardKind, CardSettings, ContactCard, FieldValue, OpportunityCard,
    Participant, ParticipantMatch, RecordCard, RecordLinkView, RegardingDefault,
};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// The wire name of a record kind (`contact`, `account`, `opportunity`, `email`, ...).
pub fn kind_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => "contact",
        RecordKind::Account => "account",
        RecordKind::Opportunity => "opportunity",
        RecordKind::Task => "task",
        RecordKind::Note => "note",
        RecordKind::Email => "email",
        RecordKind::Appointment => "appointment",
    }
}

/// The record kinds an email can be saved regarding.
pub fn regarding_kind(name: &str) -> Option<RecordKind> {
    match name.trim().to_ascii_lowercase().as_str() {
        "contact" => Some(RecordKind::Contact),
        "account" => Some(RecordKind::Account),
        "opportunity" => Some(RecordKind::Opportunity),
        _ => None,
    }
}

/// A link to one record, opening it in the CRM.
pub fn link<C: CrmConnector>(
    crm: &C,
    kind: RecordKind,
    id: &str,
    name: impl Into<String>,
) -> RecordLinkView {
    RecordLinkView {
        kind: kind_name(kind).to_owned(),
        id: id.to_owned(),
        name: name.into(),
        url: crm.record_url(&RecordRef::new(kind, id)),
    }
}

/// A contact's card; `account_name` fills in when the lookup did not carry the account's name.
pub fn contact_card<C: CrmConnector>(
    crm: &C,
    contact: &Contact,
    account_name: Option<&str>,
) -> ContactCard {
    let account = contact.account.as_ref().map(|account| {
        let name = account
            .name
            .clone()
            .or_else(|| account_name.map(str::to_owned))
            .unwrap_or_default();
        link(crm, RecordKind::Account, &account.id, name)
    });
    ContactCard {
        id: contact.id.clone(),
        name: contact.full_name.clone(),
        title: contact.job_title.clone(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
        account,
        url: crm.record_url(&RecordRef::new(RecordKind::Contact, &contact.id)),
        version: contact.version.0.clone(),
        extra: values(&contact.extra),
    }
}

/// Every extra value the CRM returned, as text and labelled by name; [`Redact`] keeps the
/// admin's, in the admin's order and with their labels.
fn values(extra: &BTreeMap<String, Value>) -> Vec<FieldValue> {
    extra
        .iter()
        .filter_map(|(name, value)| {
            let text = match value {
                Value::Null => return None,
                Value::String(text) => text.clone(),
                Value::Bool(true) => "Yes".to_owned(),
                Value::Bool(false) => "No".to_owned(),
                other => other.to_string(),
            };
            (!text.trim().is_empty()).then(|| FieldValue {
                name: name.clone(),
                label: name.clone(),
                value: text,
                editable: false,
                kind: String::new(),
                options: Vec::new(),
            })
        })
        .collect()
}

/// An opportunity's card.
pub fn opportunity_card<C: CrmConnector>(crm: &C, opportunity: &Opportunity) -> OpportunityCard {
    OpportunityCard {
        record: link(
            crm,
            RecordKind::Opportunity,
            &opportunity.id,
            &opportunity.name,
        ),
        stage: opportunity.stage.clone(),
        amount: opportunity.amount,
        currency: opportunity.currency.clone(),
        close_date: opportunity.close_date.clone(),
        version: opportunity.version.0.clone(),
        extra: values(&opportunity.extra),
    }
}

/// An account's card with its open opportunities (in the connector's order: newest close date
/// first).
pub fn account_card<C: CrmConnector>(
    crm: &C,
    account: &Account,
    opportunities: &[Opportunity],
) -> AccountCard {
    AccountCard {
        account: link(crm, RecordKind::Account, &account.id, &account.name),
        industry: account.industry.clone(),
        website: account.website.clone(),
        opportunities: opportunities
            .iter()
            .filter(|opportunity| opportunity.is_open)
            .map(|opportunity| opportunity_card(crm, opportunity))
            .collect(),
        extra: values(&account.extra),
    }
}

/// The open opportunity to suggest as the regarding record: the one with the most recent
/// activity; where the CRM tracks none (Dataverse has no standard last-activity column), the one
/// closing soonest, as the most pressing deal.
pub fn suggested_regarding<'a>(
    opportunities: impl IntoIterator<Item = &'a Opportunity>,
) -> Option<&'a Opportunity> {
    opportunities
        .into_iter()
        .filter(|opportunity| opportunity.is_open)
        .min_by_key(|opportunity| {
            (
                Reverse(opportunity.last_activity.clone()),
                opportunity.close_date.is_none(),
                opportunity.close_date.clone(),
            )
        })
}

/// Takes off a card the fields the tenant's admin hid: their values never reach the pane.
pub trait Redact {
    /// Clears every field `cards` does not show.
    fn redact(&mut self, cards: &CardSettings);
}

fn keep<T>(value: &mut Option<T>, cards: &CardSettings, field: CardField) {
    if !cards.shows(field) {
        *value = None;
    }
}

/// Keeps of `extra` the fields the admin added to `card`, in their order, with their labels.
fn keep_extra(extra: &mut Vec<FieldValue>, cards: &CardSettings, card: CardKind) {
    let returned = std::mem::take(extra);
    *extra = cards
        .extra
        .iter()
        .filter(|chosen| chosen.card == card)
        .filter_map(|chosen| {
            let value = returned
                .iter()
                .find(|value| value.name.eq_ignore_ascii_case(&chosen.name))
                .map(|value| value.value.clone());
            // An editable field shows empty too, so the seller can fill it in.
            (value.is_some() || chosen.editable).then(|| FieldValue {
                name: chosen.name.clone(),
                label: chosen.label.clone(),
                value: value.unwrap_or_default(),
                editable: chosen.editable,
                kind: chosen.kind.clone(),
                options: chosen.options.clone(),
            })
        })
        .collect();
}

impl Redact for ContactCard {
    fn redact(&mut self, cards: &CardSettings) {
        keep_extra(&mut self.extra, cards, CardKind::Contact);
        keep(&mut self.title, cards, CardField::Title);
        keep(&mut self.email, cards, CardField::Email);
        keep(&mut self.phone, cards, CardField::Phone);
        keep(&mut self.account, cards, CardField::Account);
    }
}

impl Redact for OpportunityCard {
    fn redact(&mut self, cards: &CardSettings) {
        keep_extra(&mut self.extra, cards, CardKind::Opportunity);
        keep(&mut self.stage, cards, CardField::Stage);
        keep(&mut self.amount, cards, CardField::Amount);
        keep(&mut self.currency, cards, CardField::Amount);
        keep(&mut self.close_date, cards, CardField::CloseDate);
    }
}

impl Redact for AccountCard {
    fn redact(&mut self, cards: &CardSettings) {
        keep_extra(&mut self.extra, cards, CardKind::Account);
        keep(&mut self.industry, cards, CardField::Industry);
        keep(&mut self.website, cards, CardField::Website);
        self.opportunities.redact(cards);
    }
}

impl Redact for Participant {
    fn redact(&mut self, cards: &CardSettings) {
        match &mut self.matched {
            ParticipantMatch::Matched { contact, .. } => contact.redact(cards),
            ParticipantMatch::Ambiguous { candidates } => candidates.redact(cards),
            ParticipantMatch::Unknown { title, phone, .. } => {
                keep(title, cards, CardField::Title);
                keep(phone, cards, CardField::Phone);
            }
        }
    }
}

impl Redact for RecordCard {
    fn redact(&mut self, cards: &CardSettings) {
        match self {
            Self::Contact { contact } => contact.redact(cards),
            Self::Opportunity { opportunity } => opportunity.redact(cards),
        }
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(&mut self, cards: &CardSettings) {
        for item in self {
            item.redact(cards);
        }
    }
}

/// The regarding record the pane proposes under the admin's default: the suggested open
/// opportunity, the first account, or the first matched contact; the opportunity when the
/// chosen kind has no record here, so a save always has a proposal when one exists.
pub fn default_regarding(
    default: RegardingDefault,
    suggested_opportunity: Option<RecordLinkView>,
    accounts: &[AccountCard],
    participants: &[Participant],
) -> Option<RecordLinkView> {
    let chosen = match default {
        RegardingDefault::Opportunity => None,
        RegardingDefault::Account => accounts.first().map(|card| card.account.clone()),
        RegardingDefault::Contact => participants.iter().find_map(|p| match &p.matched {
            ParticipantMatch::Matched { contact, .. } => Some(RecordLinkView {
                kind: "contact".into(),
                id: contact.id.clone(),
                name: contact.name.clone(),
                url: contact.url.clone(),
            }),
            _ => None,
        }),
    };
    chosen.or(suggested_opportunity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::RecordVersion;

    fn deal(id: &str, last_activity: Option<&str>, close: Option<&str>) -> Opportunity {
        Opportunity {
            id: id.into(),
            name: id.into(),
            stage: None,
            amount: None,
            currency: None,
            close_date: close.map(Into::into),
            is_open: true,
            account_id: None,
            owner_id: None,
            last_activity: last_activity.map(Into::into),
            version: RecordVersion("1".into()),
            extra: Default::default(),
        }
    }

    #[test]
    fn the_most_recent_activity_wins() {
        let deals = [
            deal("edi", Some("2026-11-18"), Some("2027-02-28")),
            deal("fulfillment", Some("2026-11-27"), Some("2026-12-15")),
            deal("quiet", None, Some("2026-12-01")),
        ];
        assert_eq!(suggested_regarding(&deals).unwrap().id, "fulfillment");
    }

    #[test]
    fn without_activity_dates_the_soonest_close_wins_and_closed_deals_never() {
        let mut closed = deal("closed", None, Some("2025-01-01"));
        closed.is_open = false;
        let deals = [
            deal("undated", None, None),
            deal("edi", None, Some("2027-02-28")),
            closed,
            deal("fulfillment", None, Some("2026-12-15")),
        ];
        assert_eq!(suggested_regarding(&deals).unwrap().id, "fulfillment");
        assert!(suggested_regarding(&[]).is_none());
    }

    #[test]
    fn only_contacts_accounts_and_opportunities_can_be_regarded() {
        assert_eq!(regarding_kind("Opportunity"), Some(RecordKind::Opportunity));
        assert_eq!(regarding_kind("email"), None);
        assert_eq!(kind_name(RecordKind::Email), "email");
    }
}
