//! Reply drafts against the sandbox: the plan reads the thread and the seller's free slots over
//! Graph (slots inside Megan's working hours and clear of every event in her calendar), the
//! model's stream is decoded chunk by chunk as the network delivers it (the first words before
//! the last), and 429/500/a cut stream become typed errors: before the stream as a failure with
//! its class, mid-stream as the error event the pane shows.

use crate::support::ReqwestTransport;
use crate::support::tenant::{control, megan_graph, model, model_config};
use closer_sandbox::Sandbox;
use closer_sandbox::openai::SANDBOX_MODEL;
use closer_wire::{ApiErrorCode, DraftEvent, DraftPrepareRequest, DraftRequest};
use closer_worker::graph::{GraphClient, Message, TimeRange};
use closer_worker::llm::model::{StreamEvents, decode_openai_chunks};
use closer_worker::llm::openai_compat::chat_stream_request;
use closer_worker::llm::{ChatMessage, ChatModel, ChatRequest, LlmError, StreamEvent};
use closer_worker::provider::{Provider, ProviderError};
use closer_worker::routes::ai::draft::prepared::{self, PREPARED_TTL_SECS};
use closer_worker::routes::ai::draft::{draft_events, model_failure, plan, prepare_thread};
use futures::StreamExt;
use std::time::{Duration, Instant};

const NEGOTIATION: &str = "proposal for Contoso";

async fn sandbox() -> Sandbox {
    Sandbox::start(0).await.expect("sandbox starts")
}

fn request(message_id: &str) -> DraftRequest {
    serde_json::from_value(serde_json::json!({
        "message_id": message_id,
        "suggest_meeting_slots": true,
        "language": "English",
    }))
    .unwrap()
}

/// Megan's open negotiation thread's newest message in her inbox.
async fn negotiation(graph: &GraphClient<ReqwestTransport>) -> Message {
    let inbox = graph.inbox(50).await.unwrap();
    inbox
        .into_iter()
        .find(|m| m.subject.contains(NEGOTIATION))
        .expect("the negotiation is seeded")
}

/// `2026-11-30T16:00:00` from any ISO form Graph or the wire uses, for ordering.
fn instant(text: &str) -> String {
    text.trim_end_matches('Z').chars().take(19).collect()
}

#[tokio::test]
async fn the_plan_reads_the_thread_and_offers_free_slots_in_working_hours() {
    let sandbox = sandbox().await;
    let graph = megan_graph(&sandbox);
    let opened = negotiation(&graph).await;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let planned = plan(
        &graph,
        async { Ok(None) },
        &request(&opened.id),
        None,
        now_ms,
    )
    .await
    .unwrap();

    let DraftEvent::Started {
        messages_used,
        slots,
        grounded_in,
        ..
    } = &planned.started
    else {
        panic!("{:?}", planned.started)
    };
    assert!(*messages_used > 5, "the whole negotiation: {messages_used}");
    assert_eq!(grounded_in, &None);
    assert_eq!(slots.len(), 3, "{slots:?}");
    for slot in slots {
        // Megan works Monday to Friday, 08:00-17:00 Pacific.
        assert!(slot.label.ends_with("(Pacific Standard Time)"), "{slot:?}");
        assert!(!slot.label.starts_with("Sat") && !slot.label.starts_with("Sun"));
        let clock = &slot.label[slot.label.find(", ").unwrap() + 2..][..5];
        assert!(("08:00".."16:31").contains(&clock), "{slot:?}");
        assert!(instant(&slot.start_utc) > instant(&closer_worker_now(now_ms)));
    }
    // Clear of every event in her calendar.
    let range = TimeRange::new(&slots[0].start_utc, &slots[2].end_utc).unwrap();
    let (events, _) = graph.calendar_view(&range).await.unwrap();
    for slot in slots {
        for event in &events {
            let (Some(start), Some(end)) = (&event.start, &event.end) else {
                continue;
            };
            let overlaps = instant(&slot.start_utc) < instant(&end.date_time)
                && instant(&start.date_time) < instant(&slot.end_utc);
            assert!(!overlaps, "{slot:?} overlaps {}", event.subject);
        }
    }
    let data = &planned.chat.messages[1].content;
    assert!(data.starts_with("<thread>"), "the thread is the data block");
    assert!(data.contains(&format!("- {}\n", slots[0].label)));
}

/// The thread prepared when the draft card opened, sealed and handed back, is the thread the
/// draft uses: with Graph failing every message read by then, the plan still stands on it and
/// its prompt is the one a plain plan builds.
#[tokio::test]
async fn a_prepared_thread_spares_the_graph_read_and_builds_the_same_prompt() {
    let sandbox = sandbox().await;
    let graph = megan_graph(&sandbox);
    let opened = negotiation(&graph).await;
    let mut asked = request(&opened.id);
    asked.suggest_meeting_slots = false;
    let plain = plan(&graph, async { Ok(None) }, &asked, None, 0)
        .await
        .unwrap();

    let thread = prepare_thread(
        &graph,
        &DraftPrepareRequest {
            message_id: opened.id.clone(),
            conversation_id: None,
        },
    )
    .await
    .unwrap();
    let key = [9u8; 32];
    let user = "tid:oid";
    let sealed = prepared::seal(&key, [3; 12], user, &opened.id, 100, thread);
    let reopened = prepared::open(&key, &sealed, user, &opened.id, 100 + PREPARED_TTL_SECS);
    assert!(reopened.is_some(), "opens within its lifetime");
    control(
        &sandbox,
        "faults",
        serde_json::json!({ "path_prefix": "/graph/", "status": 500 }),
    )
    .await;
    let from_prepared = plan(&graph, async { Ok(None) }, &asked, reopened, 0)
        .await
        .expect("no Graph read once the thread is prepared");
    assert_eq!(from_prepared.chat, plain.chat);
    assert_eq!(from_prepared.started, plain.started);
    let read_again = plan(&graph, async { Ok(None) }, &asked, None, 0).await;
    assert!(
        read_again.is_err(),
        "without it, the plan reads Graph (failing here)"
    );
}

fn closer_worker_now(now_ms: i64) -> String {
    // Formats like the wire's `start_utc` so the two compare as strings. Computed here rather
    // than by the worker's formatter (private to it), so that a wrong formatter cannot agree
    // with itself.
    let seconds = now_ms / 1000;
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The model's stream read as the edge reads it: the body chunk by chunk off the network,
/// through the same decoder.
async fn stream_over_the_network(sandbox: &Sandbox) -> StreamEvents<'static> {
    let chat = ChatRequest::new(vec![ChatMessage::user("Draft a reply.")]);
    let upstream = chat_stream_request(&model_config(sandbox), &chat).unwrap();
    let (parts, body) = upstream.into_parts();
    let mut sent = reqwest::Client::new().post(parts.uri.to_string());
    for (name, value) in &parts.headers {
        sent = sent.header(name.as_str(), value.as_bytes());
    }
    let response = sent.body(body.to_vec()).send().await.unwrap();
    assert!(response.status().is_success());
    // `Response::chunk` yields the body as the network delivers it.
    let chunks = futures::stream::unfold(response, |mut response| async move {
        match response.chunk().await {
            Ok(Some(bytes)) => Some((Ok(bytes), response)),
            Ok(None) => None,
            Err(e) => Some((Err(e), response)),
        }
    });
    decode_openai_chunks(chunks, |e: reqwest::Error| {
        LlmError::Provider(ProviderError::malformed(Provider::Llm, e.to_string()))
    })
}

#[tokio::test]
async fn streamed_chunks_are_decoded_as_they_arrive() {
    let sandbox = sandbox().await;
    let words: String = (1..=120).map(|i| format!("w{i} ")).collect();
    control(
        &sandbox,
        "llm/script",
        serde_json::json!({ "completions": [words.trim_end()] }),
    )
    .await;
    let started = Instant::now();
    let mut events = stream_over_the_network(&sandbox).await;
    let mut arrivals = Vec::new();
    let mut text = String::new();
    while let Some(event) = events.next().await {
        match event.unwrap() {
            StreamEvent::Delta(piece) => {
                text.push_str(&piece);
                arrivals.push(started.elapsed());
            }
            StreamEvent::Done { .. } => arrivals.push(started.elapsed()),
        }
    }
    assert_eq!(text, words.trim_end());
    let (first, last) = (arrivals[0], *arrivals.last().unwrap());
    // The sandbox paces its chunks: a decoder that waited for the whole body would see the
    // first word and the end at the same moment.
    assert!(
        last - first > Duration::from_millis(200),
        "first word at {first:?}, end at {last:?}"
    );
}

#[tokio::test]
async fn throttling_and_server_errors_are_typed_before_the_stream() {
    let sandbox = sandbox().await;
    let model = model(&sandbox, ReqwestTransport::default());
    let chat = ChatRequest::new(vec![ChatMessage::user("Draft a reply.")]);

    control(
        &sandbox,
        "faults",
        serde_json::json!({ "path_prefix": "/openai/", "status": 429, "retry_after": "7", "times": 1 }),
    )
    .await;
    let Err(err) = model.stream(&chat).await else {
        panic!("a 429 must fail")
    };
    let wire = model_failure(err).to_wire("cid");
    assert_eq!(wire.code, ApiErrorCode::Throttled);
    assert_eq!(wire.retry_after_seconds, Some(7.0));

    control(
        &sandbox,
        "faults",
        serde_json::json!({ "path_prefix": "/openai/", "status": 500, "times": 1 }),
    )
    .await;
    let Err(err) = model.stream(&chat).await else {
        panic!("a 500 must fail")
    };
    assert_eq!(
        model_failure(err).to_wire("cid").code,
        ApiErrorCode::UpstreamUnavailable
    );
}

#[tokio::test]
async fn a_stream_cut_mid_way_ends_with_an_error_event_after_the_text_so_far() {
    let sandbox = sandbox().await;
    let words: String = (1..=40).map(|i| format!("w{i} ")).collect();
    control(
        &sandbox,
        "llm/script",
        serde_json::json!({ "completions": [words.trim_end()] }),
    )
    .await;
    control(
        &sandbox,
        "faults",
        serde_json::json!({ "path_prefix": "/openai/", "body": "truncated", "times": 1 }),
    )
    .await;
    let events = stream_over_the_network(&sandbox).await;
    let started = DraftEvent::Delta {
        text: String::new(),
    };
    let out: Vec<DraftEvent> =
        draft_events(started, SANDBOX_MODEL.into(), events, |_| "cid".into())
            .collect()
            .await;
    let DraftEvent::Error { error } = out.last().unwrap() else {
        panic!("{out:?}")
    };
    assert_eq!(error.code, ApiErrorCode::UpstreamUnavailable, "{error:?}");
    assert_eq!(error.correlation_id.as_deref(), Some("cid"));
    assert!(
        out.iter()
            .any(|e| matches!(e, DraftEvent::Delta { text } if text.starts_with("w1"))),
        "the text before the cut was delivered: {out:?}"
    );
}
