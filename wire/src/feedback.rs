//! Feedback on AI answers: a seller's thumbs up or down (with an optional comment) on one
//! answer, and what an admin sees of them (counts per answer kind; comments only while insight
//! storage is on). The answer's text is never part of the feedback.

use serde::{Deserialize, Serialize};

/// The longest comment a seller may send, in characters.
pub const MAX_FEEDBACK_COMMENT_CHARS: usize = 500;

/// Which kind of AI answer the feedback is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// The email thread's summary (`/api/ai/summary`).
    Summary,
    /// A reply draft (`/api/ai/draft`).
    Draft,
    /// The deal analysis, "Summarize deal" (`/api/ai/opportunity`).
    DealAnalysis,
    /// The meeting recap (`/api/ai/recap`).
    Recap,
    /// The brief before a meeting (`/api/ai/meeting-prep`).
    MeetingPrep,
}

impl AnswerKind {
    /// Every kind, in the order the admin page lists them.
    pub const ALL: [Self; 5] = [
        Self::Summary,
        Self::Draft,
        Self::DealAnalysis,
        Self::Recap,
        Self::MeetingPrep,
    ];

    /// The kind's name as the pane and the admin page show it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Summary => "Email summary",
            Self::Draft => "Reply draft",
            Self::DealAnalysis => "Deal analysis",
            Self::Recap => "Meeting recap",
            Self::MeetingPrep => "Meeting prep",
        }
    }
}

/// Thumbs up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    /// The answer helped.
    Up,
    /// The answer did not help.
    Down,
}

/// `POST /api/ai/feedback`: one vote on one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendFeedback {
    /// Which kind of answer.
    pub feature: AnswerKind,
    /// Up or down.
    pub vote: Vote,
    /// What the seller wants to say (at most [`MAX_FEEDBACK_COMMENT_CHARS`]); kept only while
    /// the admin's insight storage is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The answer's correlation id, if the pane has one (kept only with the comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_id: Option<String>,
    /// The key of this seller's earlier vote on the same answer ([`FeedbackSent::key`]): it is
    /// replaced, so changing one's mind (or adding a comment) counts once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
}

/// The answer to [`SendFeedback`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSent {
    /// The vote's key: send it as [`SendFeedback::replaces`] to change the vote.
    pub key: String,
    /// Whether the comment was kept (insight storage on); `false` when there was none.
    pub comment_kept: bool,
}

/// The votes on one kind of answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackCount {
    /// Which kind of answer.
    pub feature: AnswerKind,
    /// Thumbs up.
    pub up: u32,
    /// Thumbs down.
    pub down: u32,
}

/// One kept comment, without who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackComment {
    /// Which kind of answer.
    pub feature: AnswerKind,
    /// The vote it came with.
    pub vote: Vote,
    /// The seller's words.
    pub comment: String,
    /// When, in seconds since the epoch.
    pub at: u64,
}

/// `GET /api/admin/feedback`: the tenant's feedback as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackReport {
    /// One entry per [`AnswerKind`], in [`AnswerKind::ALL`]'s order.
    pub counts: Vec<FeedbackCount>,
    /// Whether insight storage is on (comments are kept only then).
    pub insight_storage: bool,
    /// The newest kept comments, newest first (empty while insight storage is off).
    pub comments: Vec<FeedbackComment>,
}
