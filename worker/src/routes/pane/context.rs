//! `POST /api/pane/email`: every card for an open email in one answer.
//!
//! CRM round trips per pane open, at most two deep:
//! 1. **The lookup**: every external participant in **one** `contacts_by_emails` request,
//!    whatever their number. Beside it, concurrently: whether the email is saved (Closer's
//!    store, then `find_activity` in the CRM when the store has no row).
//! 2. **The cards**: for each distinct account of the candidates, its row and its open
//!    opportunities (two requests per account), all concurrently with the remembered choices
//!    of ambiguous addresses (store reads) and, when the lookup found no contact for the
//!    sender, the message's text from Graph for the signature prefill. Fetching every
//!    candidate's account (not only the matched ones') keeps a remembered choice from needing
//!    a third round trip; duplicates of one person share the account in practice.
//!
//! So an email with participants from one known company costs 1 lookup + 2 card requests +
//! 1 saved check in the CRM (for Dynamics, Closer's store reads go to the org's table too), in
//! two round trips; an email from an unknown sender costs the lookup and the saved check only.
//! The message's text is read only for an unknown sender, so mail from known people is never
//! read here. Internal addresses are never looked up; the tenant's domains come from the
//! caller (cached per tenant at the edge).
//!
//! Failures: a CRM error fails the answer with its typed cause (the pane shows an error card
//! with a retry); an account the user cannot read loses its card only; Closer's store not
//! answering counts as "no remembered choice, no saved row" (the CRM is the record of truth),
//! and a Graph failure for the prefill leaves only the display-name prefill.

use super::Pane;
use super::cards::{account_card, contact_card, link, suggested_regarding};
use super::contacts::remembered;
use super::participants::{self, Entry, by_address, domain_of};
use super::signature::{self, split_name};
use crate::crm::{Account, ActivityKey, Contact, CrmConnector, Opportunity, RecordKind};
use crate::error::ApiFailure;
use crate::graph::{BodyFormat, GraphClient, Message};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use crate::store::{CloserStore, RowKind};
use closer_wire::{
    AccountCard, EmailContext, EmailContextRequest, Participant, ParticipantMatch, RecordLinkView,
};
use futures::future::join_all;
use std::collections::BTreeMap;

/// The display name of a saved-activity link (the pane shows "Saved" and opens the record).
pub const SAVED_EMAIL_NAME: &str = "Saved email";

/// Builds the pane's cards for the email the host has open.
pub async fn email_context<C, S, T, Sl>(
    pane: &Pane<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    request: EmailContextRequest,
) -> Result<EmailContext, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    let split = participants::split(
        request.from.as_ref(),
        &request.to,
        &request.cc,
        pane.internal_domains,
    );
    let saved = saved_as(pane, request.internet_message_id.as_deref());
    let people = people(pane, graph, &request.message_id, &split.external);
    let (saved, people) = futures::join!(saved, people);
    let (participants, accounts) = people?;
    let suggested = suggested_regarding(accounts.iter().flat_map(|(_, deals)| deals))
        .map(|deal| link(pane.crm, RecordKind::Opportunity, &deal.id, &deal.name));
    Ok(EmailContext {
        participants,
        accounts: accounts
            .iter()
            .map(|(account, deals)| account_card(pane.crm, account, deals))
            .collect::<Vec<AccountCard>>(),
        suggested_regarding: suggested,
        saved_as: saved?,
        internal_count: split.internal_count,
    })
}

/// The CRM activity the email is saved as: Closer's own row first (no CRM call), else the CRM,
/// which also finds saves made outside Closer.
async fn saved_as<C: CrmConnector, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    internet_message_id: Option<&str>,
) -> Result<Option<RecordLinkView>, ApiFailure> {
    let Some(key) = internet_message_id.map(str::trim).filter(|k| !k.is_empty()) else {
        return Ok(None);
    };
    // A store that cannot answer is not fatal: the CRM is the record of what was saved.
    let stored = pane
        .store
        .get(&pane.tenant_scope(), RowKind::SavedActivity, key, pane.now)
        .await
        .ok()
        .flatten();
    let id = match stored {
        Some(row) => Some(row.value),
        None => pane
            .crm
            .find_activity(&ActivityKey::InternetMessageId(key.to_owned()))
            .await?
            .map(|record| record.id),
    };
    Ok(id.map(|id| link(pane.crm, RecordKind::Email, &id, SAVED_EMAIL_NAME)))
}

type AccountWithDeals = (Account, Vec<Opportunity>);

/// Round 1 (the lookup) and round 2 (accounts, remembered choices, prefill text).
async fn people<C, S, T, Sl>(
    pane: &Pane<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    message_id: &str,
    external: &[Entry],
) -> Result<(Vec<Participant>, Vec<AccountWithDeals>), ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    if external.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let addresses: Vec<String> = external.iter().map(|e| e.address.clone()).collect();
    let candidates = by_address(pane.crm.contacts_by_emails(&addresses).await?);
    let none: Vec<Contact> = Vec::new();
    let of = |entry: &Entry| candidates.get(&entry.address).unwrap_or(&none);

    let ambiguous: Vec<&Entry> = external.iter().filter(|e| of(e).len() > 1).collect();
    let unknown_sender = external
        .iter()
        .find(|e| e.role == "from" && of(e).is_empty());
    // Every candidate's account, so a remembered choice never needs a third round trip.
    let mut account_ids: Vec<String> = Vec::new();
    for contact in external.iter().flat_map(of) {
        if let Some(account) = &contact.account
            && !account_ids.contains(&account.id)
        {
            account_ids.push(account.id.clone());
        }
    }

    let choices = join_all(
        ambiguous
            .iter()
            .map(|e| remembered(pane, &e.address, of(e))),
    );
    let accounts = join_all(
        account_ids
            .iter()
            .map(|id| account_with_deals(pane.crm, id)),
    );
    let text = async {
        match unknown_sender {
            Some(_) => graph
                .message(message_id, BodyFormat::Text)
                .await
                .ok()
                .and_then(plain_text),
            None => None,
        }
    };
    let (choices, accounts, text) = futures::join!(choices, accounts, text);

    let chosen: BTreeMap<&str, &Contact> = ambiguous
        .iter()
        .zip(choices)
        .filter_map(|(entry, choice)| Some((entry.address.as_str(), choice?)))
        .collect();
    let mut fetched: Vec<AccountWithDeals> = Vec::new();
    for account in accounts {
        match account {
            Ok(account) => fetched.push(account),
            // An account the user may not read (or deleted meanwhile) loses its card only.
            Err(ProviderError::NotFound { .. }) => {}
            Err(err) => return Err(err.into()),
        }
    }

    let mut shown: Vec<&str> = Vec::new();
    let mut participants = Vec::with_capacity(external.len());
    for entry in external {
        let found = of(entry);
        let matched = match (
            found.as_slice(),
            chosen.get(entry.address.as_str()).copied(),
        ) {
            ([], _) => {
                let signature = if unknown_sender.is_some_and(|s| s.address == entry.address) {
                    text.as_deref().map(|text| {
                        signature::parse(text, entry.name.as_deref(), domain_of(&entry.address))
                    })
                } else {
                    None
                };
                unknown(entry, signature.unwrap_or_default())
            }
            ([contact], _) | (_, Some(contact)) => {
                shown.extend(contact.account.as_ref().map(|a| a.id.as_str()));
                ParticipantMatch::Matched {
                    contact: contact_card(pane.crm, contact, account_name(&fetched, contact)),
                    remembered: found.len() > 1,
                }
            }
            (several, None) => {
                // Duplicates of one person usually share the company: its deals still show.
                let first = several[0].account.as_ref().map(|a| a.id.as_str());
                if several
                    .iter()
                    .all(|c| c.account.as_ref().map(|a| a.id.as_str()) == first)
                {
                    shown.extend(first);
                }
                ParticipantMatch::Ambiguous {
                    candidates: several
                        .iter()
                        .map(|c| contact_card(pane.crm, c, account_name(&fetched, c)))
                        .collect(),
                }
            }
        };
        participants.push(Participant {
            address: entry.address.clone(),
            name: entry.name.clone(),
            role: entry.role.to_owned(),
            matched,
        });
    }
    let accounts = fetched
        .into_iter()
        .filter(|(account, _)| shown.contains(&account.id.as_str()))
        .collect();
    Ok((participants, accounts))
}

async fn account_with_deals<C: CrmConnector>(
    crm: &C,
    id: &str,
) -> Result<AccountWithDeals, ProviderError> {
    let (account, deals) = futures::join!(crm.account(id), crm.open_opportunities(id));
    Ok((account?, deals?))
}

fn account_name<'a>(fetched: &'a [AccountWithDeals], contact: &Contact) -> Option<&'a str> {
    let id = &contact.account.as_ref()?.id;
    fetched
        .iter()
        .find(|(account, _)| &account.id == id)
        .map(|(account, _)| account.name.as_str())
}

/// The message's own text (Exchange's `uniqueBody`, else the whole body), when Graph sent text.
fn plain_text(message: Message) -> Option<String> {
    [message.unique_body, message.body]
        .into_iter()
        .flatten()
        .find(|body| body.content_type == BodyFormat::Text && !body.content.trim().is_empty())
        .map(|body| body.content)
}

/// "Add contact", prefilled from the display name (or address) and the signature.
fn unknown(entry: &Entry, signature: signature::Signature) -> ParticipantMatch {
    let name = entry.name.as_deref().or(signature.name.as_deref());
    let (first_name, last_name) = split_name(name, &entry.address);
    ParticipantMatch::Unknown {
        first_name,
        last_name,
        title: signature.title,
        phone: signature.phone,
        company: signature.company,
    }
}
