//! The host seam: where the pane runs and which item is open there.
//!
//! The open item is a message ([`Host::item`]) or a meeting ([`Host::meeting`]), never both:
//! [`Host::open`] sets one and clears the other. In the browser preview the selection comes
//! from the preview's mailbox and calendar; in Outlook from Office.js (current item,
//! `ItemChanged` when pinned) through the shim in `crate::host::outlook`; in Teams from the
//! meeting chat in Teams' context, which the worker resolves to a [`MeetingItem`] with the
//! meeting's Graph event id. Components only read these signals, so the meeting cards never
//! depend on Outlook or Teams.

use closer_wire::{MailItem, MeetingItem};
use leptos::prelude::*;
use serde::Deserialize;

/// What a host can have open.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum HostItem {
    /// An email.
    Message(MailItem),
    /// A calendar item (Outlook's appointment, a preview calendar event, a Teams meeting).
    Appointment(MeetingItem),
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
