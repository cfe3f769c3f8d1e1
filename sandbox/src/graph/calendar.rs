//! Calendar routes: `GET /me/events` (single events and series masters), `GET /me/events/{id}`
//! (any of those, or an occurrence), `GET /me/events/{id}/instances` and `GET /me/calendarView`
//! (required `startDateTime`/`endDateTime`, overlap semantics, series expanded into their
//! occurrences, `$top` paging), `POST /me/calendar/getSchedule` (busy blocks and the
//! availability view for colleagues in the same tenant; everyone else gets a per-schedule error,
//! as Graph answers), and `GET /me/mailboxSettings`.
//!
//! Times are served in UTC. `Prefer: outlook.timezone="UTC"` is acknowledged with
//! `Preference-Applied`; other zones are not converted and not acknowledged, which is how a
//! client can tell.
//!
//! Recurring series, as Graph documents them
//! (https://learn.microsoft.com/en-us/graph/api/resources/event): a `seriesMaster` carries the
//! `recurrence`; its `occurrence`s each have their own id, `seriesMasterId` = the master's id,
//! `recurrence: null` and an `iCalUId` that differs per occurrence. `/me/events` lists single
//! instances and series masters (https://learn.microsoft.com/en-us/graph/api/user-list-events);
//! the calendar view lists occurrences, exceptions and single instances, never the master
//! (https://learn.microsoft.com/en-us/graph/api/user-list-calendarview); `/instances` lists a
//! master's occurrences (https://learn.microsoft.com/en-us/graph/api/event-list-instances). The
//! sandbox seeds weekly series only, repeated in UTC, without exceptions.

use super::meetings;
use super::seed::{self, Event, Mailbox, Weekly};
use super::{Call, clock, graph_error, json_response, odata, percent_encode, with_preference};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

const DEFAULT_PAGE: usize = 10;
const MAX_PAGE: usize = 1000;
const DAY: i64 = 86_400;
/// Graph's `daysOfWeek` names, from Sunday (the series' `firstDayOfWeek`).
const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

/// A seeded event in a mailbox: a single instance, a series master, or one occurrence of a
/// series.
#[derive(Clone, Copy)]
pub(super) struct EventRef {
    pub mailbox: &'static Mailbox,
    pub event: &'static Event,
    /// For an occurrence, its start; `None` for a single instance or a series master.
    pub occurrence: Option<i64>,
}

/// `YYYYMMDD` of an instant (UTC).
fn compact_date(seconds: i64) -> String {
    clock::local(seconds)[..10].replace('-', "")
}

impl EventRef {
    fn stored(mailbox: &'static Mailbox, event: &'static Event) -> Self {
        EventRef {
            mailbox,
            event,
            occurrence: None,
        }
    }

    fn master_id(&self) -> String {
        format!("{}_{}-AAAAA=", self.mailbox.id_prefix, self.event.tag)
    }

    /// The stored event's id; an occurrence's is the master's with the occurrence's date
    /// (stable: the same occurrence has the same id in every view).
    pub(super) fn id(&self) -> String {
        match self.occurrence {
            None => self.master_id(),
            Some(start) => format!(
                "{}_{}-{}-AAAAA=",
                self.mailbox.id_prefix,
                self.event.tag,
                compact_date(start)
            ),
        }
    }

    fn start(&self) -> i64 {
        self.occurrence
            .unwrap_or_else(|| clock::parse(self.event.start).unwrap_or_default())
    }

    fn end(&self) -> i64 {
        let end = clock::parse(self.event.end).unwrap_or_default();
        match self.occurrence {
            None => end,
            Some(start) => start + end - clock::parse(self.event.start).unwrap_or_default(),
        }
    }

    fn kind(&self) -> &'static str {
        match (self.occurrence, self.event.recurrence) {
            (Some(_), _) => "occurrence",
            (None, Some(_)) => "seriesMaster",
            (None, None) => "singleInstance",
        }
    }

    /// The series' iCalUId for the master; for an occurrence, the same Global Object ID with
    /// the instance's date in its YH/YL/M/D bytes, so it "is different for each occurrence"
    /// (https://learn.microsoft.com/en-us/graph/api/resources/event, `iCalUId`; the bytes:
    /// [MS-OXOCAL] PidLidGlobalObjectId,
    /// https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxocal/3a11139f-52fa-4d2d-9b43-9f3007e38f08).
    fn ical_uid(&self) -> String {
        let uid = self.event.ical_uid;
        match self.occurrence {
            Some(start) if uid.len() >= 40 && uid.is_char_boundary(40) => {
                let date = compact_date(start);
                let number =
                    |range: std::ops::Range<usize>| date[range].parse::<u32>().unwrap_or(0);
                format!(
                    "{}{:04X}{:02X}{:02X}{}",
                    &uid[..32],
                    number(0..4),
                    number(4..6),
                    number(6..8),
                    &uid[40..]
                )
            }
            _ => uid.to_owned(),
        }
    }

    /// The master's `patternedRecurrence`, in the shape Graph returns it (all pattern fields,
    /// `endDate` `0001-01-01` for a series with no end), as in the seriesMaster example of
    /// https://learn.microsoft.com/en-us/graph/api/group-get-event. Occurrences carry `null`
    /// (https://learn.microsoft.com/en-us/graph/api/event-list-instances, example response).
    fn recurrence(&self) -> Value {
        let (None, Some(rule)) = (self.occurrence, self.event.recurrence) else {
            return Value::Null;
        };
        json!({
            "pattern": {
                "type": "weekly",
                "interval": rule.interval,
                "month": 0,
                "dayOfMonth": 0,
                "daysOfWeek": rule.days_of_week,
                "firstDayOfWeek": "sunday",
                "index": "first",
            },
            "range": {
                "type": if rule.end_date.is_some() { "endDate" } else { "noEnd" },
                "startDate": &self.event.start[..10],
                "endDate": rule.end_date.unwrap_or("0001-01-01"),
                "recurrenceTimeZone": "UTC",
                "numberOfOccurrences": 0,
            },
        })
    }

    fn json(&self) -> Value {
        let event = self.event;
        let join_url = event
            .chat_id
            .and_then(meetings::by_chat)
            .map(meetings::join_url);
        let address = |p: &seed::Person| json!({ "name": p.name, "address": p.email });
        let attendees: Vec<Value> = event
            .attendees
            .iter()
            .map(|invitee| {
                json!({
                    "type": invitee.kind,
                    "status": { "response": invitee.response, "time": "0001-01-01T00:00:00Z" },
                    "emailAddress": address(invitee.person),
                })
            })
            .collect();
        let body = match &join_url {
            Some(url) => format!(
                "<html><body><p>{}</p><div style=\"width:100%\"><hr><p><b>Microsoft Teams meeting</b><br>Join on your computer, mobile app or room device<br><a href=\"{url}\">Click here to join the meeting</a></p><hr></div></body></html>",
                event.body
            ),
            None => format!("<html><body><p>{}</p></body></html>", event.body),
        };
        let is_organizer = event.organizer.email == self.mailbox.owner.email;
        // The sandbox repeats a series in UTC (no daylight-saving shifts): it is declared in UTC.
        let zone = if event.recurrence.is_some() {
            "UTC"
        } else {
            self.mailbox.time_zone
        };
        // Two literals: one would exceed serde_json's macro recursion limit.
        let mut object = json!({
            "@odata.etag": format!("W/\"DwAAABYAAAD{}\"", self.event.tag),
            "id": self.id(),
            "createdDateTime": "2026-11-02T17:00:00.0000000Z",
            "lastModifiedDateTime": "2026-11-18T17:00:00.0000000Z",
            "changeKey": format!("DwAAABYAAAD{}", self.event.tag),
            "categories": [],
            "originalStartTimeZone": zone,
            "originalEndTimeZone": zone,
            "iCalUId": self.ical_uid(),
            "reminderMinutesBeforeStart": 15,
            "isReminderOn": true,
            "hasAttachments": false,
            "subject": event.subject,
            "bodyPreview": event.body,
            "importance": "normal",
            "sensitivity": "normal",
            "isAllDay": false,
            "isCancelled": false,
            "isOrganizer": is_organizer,
            "responseRequested": true,
            "seriesMasterId": self.occurrence.map(|_| self.master_id()),
            "showAs": event.show_as,
            "type": self.kind(),
        });
        let details = json!({
            "webLink": format!(
                "https://outlook.office365.com/owa/?itemid={}&exvsurl=1&path=/calendar/item",
                percent_encode(&self.id())
            ),
            "onlineMeetingUrl": null,
            "isOnlineMeeting": join_url.is_some(),
            "onlineMeetingProvider": if join_url.is_some() { "teamsForBusiness" } else { "unknown" },
            "allowNewTimeProposals": true,
            "isDraft": false,
            "hideAttendees": false,
            "responseStatus": { "response": event.response, "time": "0001-01-01T00:00:00Z" },
            "body": { "contentType": "html", "content": body },
            "start": { "dateTime": clock::local(self.start()), "timeZone": "UTC" },
            "end": { "dateTime": clock::local(self.end()), "timeZone": "UTC" },
            "location": { "displayName": event.location, "locationType": "default" },
            "locations": if event.location.is_empty() { json!([]) } else {
                json!([{ "displayName": event.location, "locationType": "default" }]) },
            "recurrence": self.recurrence(),
            "attendees": attendees,
            "organizer": { "emailAddress": address(event.organizer) },
            // Every occurrence shares the series' Teams meeting: one join URL, one chat.
            "onlineMeeting": join_url.map(|url| json!({ "joinUrl": url })),
        });
        if let (Some(object), Value::Object(details)) = (object.as_object_mut(), details) {
            object.extend(details);
        }
        object
    }
}

/// The starts of a weekly series' occurrences overlapping `[from, to)`: on its days of the
/// week, every `interval` weeks counted from the week (Sunday first) of its start date, from
/// its start to its end date (inclusive), at the master's time of day.
fn occurrence_starts(event: &Event, rule: &Weekly, from: i64, to: i64) -> Vec<i64> {
    let (Some(first), Some(first_end)) = (clock::parse(event.start), clock::parse(event.end))
    else {
        return Vec::new();
    };
    let length = first_end - first;
    let first_day = first - first.rem_euclid(DAY);
    let time_of_day = first - first_day;
    // 1970-01-01 was a Thursday.
    let weekday = |midnight: i64| (midnight.div_euclid(DAY) + 4).rem_euclid(7);
    let week_zero = first_day - weekday(first_day) * DAY;
    let after_last = rule
        .end_date
        .and_then(|date| clock::parse(&format!("{date}T00:00:00Z")))
        .map_or(i64::MAX, |midnight| midnight + DAY);
    let interval = i64::from(rule.interval.max(1));
    let begin = first_day.max((from - length).div_euclid(DAY) * DAY);
    let mut starts = Vec::new();
    let mut midnight = begin;
    while midnight < to && midnight < after_last {
        let start = midnight + time_of_day;
        let on_day = rule
            .days_of_week
            .iter()
            .any(|day| day.eq_ignore_ascii_case(WEEKDAYS[weekday(midnight) as usize]));
        let in_week = (midnight - week_zero).div_euclid(7 * DAY) % interval == 0;
        if on_day && in_week && start >= first && start < to && start + length > from {
            starts.push(start);
        }
        midnight += DAY;
    }
    starts
}

/// Every stored event of a mailbox: single instances and series masters, as `/me/events`
/// lists them.
pub(super) fn events(mailbox: &'static Mailbox) -> impl Iterator<Item = EventRef> {
    mailbox
        .events
        .iter()
        .map(move |event| EventRef::stored(mailbox, event))
}

/// What a calendar view of `[from, to)` shows: the single instances overlapping it and the
/// occurrences of every series within it, ordered by start.
pub(super) fn instances(mailbox: &'static Mailbox, from: i64, to: i64) -> Vec<EventRef> {
    let mut found: Vec<EventRef> = Vec::new();
    for stored in events(mailbox) {
        match stored.event.recurrence {
            None if stored.start() < to && stored.end() > from => found.push(stored),
            None => {}
            Some(rule) => found.extend(
                occurrence_starts(stored.event, &rule, from, to)
                    .into_iter()
                    .map(|start| EventRef {
                        occurrence: Some(start),
                        ..stored
                    }),
            ),
        }
    }
    found.sort_by_key(EventRef::start);
    found
}

/// The event with `id`: a stored one, or an occurrence of a series (its id names the master
/// and the date; the date must be one the series falls on).
pub(super) fn find(mailbox: &'static Mailbox, id: &str) -> Option<EventRef> {
    if let Some(stored) = events(mailbox).find(|e| e.id() == id) {
        return Some(stored);
    }
    events(mailbox).find_map(|master| {
        let rule = master.event.recurrence?;
        let prefix = format!("{}_{}-", master.mailbox.id_prefix, master.event.tag);
        let date = id.strip_prefix(&prefix)?.strip_suffix("-AAAAA=")?;
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let midnight = clock::parse(&format!(
            "{}-{}-{}T00:00:00Z",
            &date[..4],
            &date[4..6],
            &date[6..]
        ))?;
        occurrence_starts(master.event, &rule, midnight, midnight + DAY)
            .into_iter()
            .find(|start| start.div_euclid(DAY) * DAY == midnight)
            .map(|start| EventRef {
                occurrence: Some(start),
                ..master
            })
    })
}

fn respond(call: &Call, body: &Value) -> Response {
    let applied: &[&str] = if call.wants_utc {
        &["outlook.timezone=\"UTC\""]
    } else {
        &[]
    };
    with_preference(json_response(body), applied)
}

fn selected(call: &Call, event: &EventRef) -> Result<Value, Response> {
    let Value::Object(object) = event.json() else {
        unreachable!("events render as objects")
    };
    odata::select(
        "microsoft.graph.event",
        object,
        call.options.select.as_deref(),
        &[],
    )
}

/// `GET /me/events/{id}`: a single instance, a series master or an occurrence.
pub(super) async fn event(call: Call, Path(id): Path<String>) -> Result<Response, Response> {
    if let Some(refusal) = super::mail::malformed_id(&id) {
        return Err(refusal);
    }
    let event = find(call.mailbox()?, &id).ok_or_else(super::mail::item_not_found)?;
    let mut body = selected(&call, &event)?;
    body["@odata.context"] = Value::String(call.context("/events/$entity"));
    Ok(respond(&call, &body))
}

/// The required `startDateTime`/`endDateTime` window of a view.
fn window(call: &Call) -> Result<(i64, i64), Response> {
    let bound = |name: &str| call.options.param(name).and_then(clock::parse);
    let (Some(start), Some(end)) = (bound("startDateTime"), bound("endDateTime")) else {
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
        ));
    };
    Ok((start, end))
}

/// One page of `found` (ordered by start, or by `$orderby=start/dateTime [desc]`).
fn listing(call: &Call, mut found: Vec<EventRef>, context: &str) -> Result<Response, Response> {
    found.sort_by_key(EventRef::start);
    if let Some(orderby) = &call.options.orderby {
        let (property, descending) = odata::order(orderby);
        if !property.eq_ignore_ascii_case("start/dateTime") {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The sandbox orders events by start/dateTime only.",
            ));
        }
        if descending {
            found.reverse();
        }
    }
    let items = found
        .iter()
        .map(|event| selected(call, event))
        .collect::<Result<Vec<_>, _>>()?;
    let body = odata::page(
        items,
        &call.options,
        DEFAULT_PAGE,
        MAX_PAGE,
        context,
        &call.self_url,
    );
    Ok(respond(call, &body))
}

/// `GET /me/calendarView?startDateTime=…&endDateTime=…`: single instances and occurrences.
pub(super) async fn calendar_view(call: Call) -> Result<Response, Response> {
    let (start, end) = window(&call)?;
    let found = instances(call.mailbox()?, start, end);
    listing(&call, found, &call.context("/calendarView"))
}

/// `GET /me/events`: single instances and series masters, no occurrences.
pub(super) async fn list_events(call: Call) -> Result<Response, Response> {
    if call.options.filter.is_some() {
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The sandbox does not filter /me/events; use the calendar view for a time range.",
        ));
    }
    let found: Vec<EventRef> = events(call.mailbox()?).collect();
    listing(&call, found, &call.context("/events"))
}

/// `GET /me/events/{id}/instances?startDateTime=…&endDateTime=…`: a series master's
/// occurrences in the window (none for a single instance).
pub(super) async fn event_instances(
    call: Call,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    if let Some(refusal) = super::mail::malformed_id(&id) {
        return Err(refusal);
    }
    let mailbox = call.mailbox()?;
    let master = find(mailbox, &id).ok_or_else(super::mail::item_not_found)?;
    let (start, end) = window(&call)?;
    let found: Vec<EventRef> = instances(mailbox, start, end)
        .into_iter()
        .filter(|e| e.occurrence.is_some() && master.occurrence.is_none())
        .filter(|e| std::ptr::eq(e.event, master.event))
        .collect();
    listing(
        &call,
        found,
        &call.context(&format!("/events('{id}')/instances")),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ZonedTime {
    date_time: String,
    time_zone: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ScheduleRequest {
    schedules: Vec<String>,
    start_time: ZonedTime,
    end_time: ZonedTime,
    availability_view_interval: Option<i64>,
}

fn working_hours(mailbox: &Mailbox) -> Value {
    json!({
        "daysOfWeek": mailbox.hours.days,
        "startTime": mailbox.hours.start,
        "endTime": mailbox.hours.end,
        "timeZone": working_hours_zone(mailbox),
    })
}

/// The zone of the working hours: its name, or, for hours set in a custom zone, the zone's
/// rules in the shape of the documented `customTimeZone` examples (US daylight rules: second
/// Sunday of March to first Sunday of November)
/// (https://learn.microsoft.com/en-us/graph/api/user-get-mailboxsettings, example 3;
/// https://learn.microsoft.com/en-us/graph/api/resources/customtimezone).
fn working_hours_zone(mailbox: &Mailbox) -> Value {
    match mailbox.hours.custom_zone_bias {
        None => json!({ "name": mailbox.time_zone }),
        Some(bias) => json!({
            "@odata.type": "#microsoft.graph.customTimeZone",
            "bias": bias,
            "name": "Customized Time Zone",
            "standardOffset": {
                "time": "02:00:00.0000000",
                "dayOccurrence": 1,
                "dayOfWeek": "sunday",
                "month": 11,
                "year": 0
            },
            "daylightOffset": {
                "daylightBias": -60,
                "time": "02:00:00.0000000",
                "dayOccurrence": 2,
                "dayOfWeek": "sunday",
                "month": 3,
                "year": 0
            }
        }),
    }
}

/// `POST /me/calendar/getSchedule`.
pub(super) async fn get_schedule(
    call: Call,
    Json(request): Json<ScheduleRequest>,
) -> Result<Response, Response> {
    let invalid =
        |message: &str| graph_error(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", message);
    let utc = |time: &ZonedTime| {
        time.time_zone
            .eq_ignore_ascii_case("UTC")
            .then(|| clock::parse(&time.date_time))
            .flatten()
    };
    let (Some(start), Some(end)) = (utc(&request.start_time), utc(&request.end_time)) else {
        return Err(invalid(
            "startTime and endTime must be dateTimeTimeZone values; the sandbox computes free/busy in UTC only.",
        ));
    };
    let interval = request.availability_view_interval.unwrap_or(30);
    if !(5..=1440).contains(&interval) || start >= end || request.schedules.is_empty() {
        return Err(invalid(
            "availabilityViewInterval must be 5 to 1440 minutes, the window non-empty and schedules given.",
        ));
    }
    let value: Vec<Value> = request
        .schedules
        .iter()
        .map(|address| match seed::mailbox_by_address(address) {
            Some(mailbox) if mailbox.owner.tenant_id == call.user.tenant_id => {
                schedule(mailbox, address, start, end, interval * 60)
            }
            _ => json!({
                "scheduleId": address,
                "availabilityView": "",
                "scheduleItems": [],
                "error": {
                    "message": format!("The specified mailbox {address} could not be found in the organization."),
                    "responseCode": "ErrorMailRecipientNotFound",
                },
            }),
        })
        .collect();
    let body = json!({
        "@odata.context": format!("{}$metadata#Collection(microsoft.graph.scheduleInformation)", call.base),
        "value": value,
    });
    Ok(respond(&call, &body))
}

/// Graph's availability digits: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working
/// elsewhere.
fn availability_digit(show_as: &str) -> char {
    match show_as {
        "tentative" => '1',
        "busy" => '2',
        "oof" => '3',
        "workingElsewhere" => '4',
        _ => '0',
    }
}

/// Which digit wins when several events overlap one slot, weakest first.
const PRECEDENCE: [char; 5] = ['0', '1', '4', '2', '3'];

fn schedule(mailbox: &'static Mailbox, address: &str, start: i64, end: i64, step: i64) -> Value {
    let busy: Vec<EventRef> = instances(mailbox, start, end)
        .into_iter()
        .filter(|e| e.event.show_as != "free")
        .collect();
    let mut view = String::new();
    let mut slot = start;
    while slot < end {
        let slot_end = (slot + step).min(end);
        let digit = busy
            .iter()
            .filter(|e| e.start() < slot_end && e.end() > slot)
            .map(|e| availability_digit(e.event.show_as))
            .max_by_key(|digit| PRECEDENCE.iter().position(|p| p == digit))
            .unwrap_or('0');
        view.push(digit);
        slot = slot_end;
    }
    let mut items: Vec<Map<String, Value>> = Vec::new();
    let mut sorted = busy;
    sorted.sort_by_key(EventRef::start);
    for event in sorted {
        let mut item = Map::new();
        item.insert("isPrivate".into(), json!(false));
        item.insert("status".into(), json!(event.event.show_as));
        item.insert("subject".into(), json!(event.event.subject));
        item.insert("location".into(), json!(event.event.location));
        item.insert("isMeeting".into(), json!(!event.event.attendees.is_empty()));
        item.insert("isRecurring".into(), json!(event.occurrence.is_some()));
        item.insert("isException".into(), json!(false));
        item.insert("isReminderSet".into(), json!(true));
        item.insert(
            "start".into(),
            json!({ "dateTime": clock::local(event.start()), "timeZone": "UTC" }),
        );
        item.insert(
            "end".into(),
            json!({ "dateTime": clock::local(event.end()), "timeZone": "UTC" }),
        );
        items.push(item);
    }
    json!({
        "scheduleId": address,
        "availabilityView": view,
        "scheduleItems": items,
        "workingHours": working_hours(mailbox),
    })
}

/// `GET /me/mailboxSettings`.
pub(super) async fn mailbox_settings(call: Call) -> Result<Response, Response> {
    let mailbox = call.mailbox()?;
    let settings = json!({
        "@odata.context": call.context("/mailboxSettings"),
        "archiveFolder": format!("{}_Arch-AAAAAEMAAA=", mailbox.id_prefix),
        "timeZone": mailbox.time_zone,
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
        "dateFormat": "M/d/yyyy",
        "timeFormat": "h:mm tt",
        "userPurpose": "user",
        "automaticRepliesSetting": {
            "status": "disabled",
            "externalAudience": "all",
            "internalReplyMessage": "",
            "externalReplyMessage": "",
        },
        "language": { "locale": "en-US", "displayName": "English (United States)" },
        "workingHours": working_hours(mailbox),
    });
    let Value::Object(object) = settings else {
        unreachable!("settings render as an object")
    };
    let selected = odata::select(
        "microsoft.graph.mailboxSettings",
        object,
        call.options.select.as_deref(),
        &[],
    )?;
    Ok(json_response(&selected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    #[test]
    fn availability_marks_busy_and_tentative_slots() {
        let megan = seed::mailbox(demo::USERS[0].id).unwrap();
        let start = clock::parse("2026-12-01T16:00:00Z").unwrap();
        let end = clock::parse("2026-12-01T23:00:00Z").unwrap();
        let day = schedule(megan, megan.owner.email, start, end, 30 * 60);
        // 16:00 Contoso weekly sync (an occurrence), 16:30 pipeline review, 20:00–22:00 focus
        // time.
        assert_eq!(day["availabilityView"], "22000000222200");
        let items = day["scheduleItems"].as_array().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0]["start"]["dateTime"], "2026-12-01T16:00:00.0000000");
        assert_eq!(items[0]["isRecurring"], true);
        assert_eq!(items[1]["start"]["dateTime"], "2026-12-01T16:30:00.0000000");
        assert_eq!(items[1]["isRecurring"], false);
        let tentative = schedule(
            megan,
            megan.owner.email,
            clock::parse("2026-12-04T17:00:00Z").unwrap(),
            clock::parse("2026-12-04T18:00:00Z").unwrap(),
            30 * 60,
        );
        // 17:30–17:50 tentative check-in with Alpine Ski House.
        assert_eq!(tentative["availabilityView"], "01");
    }

    #[test]
    fn event_ids_are_distinct_from_message_ids() {
        let megan = seed::mailbox(demo::USERS[0].id).unwrap();
        for event in events(megan) {
            assert!(super::super::mail::messages(megan).all(|m| m.id() != event.id()));
        }
    }

    fn weekly_sync(megan: &'static Mailbox) -> EventRef {
        events(megan)
            .find(|e| e.event.subject == seed::CONTOSO_WEEKLY_SYNC_SUBJECT)
            .unwrap()
    }

    #[test]
    fn a_calendar_view_expands_the_weekly_series_into_its_occurrences() {
        let megan = seed::mailbox(demo::USERS[0].id).unwrap();
        let master = weekly_sync(megan);
        let view = instances(
            megan,
            clock::parse("2026-11-16T00:00:00Z").unwrap(),
            clock::parse("2026-12-07T00:00:00Z").unwrap(),
        );
        let sync: Vec<Value> = view
            .iter()
            .filter(|e| e.event.subject == seed::CONTOSO_WEEKLY_SYNC_SUBJECT)
            .map(EventRef::json)
            .collect();
        let starts: Vec<&str> = sync
            .iter()
            .map(|e| e["start"]["dateTime"].as_str().unwrap())
            .collect();
        assert_eq!(
            starts,
            [
                "2026-11-17T16:00:00.0000000",
                "2026-11-24T16:00:00.0000000",
                "2026-12-01T16:00:00.0000000"
            ]
        );
        let ids: std::collections::HashSet<&str> =
            sync.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 3);
        assert!(!ids.contains(master.id().as_str()));
        let uids: std::collections::HashSet<&str> = sync
            .iter()
            .map(|e| e["iCalUId"].as_str().unwrap())
            .collect();
        assert_eq!(uids.len(), 3, "an iCalUId per occurrence");
        let join = master.json()["onlineMeeting"]["joinUrl"].clone();
        assert!(join.is_string());
        for occurrence in &sync {
            assert_eq!(occurrence["type"], "occurrence");
            assert_eq!(occurrence["seriesMasterId"], master.id());
            assert_eq!(occurrence["recurrence"], Value::Null);
            assert_eq!(occurrence["onlineMeeting"]["joinUrl"], join);
            assert_eq!(
                occurrence["end"]["dateTime"].as_str().unwrap()[11..16],
                *"16:30"
            );
        }
        // 2026-12-01 (0x07EA, 0x0C, 0x01) in the Global Object ID's date bytes.
        assert_eq!(&sync[2]["iCalUId"].as_str().unwrap()[32..40], "07EA0C01");
        assert_eq!(&master.ical_uid()[32..40], "00000000");
        // The master itself is not in the view; single events are unchanged.
        assert!(view.iter().all(|e| e.kind() != "seriesMaster"));
        assert!(
            view.iter()
                .filter(|e| e.occurrence.is_none())
                .all(|e| e.json()["type"] == "singleInstance"
                    && e.json()["seriesMasterId"].is_null())
        );
        assert_eq!(view.len(), 13);
    }

    #[test]
    fn the_master_carries_the_recurrence_and_occurrences_are_found_by_id() {
        let megan = seed::mailbox(demo::USERS[0].id).unwrap();
        let master = weekly_sync(megan).json();
        assert_eq!(master["type"], "seriesMaster");
        assert_eq!(master["seriesMasterId"], Value::Null);
        assert_eq!(master["recurrence"]["pattern"]["type"], "weekly");
        assert_eq!(master["recurrence"]["pattern"]["interval"], 1);
        assert_eq!(
            master["recurrence"]["pattern"]["daysOfWeek"],
            json!(["tuesday"])
        );
        assert_eq!(master["recurrence"]["pattern"]["firstDayOfWeek"], "sunday");
        assert_eq!(master["recurrence"]["range"]["type"], "noEnd");
        assert_eq!(master["recurrence"]["range"]["startDate"], "2026-11-03");
        assert!(events(megan).all(|e| e.occurrence.is_none()));

        let view = instances(
            megan,
            clock::parse("2026-12-01T00:00:00Z").unwrap(),
            clock::parse("2026-12-02T00:00:00Z").unwrap(),
        );
        let occurrence = view.iter().find(|e| e.occurrence.is_some()).unwrap();
        let found = find(megan, &occurrence.id()).unwrap();
        assert_eq!(found.json(), occurrence.json());
        assert!(super::super::mail::malformed_id(&occurrence.id()).is_none());
        // A Wednesday, and a Tuesday before the series began, are no occurrences.
        let master_id = weekly_sync(megan).id();
        let stem = master_id.trim_end_matches("-AAAAA=");
        assert!(find(megan, &format!("{stem}-20261202-AAAAA=")).is_none());
        assert!(find(megan, &format!("{stem}-20261027-AAAAA=")).is_none());
        assert!(find(megan, &format!("{stem}-20261103-AAAAA=")).is_some());
    }

    #[test]
    fn series_repeat_every_interval_weeks_until_their_end_date() {
        let megan = seed::mailbox(demo::USERS[0].id).unwrap();
        let event = weekly_sync(megan).event;
        let rule = Weekly {
            interval: 2,
            days_of_week: &["tuesday", "thursday"],
            end_date: Some("2026-11-19"),
        };
        let starts: Vec<String> = occurrence_starts(
            event,
            &rule,
            clock::parse("2026-10-01T00:00:00Z").unwrap(),
            clock::parse("2027-01-01T00:00:00Z").unwrap(),
        )
        .into_iter()
        .map(clock::iso)
        .collect();
        assert_eq!(
            starts,
            [
                "2026-11-03T16:00:00Z",
                "2026-11-05T16:00:00Z",
                "2026-11-17T16:00:00Z",
                "2026-11-19T16:00:00Z"
            ]
        );
        // An occurrence under way at the window's start overlaps it.
        let under_way = occurrence_starts(
            event,
            event.recurrence.as_ref().unwrap(),
            clock::parse("2026-12-01T16:10:00Z").unwrap(),
            clock::parse("2026-12-01T16:11:00Z").unwrap(),
        );
        assert_eq!(under_way.len(), 1);
    }
}
