//! Inline edit of a contact's or an opportunity's editable fields from the pane, with
//! optimistic concurrency. (`POST /api/pane/record`.)
//!
//! Success is `200` with [`Updated`]. A record changed in the CRM since the pane read it is a
//! `409` whose body is a [`RecordConflict`]: the one [`ApiError`] body (code `conflict`, so any
//! client decodes it as the error it is) with the record as the CRM holds it now beside it, so
//! the pane shows the fresh values instead of asking again. Nothing is written on a conflict.
//!
//! A stage is chosen, not typed: `POST /api/pane/record/stages` ([`StagesRequest`]) answers the
//! stages the CRM allows for the opportunity now ([`OpportunityStages`]); the worker refuses any
//! other stage with a `400`.

use crate::{ApiError, ContactCard, OpportunityCard};
use serde::{Deserialize, Serialize};

/// The kinds of record the pane edits inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditableKind {
    /// A contact (title, phone).
    Contact,
    /// An opportunity (stage, amount, close date).
    Opportunity,
}

/// The pane's neutral names for the fields it edits; the worker maps them to each CRM's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditableField {
    /// A contact's job title.
    Title,
    /// A contact's business phone.
    Phone,
    /// An opportunity's sales stage.
    Stage,
    /// An opportunity's amount: a number ≥ 0 as text (`48000`, `48000.50`).
    Amount,
    /// An opportunity's close date, `YYYY-MM-DD`.
    CloseDate,
}

/// One field's new value, as the seller typed it (the worker validates it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Which field.
    pub field: EditableField,
    /// The new value; never empty (clearing a field is not an inline edit).
    pub value: String,
}

/// `POST /api/pane/record`: change some fields of one record, if it is still at `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateRecord {
    /// The record's kind.
    pub kind: EditableKind,
    /// Its CRM id.
    pub id: String,
    /// The version the pane read it at (the card's `version`).
    pub version: String,
    /// The changes, each field at most once.
    #[serde(deserialize_with = "crate::limits::field_changes")]
    pub fields: Vec<FieldChange>,
    /// Changes of CRM fields the admin added to the card and lets sellers edit, by the CRM's
    /// field name; the pane sends text, the worker checks it against the field's type.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::field_changes"
    )]
    pub extra: Vec<ExtraChange>,
}

/// A new value for a CRM field the admin added to a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraChange {
    /// The CRM's field name.
    pub name: String,
    /// The new value as the seller typed or picked it; the worker checks it against the
    /// field's type and writes it typed. Empty clears the field.
    pub value: String,
}

/// A contact's or an opportunity's card, as the CRM holds it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordCard {
    /// A contact.
    Contact {
        /// Its card (with its new `version`).
        contact: ContactCard,
    },
    /// An opportunity.
    Opportunity {
        /// Its card (with its new `version`).
        opportunity: OpportunityCard,
    },
}

/// `200`: the update was written; the record as re-read after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Updated {
    /// The record with the new values and its new version.
    pub record: RecordCard,
}

/// `409`: the record changed in the CRM since it was read, so nothing was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordConflict {
    /// The error, code `conflict` (flattened: the body decodes as a plain [`ApiError`] too).
    #[serde(flatten)]
    pub error: ApiError,
    /// The record as the CRM holds it now: what the pane shows instead.
    pub current: RecordCard,
}

/// `POST /api/pane/record/stages`: the stages an opportunity may be put in now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagesRequest {
    /// The opportunity's CRM id.
    pub id: String,
}

/// `200`: the stages the CRM allows for the opportunity, in its sales process's order
/// (Dynamics: the business process flow's previous, current and next stage; Salesforce: the
/// org's active Stage picklist values).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpportunityStages {
    /// The stages to offer.
    pub stages: Vec<String>,
    /// The stage it is at, when the CRM said (else the card's `stage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
}
