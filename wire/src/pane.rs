//! The pane's one call for an open email: who the people are in the CRM, their accounts and
//! open deals, and whether the email is saved already. (`POST /api/pane/email`.)

use crate::{ApiError, MailAddress};
use serde::{Deserialize, Serialize};

/// What the host knows about the open email: ids and participants, never the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailContextRequest {
    /// The Graph (REST) id of the message (Outlook's EWS id already converted by the host).
    pub message_id: String,
    /// The Internet Message-ID, when the host has it (the save idempotency key).
    pub internet_message_id: Option<String>,
    /// Sender.
    pub from: Option<MailAddress>,
    /// To recipients.
    #[serde(deserialize_with = "crate::limits::addresses")]
    pub to: Vec<MailAddress>,
    /// Cc recipients.
    #[serde(deserialize_with = "crate::limits::addresses")]
    pub cc: Vec<MailAddress>,
}

/// A CRM record the pane can link to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLinkView {
    /// `contact`, `account`, `opportunity`, `email`, ...
    pub kind: String,
    /// CRM id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// "Open in CRM" URL.
    pub url: String,
}

/// The value of a CRM field an admin added to a card, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValue {
    /// The CRM's field name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Its value as the CRM shows it.
    pub value: String,
    /// Whether the seller may edit it (then `kind` and `options` say how).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editable: bool,
    /// Its type, from the CRM's metadata.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// A picklist's values: the pane offers a select of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// A contact card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactCard {
    /// CRM id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Job title.
    pub title: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The contact's account.
    pub account: Option<RecordLinkView>,
    /// "Open in CRM" URL.
    pub url: String,
    /// The record version (for inline edits).
    pub version: String,
    /// The admin's extra fields that have a value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<FieldValue>,
}

/// How a participant matched. On the wire, internally tagged by `state`:
/// `{"state": "matched", "contact": …, "remembered": false}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", try_from = "MatchFields")]
pub enum ParticipantMatch {
    /// Exactly one contact (or the seller's remembered choice among several).
    Matched {
        /// The contact.
        contact: ContactCard,
        /// Whether this came from a remembered choice.
        remembered: bool,
    },
    /// Several contacts share the address: the seller chooses (and the choice is remembered).
    Ambiguous {
        /// The candidates.
        candidates: Vec<ContactCard>,
    },
    /// No contact: offer "Add contact", prefilled.
    Unknown {
        /// First name guessed from the display name.
        first_name: Option<String>,
        /// Last name guessed from the display name.
        last_name: Option<String>,
        /// Job title from the sender's signature, when found.
        title: Option<String>,
        /// Phone from the sender's signature, when found.
        phone: Option<String>,
        /// Company from the signature, when found.
        company: Option<String>,
    },
}

/// [`ParticipantMatch`] as read: every variant's fields side by side, then checked against
/// `state`. The same JSON serde's internally tagged enum reads, without its buffering of the
/// whole value first, whose code (for every type inside) was about 5 KB of the pane's first
/// download gzipped (issue 16).
#[derive(Deserialize)]
struct MatchFields {
    state: MatchState,
    contact: Option<ContactCard>,
    remembered: Option<bool>,
    candidates: Option<Vec<ContactCard>>,
    first_name: Option<String>,
    last_name: Option<String>,
    title: Option<String>,
    phone: Option<String>,
    company: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum MatchState {
    Matched,
    Ambiguous,
    Unknown,
}

impl TryFrom<MatchFields> for ParticipantMatch {
    type Error = &'static str;

    fn try_from(fields: MatchFields) -> Result<Self, Self::Error> {
        Ok(match fields.state {
            MatchState::Matched => ParticipantMatch::Matched {
                contact: fields.contact.ok_or("a match without its contact")?,
                remembered: fields.remembered.ok_or("a match without `remembered`")?,
            },
            MatchState::Ambiguous => ParticipantMatch::Ambiguous {
                candidates: fields
                    .candidates
                    .ok_or("an ambiguous match without candidates")?,
            },
            MatchState::Unknown => ParticipantMatch::Unknown {
                first_name: fields.first_name,
                last_name: fields.last_name,
                title: fields.title,
                phone: fields.phone,
                company: fields.company,
            },
        })
    }
}

/// One external participant of the email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// The address as on the email (lowercased).
    pub address: String,
    /// The display name on the email.
    pub name: Option<String>,
    /// `from`, `to` or `cc`.
    pub role: String,
    /// The CRM match.
    pub matched: ParticipantMatch,
}

/// An account card with its open opportunities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountCard {
    /// The account.
    pub account: RecordLinkView,
    /// Industry.
    pub industry: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Open opportunities, newest close date first.
    pub opportunities: Vec<OpportunityCard>,
    /// The admin's extra fields that have a value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<FieldValue>,
}

/// An opportunity card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpportunityCard {
    /// The opportunity.
    pub record: RecordLinkView,
    /// Stage.
    pub stage: Option<String>,
    /// Amount.
    pub amount: Option<f64>,
    /// The amount's ISO 4217 currency code, when the CRM said (absent from older workers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Close date, `YYYY-MM-DD`.
    pub close_date: Option<String>,
    /// The record version (for inline edits).
    pub version: String,
    /// The admin's extra fields that have a value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<FieldValue>,
}

/// The answer to [`EmailContextRequest`]: every card at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailContext {
    /// External participants (internal colleagues are not looked up), in email order.
    pub participants: Vec<Participant>,
    /// The matched contacts' accounts, each once, with open opportunities.
    pub accounts: Vec<AccountCard>,
    /// The suggested regarding record for saving: the open opportunity of a matched account
    /// with the most recent activity.
    pub suggested_regarding: Option<RecordLinkView>,
    /// The CRM activity this email is already saved as, if any.
    pub saved_as: Option<RecordLinkView>,
    /// How many addresses were internal (the tenant's verified domains) and not looked up.
    pub internal_count: u32,
    /// The sections that could not be built, each with why: the pane shows an error card with
    /// a retry in that section's place and every other card as usual. A failed `people`
    /// section leaves `participants`, `accounts` and `suggested_regarding` empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<SectionFailure>,
}

/// A part of [`EmailContext`] that can fail on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaneSection {
    /// Who the participants are, their accounts and open deals (the CRM lookup).
    People,
    /// Whether the email is already saved to the CRM.
    Saved,
}

/// One section that failed, and the error to show in its place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionFailure {
    /// Which section.
    pub section: PaneSection,
    /// Why, in a sentence for the seller (with `retry_after_seconds` when the CRM said).
    pub error: ApiError,
}

impl EmailContext {
    /// The failure of `section`, if it failed.
    pub fn failure(&self, section: PaneSection) -> Option<&ApiError> {
        self.failed
            .iter()
            .find(|failure| failure.section == section)
            .map(|failure| &failure.error)
    }
}

/// `POST /api/pane/email/choose`: the seller picked one of several contacts for an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChooseContact {
    /// The address.
    pub address: String,
    /// The chosen contact's CRM id (must be one of the address's candidates).
    pub contact_id: String,
}

/// `POST /api/pane/email/contact`: create the CRM contact for an unknown participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddContact {
    /// Email address.
    pub email: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name (required).
    pub last_name: String,
    /// Job title.
    pub title: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

/// `POST /api/pane/email/save`: save the email to the CRM (idempotent by Internet Message-ID).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveEmail {
    /// The Graph id of the message (the worker reads subject, body and parties from Graph).
    pub message_id: String,
    /// The regarding record (`opportunity`/`account`/`contact` + id).
    pub regarding_kind: String,
    /// The regarding record's id.
    pub regarding_id: String,
}

/// The outcome of a save: the activity, created now or found from an earlier save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The CRM activity.
    pub activity: RecordLinkView,
    /// `false` when the email had been saved before (nothing new was written).
    pub created: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact() -> ContactCard {
        ContactCard {
            id: "c1".into(),
            name: "Priya Raman".into(),
            title: None,
            email: Some("priya@contoso.com".into()),
            phone: None,
            account: None,
            url: "https://crm/c1".into(),
            version: "7".into(),
            extra: vec![],
        }
    }

    #[test]
    fn a_match_is_written_tagged_by_state_and_read_back() {
        let matches = [
            ParticipantMatch::Matched {
                contact: contact(),
                remembered: true,
            },
            ParticipantMatch::Ambiguous {
                candidates: vec![contact(), contact()],
            },
            ParticipantMatch::Unknown {
                first_name: Some("Jörg".into()),
                last_name: None,
                title: None,
                phone: Some("+41".into()),
                company: None,
            },
        ];
        for (matched, state) in matches.iter().zip(["matched", "ambiguous", "unknown"]) {
            let text = serde_json::to_string(matched).unwrap();
            assert!(
                text.starts_with(&format!(r#"{{"state":"{state}""#)),
                "{text}"
            );
            assert_eq!(
                &serde_json::from_str::<ParticipantMatch>(&text).unwrap(),
                matched
            );
        }
    }

    #[test]
    fn a_match_is_read_whatever_the_order_of_its_fields() {
        let text = r#"{"remembered": false, "contact": {"id": "c1", "name": "Priya Raman",
            "title": null, "email": "priya@contoso.com", "phone": null, "account": null,
            "url": "https://crm/c1", "version": "7"}, "state": "matched"}"#;
        let read: ParticipantMatch = serde_json::from_str(text).unwrap();
        assert_eq!(
            read,
            ParticipantMatch::Matched {
                contact: contact(),
                remembered: false
            }
        );
        let unknown: ParticipantMatch = serde_json::from_str(r#"{"state": "unknown"}"#).unwrap();
        assert!(matches!(
            unknown,
            ParticipantMatch::Unknown {
                first_name: None,
                ..
            }
        ));
    }

    #[test]
    fn a_match_missing_what_its_state_needs_is_refused() {
        for text in [
            r#"{"state": "matched", "remembered": true}"#,
            r#"{"state": "matched", "contact": null, "remembered": true}"#,
            r#"{"state": "ambiguous"}"#,
            r#"{"state": "maybe"}"#,
            r#"{"candidates": []}"#,
        ] {
            assert!(
                serde_json::from_str::<ParticipantMatch>(text).is_err(),
                "{text}"
            );
        }
    }
}
