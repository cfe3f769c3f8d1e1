//! Calendar: one event (for saving a meeting and for meeting prep) and the events of a time
//! range (`calendarView`, recurrences expanded by Graph), plus the UTC [`TimeRange`] every
//! calendar read takes. Free/busy and working hours are in `availability`.
//!
//! Times go out and come back in UTC (`Prefer: outlook.timezone="UTC"`); turning them into the
//! seller's zone is the pane's job.

use super::client::GraphClient;
use super::model::{DateTimeTimeZone, ItemBody, Recipient, null_as_default, parse_json};
use super::query::{self, JSON};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{ProviderError, Sleeper};
use crate::time::{format_utc, utc_millis};
use serde::Deserialize;
use url::Url;

const EVENT_SELECT: &str = "subject,start,end,organizer,attendees,isOnlineMeeting,\
onlineMeeting,onlineMeetingProvider,location,iCalUId,webLink,showAs,isCancelled,bodyPreview";
/// Asks Graph for every time in UTC.
pub(crate) const UTC_PREFERENCE: &str = "outlook.timezone=\"UTC\"";
/// Events per `calendarView` page.
pub const CALENDAR_PAGE_SIZE: u32 = 50;
/// Pages read per `calendarView` at most (200 events).
pub const MAX_CALENDAR_PAGES: usize = 4;

/// A UTC time range, validated and normalised to `YYYY-MM-DDTHH:MM:SSZ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    start: String,
    end: String,
}

impl TimeRange {
    /// A range from two ISO 8601 instants; `None` unless both parse and `start < end`.
    pub fn new(start: &str, end: &str) -> Option<Self> {
        let (start, end) = (utc_millis(start)?, utc_millis(end)?);
        (start < end).then(|| Self {
            start: format_utc(start),
            end: format_utc(end),
        })
    }

    /// Start, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn start(&self) -> &str {
        &self.start
    }

    /// End, `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn end(&self) -> &str {
        &self.end
    }

    /// `instant` as a `dateTimeTimeZone` in UTC (no offset in `dateTime`, as Graph wants).
    pub(crate) fn zoned(instant: &str) -> DateTimeTimeZone {
        DateTimeTimeZone {
            date_time: instant.trim_end_matches('Z').to_owned(),
            time_zone: "UTC".into(),
        }
    }
}

/// A calendar event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Event {
    /// REST id.
    pub id: String,
    /// The id shared by every attendee's copy: the key a saved meeting is idempotent on.
    #[serde(rename = "iCalUId")]
    pub ical_uid: Option<String>,
    /// Subject.
    #[serde(deserialize_with = "null_as_default")]
    pub subject: String,
    /// Start (UTC as asked).
    pub start: Option<DateTimeTimeZone>,
    /// End (UTC as asked).
    pub end: Option<DateTimeTimeZone>,
    /// Organizer.
    pub organizer: Option<Recipient>,
    /// Attendees with their type and response.
    #[serde(deserialize_with = "null_as_default")]
    pub attendees: Vec<Attendee>,
    /// Whether it is an online meeting.
    pub is_online_meeting: bool,
    /// Join details of the online meeting.
    pub online_meeting: Option<OnlineMeetingInfo>,
    /// Where.
    pub location: Option<Location>,
    /// Outlook on the web link.
    pub web_link: Option<String>,
    /// `free`, `tentative`, `busy`, `oof`, `workingElsewhere`, `unknown`.
    pub show_as: Option<String>,
    /// Whether the organizer cancelled it.
    pub is_cancelled: bool,
    /// The start of the body as text.
    pub body_preview: Option<String>,
    /// The body, when selected.
    pub body: Option<ItemBody>,
}

/// An attendee of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attendee {
    /// `required`, `optional` or `resource`.
    #[serde(rename = "type", deserialize_with = "null_as_default")]
    pub kind: String,
    /// The attendee's address.
    #[serde(deserialize_with = "null_as_default")]
    pub email_address: super::model::EmailAddress,
    /// Their response.
    pub status: Option<ResponseStatus>,
}

/// An attendee's response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResponseStatus {
    /// `none`, `organizer`, `tentativelyAccepted`, `accepted`, `declined`, `notResponded`.
    #[serde(deserialize_with = "null_as_default")]
    pub response: String,
}

/// Join details of an event's online meeting (`onlineMeetingInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnlineMeetingInfo {
    /// The Teams join URL: the key to the meeting's `onlineMeeting` and transcripts.
    pub join_url: Option<String>,
}

/// An event's location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Location {
    /// Display name.
    #[serde(deserialize_with = "null_as_default")]
    pub display_name: String,
}

/// `GET /me/events/{id}` in UTC.
pub fn event_request(base: &Url, id: &str) -> Result<UpstreamRequest, TransportError> {
    let url = query::endpoint(base, &["me", "events", id], &[("$select", EVENT_SELECT)])?;
    query::get(&url, JSON, Some(UTC_PREFERENCE))
}

/// `GET /me/calendarView` for `range`, in UTC, ordered by start.
pub fn calendar_view_request(
    base: &Url,
    range: &TimeRange,
) -> Result<UpstreamRequest, TransportError> {
    let top = CALENDAR_PAGE_SIZE.to_string();
    let url = query::endpoint(
        base,
        &["me", "calendarView"],
        &[
            ("startDateTime", range.start()),
            ("endDateTime", range.end()),
            ("$select", EVENT_SELECT),
            ("$orderby", "start/dateTime"),
            ("$top", &top),
        ],
    )?;
    query::get(&url, JSON, Some(UTC_PREFERENCE))
}

/// Parses one event.
pub fn parse_event(body: &[u8]) -> Result<Event, ProviderError> {
    parse_json("event", body)
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// One event by REST id.
    pub async fn event(&self, id: &str) -> Result<Event, ProviderError> {
        let response = self
            .read("event", event_request(self.base_url(), id))
            .await?;
        parse_event(response.body())
    }

    /// The events overlapping `range` (recurrences expanded by Graph), ordered by start.
    /// Returns the events and whether the view was read to its end.
    pub async fn calendar_view(
        &self,
        range: &TimeRange,
    ) -> Result<(Vec<Event>, bool), ProviderError> {
        let request = calendar_view_request(self.base_url(), range);
        self.read_pages("calendar view", request, MAX_CALENDAR_PAGES)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    #[test]
    fn ranges_are_validated_and_normalised_to_utc() {
        let range = TimeRange::new("2026-12-01T00:00:00-08:00", "2026-12-02T08:00:00.000Z");
        let range = range.unwrap();
        assert_eq!(
            (range.start(), range.end()),
            ("2026-12-01T08:00:00Z", "2026-12-02T08:00:00Z")
        );
        assert_eq!(
            TimeRange::new("2026-12-02T00:00:00Z", "2026-12-01T00:00:00Z"),
            None
        );
        assert_eq!(TimeRange::new("tomorrow", "2026-12-01T00:00:00Z"), None);
    }

    #[test]
    fn calendar_view_asks_for_utc_in_start_order() {
        let range = TimeRange::new("2026-12-01T00:00:00Z", "2026-12-08T00:00:00Z").unwrap();
        let request = calendar_view_request(&base(), &range).unwrap();
        assert_eq!(request.headers()["prefer"], UTC_PREFERENCE);
        let query = request.uri().query().unwrap();
        assert!(query.starts_with(
            "startDateTime=2026-12-01T00%3A00%3A00Z&endDateTime=2026-12-08T00%3A00%3A00Z"
        ));
        assert!(query.contains("$orderby=start%2FdateTime"));
    }

    #[test]
    fn events_parse_with_join_url_and_ical_uid() {
        let body = br#"{"id":"e1","iCalUId":"040000008200E0","subject":"Review",
            "start":{"dateTime":"2026-11-19T18:00:00.0000000","timeZone":"UTC"},
            "attendees":[{"type":"required","status":{"response":"accepted","time":"x"},
              "emailAddress":{"name":"Priya","address":"priya@contoso.com"}}],
            "isOnlineMeeting":true,"onlineMeeting":{"joinUrl":"https://teams.example/l/x"},
            "location":null}"#;
        let event = parse_event(body).unwrap();
        assert_eq!(event.ical_uid.as_deref(), Some("040000008200E0"));
        assert_eq!(event.attendees[0].kind, "required");
        assert_eq!(
            event.attendees[0].status.as_ref().unwrap().response,
            "accepted"
        );
        assert_eq!(
            event.online_meeting.unwrap().join_url.as_deref(),
            Some("https://teams.example/l/x")
        );
        assert_eq!(event.location, None);
    }
}
