//! `POST /api/pane/meeting/from-chat`: the calendar event of a Teams meeting, from what Teams
//! gives a tab (the meeting chat's id, which is not a Graph event or meeting id): chat → its
//! join URL → the online meeting (as organizer or invited attendee) → the user's own calendar
//! event with that join URL. A recurring meeting shares one chat and join URL across its
//! occurrences; Graph's calendar view expands them, and the occurrence under way (or else the
//! nearest one) is the meeting the user has open.

use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::calendar::{Event, TimeRange};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use crate::routes::mail::calendar::to_item;
use crate::time::utc_millis;
use closer_wire::{MeetingForChat, MeetingItem};

/// How far around now the user's calendar is searched for the meeting's occurrence.
pub const SEARCH_DAYS: i64 = 31;

fn instant_ms(time: Option<&crate::graph::model::DateTimeTimeZone>) -> Option<i64> {
    time.and_then(|t| utc_millis(&t.date_time))
}

/// Of `events`, those with `join_url`: the one under way at `now_ms`, else the one starting
/// nearest to it.
pub fn pick_occurrence<'e>(events: &'e [Event], join_url: &str, now_ms: i64) -> Option<&'e Event> {
    let join_url = join_url.trim();
    let candidates: Vec<(&Event, i64, i64)> = events
        .iter()
        .filter(|event| {
            event
                .online_meeting
                .as_ref()
                .and_then(|m| m.join_url.as_deref())
                .is_some_and(|url| url.trim() == join_url)
        })
        .filter_map(|event| {
            let start = instant_ms(event.start.as_ref())?;
            let end = instant_ms(event.end.as_ref()).unwrap_or(start);
            Some((event, start, end))
        })
        .collect();
    candidates
        .iter()
        .find(|(_, start, end)| *start <= now_ms && now_ms < *end)
        .or_else(|| {
            candidates
                .iter()
                .min_by_key(|(_, start, _)| (start - now_ms).abs())
        })
        .map(|(event, _, _)| *event)
}

/// The user's calendar event for the Teams meeting chat `request.chat_id` at `now_secs`.
pub async fn meeting_for_chat<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    request: MeetingForChat,
    now_secs: u64,
) -> Result<MeetingItem, ApiFailure> {
    let chat_id = request.chat_id.trim();
    if chat_id.is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "Expected the meeting chat's id.".into(),
        });
    }
    let meeting = graph.meeting_for_chat(chat_id).await?;
    let join_url = meeting.join_web_url.clone().unwrap_or_default();
    let now = i64::try_from(now_secs).unwrap_or(i64::MAX);
    let day = 86_400;
    let window = |center: i64, days: i64| {
        TimeRange::new(
            &crate::time::rfc3339(u64::try_from(center - days * day).unwrap_or(0)),
            &crate::time::rfc3339(u64::try_from(center + days * day).unwrap_or(0)),
        )
        .ok_or_else(|| ApiFailure::BadRequest {
            reason: "The clock is out of range.".into(),
        })
    };
    let (events, _complete) = graph.calendar_view(&window(now, SEARCH_DAYS)?).await?;
    if let Some(event) = pick_occurrence(&events, &join_url, now.saturating_mul(1000)) {
        return Ok(to_item(event));
    }
    // A one-off meeting opened long before or after it was held (its chat lives on): search
    // the day around the start the online meeting was scheduled for.
    let scheduled = meeting
        .start_date_time
        .as_deref()
        .and_then(utc_millis)
        .map(|ms| ms / 1000);
    let not_found = || ProviderError::NotFound {
        provider: Provider::Graph,
        what: "calendar event for this meeting".into(),
    };
    let Some(scheduled) = scheduled.filter(|s| (s - now).abs() > SEARCH_DAYS * day) else {
        return Err(not_found().into());
    };
    let (events, _complete) = graph.calendar_view(&window(scheduled, 1)?).await?;
    let event = pick_occurrence(&events, &join_url, scheduled.saturating_mul(1000))
        .ok_or_else(not_found)?;
    Ok(to_item(event))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, start: &str, end: &str, join: Option<&str>) -> Event {
        serde_json::from_value(serde_json::json!({
            "id": id,
            "subject": "Weekly pipeline review",
            "start": { "dateTime": start, "timeZone": "UTC" },
            "end": { "dateTime": end, "timeZone": "UTC" },
            "isOnlineMeeting": join.is_some(),
            "onlineMeeting": join.map(|url| serde_json::json!({ "joinUrl": url })),
        }))
        .unwrap()
    }

    #[test]
    fn the_occurrence_under_way_or_else_the_nearest_is_picked() {
        let join = "https://teams.example/l/meetup-join/19%3ameeting_x";
        let series = [
            event(
                "w1",
                "2026-11-24T16:30:00",
                "2026-11-24T17:00:00",
                Some(join),
            ),
            event(
                "w2",
                "2026-12-01T16:30:00",
                "2026-12-01T17:00:00",
                Some(join),
            ),
            event(
                "w3",
                "2026-12-08T16:30:00",
                "2026-12-08T17:00:00",
                Some(join),
            ),
            event(
                "other",
                "2026-12-01T16:40:00",
                "2026-12-01T17:10:00",
                Some("https://x"),
            ),
            event(
                "offline",
                "2026-12-01T16:30:00",
                "2026-12-01T17:00:00",
                None,
            ),
        ];
        let at = |text: &str| utc_millis(text).unwrap();
        let pick = |now: &str| pick_occurrence(&series, join, at(now)).map(|e| e.id.as_str());
        assert_eq!(pick("2026-12-01T16:45:00Z"), Some("w2"), "under way");
        assert_eq!(
            pick("2026-12-06T09:00:00Z"),
            Some("w3"),
            "nearest: the next one"
        );
        assert_eq!(
            pick("2026-12-02T09:00:00Z"),
            Some("w2"),
            "nearest: the last one"
        );
        assert_eq!(
            pick_occurrence(&series, "https://none", at("2026-12-01T16:45:00Z")),
            None
        );
    }
}
