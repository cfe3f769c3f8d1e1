//! CRM context for a summary: the contact, account and connected opportunity of participants
//! matched to a CRM contact — the pane's matches (ids only, never record contents) or, when it
//! sends none, the worker's own lookup of the thread's external addresses. Everything is read
//! by the worker with the user's own CRM token and kept only if the contact's email really is
//! a participant of the thread and the opportunity belongs to one of their accounts, so a
//! tampered request cannot pull unrelated records into a prompt.

use crate::ai::thread::defuse;
use crate::crm::{Contact, CrmConnector, Opportunity};
use crate::graph::mail::Message;
use closer_wire::NoteTarget;
use std::collections::BTreeSet;

/// Contacts read at most per summary.
pub const MAX_CONTACTS: usize = 5;

/// What the model is told about the CRM, one line per record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrmContext {
    /// `Contact: …`, `Account: …`, `Opportunity: …`.
    pub lines: Vec<String>,
    /// The same records, as places to save the summary.
    pub records: Vec<NoteTarget>,
}

impl CrmContext {
    /// The `<crm>` DATA block, or nothing when there is no context.
    pub fn prompt(&self) -> String {
        if self.lines.is_empty() {
            return String::new();
        }
        format!("<crm>\n{}\n</crm>\n", self.lines.join("\n"))
    }
}

/// Every address that sent or received a message of the thread, lowercased.
pub fn participants(messages: &[Message]) -> BTreeSet<String> {
    messages
        .iter()
        .flat_map(|m| {
            m.from
                .iter()
                .chain(&m.to_recipients)
                .chain(&m.cc_recipients)
                .map(|r| r.email_address.address.trim().to_lowercase())
        })
        .filter(|a| !a.is_empty())
        .collect()
}

/// The thread's participants outside the seller's own domain that match exactly one CRM
/// contact (one lookup for all of them): the context when the pane did not name contacts.
pub async fn matched_contacts<C: CrmConnector>(
    crm: &C,
    participants: &BTreeSet<String>,
    seller_address: &str,
) -> Vec<String> {
    let own_domain = domain(seller_address);
    let external: Vec<String> = participants
        .iter()
        .filter(|a| domain(a) != own_domain)
        .take(MAX_CONTACTS)
        .cloned()
        .collect();
    if external.is_empty() {
        return Vec::new();
    }
    let Ok(found) = crm.contacts_by_emails(&external).await else {
        return Vec::new();
    };
    external
        .iter()
        .filter_map(|address| {
            let mut matching = found.iter().filter(|c| {
                c.email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(address))
            });
            match (matching.next(), matching.next()) {
                (Some(only), None) => Some(only.id.clone()),
                _ => None,
            }
        })
        .collect()
}

fn domain(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
        .unwrap_or_default()
}

/// Reads the context for `contact_ids` and `opportunity_id` (without one: the open deal of the
/// first matched account with the latest activity). CRM failures leave the context
/// out (the summary is still worth having); they never fail the summary.
pub async fn read<C: CrmConnector>(
    crm: &C,
    participants: &BTreeSet<String>,
    contact_ids: &[String],
    opportunity_id: Option<&str>,
) -> CrmContext {
    let mut lines = Vec::new();
    let mut records = Vec::new();
    let mut accounts: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for id in contact_ids.iter().take(MAX_CONTACTS) {
        if !seen.insert(id.as_str()) {
            continue;
        }
        let Ok(contact) = crm.contact(id, &[]).await else {
            continue;
        };
        let is_participant = contact
            .email
            .as_deref()
            .is_some_and(|e| participants.contains(&e.trim().to_lowercase()));
        if !is_participant {
            continue;
        }
        lines.push(contact_line(&contact));
        records.push(target("contact", &contact.id, &contact.full_name));
        if let Some(account) = contact.account.as_ref()
            && !accounts.contains(&account.id)
        {
            accounts.push(account.id.clone());
            if let Ok(account) = crm.account(&account.id).await {
                let mut line = format!("Account: {}", account.name);
                if let Some(industry) = account.industry.filter(|i| !i.is_empty()) {
                    line.push_str(&format!(", industry {industry}"));
                }
                lines.push(defuse(&line));
                records.push(target("account", &account.id, &account.name));
            }
        }
    }
    let opportunity = match opportunity_id.filter(|id| !id.trim().is_empty()) {
        Some(id) => crm.opportunity(id).await.ok(),
        None => match accounts.first() {
            Some(account) => crm
                .open_opportunities(account)
                .await
                .unwrap_or_default()
                .into_iter()
                .max_by(|a, b| a.last_activity.cmp(&b.last_activity)),
            None => None,
        },
    };
    if let Some(opportunity) = opportunity
        && opportunity
            .account_id
            .as_ref()
            .is_some_and(|a| accounts.contains(a))
    {
        lines.push(opportunity_line(&opportunity));
        records.push(target("opportunity", &opportunity.id, &opportunity.name));
    }
    CrmContext { lines, records }
}

fn target(entity: &str, id: &str, name: &str) -> NoteTarget {
    NoteTarget {
        entity: entity.to_owned(),
        record_id: id.to_owned(),
        name: name.to_owned(),
    }
}

fn contact_line(contact: &Contact) -> String {
    let mut line = format!("Contact: {}", contact.full_name);
    if let Some(title) = contact.job_title.as_deref().filter(|t| !t.is_empty()) {
        line.push_str(&format!(", {title}"));
    }
    if let Some(account) = contact.account.as_ref().and_then(|a| a.name.as_deref()) {
        line.push_str(&format!(", {account}"));
    }
    if let Some(email) = contact.email.as_deref() {
        line.push_str(&format!(" ({email})"));
    }
    defuse(&line)
}

fn opportunity_line(opportunity: &Opportunity) -> String {
    let mut line = format!("Opportunity: {}", opportunity.name);
    if let Some(stage) = opportunity.stage.as_deref() {
        line.push_str(&format!(", stage {stage}"));
    }
    if let Some(amount) = opportunity.amount {
        let currency = opportunity.currency.as_deref().unwrap_or("");
        line.push_str(&format!(", amount {amount:.0} {currency}"));
    }
    if let Some(close) = opportunity.close_date.as_deref() {
        line.push_str(&format!(", closes {close}"));
    }
    defuse(line.trim_end())
}
