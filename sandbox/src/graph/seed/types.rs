//! The shapes of the seed: messages and how they quote, threads, events, Teams meetings with
//! transcripts, working hours and mailboxes. Data only, with `const` builders so the seed reads
//! as plain literals.

use super::Person;
use crate::demo::DemoUser;

/// The stored format of a message body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Written as HTML (Outlook, OWA).
    Html,
    /// Written as plain text (mobile clients, some gateways).
    Text,
}

/// How a reply quotes the message before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// A new message: nothing quoted.
    Nothing,
    /// `On <date>, <name> <addr> wrote:` followed by the previous message (Gmail, mobile).
    OnWrote,
    /// `-----Original Message-----` and a From/Sent/To/Subject header block (Outlook).
    OriginalMessage,
}

/// One message of a thread. Its quoted history is the previous message of the thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mail {
    /// Sender.
    pub from: &'static Person,
    /// To.
    pub to: &'static [&'static Person],
    /// Cc.
    pub cc: &'static [&'static Person],
    /// When it was sent (UTC); it arrived a few seconds later.
    pub sent: &'static str,
    /// Stored body format.
    pub format: Format,
    /// How it quotes the previous message.
    pub quote: Quote,
    /// What this message adds, sign-off included (paragraphs separated by blank lines).
    pub text: &'static str,
    /// Whether the sender's signature block follows.
    pub signature: bool,
    /// `cid:` of an inline image (a logo in the signature): not an attachment for Graph.
    pub inline_image: Option<&'static str>,
    /// A file attachment's name: sets `hasAttachments`.
    pub attachment: Option<&'static str>,
    /// Raw HTML after the text that a reader does not see (hidden styles, comments): how
    /// instructions get smuggled to a model. HTML bodies only.
    pub hidden_html: Option<&'static str>,
}

impl Mail {
    /// An HTML message quoting Outlook-style, with a signature.
    pub const fn html(
        from: &'static Person,
        to: &'static [&'static Person],
        cc: &'static [&'static Person],
        sent: &'static str,
        text: &'static str,
    ) -> Self {
        Self {
            from,
            to,
            cc,
            sent,
            format: Format::Html,
            quote: Quote::OriginalMessage,
            text,
            signature: true,
            inline_image: None,
            attachment: None,
            hidden_html: None,
        }
    }

    /// A plain-text message quoting Outlook-style, with a signature.
    pub const fn text(
        from: &'static Person,
        to: &'static [&'static Person],
        cc: &'static [&'static Person],
        sent: &'static str,
        text: &'static str,
    ) -> Self {
        Self {
            format: Format::Text,
            ..Self::html(from, to, cc, sent, text)
        }
    }

    /// Quotes `On … wrote:` style instead.
    pub const fn on_wrote(self) -> Self {
        Self {
            quote: Quote::OnWrote,
            ..self
        }
    }

    /// Starts a thread (quotes nothing).
    pub const fn first(self) -> Self {
        Self {
            quote: Quote::Nothing,
            ..self
        }
    }

    /// Without a signature block (quick replies, phones).
    pub const fn unsigned(self) -> Self {
        Self {
            signature: false,
            ..self
        }
    }

    /// With a file attachment.
    pub const fn attach(self, name: &'static str) -> Self {
        Self {
            attachment: Some(name),
            ..self
        }
    }

    /// With raw, hidden HTML after the text (HTML bodies only).
    pub const fn hiding(self, html: &'static str) -> Self {
        Self {
            hidden_html: Some(html),
            ..self
        }
    }

    /// With an inline image in the signature.
    pub const fn logo(self, cid: &'static str) -> Self {
        Self {
            inline_image: Some(cid),
            ..self
        }
    }
}

/// A conversation in one mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thread {
    /// Short tag that makes ids unique within the mailbox (`T01`).
    pub tag: &'static str,
    /// Subject of the first message; replies add `RE: `.
    pub subject: &'static str,
    /// Whether the newest message is still unread.
    pub unread: bool,
    /// Oldest first.
    pub mails: &'static [Mail],
}

/// An invited attendee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitee {
    /// Who.
    pub person: &'static Person,
    /// `required` or `optional`.
    pub kind: &'static str,
    /// `accepted`, `tentativelyAccepted`, `declined`, `none`.
    pub response: &'static str,
}

/// A calendar event in one mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Short tag that makes the id unique within the mailbox (`E01`).
    pub tag: &'static str,
    /// Shared by every attendee's copy.
    pub ical_uid: &'static str,
    /// Subject.
    pub subject: &'static str,
    /// Start, UTC, `YYYY-MM-DDTHH:MM:SS`.
    pub start: &'static str,
    /// End, UTC.
    pub end: &'static str,
    /// Organizer.
    pub organizer: &'static Person,
    /// Attendees (the organizer excluded).
    pub attendees: &'static [Invitee],
    /// Location display name.
    pub location: &'static str,
    /// `busy`, `tentative`, `free`, `oof`, `workingElsewhere`.
    pub show_as: &'static str,
    /// The mailbox owner's response (`organizer`, `accepted`, ...).
    pub response: &'static str,
    /// The Teams meeting chat id, for online meetings (see [`MEETINGS`]).
    pub chat_id: Option<&'static str>,
    /// Body text.
    pub body: &'static str,
    /// For a series master, how it repeats; `start`/`end` are then its first occurrence's.
    pub recurrence: Option<Weekly>,
}

/// A weekly recurrence: Graph's `patternedRecurrence` with a `weekly` pattern
/// (https://learn.microsoft.com/en-us/graph/api/resources/patternedrecurrence). The range starts
/// on the master's start date; with no `end_date` it is `noEnd`, otherwise `endDate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekly {
    /// Every `interval` weeks.
    pub interval: u32,
    /// Lowercase day names, as Graph writes `daysOfWeek` (`tuesday`).
    pub days_of_week: &'static [&'static str],
    /// The last day of the series, `YYYY-MM-DD` (inclusive), if it ends.
    pub end_date: Option<&'static str>,
}

/// A Teams online meeting with its chat and, once held, its transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meeting {
    /// `19:meeting_…@thread.v2`: what TeamsJS gives a meeting tab as `chat.id`.
    pub chat_id: &'static str,
    /// Organizer (a demo user).
    pub organizer: &'static DemoUser,
    /// Tag of the organizer's calendar event.
    pub event_tag: &'static str,
    /// Subject.
    pub subject: &'static str,
    /// Start, UTC.
    pub start: &'static str,
    /// End, UTC.
    pub end: &'static str,
    /// Invited attendees (the organizer excluded).
    pub attendees: &'static [&'static Person],
    /// The transcript, for meetings already held.
    pub transcript: Option<TranscriptSeed>,
}

/// A meeting transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TranscriptSeed {
    /// Graph's transcript id (`MSMjMCMj…`: base64 of `1##0##<guid>`).
    pub id: &'static str,
    /// When transcription started.
    pub created: &'static str,
    /// When it ended.
    pub ended: &'static str,
    /// The WebVTT content.
    pub vtt: &'static str,
}

/// Working hours in the mailbox's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    /// Lowercase day names.
    pub days: &'static [&'static str],
    /// `08:00:00.0000000`.
    pub start: &'static str,
    /// `17:00:00.0000000`.
    pub end: &'static str,
    /// `Some(bias)` when the hours were set in a custom time zone: Graph then describes the zone
    /// by its rules (`#microsoft.graph.customTimeZone`, bias in minutes, a free-text name such as
    /// "Customized Time Zone") instead of naming it, as in the documented examples of
    /// https://learn.microsoft.com/en-us/graph/api/user-get-mailboxsettings (example 3) and
    /// https://learn.microsoft.com/en-us/graph/api/calendar-getschedule.
    pub custom_zone_bias: Option<i64>,
}

/// One user's mailbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mailbox {
    /// The owner.
    pub owner: &'static DemoUser,
    /// The owner as a mail participant.
    pub person: &'static Person,
    /// Every REST id of this mailbox starts with this (Exchange ids embed the mailbox).
    pub id_prefix: &'static str,
    /// Windows time zone name.
    pub time_zone: &'static str,
    /// Working hours.
    pub hours: Hours,
    /// Conversations.
    pub threads: &'static [Thread],
    /// Calendar.
    pub events: &'static [Event],
}
