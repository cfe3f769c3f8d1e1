//! AI answers for the open item.

use serde::{Deserialize, Serialize};

/// `POST /api/ai/summary`: summarize the thread of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRequest {
    /// The Graph id of the open message.
    pub message_id: String,
}

/// A thread summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The summary, as plain text (the pane renders it as text, never as HTML).
    pub text: String,
    /// Which model answered (the sandbox's is labelled as such).
    pub model: String,
    /// How many messages of the thread went into the prompt.
    pub messages_used: u32,
    /// How many older messages were left out to fit the budget.
    pub messages_cut: u32,
}
