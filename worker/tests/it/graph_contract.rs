//! The Graph connector against the sandbox's Graph: the production `GraphClient` over a native
//! transport, with the sandbox's seeded mailboxes, and every error class injected through
//! `/_sandbox/faults`. What the sandbox answers is asserted value by value, so a connector
//! that parsed nothing, or the wrong thing, fails here.

use crate::support::ReqwestTransport;
use crate::support::TokioSleeper;
use crate::support::tenant::graph_requests;
use closer_sandbox::Sandbox;
use closer_sandbox::authority::{GRAPH_RESOURCE, issue_downstream_token};
use closer_sandbox::demo::{NORTHWIND, TAILSPIN, USERS};
use closer_sandbox::graph::seed::{CONTOSO_RENEWAL_CHAT, CONTOSO_RENEWAL_SUBJECT, injection};
use closer_worker::graph::{
    self, BodyFormat, ExchangeIdFormat, GraphClient, MAX_CONCURRENT_PER_MAILBOX, MailboxLimiter,
    Message, TimeRange,
};
use closer_worker::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use closer_worker::provider::{MAX_READ_ATTEMPTS, Provider, ProviderError};
use closer_worker::routes::ai::draft::slots::WorkingWeek;
use closer_worker::routes::ai::draft::zone::Zone;
use rstest::rstest;
use secrecy::SecretString;
use serde_json::json;
use std::cell::Cell;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use url::Url;

const MEGAN: usize = 0;
const ALEX: usize = 1;
const DIEGO: usize = 2;
/// Teams meeting chats of Megan's three transcribed meetings (what TeamsJS reports as
/// `chat.id` in the meeting side panel).
const CONTOSO_CHAT: &str = "19:meeting_SLvMtlCfUNGsLHmNlLCiwb8IK_1gBFLMvHVoOfyxvfk@thread.v2";
const LITWARE_CHAT: &str = "19:meeting_LKPbJkF8XtOSglMP7Sy7jykItNxCC1ImmmHg_FbC1jw@thread.v2";
const FABRIKAM_CHAT: &str = "19:meeting_qAUHBrRuXFiIluOKd2--yikabUCiuFsNjbOlLfW459k@thread.v2";
const NEGOTIATION: &str = "Northwind Fulfillment Cloud – proposal for Contoso";

fn base(sandbox: &Sandbox) -> Url {
    Url::parse(&sandbox.urls().graph).unwrap()
}

fn token(sandbox: &Sandbox, user: usize) -> SecretString {
    SecretString::from(issue_downstream_token(
        sandbox.state(),
        USERS[user].id,
        GRAPH_RESOURCE,
    ))
}

fn client_for<T: HttpTransport>(sandbox: &Sandbox, user: usize, transport: T) -> GraphClient<T> {
    let permits = MailboxLimiter::new().permits(USERS[user].tenant_id, USERS[user].id);
    GraphClient::new(transport, base(sandbox), token(sandbox, user), permits)
}

fn client(sandbox: &Sandbox, user: usize) -> GraphClient<ReqwestTransport> {
    client_for(sandbox, user, ReqwestTransport::default())
}

async fn fault(sandbox: &Sandbox, rule: serde_json::Value) {
    let url = format!("{}/_sandbox/faults", sandbox.urls().origin);
    let response = reqwest::Client::new()
        .post(url)
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
}

async fn sandbox() -> Sandbox {
    Sandbox::start(0).await.unwrap()
}

fn sender(message: &Message) -> &str {
    message
        .from
        .as_ref()
        .map_or("", |from| from.email_address.address.as_str())
}

/// The newest inbox message from `address`.
async fn newest_from<T: HttpTransport>(client: &GraphClient<T>, address: &str) -> Message {
    client
        .inbox(50)
        .await
        .unwrap()
        .into_iter()
        .find(|message| sender(message) == address)
        .unwrap_or_else(|| panic!("no inbox message from {address}"))
}

#[tokio::test]
async fn me_and_organization_describe_the_signed_in_seller() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let me = graph.me().await.unwrap();
    assert_eq!(me.id, USERS[MEGAN].id);
    assert_eq!(me.display_name, "Megan Bowen");
    assert_eq!(me.mail.as_deref(), Some("megan.bowen@northwindtraders.com"));
    assert_eq!(me.user_principal_name, "megan.bowen@northwindtraders.com");
    assert_eq!(me.job_title.as_deref(), Some("Account Executive"));
    let organization = graph.organization().await.unwrap();
    assert_eq!(organization.id, NORTHWIND.id);
    assert_eq!(organization.display_name, "Northwind Traders");
    assert_eq!(
        organization.internal_domains(),
        ["northwindtraders.com", "northwindtraders.onmicrosoft.com"]
    );
}

#[tokio::test]
async fn the_inbox_lists_newest_first_with_the_unknown_prospect_and_unread_mail() {
    let sandbox = sandbox().await;
    let inbox = client(&sandbox, MEGAN).inbox(25).await.unwrap();
    assert_eq!(inbox.len(), 25);
    let newest = &inbox[0];
    assert_eq!(sender(newest), "priya.raman@contoso.com");
    assert_eq!(newest.subject, format!("RE: {NEGOTIATION}"));
    assert_eq!(
        newest.received_date_time.as_deref(),
        Some("2026-11-27T17:12:03Z")
    );
    assert_eq!(newest.is_read, Some(false));
    assert!(
        newest
            .body_preview
            .as_deref()
            .unwrap()
            .starts_with("Hi Megan, Quick update")
    );
    let received: Vec<&str> = inbox
        .iter()
        .filter_map(|m| m.received_date_time.as_deref())
        .collect();
    assert!(received.windows(2).all(|w| w[0] >= w[1]), "{received:?}");
    assert!(
        inbox
            .iter()
            .all(|m| sender(m) != "megan.bowen@northwindtraders.com")
    );
    let prospect = inbox
        .iter()
        .find(|m| sender(m) == "noah@wingtiptoys.com")
        .unwrap();
    assert_eq!(
        prospect.subject,
        "Inquiry: fulfillment software for a growing toy retailer"
    );
    assert_eq!(prospect.body, None, "inbox rows carry no body");
}

#[tokio::test]
async fn a_message_by_id_has_its_unique_body_without_the_quoted_thread() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let row = newest_from(&graph, "daniel.brooks@contoso.com").await;
    let message = graph.message(&row.id, BodyFormat::Text).await.unwrap();
    assert_eq!(message.id, row.id);
    assert_eq!(message.subject, format!("RE: {NEGOTIATION}"));
    assert_eq!(
        message.internet_message_id.as_deref(),
        Some("<20261125140500.daniel.brooks@contoso.com>")
    );
    assert_eq!(message.conversation_id, row.conversation_id);
    assert_eq!(message.to_recipients[0].email_address.name, "Megan Bowen");
    assert_eq!(
        message.cc_recipients[0].email_address.address,
        "priya.raman@contoso.com"
    );
    assert!(!message.has_attachments);
    assert!(
        message
            .web_link
            .unwrap()
            .starts_with("https://outlook.office365.com/owa/?ItemID=")
    );

    let body = message.body.unwrap();
    let unique = message.unique_body.unwrap();
    assert_eq!(
        (body.content_type, unique.content_type),
        (BodyFormat::Text, BodyFormat::Text)
    );
    assert!(
        unique
            .content
            .starts_with("Thanks Megan.\n\nProcurement has set Northwind up")
    );
    assert!(
        unique
            .content
            .contains("Daniel Brooks\nIT Procurement Manager | Contoso Ltd")
    );
    assert!(
        unique
            .content
            .contains("This email and any attachments are confidential")
    );
    assert!(!unique.content.contains("-----Original Message-----"));
    assert!(!unique.content.contains("Redmond, Reno and Columbus"));
    // The whole body still carries the history: the previous message and, further down, the
    // first proposal.
    assert!(
        body.content
            .contains("-----Original Message-----\nFrom: Megan Bowen")
    );
    assert!(body.content.contains("Redmond, Reno and Columbus"));
    assert!(body.content.contains("$56,000 in year one"));

    let html = graph.message(&row.id, BodyFormat::Html).await.unwrap();
    let html_body = html.body.unwrap();
    assert_eq!(html_body.content_type, BodyFormat::Html);
    assert!(
        html_body
            .content
            .contains("<div class=\"PlainText\">Thanks Megan.<br>")
    );
}

#[tokio::test]
async fn the_long_negotiation_comes_back_complete_and_oldest_first_across_pages() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let row = newest_from(&graph, "priya.raman@contoso.com").await;
    let before = graph_requests(&sandbox);
    let conversation = graph
        .conversation_in_pages(
            row.conversation_id.as_deref().unwrap(),
            BodyFormat::Text,
            10,
        )
        .await
        .unwrap();
    // 23 messages in pages of 10: three requests.
    assert_eq!(graph_requests(&sandbox) - before, 3);
    assert!(conversation.complete);
    let messages = &conversation.messages;
    assert_eq!(messages.len(), 23);
    assert_eq!(
        messages.iter().map(|m| &m.id).collect::<HashSet<_>>().len(),
        23
    );
    assert_eq!(messages[0].subject, NEGOTIATION);
    assert_eq!(sender(&messages[0]), "megan.bowen@northwindtraders.com");
    assert_eq!(messages[22].id, row.id);
    let received: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.received_date_time.as_deref())
        .collect();
    assert_eq!(received.len(), 23);
    assert!(received.windows(2).all(|w| w[0] < w[1]), "{received:?}");
    let senders: HashSet<&str> = messages.iter().map(sender).collect();
    for address in [
        "priya.raman@contoso.com",
        "daniel.brooks@contoso.com",
        "megan.bowen@northwindtraders.com",
        "patti.fernandez@northwindtraders.com",
        "alex.wilber@northwindtraders.com",
        "lee.gu@northwindtraders.com",
    ] {
        assert!(senders.contains(address), "{address}");
    }
    let agreed = messages
        .iter()
        .filter_map(|m| m.unique_body.as_ref())
        .any(|b| b.content.contains("We can do $48,000 all-in for year one"));
    assert!(agreed);
}

#[tokio::test]
async fn a_conversation_filter_with_orderby_is_refused_as_graph_does() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let row = newest_from(&graph, "priya.raman@contoso.com").await;
    let mut request = graph::mail::conversation_request(
        &base(&sandbox),
        row.conversation_id.as_deref().unwrap(),
        BodyFormat::Html,
        graph::mail::CONVERSATION_PAGE_SIZE,
    )
    .unwrap();
    let ordered = format!("{}&$orderby=receivedDateTime%20desc", request.uri());
    *request.uri_mut() = ordered.parse().unwrap();
    let response = raw(&sandbox, request).await;
    let err = graph::error::classify("conversation", response).unwrap_err();
    assert_eq!(
        err,
        ProviderError::Rejected {
            provider: Provider::Graph,
            status: 400,
            code: "InefficientFilter".into()
        }
    );
}

/// Sends a connector-built request with Megan's token and returns the raw response.
async fn raw(sandbox: &Sandbox, mut request: UpstreamRequest) -> UpstreamResponse {
    let bearer = issue_downstream_token(sandbox.state(), USERS[MEGAN].id, GRAPH_RESOURCE);
    request.headers_mut().insert(
        http::header::AUTHORIZATION,
        format!("Bearer {bearer}").parse().unwrap(),
    );
    ReqwestTransport::default().send(request).await.unwrap()
}

#[tokio::test]
async fn the_sandbox_honours_select_and_acknowledges_the_text_preference() {
    let sandbox = sandbox().await;
    let row = newest_from(&client(&sandbox, MEGAN), "marcus.chen@fabrikam.com").await;
    let request = graph::mail::message_request(&base(&sandbox), &row.id, BodyFormat::Text);
    let response = raw(&sandbox, request.unwrap()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["preference-applied"],
        "outlook.body-content-type=\"text\""
    );
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    let mut keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|key| !key.starts_with("@odata"))
        .collect();
    keys.sort_unstable();
    let mut expected: Vec<&str> = graph::mail::MESSAGE_SELECT.split(',').collect();
    expected.push("id");
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(body["uniqueBody"]["contentType"], "text");
    // Fabrikam's gateway disclaimer is part of what the message added.
    let unique = body["uniqueBody"]["content"].as_str().unwrap();
    assert!(
        unique.contains("Fabrikam, Inc. accepts no liability"),
        "{unique}"
    );

    let html = graph::mail::message_request(&base(&sandbox), &row.id, BodyFormat::Html);
    let response = raw(&sandbox, html.unwrap()).await;
    assert!(response.headers().get("preference-applied").is_none());
}

#[tokio::test]
async fn exchange_ids_translate_from_ews_to_rest_and_back() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let rest = newest_from(&graph, "sofia.alvarez@adventure-works.com")
        .await
        .id;
    let translated = graph
        .translate_exchange_ids(
            &[rest.clone(), "AAMkADQ1Yjg_T99-01AAAA=".into()],
            ExchangeIdFormat::RestId,
            ExchangeIdFormat::EwsId,
        )
        .await
        .unwrap();
    let ews = translated[0].target_id.clone().unwrap();
    assert_ne!(ews, rest);
    assert_eq!(ews, rest.replace('-', "+").replace('_', "/"));
    assert_eq!(translated[1].target_id, None);
    assert_eq!(
        translated[1].error_details.as_ref().unwrap().code,
        "ErrorItemNotFound"
    );
    // What the pane does with Office.js' itemId: EWS in, REST out, then read.
    assert_eq!(graph.rest_id_from_ews(&ews).await.unwrap(), rest);
    let message = graph.message(&rest, BodyFormat::Html).await.unwrap();
    assert_eq!(sender(&message), "sofia.alvarez@adventure-works.com");
    // An EWS id used as a REST id is refused, as Graph refuses it.
    let err = graph.message(&ews, BodyFormat::Html).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Rejected {
            provider: Provider::Graph,
            status: 400,
            code: "ErrorInvalidIdMalformed".into()
        }
    );
}

#[tokio::test]
async fn the_calendar_view_and_an_event_show_teams_meetings_with_their_attendees() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let weeks = TimeRange::new("2026-11-16T00:00:00Z", "2026-12-07T00:00:00Z").unwrap();
    let (events, complete) = graph.calendar_view(&weeks).await.unwrap();
    assert!(complete);
    // Ten single events and three occurrences of the Contoso weekly sync (Tuesdays).
    assert_eq!(events.len(), 13);
    let starts: Vec<&str> = events
        .iter()
        .map(|e| e.start.as_ref().unwrap().date_time.as_str())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    let review = events
        .iter()
        .find(|e| e.subject == "Contoso – pricing and order form review")
        .unwrap();
    let event = graph.event(&review.id).await.unwrap();
    assert!(event.is_online_meeting);
    let start = event.start.unwrap();
    assert_eq!(
        (start.date_time.as_str(), start.time_zone.as_str()),
        ("2026-11-19T18:00:00.0000000", "UTC")
    );
    assert!(
        event
            .ical_uid
            .unwrap()
            .starts_with("040000008200E00074C5B7101A82E008")
    );
    let join_url = event.online_meeting.unwrap().join_url.unwrap();
    assert!(join_url.starts_with("https://teams.microsoft.com/l/meetup-join/19%3ameeting_"));
    let attendees: Vec<(&str, &str)> = event
        .attendees
        .iter()
        .map(|a| (a.email_address.address.as_str(), a.kind.as_str()))
        .collect();
    assert_eq!(
        attendees,
        [
            ("priya.raman@contoso.com", "required"),
            ("daniel.brooks@contoso.com", "required"),
            ("patti.fernandez@northwindtraders.com", "optional"),
        ]
    );
    assert_eq!(
        event.organizer.unwrap().email_address.address,
        "megan.bowen@northwindtraders.com"
    );

    let one_day = TimeRange::new("2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z").unwrap();
    let (day, _) = graph.calendar_view(&one_day).await.unwrap();
    let subjects: Vec<&str> = day.iter().map(|e| e.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Contoso weekly sync",
            "Weekly pipeline review",
            "Focus time: Woodgrove RFP response"
        ]
    );
}

#[tokio::test]
async fn free_busy_and_working_hours_describe_when_the_seller_can_meet() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let settings = graph.mailbox_settings().await.unwrap();
    assert_eq!(settings.time_zone.as_deref(), Some("Pacific Standard Time"));
    let hours = settings.working_hours.unwrap();
    assert_eq!(
        hours.days_of_week,
        ["monday", "tuesday", "wednesday", "thursday", "friday"]
    );
    assert_eq!(
        (hours.start_minutes(), hours.end_minutes()),
        (Some(480), Some(1020))
    );
    assert_eq!(hours.time_zone.unwrap().name, "Pacific Standard Time");

    let range = TimeRange::new("2026-12-01T16:00:00Z", "2026-12-01T23:00:00Z").unwrap();
    let people = [
        USERS[MEGAN].email.to_owned(),
        USERS[ALEX].email.to_owned(),
        "priya.raman@contoso.com".to_owned(),
    ];
    let schedules = graph.schedule(&people, &range, 30).await.unwrap();
    assert_eq!(schedules.len(), 3);
    let megan = &schedules[0];
    assert_eq!(megan.schedule_id, USERS[MEGAN].email);
    // 16:00–16:30 Contoso weekly sync (an occurrence); 16:30–17:00 pipeline review; 20:00–22:00
    // focus time.
    assert_eq!(megan.availability_view, "22000000222200");
    let blocks: Vec<(&str, &str)> = megan
        .schedule_items
        .iter()
        .map(|i| (i.status.as_str(), i.start.date_time.as_str()))
        .collect();
    assert_eq!(
        blocks,
        [
            ("busy", "2026-12-01T16:00:00.0000000"),
            ("busy", "2026-12-01T16:30:00.0000000"),
            ("busy", "2026-12-01T20:00:00.0000000")
        ]
    );
    assert_eq!(schedules[1].availability_view, "02000000000000");
    assert_eq!(
        schedules[2].error.as_ref().unwrap().response_code,
        "ErrorMailRecipientNotFound"
    );
}

/// Hours set in a custom zone come back as the zone's rules under a free-text name
/// (`#microsoft.graph.customTimeZone`, "Customized Time Zone": user-get-mailboxsettings example 3,
/// calendar-getschedule example). That name is no zone to look up: the slots a draft offers must
/// then be in the mailbox's own zone, not in UTC.
#[tokio::test]
async fn working_hours_in_a_custom_zone_are_read_in_the_mailbox_zone_not_utc() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, DIEGO);
    let settings = graph.mailbox_settings().await.unwrap();
    assert_eq!(settings.time_zone.as_deref(), Some("Eastern Standard Time"));
    let hours = settings.working_hours.clone().unwrap();
    assert_eq!(
        (hours.start_minutes(), hours.end_minutes()),
        (Some(540), Some(1080))
    );
    assert_eq!(
        hours.time_zone, None,
        "a custom zone has no name to look up"
    );
    let week = WorkingWeek::from_settings(&settings);
    assert_eq!(week.zone, Zone::named("Eastern Standard Time").unwrap());
    assert_ne!(week.zone, Zone::utc());

    // getSchedule describes the same hours the same way.
    let range = TimeRange::new("2026-12-01T14:00:00Z", "2026-12-01T23:00:00Z").unwrap();
    let diego = [USERS[DIEGO].email.to_owned()];
    let schedules = graph.schedule(&diego, &range, 60).await.unwrap();
    let hours = schedules[0].working_hours.as_ref().unwrap();
    assert_eq!(hours.days_of_week.len(), 5);
    assert_eq!(hours.time_zone, None);
}

#[rstest]
#[case(
    CONTOSO_CHAT,
    "Contoso – pricing and order form review",
    "Priya Raman",
    "$48,000"
)]
#[case(
    LITWARE_CHAT,
    "Litware – technical deep dive",
    "Hannah Schmidt",
    "$72,000"
)]
#[case(
    FABRIKAM_CHAT,
    "Fabrikam – security review and rollout plan",
    "Marcus Chen",
    "$100,000"
)]
#[case(
    CONTOSO_RENEWAL_CHAT,
    CONTOSO_RENEWAL_SUBJECT,
    "Amelia Scott",
    "$156,000"
)]
#[case(
    injection::MEETING_CHAT,
    injection::MEETING_SUBJECT,
    "Marcus Chen",
    "$12,000"
)]
#[tokio::test]
async fn a_meeting_chat_leads_to_its_transcript_cues(
    #[case] chat_id: &str,
    #[case] subject: &str,
    #[case] customer: &str,
    #[case] price: &str,
) {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let chat = graph.chat(chat_id).await.unwrap();
    assert_eq!(chat.chat_type, "meeting");
    let meeting = graph.meeting_for_chat(chat_id).await.unwrap();
    assert_eq!(meeting.subject.as_deref(), Some(subject));
    assert_eq!(
        meeting.join_web_url,
        chat.online_meeting_info.unwrap().join_web_url
    );
    let transcripts = graph.transcripts(&meeting.id).await.unwrap();
    assert_eq!(transcripts.len(), 1);
    assert_eq!(
        transcripts[0].meeting_id.as_deref(),
        Some(meeting.id.as_str())
    );
    let cues = graph
        .transcript_cues(&meeting.id, &transcripts[0].id)
        .await
        .unwrap();
    assert!(cues.len() >= 8, "{}", cues.len());
    let speakers: HashSet<&str> = cues.iter().filter_map(|c| c.speaker.as_deref()).collect();
    assert!(speakers.len() >= 3, "{speakers:?}");
    assert!(speakers.contains("Megan Bowen") && speakers.contains(customer));
    assert!(cues.iter().all(|c| c.start_ms < c.end_ms));
    assert!(cues.windows(2).all(|w| w[0].end_ms <= w[1].start_ms));
    assert!(cues.iter().any(|c| c.text.contains("Globex")));
    assert!(cues.iter().any(|c| c.text.contains(price)), "{price}");
    assert!(cues.iter().all(|c| !c.text.contains('<')));
}

/// Transcripts exist only for meetings held with transcription on: for the others Graph lists
/// none (an empty `value`), which is an empty list, not an error.
/// https://learn.microsoft.com/en-us/graph/api/onlinemeeting-list-transcripts
#[tokio::test]
async fn a_meeting_without_transcription_lists_no_transcripts() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let untranscribed: Vec<_> = closer_sandbox::graph::seed::MEETINGS
        .iter()
        .filter(|m| m.transcript.is_none() && m.organizer.id == USERS[MEGAN].id)
        .collect();
    assert!(!untranscribed.is_empty());
    for seeded in untranscribed {
        let meeting = graph.meeting_for_chat(seeded.chat_id).await.unwrap();
        assert_eq!(graph.transcripts(&meeting.id).await.unwrap(), vec![]);
    }
}

/// A tenant whose admin turned off Graph access to transcripts gets 403 `Forbidden` on every
/// transcript route; the connector reports it as forbidden with Graph's code, not as "none".
/// https://learn.microsoft.com/en-us/graph/api/onlinemeeting-list-transcripts#error-responses
#[tokio::test]
async fn a_tenant_with_transcript_access_disabled_is_forbidden() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let meeting = graph.meeting_for_chat(CONTOSO_CHAT).await.unwrap();
    let transcript_id = graph.transcripts(&meeting.id).await.unwrap()[0].id.clone();
    sandbox
        .state()
        .lock()
        .transcripts_disabled_tenants
        .insert(USERS[MEGAN].tenant_id.to_owned());
    let forbidden = ProviderError::Forbidden {
        provider: Provider::Graph,
        code: "Forbidden".into(),
    };
    assert_eq!(graph.transcripts(&meeting.id).await.unwrap_err(), forbidden);
    assert_eq!(
        graph
            .transcript_cues(&meeting.id, &transcript_id)
            .await
            .unwrap_err(),
        forbidden
    );
}

#[tokio::test]
async fn graphs_short_timestamp_form_parses_to_milliseconds() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let meeting = graph.meeting_for_chat(LITWARE_CHAT).await.unwrap();
    let transcript = &graph.transcripts(&meeting.id).await.unwrap()[0];
    let cues = graph
        .transcript_cues(&meeting.id, &transcript.id)
        .await
        .unwrap();
    // `0:0:2.40 --> 0:0:8.910` and `0:1:27.200 --> 0:1:33.500`.
    assert_eq!((cues[0].start_ms, cues[0].end_ms), (2_400, 8_910));
    let last = cues.last().unwrap();
    assert_eq!((last.start_ms, last.end_ms), (87_200, 93_500));
    assert_eq!(last.speaker.as_deref(), Some("Megan Bowen"));
}

#[tokio::test]
async fn other_mailboxes_and_tenants_cannot_see_megans_mail_or_meetings() {
    let sandbox = sandbox().await;
    let megans = newest_from(&client(&sandbox, MEGAN), "priya.raman@contoso.com").await;
    for user in [ALEX, DIEGO] {
        let graph = client(&sandbox, user);
        assert_eq!(
            graph
                .message(&megans.id, BodyFormat::Html)
                .await
                .unwrap_err(),
            ProviderError::NotFound {
                provider: Provider::Graph,
                what: "message".into()
            }
        );
        let err = graph.meeting_for_chat(CONTOSO_CHAT).await.unwrap_err();
        assert!(matches!(err, ProviderError::NotFound { .. }), "{err:?}");
        let conversation = graph
            .conversation(megans.conversation_id.as_deref().unwrap(), BodyFormat::Html)
            .await;
        assert!(matches!(conversation, Err(ProviderError::NotFound { .. })));
    }
    let diego = client(&sandbox, DIEGO);
    assert_eq!(diego.organization().await.unwrap().id, TAILSPIN.id);
    let inbox = diego.inbox(50).await.unwrap();
    assert_eq!(inbox.len(), 2);
    assert!(inbox.iter().all(|m| !sender(m).ends_with("contoso.com")));
}

#[tokio::test]
async fn a_refused_token_is_unauthorized_with_graphs_code() {
    let sandbox = sandbox().await;
    let permits = MailboxLimiter::new().permits(NORTHWIND.id, USERS[MEGAN].id);
    let graph = GraphClient::new(
        ReqwestTransport::default(),
        base(&sandbox),
        SecretString::from("not-a-graph-token"),
        permits,
    );
    let expected = ProviderError::Unauthorized {
        provider: Provider::Graph,
        code: "InvalidAuthenticationToken".into(),
        claims_challenge: None,
    };
    assert_eq!(graph.me().await.unwrap_err(), expected);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me", "status": 401, "times": 1}),
    )
    .await;
    assert_eq!(client(&sandbox, MEGAN).me().await.unwrap_err(), expected);
}

#[tokio::test]
async fn unknown_ids_are_not_found_and_named_by_entity() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let message = graph
        .message("AAMkADQ1Yjg_T99-01AAAA=", BodyFormat::Html)
        .await;
    assert_eq!(
        message.unwrap_err().to_string(),
        "microsoft graph has no such message"
    );
    let event = graph.event("AAMkADQ1Yjg_E99-AAAAA=").await;
    assert_eq!(
        event.unwrap_err().to_string(),
        "microsoft graph has no such event"
    );
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me", "status": 404, "times": 1}),
    )
    .await;
    assert!(
        matches!(graph.me().await, Err(ProviderError::NotFound { what, .. }) if what == "user")
    );
}

#[tokio::test]
async fn a_429_with_a_longer_retry_after_than_we_wait_comes_back_throttled_at_once() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN).with_sleeper(TokioSleeper);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me/messages", "status": 429, "retry_after": "2.128"}),
    )
    .await;
    let before = graph_requests(&sandbox);
    let started = Instant::now();
    let err = graph
        .message("AAMkADQ1Yjg_T01-01AAAA=", BodyFormat::Html)
        .await;
    assert_eq!(
        err.unwrap_err(),
        ProviderError::Throttled {
            provider: Provider::Graph,
            retry_after: Some(Duration::from_millis(2128))
        }
    );
    assert_eq!(graph_requests(&sandbox) - before, 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_persistent_429_is_retried_a_bounded_number_of_times() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN).with_sleeper(TokioSleeper);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me/messages", "status": 429, "retry_after": "0.05"}),
    )
    .await;
    let before = graph_requests(&sandbox);
    let err = graph
        .message("AAMkADQ1Yjg_T01-01AAAA=", BodyFormat::Html)
        .await;
    assert_eq!(
        err.unwrap_err(),
        ProviderError::Throttled {
            provider: Provider::Graph,
            retry_after: Some(Duration::from_millis(50))
        }
    );
    assert_eq!(graph_requests(&sandbox) - before, MAX_READ_ATTEMPTS);
}

#[tokio::test]
async fn a_single_429_with_a_short_retry_after_is_waited_out_and_passes() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN).with_sleeper(TokioSleeper);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me", "status": 429, "retry_after": "0.2", "times": 1}),
    )
    .await;
    let before = graph_requests(&sandbox);
    let started = Instant::now();
    let me = graph.me().await.unwrap();
    assert_eq!(me.display_name, "Megan Bowen");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(graph_requests(&sandbox) - before, 2);
}

#[rstest]
#[case(500)]
#[case(503)]
#[tokio::test]
async fn server_errors_are_retried_once_then_reported(#[case] status: u16) {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me", "status": status}),
    )
    .await;
    let before = graph_requests(&sandbox);
    assert_eq!(
        graph.me().await.unwrap_err(),
        ProviderError::Server {
            provider: Provider::Graph,
            status
        }
    );
    assert_eq!(graph_requests(&sandbox) - before, MAX_READ_ATTEMPTS);
}

#[tokio::test]
async fn a_single_503_is_retried_and_passes() {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/organization", "status": 503, "times": 1}),
    )
    .await;
    assert_eq!(graph.organization().await.unwrap().id, NORTHWIND.id);
}

#[rstest]
#[case("malformed", "/graph/v1.0/me")]
#[case("truncated", "/graph/v1.0/me")]
#[case("truncated", "/graph/v1.0/me/mailFolders")]
#[tokio::test]
async fn damaged_bodies_are_malformed_not_guessed_at(#[case] damage: &str, #[case] path: &str) {
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    fault(&sandbox, json!({"path_prefix": path, "body": damage})).await;
    let result = if path.ends_with("/me") {
        graph.me().await.map(|_| ())
    } else {
        graph.inbox(10).await.map(|_| ())
    };
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::Malformed {
                provider: Provider::Graph,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_hanging_graph_ends_in_a_transport_timeout() {
    let sandbox = sandbox().await;
    let transport = ReqwestTransport::new(Duration::from_millis(300));
    let graph = client_for(&sandbox, MEGAN, transport);
    fault(&sandbox, json!({"path_prefix": "/graph", "hang": true})).await;
    let started = Instant::now();
    let err = graph.me().await.unwrap_err();
    assert!(
        matches!(
            &err,
            ProviderError::Transport {
                provider: Provider::Graph,
                source: TransportError::Timeout {
                    timeout_ms: 300,
                    ..
                }
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// Counts requests in flight at once.
struct InFlight<T> {
    inner: T,
    now: Cell<usize>,
    max: Cell<usize>,
}

impl<T: HttpTransport> HttpTransport for InFlight<T> {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        self.now.set(self.now.get() + 1);
        self.max.set(self.max.get().max(self.now.get()));
        let response = self.inner.send(request).await;
        self.now.set(self.now.get() - 1);
        response
    }
}

#[tokio::test]
async fn ten_parallel_reads_of_one_mailbox_run_four_at_a_time() {
    let sandbox = sandbox().await;
    fault(
        &sandbox,
        json!({"path_prefix": "/graph/v1.0/me", "latency_ms": 150}),
    )
    .await;
    let counting = InFlight {
        inner: ReqwestTransport::default(),
        now: Cell::new(0),
        max: Cell::new(0),
    };
    // Ten pane requests building their own clients, sharing the isolate's registry.
    let limiter = MailboxLimiter::new();
    let clients: Vec<_> = (0..10)
        .map(|_| {
            GraphClient::new(
                &counting,
                base(&sandbox),
                token(&sandbox, MEGAN),
                limiter.permits(NORTHWIND.id, USERS[MEGAN].id),
            )
        })
        .collect();
    let started = Instant::now();
    let results = futures::future::join_all(clients.iter().map(|c| c.me())).await;
    assert!(
        results
            .iter()
            .all(|r| r.as_ref().is_ok_and(|me| me.id == USERS[MEGAN].id))
    );
    assert_eq!(counting.max.get(), MAX_CONCURRENT_PER_MAILBOX);
    // Ten requests, four at a time: three waves of at least 150 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );
}

/// The seeded Contoso meeting read as the recap will read it: speaker turns that alternate,
/// talk time for every voice adding up to all speech, and a line verified for its speaker only.
#[tokio::test]
async fn a_transcript_becomes_speaker_turns_and_talk_time() {
    use closer_worker::ai::transcript::{said, talk_time, turns};
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let meeting = graph.meeting_for_chat(CONTOSO_CHAT).await.unwrap();
    let transcript = &graph.transcripts(&meeting.id).await.unwrap()[0];
    let cues = graph
        .transcript_cues(&meeting.id, &transcript.id)
        .await
        .unwrap();
    let turns = turns(&cues);
    assert!(turns.len() >= 4, "{}", turns.len());
    assert!(
        turns.windows(2).all(|w| w[0].speaker != w[1].speaker),
        "turns alternate speakers"
    );
    let shares = talk_time(&cues);
    let spoken: i64 = cues.iter().map(|c| (c.end_ms - c.start_ms).max(0)).sum();
    assert_eq!(shares.iter().map(|s| s.talk_ms).sum::<i64>(), spoken);
    let total: f64 = shares.iter().map(|s| s.share_pct).sum();
    assert!((total - 100.0).abs() < 1e-6, "{total}");
    assert!(
        shares
            .iter()
            .any(|s| s.speaker == "Megan Bowen" && s.talk_ms > 0)
    );
    // A line of the meeting is found for the one who said it, and for nobody else.
    let line = turns
        .iter()
        .find(|t| t.text.contains("Globex"))
        .expect("Globex is mentioned");
    let words: String = line
        .text
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(said(&turns, &line.speaker, &words).is_some(), "{words}");
    let other = turns
        .iter()
        .find(|t| t.speaker != line.speaker)
        .map(|t| t.speaker.clone())
        .unwrap();
    assert!(said(&turns, &other, &words).is_none());
}

/// The hour-long Contoso negotiation as the recap reads it: 62 minutes of cues from eight
/// speakers, Teams' continued cue (`/n-1`) merged into its speaker's turn, two-line cues joined
/// with a space, and the CFO's commitment in the last three minutes attributed to her.
#[tokio::test]
async fn the_hour_long_negotiation_reads_as_eight_speakers_turns() {
    use closer_worker::ai::transcript::{said, talk_time, turns};
    let sandbox = sandbox().await;
    let graph = client(&sandbox, MEGAN);
    let meeting = graph.meeting_for_chat(CONTOSO_RENEWAL_CHAT).await.unwrap();
    let transcript = &graph.transcripts(&meeting.id).await.unwrap()[0];
    let cues = graph
        .transcript_cues(&meeting.id, &transcript.id)
        .await
        .unwrap();
    let last = cues.last().unwrap();
    assert!(last.end_ms > 60 * 60 * 1_000, "{}", last.end_ms);
    assert!(
        cues.iter()
            .all(|c| c.speaker.is_some() && !c.text.contains('\n'))
    );
    let shares = talk_time(&cues);
    assert_eq!(shares.len(), 8, "{shares:?}");
    let turns = turns(&cues);
    assert!(turns.len() < cues.len(), "a continued cue joins its turn");
    assert!(turns.windows(2).all(|w| w[0].speaker != w[1].speaker));
    let commitment = turns
        .iter()
        .find(|t| t.text.contains("Dallas distribution center"))
        .unwrap();
    assert_eq!(commitment.speaker, "Amelia Scott");
    assert!(commitment.start_ms > last.end_ms - 3 * 60 * 1_000);
    assert!(
        said(
            &turns,
            "Amelia Scott",
            "adding the Dallas distribution center in year two"
        )
        .is_some()
    );
    assert!(
        said(
            &turns,
            "Megan Bowen",
            "adding the Dallas distribution center in year two"
        )
        .is_none()
    );
}
