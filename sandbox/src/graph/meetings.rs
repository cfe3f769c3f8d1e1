//! Teams meeting routes: `GET /chats/{id}` (meeting chats carry `onlineMeetingInfo.joinWebUrl`),
//! `GET /me/onlineMeetings?$filter=JoinWebUrl eq '…'` (or `joinMeetingIdSettings/joinMeetingId`),
//! `GET /me/onlineMeetings/{id}`, and its transcripts: list, one, and `content` as `text/vtt`.
//!
//! A meeting is visible to its organizer and to invited attendees in the organizer's tenant, as
//! with delegated tokens in Graph; to anyone else it does not exist. Ids are derived the way
//! Teams' look: the online meeting id is base64 of `1*{organizer oid}*0**{chat id}`, the join
//! URL embeds the chat id and the organizer's tenant and object ids.

use super::seed::{MEETINGS, Meeting};
use super::{Call, Ctx, clock, graph_error, json_response, odata, percent_encode, stable_guid};
use crate::demo::DemoUser;
use axum::extract::State;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The meeting whose chat this is.
pub(super) fn by_chat(chat_id: &str) -> Option<&'static Meeting> {
    MEETINGS.iter().find(|meeting| meeting.chat_id == chat_id)
}

/// Graph's online meeting id for a meeting.
pub(super) fn meeting_id(meeting: &Meeting) -> String {
    URL_SAFE_NO_PAD.encode(format!("1*{}*0**{}", meeting.organizer.id, meeting.chat_id))
}

/// The Teams join URL (percent-encoded the way Teams writes it, lowercase escapes).
pub(super) fn join_url(meeting: &Meeting) -> String {
    let thread = meeting.chat_id.replace(':', "%3a").replace('@', "%40");
    let context = format!(
        "%7b%22Tid%22%3a%22{}%22%2c%22Oid%22%3a%22{}%22%7d",
        meeting.organizer.tenant_id, meeting.organizer.id
    );
    format!("https://teams.microsoft.com/l/meetup-join/{thread}/0?context={context}")
}

/// A numeric meeting id for dial-in and "join with an ID", stable per meeting.
fn join_meeting_id(meeting: &Meeting) -> String {
    let digits: String = stable_guid(meeting.chat_id)
        .bytes()
        .filter(u8::is_ascii_hexdigit)
        .map(|b| char::from(b'0' + (b % 10)))
        .take(12)
        .collect();
    digits
}

fn visible_to(meeting: &Meeting, user: &DemoUser) -> bool {
    meeting.organizer.tenant_id == user.tenant_id
        && (meeting.organizer.id == user.id
            || meeting
                .attendees
                .iter()
                .any(|person| person.email.eq_ignore_ascii_case(user.email)))
}

fn not_found(what: &str) -> Response {
    graph_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("The requested {what} was not found."),
    )
}

fn visible(call: &Call, meeting_id_or_chat: &str) -> Result<&'static Meeting, Response> {
    MEETINGS
        .iter()
        .find(|m| meeting_id(m) == meeting_id_or_chat || m.chat_id == meeting_id_or_chat)
        .filter(|m| visible_to(m, call.user))
        .ok_or_else(|| not_found("online meeting"))
}

fn organizer_event_id(meeting: &Meeting) -> Option<String> {
    let mailbox = super::seed::mailbox(meeting.organizer.id)?;
    super::calendar::events(mailbox)
        .find(|e| e.event.tag == meeting.event_tag)
        .map(|e| e.id())
}

fn identity(user: &DemoUser) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.teamworkUserIdentity",
        "id": user.id,
        "displayName": null,
        "userIdentityType": "aadUser",
        "tenantId": user.tenant_id,
    })
}

/// `GET /chats/{id}`.
pub(super) async fn chat(call: Call, Path(chat_id): Path<String>) -> Result<Response, Response> {
    let meeting = by_chat(&chat_id)
        .filter(|m| visible_to(m, call.user))
        .ok_or_else(|| not_found("chat"))?;
    let body = json!({
        "@odata.context": format!("{}$metadata#chats/$entity", call.base),
        "id": meeting.chat_id,
        "topic": meeting.subject,
        "createdDateTime": "2026-11-02T17:00:00.000Z",
        "lastUpdatedDateTime": format!("{}.000Z", meeting.end),
        "chatType": "meeting",
        "webUrl": format!(
            "https://teams.microsoft.com/l/chat/{}/0?tenantId={}",
            percent_encode(meeting.chat_id),
            meeting.organizer.tenant_id
        ),
        "tenantId": meeting.organizer.tenant_id,
        "isHiddenForAllMembers": false,
        "onlineMeetingInfo": {
            "calendarEventId": organizer_event_id(meeting),
            "joinWebUrl": join_url(meeting),
            "organizer": identity(meeting.organizer),
        },
        "viewpoint": { "isHidden": false, "lastMessageReadDateTime": format!("{}.000Z", meeting.end) },
    });
    Ok(json_response(&body))
}

fn meeting_json(meeting: &Meeting) -> Value {
    let start = clock::parse(meeting.start).unwrap_or_default();
    let end = clock::parse(meeting.end).unwrap_or_default();
    let attendees: Vec<Value> = meeting
        .attendees
        .iter()
        .map(|person| {
            json!({ "upn": person.email, "role": "attendee",
                    "identity": { "user": { "id": null, "displayName": person.name } } })
        })
        .collect();
    json!({
        "id": meeting_id(meeting),
        "creationDateTime": "2026-11-02T17:00:00.0000000Z",
        "startDateTime": clock::iso(start),
        "endDateTime": clock::iso(end),
        "joinUrl": join_url(meeting),
        "joinWebUrl": join_url(meeting),
        "meetingCode": join_meeting_id(meeting),
        "subject": meeting.subject,
        "isBroadcast": false,
        "autoAdmittedUsers": "everyoneInCompany",
        "isEntryExitAnnounced": true,
        "allowedPresenters": "everyone",
        "allowMeetingChat": "enabled",
        "allowTeamworkReactions": true,
        "recordAutomatically": false,
        "chatInfo": { "threadId": meeting.chat_id, "messageId": "0", "replyChainMessageId": null },
        "joinMeetingIdSettings": {
            "isPasscodeRequired": true,
            "joinMeetingId": join_meeting_id(meeting),
            "passcode": "Nw7Tr2",
        },
        "lobbyBypassSettings": { "scope": "organization", "isDialInBypassEnabled": false },
        "participants": {
            "organizer": {
                "upn": meeting.organizer.email,
                "role": "presenter",
                "identity": { "user": { "id": meeting.organizer.id, "displayName": null,
                    "tenantId": meeting.organizer.tenant_id, "identityProvider": "AAD" } },
            },
            "attendees": attendees,
        },
    })
}

/// `GET /me/onlineMeetings?$filter=…`: Graph requires a filter on this collection.
pub(super) async fn find(call: Call) -> Result<Response, Response> {
    let refuse = || {
        graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq '{joinWebUrl}'.",
        )
    };
    let (property, literal) = call
        .options
        .filter
        .as_deref()
        .and_then(odata::eq_filter)
        .ok_or_else(refuse)?;
    let matches = |meeting: &Meeting| match property.to_ascii_lowercase().as_str() {
        "joinweburl" => join_url(meeting) == literal,
        "joinmeetingidsettings/joinmeetingid" => join_meeting_id(meeting) == literal,
        _ => false,
    };
    if !matches!(
        property.to_ascii_lowercase().as_str(),
        "joinweburl" | "joinmeetingidsettings/joinmeetingid"
    ) {
        return Err(refuse());
    }
    let value: Vec<Value> = MEETINGS
        .iter()
        .filter(|m| matches(m) && visible_to(m, call.user))
        .map(meeting_json)
        .collect();
    Ok(json_response(&json!({
        "@odata.context": call.context("/onlineMeetings"),
        "value": value,
    })))
}

/// `GET /me/onlineMeetings/{id}`.
pub(super) async fn get_one(call: Call, Path(id): Path<String>) -> Result<Response, Response> {
    let meeting = visible(&call, &id)?;
    let mut body = meeting_json(meeting);
    body["@odata.context"] = Value::String(call.context("/onlineMeetings/$entity"));
    Ok(json_response(&body))
}

fn transcript_json(call: &Call, meeting: &Meeting) -> Option<Value> {
    let transcript = meeting.transcript?;
    let id = meeting_id(meeting);
    Some(json!({
        "id": transcript.id,
        "meetingId": id,
        "callId": stable_guid(&format!("call:{}", meeting.chat_id)),
        "createdDateTime": transcript.created,
        "endDateTime": transcript.ended,
        "contentCorrelationId": stable_guid(&format!("content:{}", transcript.id)),
        "transcriptContentUrl": format!(
            "{}users/{}/onlineMeetings/{id}/transcripts/{}/content",
            call.base, meeting.organizer.id, transcript.id
        ),
        "meetingOrganizer": { "application": null, "device": null, "user": identity(meeting.organizer) },
    }))
}

/// The refusal Graph answers on every transcript route when the tenant's admin has turned off
/// Graph API access to transcripts: 403 `Forbidden` with inner code
/// `GraphAccessToTranscriptsDisabled`; no request-side workaround exists.
/// https://learn.microsoft.com/en-us/graph/api/onlinemeeting-list-transcripts#error-responses
fn transcripts_allowed(ctx: &Ctx, call: &Call) -> Result<(), Response> {
    let disabled = ctx
        .state
        .lock()
        .transcripts_disabled_tenants
        .contains(call.user.tenant_id);
    if !disabled {
        return Ok(());
    }
    let mut response = graph_error(
        StatusCode::FORBIDDEN,
        "Forbidden",
        "Graph API access to transcripts is disabled for this tenant.",
    );
    // Graph's documented body carries the reason as `innerError.code`.
    let body = json!({ "error": {
        "code": "Forbidden",
        "message": "Graph API access to transcripts is disabled for this tenant.",
        "innerError": {
            "code": "GraphAccessToTranscriptsDisabled",
            "date": clock::iso(super::now()),
        }
    }});
    *response.body_mut() = axum::body::Body::from(body.to_string());
    Err(response)
}

/// `GET /me/onlineMeetings/{id}/transcripts`: empty `value` for a meeting held without
/// transcription (or not held yet), as Graph answers.
pub(super) async fn transcripts(
    State(ctx): State<Ctx>,
    call: Call,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    let meeting = visible(&call, &id)?;
    transcripts_allowed(&ctx, &call)?;
    let value: Vec<Value> = transcript_json(&call, meeting).into_iter().collect();
    Ok(json_response(&json!({
        "@odata.context": call.context(&format!("/onlineMeetings('{id}')/transcripts")),
        "value": value,
    })))
}

fn transcript_of(
    call: &Call,
    meeting_id: &str,
    transcript_id: &str,
) -> Result<&'static Meeting, Response> {
    let meeting = visible(call, meeting_id)?;
    meeting
        .transcript
        .filter(|t| t.id == transcript_id)
        .map(|_| meeting)
        .ok_or_else(|| not_found("transcript"))
}

/// `GET /me/onlineMeetings/{id}/transcripts/{transcript}`.
pub(super) async fn transcript(
    State(ctx): State<Ctx>,
    call: Call,
    Path((id, transcript)): Path<(String, String)>,
) -> Result<Response, Response> {
    visible(&call, &id)?;
    transcripts_allowed(&ctx, &call)?;
    let meeting = transcript_of(&call, &id, &transcript)?;
    let mut body = transcript_json(&call, meeting).unwrap_or_default();
    body["@odata.context"] =
        Value::String(call.context(&format!("/onlineMeetings('{id}')/transcripts/$entity")));
    Ok(json_response(&body))
}

/// `GET /me/onlineMeetings/{id}/transcripts/{transcript}/content[?$format=text/vtt]`. The
/// `.docx` format was retired on 2023-05-31.
pub(super) async fn content(
    State(ctx): State<Ctx>,
    call: Call,
    Path((id, transcript)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, Response> {
    let format = query
        .iter()
        .find(|(key, _)| key.trim_start_matches('$').eq_ignore_ascii_case("format"))
        .map(|(_, value)| value.as_str())
        .unwrap_or("text/vtt");
    if !format.eq_ignore_ascii_case("text/vtt") {
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Only text/vtt is supported; the docx format was retired on May 31, 2023.",
        ));
    }
    visible(&call, &id)?;
    transcripts_allowed(&ctx, &call)?;
    let meeting = transcript_of(&call, &id, &transcript)?;
    let vtt = meeting.transcript.map(|t| t.vtt).unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, "text/vtt")], vtt).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    #[test]
    fn meeting_ids_decode_to_organizer_and_chat() {
        for meeting in MEETINGS {
            let decoded = URL_SAFE_NO_PAD.decode(meeting_id(meeting)).unwrap();
            let text = String::from_utf8(decoded).unwrap();
            assert_eq!(
                text,
                format!("1*{}*0**{}", meeting.organizer.id, meeting.chat_id)
            );
            assert!(join_url(meeting).contains(meeting.organizer.tenant_id));
            assert_eq!(join_meeting_id(meeting).len(), 12);
        }
    }

    #[test]
    fn five_meetings_have_transcripts_with_several_speakers() {
        let transcribed: Vec<&Meeting> =
            MEETINGS.iter().filter(|m| m.transcript.is_some()).collect();
        assert_eq!(transcribed.len(), 5);
        for meeting in transcribed {
            let vtt = meeting.transcript.unwrap().vtt;
            assert!(vtt.starts_with("WEBVTT"));
            let speakers: std::collections::HashSet<&str> = vtt
                .split("<v ")
                .skip(1)
                .filter_map(|rest| rest.split('>').next())
                .collect();
            assert!(speakers.len() >= 3, "{}: {speakers:?}", meeting.subject);
            assert!(
                vtt.contains("Globex") && vtt.contains('$'),
                "{}",
                meeting.subject
            );
        }
    }

    /// One cue as a strict reader sees it: an optional identifier, `start --> end`, and a
    /// payload whose first line opens with a `<v Name>` voice tag.
    struct TestCue {
        id: Option<String>,
        start_ms: u64,
        end_ms: u64,
        speaker: String,
        lines: Vec<String>,
    }

    /// `hh:mm:ss.fff` or Graph's short `h:m:s.f` to milliseconds.
    fn millis(stamp: &str) -> u64 {
        let (clock, fraction) = stamp.split_once('.').unwrap_or((stamp, "0"));
        let fields: Vec<u64> = clock.split(':').map(|f| f.parse().unwrap()).collect();
        let [hours, minutes, seconds] = fields[..] else {
            panic!("{stamp}")
        };
        assert!(
            minutes < 60 && seconds < 60 && fraction.len() <= 3,
            "{stamp}"
        );
        let fraction: u64 = format!("{fraction:0<3}").parse().unwrap();
        ((hours * 60 + minutes) * 60 + seconds) * 1_000 + fraction
    }

    fn cues(vtt: &str) -> Vec<TestCue> {
        let mut blocks = vtt.split("\n\n").filter(|b| !b.trim().is_empty());
        assert_eq!(blocks.next(), Some("WEBVTT"));
        blocks
            .map(|block| {
                let lines: Vec<&str> = block.lines().collect();
                let timing = lines.iter().position(|l| l.contains(" --> ")).unwrap();
                assert!(timing <= 1, "{block}");
                let (start, end) = lines[timing].split_once(" --> ").unwrap();
                let payload: Vec<String> = lines[timing + 1..]
                    .iter()
                    .map(|l| (*l).to_owned())
                    .collect();
                let first = payload.first().unwrap();
                let speaker = first
                    .strip_prefix("<v ")
                    .and_then(|rest| rest.split_once('>'))
                    .map(|(name, _)| name.to_owned())
                    .unwrap_or_else(|| panic!("no voice tag: {block}"));
                assert!(payload.last().unwrap().ends_with("</v>"), "{block}");
                TestCue {
                    id: (timing == 1).then(|| lines[0].to_owned()),
                    start_ms: millis(start),
                    end_ms: millis(end),
                    speaker,
                    lines: payload,
                }
            })
            .collect()
    }

    fn text(cue: &TestCue) -> String {
        let joined = cue.lines.join(" ");
        let without_open = joined.split_once('>').map_or(joined.as_str(), |(_, t)| t);
        without_open.trim_end_matches("</v>").to_owned()
    }

    #[test]
    fn every_transcript_is_webvtt_with_voice_tags_in_time_order() {
        for meeting in MEETINGS.iter().filter(|m| m.transcript.is_some()) {
            let cues = cues(meeting.transcript.unwrap().vtt);
            assert!(cues.len() >= 8, "{}", meeting.subject);
            assert!(
                cues.iter().all(|c| c.start_ms < c.end_ms),
                "{}",
                meeting.subject
            );
            assert!(
                cues.windows(2).all(|w| w[0].end_ms <= w[1].start_ms),
                "{}",
                meeting.subject
            );
        }
    }

    #[test]
    fn the_renewal_negotiation_runs_past_an_hour_with_eight_speakers() {
        use super::super::seed::{CONTOSO_RENEWAL_CHAT, CONTOSO_RENEWAL_SUBJECT};
        let meeting = by_chat(CONTOSO_RENEWAL_CHAT).unwrap();
        assert_eq!(meeting.subject, CONTOSO_RENEWAL_SUBJECT);
        let transcript = meeting.transcript.unwrap();
        let cues = cues(transcript.vtt);
        let last = cues.last().unwrap();
        assert!(last.end_ms > 60 * 60 * 1_000, "{}", last.end_ms);
        assert!(last.end_ms < 65 * 60 * 1_000, "{}", last.end_ms);
        // Spoken every few seconds to a minute, never a long silence.
        assert!(
            cues.windows(2)
                .all(|w| w[1].start_ms - w[0].start_ms <= 60_000)
        );
        assert!(cues.len() >= 150, "{}", cues.len());
        // Teams' cue identifiers, one utterance continued in a second cue, some two-line cues.
        assert!(
            cues.iter()
                .all(|c| c.id.as_deref().is_some_and(|id| id.contains('/')))
        );
        assert!(
            cues.iter()
                .any(|c| c.id.as_deref().unwrap().ends_with("-1"))
        );
        assert!(cues.iter().filter(|c| c.lines.len() > 1).count() >= 3);
        // Eight speakers, each the organizer or an invitee.
        let speakers: std::collections::HashSet<&str> =
            cues.iter().map(|c| c.speaker.as_str()).collect();
        assert_eq!(speakers.len(), 8, "{speakers:?}");
        let invited: Vec<&str> = meeting.attendees.iter().map(|p| p.name).collect();
        for speaker in &speakers {
            assert!(
                *speaker == meeting.organizer.name || invited.contains(speaker),
                "{speaker}"
            );
        }
        let all: String = cues.iter().map(text).collect::<Vec<_>>().join("\n");
        for needle in [
            "Globex",
            "$52,000 a year",
            "the total comes to $156,000 over three years",
            "Legal has the order form now, so I'd say we're in negotiation",
            "we aim to sign by December 18th",
            "Daniel will send the signed security questionnaire by Friday December 4th",
            "security review",
            "purchase order",
            "budget",
            "too high",
        ] {
            assert!(all.contains(needle), "{needle}");
        }
        assert!(cues.iter().filter(|c| text(c).contains('?')).count() >= 20);
        // The CFO's commitment is said only in the last three minutes.
        let end_window = last.end_ms - 3 * 60 * 1_000;
        let dallas: Vec<&TestCue> = cues.iter().filter(|c| text(c).contains("Dallas")).collect();
        assert!(!dallas.is_empty());
        assert!(dallas.iter().all(|c| c.start_ms >= end_window));
        assert!(dallas.iter().any(|c| c.speaker == "Amelia Scott"));
        // Transcription ran for the length of the cues.
        let (created, ended) = (
            clock::parse(transcript.created).unwrap(),
            clock::parse(transcript.ended).unwrap(),
        );
        assert!(ended - created >= i64::try_from(last.end_ms / 1_000).unwrap());
    }

    #[test]
    fn the_injection_meeting_has_the_injection_between_ordinary_cues() {
        use super::super::seed::injection;
        let meeting = by_chat(injection::MEETING_CHAT).unwrap();
        assert_eq!(meeting.subject, injection::MEETING_SUBJECT);
        let cues = cues(meeting.transcript.unwrap().vtt);
        let at = cues
            .iter()
            .position(|c| text(c) == injection::MEETING_INJECTION)
            .unwrap();
        assert_eq!(cues[at].speaker, "Marcus Chen");
        assert!(at > 5 && at + 5 < cues.len(), "{at} of {}", cues.len());
        let last = cues.last().unwrap().end_ms;
        assert!((4 * 60 * 1_000..=10 * 60 * 1_000).contains(&last), "{last}");
        assert!(cues.iter().all(|c| c.id.is_none()));
    }

    #[test]
    fn meetings_are_visible_to_organizer_and_invitees_only() {
        let contoso = by_chat(MEETINGS[0].chat_id).unwrap();
        let [megan, alex, diego] = &demo::USERS;
        assert!(visible_to(contoso, megan));
        assert!(!visible_to(contoso, alex));
        assert!(!visible_to(contoso, diego));
        let pipeline = MEETINGS.iter().find(|m| m.organizer.id == alex.id).unwrap();
        assert!(visible_to(pipeline, megan) && visible_to(pipeline, alex));
    }
}
