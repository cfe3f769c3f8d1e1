//! `/api/pane/meeting*`: meetings in the pane, for either CRM. The calendar item's attendees as
//! CRM cards and whether it is saved ([`meeting_context`], `POST /api/pane/meeting`); saving it
//! as a Dynamics appointment or a Salesforce Event exactly once ([`save_meeting`],
//! `/meeting/save`); the user's event for a Teams meeting chat ([`meeting_for_chat`],
//! `/meeting/from-chat`); and talk time per speaker from a past meeting's Teams transcript
//! ([`meeting_transcript`], `/meeting/transcript`). The recap and the prep are AI routes
//! (`routes::ai::recap`, `routes::ai::meeting_prep`).
//!
//! The pane sends only the event's Graph id: the worker reads the event (attendees, times,
//! iCalUId) from Graph itself, so Outlook's appointment and a Teams meeting resolved to its
//! event ask the same way. The cards are the email pane's ([`crate::routes::pane::cards`]) over
//! the attendees; the save follows the email save's store row, CRM check and lock, keyed by
//! the iCalUId that every attendee's copy of the meeting shares.

pub mod context;
pub mod from_chat;
pub mod save;
pub mod transcript;

pub use context::meeting_context;
pub use from_chat::meeting_for_chat;
pub use save::save_meeting;
pub use transcript::meeting_transcript;

use crate::graph::model::DateTimeTimeZone;

/// The display name of a saved-meeting link (the pane shows "Saved" and opens the record).
pub const SAVED_MEETING_NAME: &str = "Saved meeting";

/// The key of a saved meeting in Closer's store (beside emails' Internet Message-IDs, which
/// always carry `@`; the prefix keeps the two apart).
pub fn saved_key(ical_uid: &str) -> String {
    format!("ical:{}", ical_uid.trim())
}

/// A Graph time asked in UTC (`2026-12-02T18:00:00.0000000`, zone `UTC`) as RFC 3339
/// (`2026-12-02T18:00:00Z`). `None` for a time in another zone (never asked for) or a
/// malformed one, rather than a wrong instant.
pub fn utc_instant(time: &DateTimeTimeZone) -> Option<String> {
    if !time.time_zone.eq_ignore_ascii_case("UTC") {
        return None;
    }
    let text = time.date_time.trim().trim_end_matches(['Z', 'z']);
    let seconds = text.split('.').next()?;
    let well_formed = seconds.len() == 19
        && seconds.char_indices().all(|(at, c)| match at {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            _ => c.is_ascii_digit(),
        });
    well_formed.then(|| format!("{seconds}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zoned(date_time: &str, time_zone: &str) -> DateTimeTimeZone {
        DateTimeTimeZone {
            date_time: date_time.into(),
            time_zone: time_zone.into(),
        }
    }

    #[test]
    fn graph_utc_times_become_rfc3339_and_anything_else_is_refused() {
        assert_eq!(
            utc_instant(&zoned("2026-12-02T18:00:00.0000000", "UTC")).as_deref(),
            Some("2026-12-02T18:00:00Z")
        );
        assert_eq!(
            utc_instant(&zoned("2026-12-02T18:00:00", "utc")).as_deref(),
            Some("2026-12-02T18:00:00Z")
        );
        assert_eq!(
            utc_instant(&zoned("2026-12-02T18:00:00", "Pacific Standard Time")),
            None
        );
        assert_eq!(utc_instant(&zoned("2026-12-02 18:00", "UTC")), None);
        assert_eq!(utc_instant(&zoned("", "UTC")), None);
    }

    #[test]
    fn meeting_keys_cannot_collide_with_message_ids() {
        assert_eq!(saved_key(" 0400ABC "), "ical:0400ABC");
    }
}
