//! Availability: free/busy of people in the tenant (`POST /me/calendar/getSchedule`, a read
//! despite the verb) and the user's time zone and working hours (`GET /me/mailboxSettings`),
//! which together give the first free slots a drafted reply can offer
//! (https://learn.microsoft.com/en-us/graph/api/calendar-getschedule).

use super::calendar::{TimeRange, UTC_PREFERENCE};
use super::client::GraphClient;
use super::model::{DateTimeTimeZone, Page, null_as_default, parse_json};
use super::query::{self, JSON};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{ProviderError, Sleeper};
use serde::{Deserialize, Serialize};
use url::Url;

/// One person's free/busy (`scheduleInformation`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Schedule {
    /// The address asked about.
    #[serde(deserialize_with = "null_as_default")]
    pub schedule_id: String,
    /// One digit per interval: 0 free, 1 tentative, 2 busy, 3 out of office, 4 elsewhere.
    #[serde(deserialize_with = "null_as_default")]
    pub availability_view: String,
    /// The busy blocks.
    #[serde(deserialize_with = "null_as_default")]
    pub schedule_items: Vec<ScheduleItem>,
    /// The person's working hours.
    pub working_hours: Option<WorkingHours>,
    /// Why this person's schedule is not available (unknown address, no permission).
    pub error: Option<ScheduleError>,
}

/// A block in someone's calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleItem {
    /// `busy`, `tentative`, `oof`, `workingElsewhere`, `free`.
    #[serde(deserialize_with = "null_as_default")]
    pub status: String,
    /// Start.
    #[serde(deserialize_with = "null_as_default")]
    pub start: DateTimeTimeZone,
    /// End.
    #[serde(deserialize_with = "null_as_default")]
    pub end: DateTimeTimeZone,
    /// Subject, when the caller may see it.
    pub subject: Option<String>,
}

/// Why one schedule could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ScheduleError {
    /// Exchange's message.
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
    /// Exchange's code, e.g. `ErrorMailRecipientNotFound`.
    #[serde(deserialize_with = "null_as_default")]
    pub response_code: String,
}

/// The user's mailbox settings that matter for proposing times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MailboxSettings {
    /// The mailbox's time zone (Windows or IANA name).
    pub time_zone: Option<String>,
    /// Working hours.
    pub working_hours: Option<WorkingHours>,
}

/// Working hours (`workingHours`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkingHours {
    /// Lowercase English day names, e.g. `monday`.
    #[serde(deserialize_with = "null_as_default")]
    pub days_of_week: Vec<String>,
    /// `08:00:00.0000000`, in [`WorkingHours::time_zone`].
    #[serde(deserialize_with = "null_as_default")]
    pub start_time: String,
    /// `17:00:00.0000000`.
    #[serde(deserialize_with = "null_as_default")]
    pub end_time: String,
    /// The zone the times are in, when Graph names one. `None` also for hours set in a custom
    /// zone, which Graph describes by its rules (`#microsoft.graph.customTimeZone`) under a
    /// free-text name ("Customized Time Zone") that names no zone; callers then use the
    /// mailbox's own `timeZone`.
    #[serde(deserialize_with = "named_zone")]
    pub time_zone: Option<TimeZoneName>,
}

/// A time zone as Graph names it inside working hours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TimeZoneName {
    /// E.g. `Pacific Standard Time`.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
}

/// Reads a `timeZoneBase`: a named zone, or `None` for a `customTimeZone`, whose `name` is
/// whatever the client wrote (documented examples: user-get-mailboxsettings example 3 and
/// https://learn.microsoft.com/en-us/graph/api/calendar-getschedule) and must not be looked up
/// as a zone name (it would silently turn into UTC).
fn named_zone<'de, D>(deserializer: D) -> Result<Option<TimeZoneName>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    struct Raw {
        #[serde(rename = "@odata.type", default)]
        odata_type: Option<String>,
        #[serde(default, deserialize_with = "null_as_default")]
        name: String,
    }
    let custom = |raw: &Raw| {
        raw.odata_type
            .as_deref()
            .is_some_and(|kind| kind.to_ascii_lowercase().ends_with("customtimezone"))
    };
    Ok(Option::<Raw>::deserialize(deserializer)?
        .filter(|raw| !custom(raw))
        .map(|raw| TimeZoneName { name: raw.name }))
}

impl WorkingHours {
    /// Minutes after midnight of [`Self::start_time`], when it parses.
    pub fn start_minutes(&self) -> Option<u32> {
        minutes_of_day(&self.start_time)
    }

    /// Minutes after midnight of [`Self::end_time`], when it parses.
    pub fn end_minutes(&self) -> Option<u32> {
        minutes_of_day(&self.end_time)
    }
}

fn minutes_of_day(time: &str) -> Option<u32> {
    let mut parts = time.split(':');
    let hours: u32 = parts.next()?.parse().ok()?;
    let minutes: u32 = parts.next()?.parse().ok()?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScheduleRequest<'a> {
    schedules: &'a [String],
    start_time: DateTimeTimeZone,
    end_time: DateTimeTimeZone,
    availability_view_interval: u32,
}

/// `POST /me/calendar/getSchedule` for `addresses` over `range`, in `interval_minutes` steps
/// (Graph accepts 5 to 1440; clamped).
pub fn schedule_request(
    base: &Url,
    addresses: &[String],
    range: &TimeRange,
    interval_minutes: u32,
) -> Result<UpstreamRequest, TransportError> {
    let body = ScheduleRequest {
        schedules: addresses,
        start_time: TimeRange::zoned(range.start()),
        end_time: TimeRange::zoned(range.end()),
        availability_view_interval: interval_minutes.clamp(5, 1440),
    };
    let url = query::endpoint(base, &["me", "calendar", "getSchedule"], &[])?;
    let mut request = query::post_json(&url, &body)?;
    request
        .headers_mut()
        .insert("Prefer", http::HeaderValue::from_static(UTC_PREFERENCE));
    Ok(request)
}

/// `GET /me/mailboxSettings`.
pub fn mailbox_settings_request(base: &Url) -> Result<UpstreamRequest, TransportError> {
    let url = query::endpoint(
        base,
        &["me", "mailboxSettings"],
        &[("$select", "timeZone,workingHours")],
    )?;
    query::get(&url, JSON, None)
}

/// Parses `getSchedule`.
pub fn parse_schedules(body: &[u8]) -> Result<Vec<Schedule>, ProviderError> {
    parse_json::<Page<Schedule>>("schedule", body).map(|page| page.value)
}

/// Parses `mailboxSettings`.
pub fn parse_mailbox_settings(body: &[u8]) -> Result<MailboxSettings, ProviderError> {
    parse_json("mailbox settings", body)
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// Free/busy of `addresses` (colleagues in the tenant; others come back with an `error`).
    pub async fn schedule(
        &self,
        addresses: &[String],
        range: &TimeRange,
        interval_minutes: u32,
    ) -> Result<Vec<Schedule>, ProviderError> {
        let request = schedule_request(self.base_url(), addresses, range, interval_minutes);
        let response = self.read("schedule", request).await?;
        parse_schedules(response.body())
    }

    /// The user's time zone and working hours.
    pub async fn mailbox_settings(&self) -> Result<MailboxSettings, ProviderError> {
        let request = mailbox_settings_request(self.base_url());
        let response = self.read("mailbox settings", request).await?;
        parse_mailbox_settings(response.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    #[test]
    fn get_schedule_sends_utc_times_without_offsets() {
        let range = TimeRange::new("2026-12-01T16:00:00Z", "2026-12-02T01:00:00Z").unwrap();
        let people = ["megan.bowen@northwindtraders.com".to_owned()];
        let request = schedule_request(&base(), &people, &range, 30).unwrap();
        let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "schedules": ["megan.bowen@northwindtraders.com"],
                "startTime": {"dateTime": "2026-12-01T16:00:00", "timeZone": "UTC"},
                "endTime": {"dateTime": "2026-12-02T01:00:00", "timeZone": "UTC"},
                "availabilityViewInterval": 30
            })
        );
    }

    #[test]
    fn a_custom_working_hours_zone_is_not_taken_for_a_zone_name() {
        let body =
            br##"{"timeZone":"Eastern Standard Time","workingHours":{"daysOfWeek":["monday"],
            "startTime":"09:00:00.0000000","endTime":"18:00:00.0000000","timeZone":{
              "@odata.type":"#microsoft.graph.customTimeZone","bias":300,
              "name":"Customized Time Zone","standardOffset":{"time":"02:00:00.0000000",
              "dayOccurrence":1,"dayOfWeek":"sunday","month":11,"year":0}}}}"##;
        let settings = parse_mailbox_settings(body).unwrap();
        let hours = settings.working_hours.unwrap();
        assert_eq!(hours.time_zone, None);
        assert_eq!(hours.start_minutes(), Some(540));
        let named = br#"{"workingHours":{"timeZone":{"name":"Pacific Standard Time"}}}"#;
        let named = parse_mailbox_settings(named)
            .unwrap()
            .working_hours
            .unwrap();
        assert_eq!(named.time_zone.unwrap().name, "Pacific Standard Time");
        let absent = parse_mailbox_settings(br#"{"workingHours":{"timeZone":null}}"#).unwrap();
        assert_eq!(absent.working_hours.unwrap().time_zone, None);
    }

    #[test]
    fn schedules_parse_with_items_hours_and_per_person_errors() {
        let body = br#"{"value":[
            {"scheduleId":"a@x","availabilityView":"0220","scheduleItems":[{"isPrivate":false,
              "status":"busy","subject":"Call","start":{"dateTime":"2026-12-01T17:00:00.0000000",
              "timeZone":"UTC"},"end":{"dateTime":"2026-12-01T18:00:00.0000000","timeZone":"UTC"}}],
             "workingHours":{"daysOfWeek":["monday","friday"],"startTime":"08:00:00.0000000",
              "endTime":"17:00:00.0000000","timeZone":{"name":"Pacific Standard Time"}}},
            {"scheduleId":"b@y","error":{"message":"not found","responseCode":"ErrorMailRecipientNotFound"}}]}"#;
        let schedules = parse_schedules(body).unwrap();
        assert_eq!(schedules[0].availability_view, "0220");
        assert_eq!(schedules[0].schedule_items[0].status, "busy");
        let hours = schedules[0].working_hours.as_ref().unwrap();
        assert_eq!(
            (hours.start_minutes(), hours.end_minutes()),
            (Some(480), Some(1020))
        );
        assert_eq!(
            schedules[1].error.as_ref().unwrap().response_code,
            "ErrorMailRecipientNotFound"
        );
    }
}
