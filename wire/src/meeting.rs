//! Meetings as the pane sees them: a calendar item open in the host (Outlook's appointment, the
//! preview's calendar, later a Teams meeting), its attendees' CRM cards and whether it is saved
//! (`POST /api/pane/meeting`), and saving it to the CRM (`POST /api/pane/meeting/save`, answered
//! with [`crate::Saved`]).

use crate::{AccountCard, MailAddress, Participant, RecordLinkView};
use serde::{Deserialize, Serialize};

/// A calendar item: ids, times and people only, never the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingItem {
    /// The Graph (REST) id of the event (Outlook's EWS id already converted by the host).
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Start, RFC 3339 (UTC).
    pub start: Option<String>,
    /// End, RFC 3339 (UTC).
    pub end: Option<String>,
    /// The organizer.
    pub organizer: Option<MailAddress>,
    /// Required attendees.
    #[serde(deserialize_with = "crate::limits::addresses")]
    pub required: Vec<MailAddress>,
    /// Optional attendees.
    #[serde(deserialize_with = "crate::limits::addresses")]
    pub optional: Vec<MailAddress>,
    /// Where, as the invitation says.
    pub location: Option<String>,
}

/// `POST /api/pane/meeting`: the cards for one meeting. Only the id travels: the worker reads
/// the event (attendees and iCalUId) from Graph, so a host that knows less than Outlook (Teams)
/// asks the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingContextRequest {
    /// The Graph (REST) id of the event.
    pub event_id: String,
}

/// The answer to [`MeetingContextRequest`]: every card at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingContext {
    /// The meeting as Graph has it.
    pub meeting: MeetingItem,
    /// External attendees (colleagues are not looked up), organizer first; `role` is
    /// `organizer`, `required` or `optional`.
    pub attendees: Vec<Participant>,
    /// The matched contacts' accounts, each once, with open opportunities.
    pub accounts: Vec<AccountCard>,
    /// The suggested regarding record for saving: an open opportunity of a matched account.
    pub suggested_regarding: Option<RecordLinkView>,
    /// The CRM appointment (Dynamics) or Event (Salesforce) this meeting is saved as, if any.
    pub saved_as: Option<RecordLinkView>,
    /// How many attendees were internal (the tenant's verified domains) and not looked up.
    pub internal_count: u32,
}

/// `POST /api/pane/meeting/save`: save the meeting to the CRM (idempotent by iCalUId).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveMeeting {
    /// The Graph id of the event (the worker reads subject, times and attendees from Graph).
    pub event_id: String,
    /// The regarding record (`opportunity`/`account`/`contact`).
    pub regarding_kind: String,
    /// The regarding record's id.
    pub regarding_id: String,
}

/// `POST /api/pane/meeting/transcript`: who spoke how much in a meeting that had a Teams
/// transcript (the first part of the recap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTranscriptRequest {
    /// The calendar event's Graph id.
    pub event_id: String,
}

/// One speaker's share of a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerShare {
    /// Who, as the transcript names them.
    pub speaker: String,
    /// Seconds spoken.
    pub talk_seconds: u64,
    /// Share of all speech, in percent.
    pub share_pct: f64,
}

/// Why a meeting has no transcript Closer can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoTranscript {
    /// Not a Teams meeting.
    NotOnline,
    /// Teams has no meeting under its join link for this user.
    NotFound,
    /// Transcription was off, or the transcript is not ready yet.
    NotRecorded,
    /// The organization does not let apps read transcripts.
    Forbidden,
    /// A meeting in a Teams channel: Graph's transcript API does not serve those.
    ChannelMeeting,
}

/// The answer: talk time per speaker, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum MeetingTranscript {
    /// The transcript was read (and dropped): the speakers, most talk first.
    Ready {
        /// Speakers, most talk first.
        speakers: Vec<SpeakerShare>,
        /// Turns (uninterrupted stretches of one speaker).
        turns: u32,
    },
    /// No transcript.
    Unavailable {
        /// Why.
        reason: NoTranscript,
        /// One sentence for the seller.
        message: String,
    },
}

/// `POST /api/pane/meeting/from-chat`: the user's calendar event (answered as a
/// [`MeetingItem`]) for the Teams meeting whose chat a Teams tab is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingForChat {
    /// The meeting chat's id, as Teams' context gives it (`19:meeting_…@thread.v2`).
    pub chat_id: String,
}
