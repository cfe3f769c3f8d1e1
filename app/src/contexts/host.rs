//! The host seam: where the pane runs and which item is open there.
//!
//! The open item is a message ([`Host::item`]) or a meeting ([`Host::meeting`]), never both:
//! [`Host::open`] sets one and clears the other. In the browser preview the selection comes
//! from the preview's mailbox and calendar; in Outlook from Office.js (current item,
//! `ItemChanged` when pinned) through the shim in `crate::host::outlook`; in Teams from the
//! meeting chat in Teams' context, which the worker resolves to a [`MeetingItem`] with the
//! meeting's Graph event id. Components only read these signals, so the meeting cards never
//! depend on Outlook or Teams.

use crate::api::json::{self, Kind, ShapeError};
use closer_wire::{MailItem, MeetingItem};
use leptos::prelude::*;

/// What a host can have open. The Outlook shim reports it as `{"kind": "message", "item": …}`
/// or `{"kind": "appointment", "item": …}`, or `null` ([`HostItem::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostItem {
    /// An email.
    Message(MailItem),
    /// A calendar item (Outlook's appointment, a preview calendar event, a Teams meeting).
    Appointment(MeetingItem),
}

impl HostItem {
    /// The item a host shim reported: `kind` says which type `item` is read as. Read here
    /// rather than by serde's adjacently tagged enums, which buffer `item` whole first (that
    /// code was about 2 KB of the pane's first download gzipped; issue 16).
    pub fn read<J: json::Value>(value: J) -> Result<Option<HostItem>, ShapeError> {
        let entries = match value.kind() {
            Kind::Null => return Ok(None),
            Kind::Object(entries) => entries,
            _ => return Err(ShapeError),
        };
        let (mut kind, mut item) = (None, None);
        for (key, value) in entries {
            match key.as_str() {
                "kind" => kind = Some(value),
                "item" => item = Some(value),
                _ => {}
            }
        }
        let item = item.ok_or(ShapeError)?;
        match kind.map(J::kind) {
            Some(Kind::Text(kind)) if kind == "message" => {
                Ok(Some(HostItem::Message(json::from_value(item)?)))
            }
            Some(Kind::Text(kind)) if kind == "appointment" => {
                Ok(Some(HostItem::Appointment(json::from_value(item)?)))
            }
            _ => Err(ShapeError),
        }
    }
}

/// The host handle shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Host {
    /// The message open in the host, if any.
    pub item: RwSignal<Option<MailItem>>,
    /// The meeting open in the host, if any.
    pub meeting: RwSignal<Option<MeetingItem>>,
    /// Whether the host has said what is open at least once (Office.js reports a moment after
    /// the pane starts): until then "nothing open" is not known yet.
    pub reported: RwSignal<bool>,
}

impl Host {
    /// Makes `opened` the host's current item (`None`: nothing Closer can show is open).
    pub fn open(&self, opened: Option<HostItem>) {
        self.reported.set(true);
        match opened {
            Some(HostItem::Message(item)) => {
                self.meeting.set(None);
                self.item.set(Some(item));
            }
            Some(HostItem::Appointment(meeting)) => {
                self.item.set(None);
                self.meeting.set(Some(meeting));
            }
            None => {
                self.item.set(None);
                self.meeting.set(None);
            }
        }
    }
}

/// What the pane says while nothing is open, where a host has its own words (Teams opens a
/// meeting, never an email); without one, the pane asks for an email.
#[derive(Debug, Clone, Copy)]
pub struct NoItemHint(pub fn() -> String);

/// Provides the host for this page.
pub fn provide_host_context() -> Host {
    let host = Host {
        item: RwSignal::new(None),
        meeting: RwSignal::new(None),
        reported: RwSignal::new(false),
    };
    provide_context(host);
    host
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Option<HostItem>, ShapeError> {
        HostItem::read(serde_json::from_str::<serde_json::Value>(text).unwrap())
    }

    /// As the Outlook shim reports them (`app/js/office_host.js`), `item` before or after
    /// `kind`.
    #[test]
    fn an_outlook_item_is_read_by_its_kind() {
        let message = r#"{"kind": "message", "item": {"id": "AAMk1", "subject": "Proposal",
            "from": {"name": "Priya", "address": "priya@contoso.com"}, "to": [], "cc": [],
            "internet_message_id": "<1@contoso.com>", "conversation_id": null,
            "received": null, "preview": null, "unread": false}}"#;
        let Ok(Some(HostItem::Message(item))) = read(message) else {
            panic!("a message");
        };
        assert_eq!(item.subject, "Proposal");
        let meeting = r#"{"item": {"id": "AAMk2", "subject": "Review", "start": null,
            "end": null, "organizer": null, "required": [], "optional": [],
            "location": "Zurich"}, "kind": "appointment"}"#;
        let Ok(Some(HostItem::Appointment(meeting))) = read(meeting) else {
            panic!("a meeting");
        };
        assert_eq!(meeting.location.as_deref(), Some("Zurich"));
        assert_eq!(read("null"), Ok(None));
    }

    #[test]
    fn an_item_of_no_known_kind_or_shape_is_refused() {
        for text in [
            r#"{"kind": "task", "item": {}}"#,
            r#"{"kind": "message"}"#,
            r#"{"item": {"id": "x"}}"#,
            r#"{"kind": "message", "item": {"id": "x"}}"#,
            r#"{"kind": "appointment", "item": {"id": "AAMk1", "subject": "Proposal",
                "from": null, "to": [], "cc": [], "internet_message_id": null,
                "conversation_id": null, "received": null, "preview": null, "unread": false}}"#,
            r#""message""#,
        ] {
            assert_eq!(read(text), Err(ShapeError), "{text}");
        }
    }
}
