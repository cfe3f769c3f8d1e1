//! The wire contract between the pane (`app/`) and the worker (`worker/`).
//!
//! Plain serde types, nothing else: no logic, no I/O, no dependency on either side. Both crates
//! (and the sandbox, which must not share the worker's parsers) agree on these shapes only.

mod ai;
mod auth;
mod crm;
mod edit;
mod error;
mod health;
mod mail;
mod pane;
mod work;

pub use ai::{Summary, SummaryRequest};
pub use auth::{AuthConfig, Me};
pub use crm::{ConnectDynamics, CrmConnection, CrmVendor, DynamicsOrg, SalesforceSignIn};
pub use edit::{
    EditableField, EditableKind, FieldChange, RecordCard, RecordConflict, UpdateRecord, Updated,
};
pub use error::{ApiError, ApiErrorCode};
pub use health::{Health, UpstreamCheck, UpstreamKind, UpstreamStatus};
pub use mail::{MailAddress, MailItem};
pub use pane::{
    AccountCard, AddContact, ChooseContact, ContactCard, EmailContext, EmailContextRequest,
    OpportunityCard, Participant, ParticipantMatch, RecordLinkView, SaveEmail, Saved,
};
pub use work::{CreateTask, SearchRequest, SearchResult};
