//! Calendar routes: `GET /me/events/{id}`, `GET /me/calendarView` (required
//! `startDateTime`/`endDateTime`, overlap semantics, `$top` paging), `POST
//! /me/calendar/getSchedule` (busy blocks and the availability view for colleagues in the same
//! tenant; everyone else gets a per-schedule error, as Graph answers), and
//! `GET /me/mailboxSettings`.
//!
//! Times are served in UTC. `Prefer: outlook.timezone="UTC"` is acknowledged with
//! `Preference-Applied`; other zones are not converted and not acknowledged, which is how a
//! client can tell.

use super::meetings;
use super::seed::{self, Event, Mailbox};
use super::{Call, clock, graph_error, json_response, odata, percent_encode, with_preference};
use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

const DEFAULT_PAGE: usize = 10;
const MAX_PAGE: usize = 1000;

/// A seeded event in a mailbox.
#[derive(Clone, Copy)]
pub(super) struct EventRef {
    pub mailbox: &'static Mailbox,
    pub event: &'static Event,
}

impl EventRef {
    pub(super) fn id(&self) -> String {
        format!("{}_{}-AAAAA=", self.mailbox.id_prefix, self.event.tag)
    }

    fn start(&self) -> i64 {
        clock::parse(self.event.start).unwrap_or_default()
    }

    fn end(&self) -> i64 {
        clock::parse(self.event.end).unwrap_or_default()
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
        // Two literals: one would exceed serde_json's macro recursion limit.
        let mut object = json!({
            "@odata.etag": format!("W/\"DwAAABYAAAD{}\"", self.event.tag),
            "id": self.id(),
            "createdDateTime": "2026-11-02T17:00:00.0000000Z",
            "lastModifiedDateTime": "2026-11-18T17:00:00.0000000Z",
            "changeKey": format!("DwAAABYAAAD{}", self.event.tag),
            "categories": [],
            "originalStartTimeZone": self.mailbox.time_zone,
            "originalEndTimeZone": self.mailbox.time_zone,
            "iCalUId": event.ical_uid,
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
            "seriesMasterId": null,
            "showAs": event.show_as,
            "type": "singleInstance",
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
            "recurrence": null,
            "attendees": attendees,
            "organizer": { "emailAddress": address(event.organizer) },
            "onlineMeeting": join_url.map(|url| json!({ "joinUrl": url })),
        });
        if let (Some(object), Value::Object(details)) = (object.as_object_mut(), details) {
            object.extend(details);
        }
        object
    }
}

/// Every event of a mailbox.
pub(super) fn events(mailbox: &'static Mailbox) -> impl Iterator<Item = EventRef> {
    mailbox
        .events
        .iter()
        .map(move |event| EventRef { mailbox, event })
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

/// `GET /me/events/{id}`.
pub(super) async fn event(call: Call, Path(id): Path<String>) -> Result<Response, Response> {
    if let Some(refusal) = super::mail::malformed_id(&id) {
        return Err(refusal);
    }
    let event = events(call.mailbox()?)
        .find(|e| e.id() == id)
        .ok_or_else(super::mail::item_not_found)?;
    let mut body = selected(&call, &event)?;
    body["@odata.context"] = Value::String(call.context("/events/$entity"));
    Ok(respond(&call, &body))
}

/// `GET /me/calendarView?startDateTime=…&endDateTime=…`.
pub(super) async fn calendar_view(call: Call) -> Result<Response, Response> {
    let window = |name: &str| call.options.param(name).and_then(clock::parse);
    let (Some(start), Some(end)) = (window("startDateTime"), window("endDateTime")) else {
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
        ));
    };
    let mut found: Vec<EventRef> = events(call.mailbox()?)
        .filter(|e| e.start() < end && e.end() > start)
        .collect();
    found.sort_by_key(EventRef::start);
    if let Some(orderby) = &call.options.orderby {
        let (property, descending) = odata::order(orderby);
        if !property.eq_ignore_ascii_case("start/dateTime") {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The sandbox orders the calendar view by start/dateTime only.",
            ));
        }
        if descending {
            found.reverse();
        }
    }
    let items = found
        .iter()
        .map(|event| selected(&call, event))
        .collect::<Result<Vec<_>, _>>()?;
    let body = odata::page(
        items,
        &call.options,
        DEFAULT_PAGE,
        MAX_PAGE,
        &call.context("/calendarView"),
        &call.self_url,
    );
    Ok(respond(&call, &body))
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
    let busy: Vec<EventRef> = events(mailbox)
        .filter(|e| e.event.show_as != "free" && e.start() < end && e.end() > start)
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
        item.insert("isRecurring".into(), json!(false));
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
        // 16:30 pipeline review, 20:00–22:00 focus time.
        assert_eq!(day["availabilityView"], "02000000222200");
        let items = day["scheduleItems"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["start"]["dateTime"], "2026-12-01T16:30:00.0000000");
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
}
