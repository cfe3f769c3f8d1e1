//! The CRM as Closer sees it: one vocabulary and one trait, [`CrmConnector`], implemented for
//! Dynamics 365 ([`dataverse`], the Dataverse Web API) and Salesforce ([`salesforce`], REST).
//!
//! The CRM is the system of record: connectors read and write it live, in the user's token
//! context, and Closer keeps nothing but CRM ids. Both implementations must behave identically
//! to the pane; `worker/tests/it/crm_contract.rs` runs one suite against both over the sandbox.
//! Connectors are pure adapters over [`crate::http::HttpTransport`]; errors are
//! [`ProviderError`]s mapped by one function per vendor.

use crate::provider::ProviderError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub mod any;
pub mod dataverse;
pub mod metadata;
pub mod salesforce;

/// The kinds of CRM records Closer reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A person at a customer (Dataverse `contact`, Salesforce `Contact`).
    Contact,
    /// A company (`account` / `Account`).
    Account,
    /// A deal (`opportunity` / `Opportunity`).
    Opportunity,
    /// A to-do (`task` / `Task`).
    Task,
    /// A note (`annotation` / `Note` or `ContentNote`).
    Note,
    /// A saved email (`email` / `EmailMessage`, or `Task` where Enhanced Email is off).
    Email,
    /// A saved meeting (`appointment` / `Event`).
    Appointment,
}

/// A pointer to one CRM record: all Closer ever stores of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RecordRef {
    /// What kind of record.
    pub kind: RecordKind,
    /// The CRM's id (a GUID for Dataverse, an 18-character id for Salesforce).
    pub id: String,
}

impl RecordRef {
    /// A reference to `id` of `kind`.
    pub fn new(kind: RecordKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

/// The version a record had when read: Dataverse's `@odata.etag`, Salesforce's
/// `LastModifiedDate`. An update must carry the version it was based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordVersion(pub String);

/// The extra columns an admin put on the cards, by the CRM's own field names, for the email
/// lookup to read in its one request. Names that are not plain identifiers are dropped (they
/// go into a query).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardColumns {
    /// Extra contact fields.
    pub contact: Vec<String>,
    /// Extra account fields.
    pub account: Vec<String>,
    /// Extra opportunity fields.
    pub opportunity: Vec<String>,
}

impl CardColumns {
    /// Whether `name` is a field name Closer puts into a query: a letter, then letters, digits
    /// and underscores (Dataverse logical names, Salesforce API names with `__c`).
    pub fn is_field_name(name: &str) -> bool {
        let mut chars = name.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.len() <= 100
    }

    /// `names` without those that are not field names or are already in `standard`
    /// (comma-separated, compared without regard to case), each once.
    pub fn extra_of(names: &[String], standard: &str) -> Vec<String> {
        let mut kept: Vec<String> = Vec::new();
        for name in names {
            let taken = standard
                .split(',')
                .map(str::trim)
                .any(|s| s.eq_ignore_ascii_case(name))
                || kept.iter().any(|k| k.eq_ignore_ascii_case(name));
            if Self::is_field_name(name) && !taken {
                kept.push(name.clone());
            }
        }
        kept
    }
}

/// A lookup's target with its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLink {
    /// The linked record's id.
    pub id: String,
    /// Its display name, when the CRM returned one.
    pub name: Option<String>,
}

/// A contact, with the standard fields and the admin-chosen extra fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// CRM id.
    pub id: String,
    /// Full name.
    pub full_name: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Primary email.
    pub email: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Business phone.
    pub phone: Option<String>,
    /// The contact's company.
    pub account: Option<RecordLink>,
    /// Owner (a CRM user id).
    pub owner_id: Option<String>,
    /// Version for optimistic concurrency.
    pub version: RecordVersion,
    /// Extra fields the admin chose, by CRM field name, as the CRM returned them.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// An account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// CRM id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Website.
    pub website: Option<String>,
    /// Main phone.
    pub phone: Option<String>,
    /// Industry label.
    pub industry: Option<String>,
    /// Owner (a CRM user id).
    pub owner_id: Option<String>,
    /// Version for optimistic concurrency.
    pub version: RecordVersion,
    /// Extra fields the admin chose, by CRM field name, as the CRM returned them (shown as
    /// text: Dataverse's formatted value where it gives one).
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// An opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    /// CRM id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Sales stage label (Dataverse `stepname`/`salesstage` label, Salesforce `StageName`).
    pub stage: Option<String>,
    /// Estimated amount.
    pub amount: Option<f64>,
    /// ISO currency code, when known.
    pub currency: Option<String>,
    /// Estimated close date, `YYYY-MM-DD`.
    pub close_date: Option<String>,
    /// Whether it is still open.
    pub is_open: bool,
    /// The account it belongs to.
    pub account_id: Option<String>,
    /// Owner (a CRM user id).
    pub owner_id: Option<String>,
    /// Last activity date, `YYYY-MM-DD`, when the CRM tracks it.
    pub last_activity: Option<String>,
    /// Version for optimistic concurrency.
    pub version: RecordVersion,
    /// Extra fields the admin chose, by CRM field name, as the CRM returned them.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The signed-in user as the CRM knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmUser {
    /// The CRM's user id (`systemuserid` / `User.Id`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Email, when the CRM returned it.
    pub email: Option<String>,
    /// The organization's id.
    pub organization_id: Option<String>,
}

/// A new contact.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewContact {
    /// First name.
    pub first_name: Option<String>,
    /// Last name (required by both CRMs).
    pub last_name: String,
    /// Email.
    pub email: Option<String>,
    /// Job title.
    pub job_title: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Company to link.
    pub account_id: Option<String>,
}

/// A new task.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewTask {
    /// Subject.
    pub subject: String,
    /// Description.
    pub description: Option<String>,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// The record it is about.
    pub regarding: Option<RecordRef>,
}

/// A new note on one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewNote {
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// The record it is attached to.
    pub regarding: RecordRef,
}

/// One participant of an email or meeting: an address, resolved to a contact where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Email address as used in the message.
    pub address: String,
    /// Display name.
    pub name: Option<String>,
    /// The matched CRM contact, when there is exactly one (or the seller chose).
    pub contact_id: Option<String>,
}

/// An email to save as a CRM activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewEmailActivity {
    /// Subject.
    pub subject: String,
    /// HTML body (only what the seller chose to save).
    pub html_body: String,
    /// Sender.
    pub from: Party,
    /// To recipients.
    pub to: Vec<Party>,
    /// Cc recipients.
    pub cc: Vec<Party>,
    /// When it was sent, RFC 3339.
    pub sent_at: String,
    /// Whether it came into the seller's mailbox (vs sent by the seller).
    pub incoming: bool,
    /// The message's Internet Message-ID: the idempotency key of the save.
    pub internet_message_id: String,
    /// The record the email is about.
    pub regarding: Option<RecordRef>,
}

/// A meeting to save as a CRM activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewAppointment {
    /// Subject.
    pub subject: String,
    /// Start, RFC 3339.
    pub start: String,
    /// End, RFC 3339.
    pub end: String,
    /// Location.
    pub location: Option<String>,
    /// Notes.
    pub description: Option<String>,
    /// Attendees.
    pub attendees: Vec<Party>,
    /// The event's iCalUId: the idempotency key of the save.
    pub ical_uid: String,
    /// The record the meeting is about.
    pub regarding: Option<RecordRef>,
}

/// The idempotency key of a saved activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityKey {
    /// An email, by Internet Message-ID.
    InternetMessageId(String),
    /// A meeting, by iCalUId.
    ICalUid(String),
}

/// A change to some fields of one record, based on the version it was read at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldUpdate {
    /// The record.
    pub record: RecordRef,
    /// The version the seller saw; a different current version refuses the update.
    pub expected_version: RecordVersion,
    /// New values by the CRM's field name (for the pane's own fields, the name
    /// [`CrmConnector::editable_column`] gives).
    pub fields: BTreeMap<String, serde_json::Value>,
}

/// The longest text the pane writes to `field`: the shorter of the two CRMs' columns (each
/// connector's `writes.rs` states its own), so what one CRM takes the other takes too; `None`
/// for values that are not text.
pub fn editable_max_chars(field: closer_wire::EditableField) -> Option<usize> {
    [
        dataverse::editable_max_chars(field),
        salesforce::editable_max_chars(field),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// The largest amount the pane writes: Salesforce's `Amount` bound. Dynamics documents a lower
/// one for its estimated revenue (see `dataverse/writes.rs`), which the org enforces itself.
pub const MAX_AMOUNT: f64 = salesforce::MAX_AMOUNT;

/// The longest task subject the pane writes: the shorter of the two CRMs' subject columns (each
/// connector states its own), so neither CRM cuts a subject the other keeps whole.
pub const MAX_TASK_SUBJECT_CHARS: usize = {
    let (dataverse, salesforce) = (
        dataverse::body::TASK_SUBJECT_MAX,
        salesforce::ACTIVITY_SUBJECT,
    );
    if dataverse < salesforce {
        dataverse
    } else {
        salesforce
    }
};

/// The sales stages an opportunity may be put in now, as its CRM defines them: Dynamics' business
/// process flow (the stage before, the current one and the one after: a process instance moves
/// one stage at a time), Salesforce's active `StageName` picklist values.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SalesStages {
    /// The stages offered, in the sales process's order.
    pub stages: Vec<String>,
    /// The stage it is at, when the CRM said.
    pub current: Option<String>,
}

/// A search across record kinds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// What the seller typed.
    pub text: String,
    /// Which kinds to search.
    pub kinds: Vec<RecordKind>,
    /// Only active contacts/accounts and open opportunities.
    pub active_only: bool,
    /// Only records the signed-in user owns.
    pub owned_by_me: bool,
    /// At most this many hits.
    pub top: u32,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The record.
    pub record: RecordRef,
    /// Its display name.
    pub title: String,
    /// A second line (email, account, stage...).
    pub subtitle: Option<String>,
}

/// One page of a paged read, with the vendor's continuation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The continuation (`@odata.nextLink` / `nextRecordsUrl`), when there is more.
    pub next: Option<String>,
}

/// One note or activity on a record's timeline, as the CRM holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The note or activity (its kind says which: note, task, email or appointment).
    pub record: RecordRef,
    /// Title or subject.
    pub subject: String,
    /// Its text: a note's body, a task's or meeting's description (empty for emails, whose
    /// bodies are long HTML and already summarised from the mailbox).
    pub text: String,
    /// Who wrote or owns it (display name), when the CRM said.
    pub author: Option<String>,
    /// When it happened, RFC 3339 in UTC (`YYYY-MM-DDTHH:MM:SSZ`): a note's creation, a
    /// meeting's start, an email's send time, a task's creation.
    pub at: String,
    /// For a task: whether it is still open (Dataverse `statecode` 0, Salesforce `IsClosed`
    /// false); `None` for other entries, or when the CRM did not say.
    #[serde(default)]
    pub open: Option<bool>,
}

/// The latest notes and activities of one record, newest first, at most the asked number.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Timeline {
    /// Notes and activities together, newest first.
    pub entries: Vec<TimelineEntry>,
}

impl Timeline {
    /// Merges `entries` newest first and keeps at most `limit` of them.
    pub fn newest_first(mut entries: Vec<TimelineEntry>, limit: u32) -> Self {
        entries.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.record.cmp(&b.record)));
        entries.truncate(limit as usize);
        Self { entries }
    }
}

/// An account with its open opportunities (newest close date first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountDeals {
    /// The account.
    pub account: Account,
    /// Its open opportunities.
    pub open_opportunities: Vec<Opportunity>,
}

/// The people of an email as the CRM knows them: the contacts at the addresses and the
/// accounts of those contacts with their open deals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeopleFound {
    /// Every contact whose email is one of the addresses, in the CRM's order.
    pub contacts: Vec<Contact>,
    /// Each distinct account of those contacts, once, with its open opportunities.
    pub accounts: Vec<AccountDeals>,
}

/// The answer to [`CrmConnector::email_lookup`]: each part on its own, so one part failing
/// inside the batch leaves the other usable.
#[derive(Debug, Clone, PartialEq)]
pub struct EmailLookup {
    /// The people lookup, or why it failed.
    pub people: Result<PeopleFound, ProviderError>,
    /// The activity the email is already saved as (`None` also when no key was asked), or why
    /// the check failed.
    pub saved: Result<Option<RecordRef>, ProviderError>,
}

/// One CRM, read and written in the signed-in user's context.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait CrmConnector {
    /// The signed-in user (Dataverse `WhoAmI` + `systemusers`; Salesforce user info).
    async fn current_user(&self) -> Result<CrmUser, ProviderError>;

    /// Every contact whose email is one of `emails`, in **one** query (chunked only past the
    /// URL length limit). Values are escaped as the protocol requires: a hostile address cannot
    /// change the query.
    async fn contacts_by_emails(&self, emails: &[String]) -> Result<Vec<Contact>, ProviderError>;

    /// Everything the pane shows from the CRM when an email opens, in **one** HTTP request
    /// whatever the number of addresses (Dataverse `$batch`, Salesforce Composite): the contacts
    /// at `emails` with their accounts and the accounts' open opportunities, and the activity
    /// already saved for `saved_key`. `Err` only when the request as a whole failed; a part
    /// failing inside it is that part's error in the [`EmailLookup`].
    async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError>;

    /// One contact, with `extra_fields` beside the standard ones.
    async fn contact(&self, id: &str, extra_fields: &[String]) -> Result<Contact, ProviderError>;

    /// One account.
    async fn account(&self, id: &str) -> Result<Account, ProviderError>;

    /// One opportunity.
    async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError>;

    /// The open opportunities of an account, newest close date first.
    async fn open_opportunities(&self, account_id: &str)
    -> Result<Vec<Opportunity>, ProviderError>;

    /// A page of contacts, `page_size` at a time; `next` is the previous page's continuation.
    async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError>;

    /// Search across record kinds.
    async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError>;

    /// Creates a contact.
    async fn create_contact(&self, contact: &NewContact) -> Result<RecordRef, ProviderError>;

    /// Creates a task.
    async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError>;

    /// Creates a note on one record.
    async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError>;

    /// Updates fields if the record is still at `expected_version`; otherwise
    /// [`ProviderError::Conflict`] and nothing is written. Returns the new version.
    async fn update(&self, update: &FieldUpdate) -> Result<RecordVersion, ProviderError>;

    /// The CRM's own field that the pane's `field` is written to and read back from (each
    /// connector's table is in its `writes.rs`), or `None` when the value is not a field of the
    /// record: a stage kept by a business process flow, moved with [`Self::move_stage`].
    fn editable_column(&self, field: closer_wire::EditableField) -> Option<&'static str>;

    /// The stages opportunity `id` may be put in now, read from the CRM's metadata.
    async fn sales_stages(&self, id: &str) -> Result<SalesStages, ProviderError>;

    /// The fields of `card`'s records an admin may add to it, from the CRM's metadata
    /// ([`metadata`]). A connector without metadata offers none.
    async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        let _ = card;
        Ok(Vec::new())
    }

    /// Moves opportunity `id` to `stage` (one of [`Self::sales_stages`]) the way the CRM moves
    /// stages, if the opportunity is still at `expected_version`; otherwise
    /// [`ProviderError::Conflict`] and nothing is written.
    async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError>;

    /// Saves an email with its parties and regarding record.
    async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError>;

    /// Saves a meeting.
    async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError>;

    /// The activity already saved for `key`, if any (so saves are idempotent).
    async fn find_activity(&self, key: &ActivityKey) -> Result<Option<RecordRef>, ProviderError>;

    /// The latest notes and activities (tasks, emails, meetings) of one opportunity, newest
    /// first, at most `limit` (each source is read with the same bound, then merged).
    async fn opportunity_timeline(&self, id: &str, limit: u32) -> Result<Timeline, ProviderError>;

    /// The URL that opens `record` in the CRM's own UI.
    fn record_url(&self, record: &RecordRef) -> String;
}

#[cfg(test)]
mod tests {
    use super::*;
    use closer_wire::EditableField;

    /// The pane's limits are the tighter CRM's: a contact's phone is Salesforce's 40 (Dynamics
    /// takes 50), a job title and a stage Dynamics' 100 (Salesforce takes 128 and 255).
    #[test]
    fn the_pane_takes_what_both_crms_take() {
        assert_eq!(editable_max_chars(EditableField::Title), Some(100));
        assert_eq!(editable_max_chars(EditableField::Phone), Some(40));
        assert_eq!(editable_max_chars(EditableField::Stage), Some(100));
        assert_eq!(editable_max_chars(EditableField::Amount), None);
        assert_eq!(editable_max_chars(EditableField::CloseDate), None);
        assert_eq!(MAX_AMOUNT, 99_999_999_999_999.99);
        // Dynamics' `task.subject` 200, Salesforce's `Task.Subject` 255.
        assert_eq!(MAX_TASK_SUBJECT_CHARS, 200);
    }
}
