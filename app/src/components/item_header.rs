//! The open item's header in the pane: a message's subject and participants, a meeting's
//! subject, time and attendees, or a hint to open one.

use crate::contexts::host::{Host, NoItemHint};
use crate::format::meeting_time_text;
use crate::tr;
use closer_wire::{MailItem, MeetingItem};
use leptos::prelude::*;

/// A meeting's time in the seller's zone and words, its day written once.
fn when(meeting: &MeetingItem) -> String {
    meeting
        .start
        .as_deref()
        .map(|start| meeting_time_text(start, meeting.end.as_deref()))
        .unwrap_or_default()
}

fn message_header(item: MailItem) -> AnyView {
    let from = item
        .from
        .map(|f| f.name.unwrap_or(f.address))
        .unwrap_or_default();
    let others = item.to.len() + item.cc.len();
    view! {
        <header class="item-header" data-testid="item-header">
            <strong data-testid="item-subject">{item.subject}</strong>
            <span class="muted">{tr!("header-from", from = from, others = others)}</span>
        </header>
    }
    .into_any()
}

fn meeting_header(meeting: MeetingItem) -> AnyView {
    let time = when(&meeting);
    let people = meeting.required.len() + meeting.optional.len();
    let organizer = meeting
        .organizer
        .as_ref()
        .map(|o| o.name.clone().unwrap_or_else(|| o.address.clone()))
        .unwrap_or_default();
    view! {
        <header class="item-header" data-testid="item-header" data-kind="meeting">
            <strong data-testid="item-subject">{meeting.subject}</strong>
            <span class="muted" data-testid="meeting-time">{time}</span>
            <span class="muted">{tr!("header-organized-by", organizer = organizer, count = people)}</span>
        </header>
    }
    .into_any()
}

/// The header of the host's current item.
#[component]
pub fn ItemHeader() -> impl IntoView {
    let host = expect_context::<Host>();
    let hint =
        use_context::<NoItemHint>().map_or_else(|| tr!("no-item-hint-email"), |hint| (hint.0)());
    move || match (host.item.get(), host.meeting.get()) {
        (Some(item), _) => message_header(item),
        (None, Some(meeting)) => meeting_header(meeting),
        (None, None) => view! {
            <p class="muted" data-testid="no-item">{hint.clone()}</p>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(start: Option<&str>, end: Option<&str>) -> MeetingItem {
        MeetingItem {
            id: "e".into(),
            subject: "s".into(),
            start: start.map(Into::into),
            end: end.map(Into::into),
            organizer: None,
            required: Vec::new(),
            optional: Vec::new(),
            location: None,
        }
    }

    #[test]
    fn without_intl_meeting_times_read_in_utc_and_one_day_once() {
        let same_day = meeting(Some("2026-12-02T18:00:00Z"), Some("2026-12-02T18:30:00Z"));
        assert_eq!(when(&same_day), "2026-12-02 18:00–18:30 UTC");
        let overnight = meeting(Some("2026-12-02T23:00:00Z"), Some("2026-12-03T01:00:00Z"));
        assert_eq!(when(&overnight), "2026-12-02 23:00 – 2026-12-03 01:00 UTC");
        assert_eq!(when(&meeting(None, None)), "");
    }
}
