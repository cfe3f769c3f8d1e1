//! AI answers for the open item: the thread summary with citations, key sales facts, trackers,
//! and saving a summary as a CRM note.
//!
//! Every statement the model makes carries [`Citation`]s; the worker keeps only those whose
//! quote it found verbatim in the cited source, and says how many it dropped.

use serde::{Deserialize, Serialize};

/// A quote backing a statement: which source (an email's Graph id, a CRM note's id…), who wrote
/// it, and the exact words. The pane shows it as a marker that reveals quote and sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// The id of the cited source (a Graph message id for thread summaries).
    pub message_id: String,
    /// Who wrote the source (an email address or a display name), as the worker knows it.
    pub sender: String,
    /// The quoted words, exactly as they appear in the source.
    pub quote: String,
}

/// `POST /api/ai/summary`: summarize the thread of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRequest {
    /// The Graph id of the open message.
    pub message_id: String,
    /// The thread's Graph id, when the host knows it (Office.js `conversationId`): spares the
    /// worker a read of the message first. Ignored when the message is not in that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// CRM ids of contacts the pane matched to participants: only their records (read by the
    /// worker with the user's token, never taken from the pane) become context.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::limits::ids"
    )]
    pub contact_ids: Vec<String>,
    /// The opportunity the pane shows as connected, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
}

/// One statement of a summary with the quotes that back it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPoint {
    /// The statement, as plain text (the pane renders it as text, never as HTML).
    pub text: String,
    /// Verified citations only.
    pub citations: Vec<Citation>,
}

/// A thread summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The summary, as plain text: the points joined, one per line.
    pub text: String,
    /// The points, each with its verified citations.
    #[serde(default)]
    pub points: Vec<SummaryPoint>,
    /// Key sales facts, each with a verified quote or "not mentioned".
    #[serde(default)]
    pub facts: Vec<SalesFact>,
    /// Tracker keywords found in the thread text (matched by the worker, not the model).
    #[serde(default)]
    pub trackers: Vec<TrackerHit>,
    /// Which model answered (the sandbox's is labelled as such).
    pub model: String,
    /// How many messages of the thread went into the prompt.
    pub messages_used: u32,
    /// How many older messages were left out to fit the budget.
    pub messages_cut: u32,
    /// Estimated tokens of the thread as the prompt carried it (after preparation).
    #[serde(default)]
    pub prompt_tokens: u32,
    /// Citations the model claimed that were not found in their source and were dropped.
    #[serde(default)]
    pub citations_dropped: u32,
    /// The CRM records whose fields were given to the model as context ("Contact: …").
    #[serde(default)]
    pub crm_context: Vec<String>,
    /// The records the summary may be saved on as a note (those of the CRM context).
    #[serde(default)]
    pub note_targets: Vec<NoteTarget>,
}

/// A CRM record a summary can be saved on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteTarget {
    /// `contact`, `account` or `opportunity`.
    pub entity: String,
    /// The record's CRM id.
    pub record_id: String,
    /// Its name, for the pane's choice.
    pub name: String,
}

/// The kinds of key sales facts, in the order the pane shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// Budget.
    Budget,
    /// Authority and stakeholders.
    Authority,
    /// The customer's need.
    Need,
    /// Timing.
    Timing,
    /// Competitors.
    Competitors,
    /// Pricing.
    Pricing,
    /// Next steps.
    NextSteps,
    /// Sentiment.
    Sentiment,
    /// Objections.
    Objections,
}

impl FactKind {
    /// Every kind, in display order.
    pub const ALL: [FactKind; 9] = [
        FactKind::Budget,
        FactKind::Authority,
        FactKind::Need,
        FactKind::Timing,
        FactKind::Competitors,
        FactKind::Pricing,
        FactKind::NextSteps,
        FactKind::Sentiment,
        FactKind::Objections,
    ];

    /// The label the pane shows.
    pub fn label(self) -> &'static str {
        match self {
            FactKind::Budget => "Budget",
            FactKind::Authority => "Authority / stakeholders",
            FactKind::Need => "Need",
            FactKind::Timing => "Timing",
            FactKind::Competitors => "Competitors",
            FactKind::Pricing => "Pricing",
            FactKind::NextSteps => "Next steps",
            FactKind::Sentiment => "Sentiment",
            FactKind::Objections => "Objections",
        }
    }

    /// The snake_case key (JSON schema property names, test ids).
    pub fn key(self) -> &'static str {
        match self {
            FactKind::Budget => "budget",
            FactKind::Authority => "authority",
            FactKind::Need => "need",
            FactKind::Timing => "timing",
            FactKind::Competitors => "competitors",
            FactKind::Pricing => "pricing",
            FactKind::NextSteps => "next_steps",
            FactKind::Sentiment => "sentiment",
            FactKind::Objections => "objections",
        }
    }
}

/// One key sales fact: `value` is `None` ("not mentioned") unless a quote verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFact {
    /// Which fact.
    pub kind: FactKind,
    /// The fact in a few words, or `None` when not mentioned (or its quote did not verify).
    pub value: Option<String>,
    /// The verified quotes.
    pub citations: Vec<Citation>,
}

/// A configured tracker keyword found in the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackerHit {
    /// The tracker list ("competitors", "products", "pricing").
    pub category: String,
    /// The keyword as configured.
    pub keyword: String,
    /// The message it occurs in.
    pub message_id: String,
    /// The sentence it occurs in.
    pub sentence: String,
}

/// `POST /api/ai/summary/note`: save a summary as a note on one CRM record, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSummaryNote {
    /// The Graph id of the open message or meeting event (the note is keyed by it and the
    /// record, unless `key` is given).
    pub message_id: String,
    /// `contact`, `account` or `opportunity`.
    pub entity: String,
    /// The record's CRM id.
    pub record_id: String,
    /// The note's title.
    pub title: String,
    /// The note's text: the summary as the seller saw it.
    pub text: String,
    /// A key the pane makes for one intended note when the source can hold several (the
    /// meeting-note form: one key per note written): the note is then saved once per key and
    /// record instead of once per source and record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The answer of [`SaveSummaryNote`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNote {
    /// The CRM id of the note.
    pub note_id: String,
    /// `true` when the note already existed and nothing new was written.
    pub already_saved: bool,
}
