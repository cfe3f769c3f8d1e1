//! Reply drafts: what the pane asks for (`POST /api/ai/draft`) and the events the worker
//! streams back as `text/event-stream`, one JSON [`DraftEvent`] per `data:` line, so the pane
//! shows the first words before the model has finished.

use crate::ApiError;
use serde::{Deserialize, Serialize};

/// What kind of reply to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftCategory {
    /// "Reply to an inquiry".
    #[default]
    ReplyToInquiry,
    /// "Make a proposal".
    MakeProposal,
    /// "Address a concern".
    AddressConcern,
    /// The seller's own prompt ([`DraftRequest::custom_prompt`]).
    Custom,
}

impl DraftCategory {
    /// Every category, in the order the pane offers them.
    pub const ALL: [DraftCategory; 4] = [
        DraftCategory::ReplyToInquiry,
        DraftCategory::MakeProposal,
        DraftCategory::AddressConcern,
        DraftCategory::Custom,
    ];

    /// The label the pane shows.
    pub fn label(self) -> &'static str {
        match self {
            DraftCategory::ReplyToInquiry => "Reply to an inquiry",
            DraftCategory::MakeProposal => "Make a proposal",
            DraftCategory::AddressConcern => "Address a concern",
            DraftCategory::Custom => "Custom prompt",
        }
    }

    /// The snake_case key (select values, test ids).
    pub fn key(self) -> &'static str {
        match self {
            DraftCategory::ReplyToInquiry => "reply_to_inquiry",
            DraftCategory::MakeProposal => "make_proposal",
            DraftCategory::AddressConcern => "address_concern",
            DraftCategory::Custom => "custom",
        }
    }

    /// The category whose [`Self::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The voice of the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftTone {
    /// Courteous and businesslike.
    #[default]
    Professional,
    /// Warm and personal.
    Friendly,
    /// Polite and reserved.
    Formal,
    /// Direct and confident.
    Persuasive,
}

impl DraftTone {
    /// Every tone, in the order the pane offers them.
    pub const ALL: [DraftTone; 4] = [
        DraftTone::Professional,
        DraftTone::Friendly,
        DraftTone::Formal,
        DraftTone::Persuasive,
    ];

    /// The snake_case key, also the label's lowercase form.
    pub fn key(self) -> &'static str {
        match self {
            DraftTone::Professional => "professional",
            DraftTone::Friendly => "friendly",
            DraftTone::Formal => "formal",
            DraftTone::Persuasive => "persuasive",
        }
    }

    /// The tone whose [`Self::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

/// How long the reply should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftLength {
    /// A few sentences.
    Short,
    /// Two or three short paragraphs.
    #[default]
    Medium,
    /// A thorough answer.
    Long,
}

impl DraftLength {
    /// Every length, shortest first.
    pub const ALL: [DraftLength; 3] = [DraftLength::Short, DraftLength::Medium, DraftLength::Long];

    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            DraftLength::Short => "short",
            DraftLength::Medium => "medium",
            DraftLength::Long => "long",
        }
    }

    /// The length whose [`Self::key`] is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// The draft to improve and how, when refining.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRefinement {
    /// The draft as the pane shows it now.
    pub previous_draft: String,
    /// The seller's instruction, e.g. "shorter, and mention the pilot".
    pub instruction: String,
}

/// `POST /api/ai/draft`: draft a reply to the open message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftRequest {
    /// The Graph id of the open message (its thread is read by the worker).
    pub message_id: String,
    /// The thread's Graph id, when the host knows it (Office.js `conversationId`): spares the
    /// worker a read of the message first. Ignored when the message is not in that thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// What kind of reply.
    #[serde(default)]
    pub category: DraftCategory,
    /// The seller's own prompt; required for [`DraftCategory::Custom`], ignored otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_prompt: Option<String>,
    /// The voice.
    #[serde(default)]
    pub tone: DraftTone,
    /// The length.
    #[serde(default)]
    pub length: DraftLength,
    /// The language to write in, as the seller names it ("English", "Deutsch").
    #[serde(default = "default_language")]
    pub language: String,
    /// Offer the first free slots of the seller's working hours.
    #[serde(default)]
    pub suggest_meeting_slots: bool,
    /// Present when refining an earlier draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refine: Option<DraftRefinement>,
    /// The opportunity the pane shows as connected: read by the worker with the user's token
    /// and given to the model as grounding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
    /// The thread as [`DraftPrepareRequest`] prepared it when the draft card opened
    /// ([`PreparedDraft::prepared`], handed back unchanged): the worker then starts the model
    /// without reading the thread again. Ignored (the thread is read) when it no longer opens:
    /// expired, another user's or another message's, or sealed by another worker instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prepared: Option<String>,
}

/// `POST /api/ai/draft/prepare`: read and prepare the open message's thread now, while the
/// seller is still choosing the draft's options, so that Generate starts the model at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPrepareRequest {
    /// The Graph id of the open message.
    pub message_id: String,
    /// The thread's Graph id, when the host knows it (as in [`DraftRequest`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
}

/// The answer to [`DraftPrepareRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedDraft {
    /// The prepared thread, sealed by the worker (AES-256-GCM, for this user and message, for
    /// [`PreparedDraft::expires_in_seconds`]): opaque to the pane, which keeps it in memory
    /// only and sends it back in [`DraftRequest::prepared`].
    pub prepared: String,
    /// How long it opens.
    pub expires_in_seconds: u32,
}

fn default_language() -> String {
    "English".to_owned()
}

/// A free slot offered in the draft, in the seller's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSlot {
    /// Start, UTC (`2026-12-01T17:00:00Z`).
    pub start_utc: String,
    /// End, UTC.
    pub end_utc: String,
    /// How the seller reads it, e.g. `Tue 1 Dec, 09:00–09:30 (Pacific Standard Time)`.
    pub label: String,
}

/// One event of the draft stream, sent as `event: <kind>` and `data: <this, as JSON>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DraftEvent {
    /// First: what the draft is grounded in.
    Started {
        /// How many messages of the thread went into the prompt.
        messages_used: u32,
        /// How many older messages were left out to fit the budget.
        messages_cut: u32,
        /// The CRM record given as grounding ("Opportunity: …"), if any.
        grounded_in: Option<String>,
        /// The slots the draft may offer (empty unless asked for).
        slots: Vec<MeetingSlot>,
    },
    /// The next piece of the draft's text (plain text; the pane never renders it as HTML).
    Delta {
        /// The text to append.
        text: String,
    },
    /// The draft is complete.
    Done {
        /// Which model wrote it.
        model: String,
        /// `true` when the model stopped at its length limit.
        truncated: bool,
    },
    /// The model failed mid-stream; the text so far is incomplete.
    Error {
        /// The same body a failed request answers with.
        error: ApiError,
    },
}

impl DraftEvent {
    /// The SSE `event:` name of this event.
    pub fn kind(&self) -> &'static str {
        match self {
            DraftEvent::Started { .. } => "started",
            DraftEvent::Delta { .. } => "delta",
            DraftEvent::Done { .. } => "done",
            DraftEvent::Error { .. } => "error",
        }
    }
}
