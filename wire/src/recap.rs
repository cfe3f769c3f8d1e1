//! A past meeting's recap from its Teams transcript (`POST /api/ai/recap`): summary, action
//! items, the customer's questions and objections, next steps, tracker mentions and talk time,
//! every point citing a speaker, a timestamp and words the worker found in what that speaker
//! said; and the CRM updates the transcript suggests, each applied only on the seller's click
//! through the routes the pane already has (`/api/pane/task` with the suggestion's key,
//! `/api/ai/summary/note`, the conflict-safe `/api/pane/record`).

use crate::{EditableField, NoTranscript, RecordLinkView, SpeakerShare};
use serde::{Deserialize, Serialize};

/// `POST /api/ai/recap`: recap one meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRecapRequest {
    /// The calendar event's Graph id.
    pub event_id: String,
    /// The deal the meeting is about (the meeting pane's suggested regarding), if any: field
    /// suggestions (close date, amount, stage) are made for it only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
}

/// Where a recap point comes from: who said it, when, and their words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptCitation {
    /// The speaker, as the transcript names them.
    pub speaker: String,
    /// When the turn started, as shown (`m:ss` or `h:mm:ss` from the recording's start).
    pub at: String,
    /// The same, in seconds.
    pub at_seconds: u64,
    /// The quoted words, as the speaker said them.
    pub quote: String,
}

/// One verified point of a recap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecapPoint {
    /// The statement.
    pub text: String,
    /// Its verified citations (at least one).
    pub citations: Vec<TranscriptCitation>,
}

/// An action item someone took on in the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    /// What is to be done.
    pub text: String,
    /// Who took it on, as the transcript names them, when it says.
    pub owner: Option<String>,
    /// By when, `YYYY-MM-DD`, when the transcript says.
    pub due_date: Option<String>,
    /// Its verified citations (at least one).
    pub citations: Vec<TranscriptCitation>,
}

/// A tracker keyword (competitor, product, pricing) heard in the meeting, matched by the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptTrackerHit {
    /// The tracker list ("competitors", "products", "pricing").
    pub category: String,
    /// The keyword as configured.
    pub keyword: String,
    /// The first time it was said: who, when and the sentence.
    pub citation: TranscriptCitation,
    /// How many turns mention it.
    pub mentions: u32,
}

/// A CRM update the transcript suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SuggestedChange {
    /// A follow-up task (from an action item): `POST /api/pane/task` with
    /// [`CrmSuggestion::key`] as its idempotency key, so it is created at most once.
    Task {
        /// Subject.
        subject: String,
        /// Due date, `YYYY-MM-DD`.
        due_date: Option<String>,
        /// The record it is regarding (the deal, when the recap knew it).
        regarding: Option<RecordLinkView>,
    },
    /// The recap as a meeting note on the deal (or account): `POST /api/ai/summary/note` with
    /// the event id as its source, so it is saved at most once per record.
    Note {
        /// The note's title.
        title: String,
        /// The note's text.
        text: String,
        /// The record it is saved on.
        regarding: RecordLinkView,
    },
    /// A new value for one of the deal's fields: `POST /api/pane/record` at `version`, so a
    /// deal changed in the CRM since is a conflict, not an overwrite.
    Field {
        /// The opportunity.
        opportunity: RecordLinkView,
        /// Which field.
        field: EditableField,
        /// The suggested value (a stage the CRM offers, an amount, a `YYYY-MM-DD` date).
        value: String,
        /// The value the CRM holds now, as shown.
        current: Option<String>,
        /// The deal's version when the recap read it.
        version: String,
    },
}

/// One suggested CRM update, shown with its quote and applied only on the seller's click.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmSuggestion {
    /// Stable for the same suggestion of the same meeting (a hash): the idempotency key.
    pub key: String,
    /// What to change.
    pub change: SuggestedChange,
    /// The words it rests on (none for the recap note, which rests on the whole recap).
    pub citation: Option<TranscriptCitation>,
}

/// The answer of [`MeetingRecapRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MeetingRecap {
    /// The transcript was read, recapped and dropped.
    Ready(Box<Recap>),
    /// No transcript to recap: why, in one sentence.
    Unavailable {
        /// Why.
        reason: NoTranscript,
        /// One sentence for the seller.
        message: String,
    },
}

/// A meeting's recap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recap {
    /// The meeting's subject.
    pub subject: String,
    /// When it started, RFC 3339 UTC, when Graph said.
    pub held: Option<String>,
    /// What was discussed.
    pub summary: Vec<RecapPoint>,
    /// Who does what by when.
    pub action_items: Vec<ActionItem>,
    /// Questions the customer asked.
    pub questions: Vec<RecapPoint>,
    /// Objections the customer raised.
    pub objections: Vec<RecapPoint>,
    /// Agreed next steps.
    pub next_steps: Vec<RecapPoint>,
    /// Competitors, products and pricing heard, matched by the worker (not the model).
    pub trackers: Vec<TranscriptTrackerHit>,
    /// Talk time per speaker, most first.
    pub speakers: Vec<SpeakerShare>,
    /// Suggested CRM updates.
    pub suggestions: Vec<CrmSuggestion>,
    /// The model that wrote it.
    pub model: String,
    /// The transcript's length, in seconds.
    pub duration_seconds: u64,
    /// Model calls the transcript was split into to stay within the model's budget.
    pub parts: u32,
    /// Approximate prompt tokens of transcript sent, over all parts.
    pub prompt_tokens: u32,
    /// Citations that verified.
    pub citations_kept: u32,
    /// Citations that did not verify and were dropped with their points.
    pub citations_dropped: u32,
}
