//! The held Teams meetings over HTTP, as a client finds them: the event in Megan's calendar
//! view on its day, its join URL to the online meeting, the meeting's one transcript and its
//! content as `text/vtt` — for the hour-long Contoso renewal negotiation and the Fabrikam
//! check-in whose transcript carries a prompt injection.

use closer_sandbox::authority::{self, GRAPH_RESOURCE};
use closer_sandbox::demo;
use closer_sandbox::graph::seed::{
    CONTOSO_RENEWAL_CHAT, CONTOSO_RENEWAL_SUBJECT, CONTOSO_WEEKLY_SYNC_CHAT,
    CONTOSO_WEEKLY_SYNC_SUBJECT, injection,
};
use closer_sandbox::{Sandbox, graph::seed::MEETINGS};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A GET over a fresh connection: status, lowercase head, body.
async fn get(sandbox: &Sandbox, path_and_query: &str, token: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    let request = format!(
        "GET /graph/v1.0/{path_and_query} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
        sandbox.addr()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

async fn get_json(sandbox: &Sandbox, path_and_query: &str, token: &str) -> Value {
    let (status, _, body) = get(sandbox, path_and_query, token).await;
    assert_eq!(status, 200, "{path_and_query}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("{body}"))
}

/// Percent-encodes a query value.
fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn start(user: usize) -> (Sandbox, String) {
    let sandbox = Sandbox::start(0).await.unwrap();
    let token =
        authority::issue_downstream_token(sandbox.state(), demo::USERS[user].id, GRAPH_RESOURCE);
    (sandbox, token)
}

/// The day's calendar view, the event with `subject`, its join URL → online meeting →
/// transcript → content: the content served as `text/vtt` is the seeded transcript.
async fn held_meeting_is_found_and_transcribed(day: &str, subject: &str, chat_id: &str) {
    let (sandbox, token) = start(0).await;
    let view = get_json(
        &sandbox,
        &format!(
            "me/calendarView?startDateTime={day}T00:00:00Z&endDateTime={day}T23:59:59Z&$top=50"
        ),
        &token,
    )
    .await;
    let events = view["value"].as_array().unwrap();
    let event = events
        .iter()
        .find(|e| e["subject"] == subject)
        .unwrap_or_else(|| panic!("{subject} not in {view}"));
    assert_eq!(event["isOnlineMeeting"], true);
    assert_eq!(event["type"], "singleInstance");
    assert!(
        event["start"]["dateTime"]
            .as_str()
            .unwrap()
            .starts_with(day)
    );
    let join_url = event["onlineMeeting"]["joinUrl"].as_str().unwrap();

    // The chat leads to the same event.
    let chat = get_json(&sandbox, &format!("chats/{}", enc(chat_id)), &token).await;
    assert_eq!(chat["onlineMeetingInfo"]["joinWebUrl"], join_url);
    assert_eq!(chat["onlineMeetingInfo"]["calendarEventId"], event["id"]);

    let filter = format!("JoinWebUrl eq '{join_url}'");
    let found = get_json(
        &sandbox,
        &format!("me/onlineMeetings?$filter={}", enc(&filter)),
        &token,
    )
    .await;
    let meetings = found["value"].as_array().unwrap();
    assert_eq!(meetings.len(), 1, "{found}");
    assert_eq!(meetings[0]["subject"], subject);
    assert_eq!(meetings[0]["chatInfo"]["threadId"], chat_id);
    let meeting_id = meetings[0]["id"].as_str().unwrap();

    let transcripts = get_json(
        &sandbox,
        &format!("me/onlineMeetings/{meeting_id}/transcripts"),
        &token,
    )
    .await;
    let listed = transcripts["value"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{transcripts}");
    let transcript_id = listed[0]["id"].as_str().unwrap();
    assert!(transcript_id.starts_with("MSMjMCMj"), "{transcript_id}");
    assert_eq!(listed[0]["meetingId"], meeting_id);

    let (status, head, vtt) = get(
        &sandbox,
        &format!(
            "me/onlineMeetings/{meeting_id}/transcripts/{transcript_id}/content?$format=text/vtt"
        ),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{vtt}");
    assert!(head.contains("content-type: text/vtt"), "{head}");
    let seeded = MEETINGS
        .iter()
        .find(|m| m.chat_id == chat_id)
        .and_then(|m| m.transcript)
        .unwrap();
    assert_eq!(vtt, seeded.vtt);
    assert!(vtt.starts_with("WEBVTT\n\n"));

    // Alex is not invited: the meeting does not exist for him.
    let alex =
        authority::issue_downstream_token(sandbox.state(), demo::USERS[1].id, GRAPH_RESOURCE);
    let (status, _, _) = get(&sandbox, &format!("me/onlineMeetings/{meeting_id}"), &alex).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_renewal_negotiation_is_in_megans_calendar_with_its_hour_long_transcript() {
    held_meeting_is_found_and_transcribed(
        "2026-11-25",
        CONTOSO_RENEWAL_SUBJECT,
        CONTOSO_RENEWAL_CHAT,
    )
    .await;
}

#[tokio::test]
async fn the_injection_meeting_is_in_megans_calendar_with_its_transcript() {
    held_meeting_is_found_and_transcribed(
        "2026-11-24",
        injection::MEETING_SUBJECT,
        injection::MEETING_CHAT,
    )
    .await;
}

/// The held meetings are before the seeded week: the week from 29 Nov shows neither.
#[tokio::test]
async fn the_held_meetings_are_before_the_seeded_week() {
    let (sandbox, token) = start(0).await;
    let view = get_json(
        &sandbox,
        "me/calendarView?startDateTime=2026-11-29T00:00:00Z&endDateTime=2026-12-06T00:00:00Z&$top=50",
        &token,
    )
    .await;
    let subjects: Vec<&str> = view["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["subject"].as_str())
        .collect();
    assert!(!subjects.is_empty());
    assert!(!subjects.contains(&CONTOSO_RENEWAL_SUBJECT), "{subjects:?}");
    assert!(
        !subjects.contains(&injection::MEETING_SUBJECT),
        "{subjects:?}"
    );
}

/// The Contoso weekly sync over HTTP: three weeks of calendar view list three occurrences of
/// one series (distinct ids, the master as `seriesMasterId`, one join URL); `/me/events` lists
/// the master with its recurrence and no occurrence; an occurrence reads by id and lists under
/// the master's `/instances`; the chat and the join URL lead to the one online meeting.
#[tokio::test]
async fn the_weekly_sync_is_one_series_with_one_teams_meeting() {
    let (sandbox, token) = start(0).await;
    let view = get_json(
        &sandbox,
        "me/calendarView?startDateTime=2026-11-16T00:00:00Z&endDateTime=2026-12-07T00:00:00Z&$top=50",
        &token,
    )
    .await;
    let occurrences: Vec<&Value> = view["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["subject"] == CONTOSO_WEEKLY_SYNC_SUBJECT)
        .collect();
    assert_eq!(occurrences.len(), 3, "{view}");
    let ids: std::collections::HashSet<&str> = occurrences
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3);
    let master_id = occurrences[0]["seriesMasterId"].as_str().unwrap();
    let join_url = occurrences[0]["onlineMeeting"]["joinUrl"].as_str().unwrap();
    for (occurrence, day) in occurrences
        .iter()
        .zip(["2026-11-17", "2026-11-24", "2026-12-01"])
    {
        assert_eq!(occurrence["type"], "occurrence");
        assert_eq!(occurrence["seriesMasterId"], master_id);
        assert_eq!(occurrence["onlineMeeting"]["joinUrl"], join_url);
        assert_eq!(
            occurrence["start"]["dateTime"],
            format!("{day}T16:00:00.0000000")
        );
        assert!(!ids.contains(master_id));
    }

    let listed = get_json(&sandbox, "me/events?$top=50", &token).await;
    let listed = listed["value"].as_array().unwrap();
    assert!(listed.iter().all(|e| e["type"] != "occurrence"));
    let master = listed
        .iter()
        .find(|e| e["subject"] == CONTOSO_WEEKLY_SYNC_SUBJECT)
        .unwrap();
    assert_eq!(master["id"], master_id);
    assert_eq!(master["type"], "seriesMaster");
    assert_eq!(master["recurrence"]["pattern"]["daysOfWeek"][0], "tuesday");
    assert_eq!(master["recurrence"]["range"]["type"], "noEnd");
    assert_eq!(master["onlineMeeting"]["joinUrl"], join_url);
    assert_eq!(
        listed
            .iter()
            .filter(|e| e["subject"] == CONTOSO_WEEKLY_SYNC_SUBJECT)
            .count(),
        1
    );

    let tuesday = occurrences[2]["id"].as_str().unwrap();
    let read = get_json(&sandbox, &format!("me/events/{}", enc(tuesday)), &token).await;
    assert_eq!(read["id"], tuesday);
    assert_eq!(read["type"], "occurrence");
    assert_eq!(read["start"]["dateTime"], "2026-12-01T16:00:00.0000000");
    assert_eq!(read["iCalUId"], occurrences[2]["iCalUId"]);
    let (status, _, _) = get(
        &sandbox,
        &format!(
            "me/events/{}",
            enc(&tuesday.replace("20261201", "20261202"))
        ),
        &token,
    )
    .await;
    assert_eq!(status, 404, "no occurrence on a Wednesday");
    let instances = get_json(
        &sandbox,
        &format!(
            "me/events/{}/instances?startDateTime=2026-11-29T00:00:00Z&endDateTime=2026-12-16T00:00:00Z",
            enc(master_id)
        ),
        &token,
    )
    .await;
    let starts: Vec<&str> = instances["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"]["dateTime"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-12-01T16:00:00.0000000",
            "2026-12-08T16:00:00.0000000",
            "2026-12-15T16:00:00.0000000"
        ]
    );

    let chat = get_json(
        &sandbox,
        &format!("chats/{}", enc(CONTOSO_WEEKLY_SYNC_CHAT)),
        &token,
    )
    .await;
    assert_eq!(chat["onlineMeetingInfo"]["joinWebUrl"], join_url);
    assert_eq!(chat["onlineMeetingInfo"]["calendarEventId"], master_id);
    let filter = format!("JoinWebUrl eq '{join_url}'");
    let found = get_json(
        &sandbox,
        &format!("me/onlineMeetings?$filter={}", enc(&filter)),
        &token,
    )
    .await;
    let meetings = found["value"].as_array().unwrap();
    assert_eq!(meetings.len(), 1, "{found}");
    assert_eq!(
        meetings[0]["chatInfo"]["threadId"],
        CONTOSO_WEEKLY_SYNC_CHAT
    );
    let meeting_id = meetings[0]["id"].as_str().unwrap();
    let transcripts = get_json(
        &sandbox,
        &format!("me/onlineMeetings/{meeting_id}/transcripts"),
        &token,
    )
    .await;
    assert_eq!(transcripts["value"], serde_json::json!([]));
}
