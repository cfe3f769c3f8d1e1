//! Meeting prep, "Before the meeting" (`POST /api/ai/meeting-prep`): for an open meeting, the
//! latest emails exchanged with its external attendees, the open tasks of its deal, the last
//! kept recap (insight storage only), and a short AI brief whose every point cites a verified
//! quote of one of those emails or of a CRM note.
//!
//! The emails and tasks never depend on the model: when the brief cannot be made, `brief` is
//! absent and `brief_unavailable` says why in one sentence, and the pane shows the rest.

use crate::Citation;
use serde::{Deserialize, Serialize};

/// `POST /api/ai/meeting-prep`: prepare the meeting `event_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPrepRequest {
    /// The calendar event's Graph id (the worker reads attendees from Graph itself).
    pub event_id: String,
    /// The deal the pane shows for the meeting, if any; without one, the worker takes the open
    /// deal of the attendees' account with the latest activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
}

/// One recent email with an external attendee: headers only, never the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepEmail {
    /// The Graph message id (what the brief's citations name).
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Sender's display name, or address when there is none.
    pub from: String,
    /// When it arrived (or was sent, for sent items), RFC 3339 UTC.
    pub received: Option<String>,
    /// Outlook on the web link, when Graph gave one.
    pub web_link: Option<String>,
}

/// An open task of the meeting's deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepTask {
    /// CRM id.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Who owns it, when the CRM said.
    pub owner: Option<String>,
    /// When it was created, RFC 3339 UTC.
    pub created: String,
    /// "Open in CRM".
    pub url: String,
}

/// The recap kept (insight storage on) after the last meeting about the same deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastRecap {
    /// The meeting it recaps.
    pub subject: String,
    /// When that meeting started, RFC 3339 UTC.
    pub held: Option<String>,
    /// Its points, as plain text.
    pub points: Vec<String>,
}

/// One point of the brief with the quotes that back it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepPoint {
    /// The statement, as plain text.
    pub text: String,
    /// Verified citations only (never empty): `message_id` is a Graph message id or a CRM
    /// note or activity id.
    pub citations: Vec<Citation>,
}

/// The AI brief: every point with at least one verified citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepBrief {
    /// What the customer cares about.
    pub cares_about: Vec<PrepPoint>,
    /// Questions still open.
    pub open_questions: Vec<PrepPoint>,
    /// A suggested agenda.
    pub agenda: Vec<PrepPoint>,
    /// Which model answered.
    pub model: String,
    /// Citations the model claimed that were not in their source, and were dropped.
    pub citations_dropped: u32,
}

/// The answer of `POST /api/ai/meeting-prep`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPrep {
    /// The latest emails exchanged with the external attendees, newest first.
    pub recent_emails: Vec<PrepEmail>,
    /// The deal's open tasks, newest first.
    pub open_tasks: Vec<PrepTask>,
    /// The deal the prep is about, when one was found.
    pub opportunity: Option<crate::RecordLinkView>,
    /// The last kept recap, when insight storage is on and one exists.
    pub last_recap: Option<LastRecap>,
    /// The brief; absent when it could not be made.
    pub brief: Option<PrepBrief>,
    /// Why there is no brief, in one sentence for the seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief_unavailable: Option<String>,
}
