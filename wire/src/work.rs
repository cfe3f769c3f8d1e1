//! The pane's work on the CRM beyond the open email: a follow-up task
//! (`POST /api/pane/task`) and a search across contacts, accounts and opportunities
//! (`POST /api/search`).

use crate::RecordLinkView;
use serde::{Deserialize, Serialize};

/// `POST /api/pane/task`: create a follow-up task. Answered with the task's [`RecordLinkView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateTask {
    /// Subject (required, at most 200 characters).
    pub subject: String,
    /// Due date, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// The regarding record's kind (`opportunity`/`account`/`contact`); empty with an empty
    /// `regarding_id` for a task about no record.
    pub regarding_kind: String,
    /// The regarding record's id.
    pub regarding_id: String,
    /// A key the pane makes for one intended task (a form, or one suggested next step): the
    /// same key creates at most one task, whatever the clicks, retries and re-summaries.
    /// Without it every request creates a task (a seller may want two alike).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

/// `POST /api/search`: search the CRM. Answered with up to 25 [`SearchResult`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    /// What the seller typed (2 to 100 characters).
    pub text: String,
    /// Which kinds to search: `contact`, `account`, `opportunity`; empty for all three.
    #[serde(deserialize_with = "crate::limits::kinds")]
    pub kinds: Vec<String>,
    /// Only active contacts and accounts, and open opportunities.
    pub active_only: bool,
    /// Only records the seller owns.
    pub owned_by_me: bool,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResult {
    /// The record, with its "Open in CRM" URL.
    pub record: RecordLinkView,
    /// A second line: email, industry, website or stage.
    pub subtitle: Option<String>,
}
