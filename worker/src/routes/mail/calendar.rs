//! `GET /api/mail/calendar?start=…&end=…`: the signed-in user's events in a time range, for the
//! browser preview's calendar (Outlook gives the pane its appointment itself). Ids, times and
//! people only: invitation bodies are never returned.

use crate::error::ApiFailure;
use crate::graph::calendar::Attendee;
use crate::graph::model::EmailAddress;
use crate::graph::{Event, GraphClient, TimeRange};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes::pane::meeting::utc_instant;
use closer_wire::{MailAddress, MeetingItem};

/// The longest range the preview may ask for: two months of a busy calendar fit Graph's pages.
pub const MAX_RANGE_DAYS: i64 = 62;

fn bad_range() -> ApiFailure {
    ApiFailure::BadRequest {
        reason: format!(
            "Expected ?start=…&end=… as ISO 8601 instants, start before end, at most {MAX_RANGE_DAYS} days apart."
        ),
    }
}

/// A person on a calendar item: the name when it is a real one, the address lowercased.
pub fn mail_address(email: &EmailAddress) -> MailAddress {
    MailAddress {
        name: Some(email.name.trim().to_owned()).filter(|n| !n.is_empty()),
        address: email.address.trim().to_ascii_lowercase(),
    }
}

fn attendees_of<'a>(event: &'a Event, kind: &'a str) -> impl Iterator<Item = &'a Attendee> {
    event
        .attendees
        .iter()
        .filter(move |a| a.kind.eq_ignore_ascii_case(kind))
}

/// The wire shape of a Graph event, without its body. Rooms and equipment (`resource`
/// attendees) are not people and are left out.
pub fn to_item(event: &Event) -> MeetingItem {
    let people = |kind| {
        attendees_of(event, kind)
            .map(|a| mail_address(&a.email_address))
            .filter(|a| !a.address.is_empty())
            .collect()
    };
    MeetingItem {
        id: event.id.clone(),
        subject: event.subject.clone(),
        start: event.start.as_ref().and_then(utc_instant),
        end: event.end.as_ref().and_then(utc_instant),
        organizer: event
            .organizer
            .as_ref()
            .map(|o| mail_address(&o.email_address))
            .filter(|a| !a.address.is_empty()),
        required: people("required"),
        optional: people("optional"),
        location: event
            .location
            .as_ref()
            .map(|l| l.display_name.trim().to_owned())
            .filter(|l| !l.is_empty()),
    }
}

/// The events overlapping `start`..`end`, in start order.
pub async fn calendar<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    start: Option<&str>,
    end: Option<&str>,
) -> Result<Vec<MeetingItem>, ApiFailure> {
    let range = match (start, end) {
        (Some(start), Some(end)) => TimeRange::new(start, end).ok_or_else(bad_range)?,
        _ => return Err(bad_range()),
    };
    if days_between(range.start(), range.end()).is_none_or(|days| days > MAX_RANGE_DAYS) {
        return Err(bad_range());
    }
    let (events, _complete) = graph.calendar_view(&range).await?;
    Ok(events
        .iter()
        .filter(|event| !event.is_cancelled)
        .map(to_item)
        .collect())
}

/// Whole days from one normalised `YYYY-MM-DDTHH:MM:SSZ` instant to another (rounded up).
fn days_between(start: &str, end: &str) -> Option<i64> {
    let day = |text: &str| -> Option<i64> {
        let year: i64 = text.get(0..4)?.parse().ok()?;
        let month: i64 = text.get(5..7)?.parse().ok()?;
        let day: i64 = text.get(8..10)?.parse().ok()?;
        // Days from civil (Howard Hinnant's algorithm), enough for a range check.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146_097 + doe)
    };
    let partial = i64::from(end.get(11..) > start.get(11..));
    Some(day(end)? - day(start)? + partial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::calendar::parse_event;

    #[test]
    fn an_event_becomes_an_item_without_rooms_or_body() {
        let event = parse_event(
            br#"{"id":"e1","subject":"Order form","bodyPreview":"secret terms",
            "start":{"dateTime":"2026-12-02T18:00:00.0000000","timeZone":"UTC"},
            "end":{"dateTime":"2026-12-02T18:30:00.0000000","timeZone":"UTC"},
            "organizer":{"emailAddress":{"name":"Megan Bowen","address":"Megan.Bowen@northwindtraders.com"}},
            "attendees":[
              {"type":"required","emailAddress":{"name":"Priya Raman","address":"Priya.Raman@contoso.com"}},
              {"type":"optional","emailAddress":{"name":"","address":"daniel.brooks@contoso.com"}},
              {"type":"resource","emailAddress":{"name":"Room 4","address":"room4@northwindtraders.com"}}],
            "location":{"displayName":"Microsoft Teams Meeting"}}"#,
        )
        .unwrap();
        let item = to_item(&event);
        assert_eq!(item.start.as_deref(), Some("2026-12-02T18:00:00Z"));
        assert_eq!(item.end.as_deref(), Some("2026-12-02T18:30:00Z"));
        assert_eq!(
            item.organizer.unwrap().address,
            "megan.bowen@northwindtraders.com"
        );
        assert_eq!(item.required[0].address, "priya.raman@contoso.com");
        assert_eq!(item.optional.len(), 1);
        assert_eq!(item.optional[0].name, None);
        assert_eq!(item.location.as_deref(), Some("Microsoft Teams Meeting"));
    }

    #[test]
    fn ranges_are_counted_in_days() {
        assert_eq!(
            days_between("2026-11-01T00:00:00Z", "2027-01-02T00:00:00Z"),
            Some(62)
        );
        assert_eq!(
            days_between("2026-11-01T00:00:00Z", "2027-01-02T00:00:01Z"),
            Some(63)
        );
        assert_eq!(
            days_between("2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z"),
            Some(2)
        );
    }
}
