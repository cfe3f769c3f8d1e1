//! `POST /api/ai/draft`: a reply to the open message, streamed to the pane.
//!
//! [`plan`] does the reads (the thread from Graph, prepared by [`crate::ai::thread`], unless
//! [`prepare_thread`] did it when the card opened and the pane handed it back [`prepared`];
//! the seller's free slots when asked) and builds the chat ([`prompt`]); the connected opportunity is read by [`grounding`] with the
//! user's CRM token. [`draft_events`] turns the model's stream into [`DraftEvent`]s (a failure
//! mid-stream becomes a typed error event) and [`frame`] writes each as a server-sent event.
//! The edge opens the model stream and pipes the frames into the response as they come.

pub mod prepared;
pub mod prompt;
pub mod slots;
pub mod zone;

use crate::ai::thread::prepare;
use crate::crm::{CrmConnector, Opportunity};
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::TimeRange;
use crate::http::HttpTransport;
use crate::llm::model::StreamEvents;
use crate::llm::{ChatRequest, FinishReason, LlmError, StreamEvent};
use crate::provider::Sleeper;
use crate::routes::ai::summary::thread_of;
use crate::time::format_utc;
use closer_wire::{DraftEvent, DraftPrepareRequest, DraftRequest, MeetingSlot};
use futures::stream::{self, LocalBoxStream, StreamExt};
use prepared::DraftThread;
use slots::{SlotRules, WorkingWeek, busy_blocks, free_slots, labelled};

/// Tokens of thread text a draft prompt may hold.
pub const THREAD_BUDGET_TOKENS: usize = 3_500;

/// Free/busy resolution asked of Graph, minutes.
const SCHEDULE_INTERVAL_MINUTES: u32 = 30;

/// A draft ready to be written: the chat and the first event the pane gets.
#[derive(Debug)]
pub struct DraftPlan {
    /// The chat for the model.
    pub chat: ChatRequest,
    /// [`DraftEvent::Started`]: what the draft is grounded in.
    pub started: DraftEvent,
}

/// Reads the thread of `request`'s message from Graph and prepares it for a draft: what
/// `POST /api/ai/draft/prepare` seals, and what [`plan`] does itself without it.
pub async fn prepare_thread<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    request: &DraftPrepareRequest,
) -> Result<DraftThread, ApiFailure> {
    let messages = thread_of(
        graph,
        &request.message_id,
        request.conversation_id.as_deref(),
    )
    .await?;
    let thread = prepare(&messages, THREAD_BUDGET_TOKENS);
    Ok(DraftThread {
        prompt: thread.prompt,
        used: thread.used,
        cut: thread.cut,
    })
}

/// Reads what the draft of `request` needs and builds its chat. `prepared`: the thread as the
/// card's prepare read it (opened from `request.prepared` by the edge), else it is read now.
/// `opportunity` reads the connected opportunity ([`grounding`]; `None` when the pane named
/// none), concurrently with the thread and the slots; `now_ms` (UTC milliseconds) is when
/// slots may start from.
pub async fn plan<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    opportunity: impl Future<Output = Result<Option<Opportunity>, ApiFailure>>,
    request: &DraftRequest,
    prepared: Option<DraftThread>,
    now_ms: i64,
) -> Result<DraftPlan, ApiFailure> {
    if let Some(reason) = prompt::invalid(request) {
        return Err(ApiFailure::BadRequest {
            reason: reason.into(),
        });
    }
    let slots = async {
        if request.suggest_meeting_slots {
            free_meeting_slots(graph, now_ms).await
        } else {
            Ok(Vec::new())
        }
    };
    let thread = async {
        match prepared {
            Some(thread) => Ok(thread),
            None => {
                let asked = DraftPrepareRequest {
                    message_id: request.message_id.clone(),
                    conversation_id: request.conversation_id.clone(),
                };
                prepare_thread(graph, &asked).await
            }
        }
    };
    let (thread, slots, opportunity) =
        futures::future::try_join3(thread, slots, opportunity).await?;
    let opportunity = opportunity.as_ref();
    let chat = prompt::chat(request, &thread.prompt, opportunity, &slots);
    Ok(DraftPlan {
        chat,
        started: DraftEvent::Started {
            messages_used: thread.used,
            messages_cut: thread.cut,
            grounded_in: opportunity.map(|o| format!("Opportunity: {}", o.name)),
            slots,
        },
    })
}

/// The opportunity `id`, read from the user's CRM.
pub async fn grounding<C: CrmConnector>(crm: &C, id: &str) -> Result<Opportunity, ApiFailure> {
    Ok(crm.opportunity(id).await?)
}

/// The seller's first free slots: working hours and zone from their mailbox settings, busy
/// blocks from their own free/busy over the look-ahead.
pub async fn free_meeting_slots<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    now_ms: i64,
) -> Result<Vec<MeetingSlot>, ApiFailure> {
    let rules = SlotRules::default();
    let (settings, me) = futures::future::try_join(graph.mailbox_settings(), graph.me()).await?;
    let week = WorkingWeek::from_settings(&settings);
    let address = me.mail.unwrap_or(me.user_principal_name);
    let end_ms = now_ms + rules.horizon_days * 86_400_000;
    let range = TimeRange::new(&format_utc(now_ms), &format_utc(end_ms)).ok_or_else(|| {
        ApiFailure::BadRequest {
            reason: "The clock gave an invalid time.".into(),
        }
    })?;
    let schedules = graph
        .schedule(&[address], &range, SCHEDULE_INTERVAL_MINUTES)
        .await?;
    let found = free_slots(now_ms, &week, &busy_blocks(&schedules), &rules);
    Ok(labelled(&found, &week.zone))
}

/// The pane's events for a model stream: `started`, the deltas, then done, or an error event
/// (with a correlation id from `correlation_id`, after which nothing follows).
pub fn draft_events<'a>(
    started: DraftEvent,
    model: String,
    events: StreamEvents<'a>,
    mut correlation_id: impl FnMut(&ApiFailure) -> String + 'a,
) -> LocalBoxStream<'a, DraftEvent> {
    let body = events
        .map(move |event| match event {
            Ok(StreamEvent::Delta(text)) => DraftEvent::Delta { text },
            Ok(StreamEvent::Done { finish_reason, .. }) => DraftEvent::Done {
                model: model.clone(),
                truncated: finish_reason == FinishReason::Length,
            },
            Err(err) => {
                let failure = model_failure(err);
                DraftEvent::Error {
                    error: failure.to_wire(&correlation_id(&failure)),
                }
            }
        })
        .scan(false, |ended, event| {
            // Stop after the first terminal event: nothing after it belongs to the draft.
            if *ended {
                return futures::future::ready(None);
            }
            *ended = matches!(event, DraftEvent::Done { .. } | DraftEvent::Error { .. });
            futures::future::ready(Some(event))
        });
    stream::once(async move { started })
        .chain(body)
        .boxed_local()
}

/// A model failure as the route's failure: provider errors keep their class (429 stays
/// throttled with its wait); a refusal or filtered answer is said as such.
pub fn model_failure(err: LlmError) -> ApiFailure {
    match err {
        LlmError::Provider(provider) => ApiFailure::Provider(provider),
        LlmError::Refused { .. } => ApiFailure::BadRequest {
            reason: "The model declined to draft this reply.".into(),
        },
        LlmError::ContentFiltered => ApiFailure::BadRequest {
            reason: "The model's content filter withheld the draft.".into(),
        },
        LlmError::UnsupportedSetting { setting, .. } => ApiFailure::NotConfigured { what: setting },
    }
}

/// `event` as one server-sent event: its kind as `event:`, its JSON (one line) as `data:`.
pub fn frame(event: &DraftEvent) -> String {
    let json = serde_json::to_string(event).unwrap_or_else(|_| "{}".to_owned());
    format!("event: {}\ndata: {json}\n\n", event.kind())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::sse::SseParser;
    use crate::provider::{Provider, ProviderError};
    use closer_wire::ApiErrorCode;
    use std::time::Duration;

    fn started() -> DraftEvent {
        DraftEvent::Started {
            messages_used: 2,
            messages_cut: 0,
            grounded_in: None,
            slots: Vec::new(),
        }
    }

    async fn run(events: Vec<Result<StreamEvent, LlmError>>) -> Vec<DraftEvent> {
        draft_events(
            started(),
            "m".into(),
            stream::iter(events).boxed_local(),
            |_| "cid".into(),
        )
        .collect()
        .await
    }

    #[tokio::test]
    async fn deltas_follow_started_and_end_with_done() {
        let events = run(vec![
            Ok(StreamEvent::Delta("Hello ".into())),
            Ok(StreamEvent::Delta("Ana".into())),
            Ok(StreamEvent::Done {
                finish_reason: FinishReason::Length,
                usage: None,
            }),
        ])
        .await;
        assert_eq!(events[0], started());
        assert_eq!(
            events[1..],
            [
                DraftEvent::Delta {
                    text: "Hello ".into()
                },
                DraftEvent::Delta { text: "Ana".into() },
                DraftEvent::Done {
                    model: "m".into(),
                    truncated: true
                },
            ]
        );
    }

    #[tokio::test]
    async fn a_failure_mid_stream_is_a_typed_error_event_and_the_last_one() {
        let events = run(vec![
            Ok(StreamEvent::Delta("Hel".into())),
            Err(LlmError::Provider(ProviderError::Throttled {
                provider: Provider::Llm,
                retry_after: Some(Duration::from_secs(3)),
            })),
            Ok(StreamEvent::Delta("never".into())),
        ])
        .await;
        assert_eq!(events.len(), 3);
        let DraftEvent::Error { error } = &events[2] else {
            panic!("{events:?}")
        };
        assert_eq!(error.code, ApiErrorCode::Throttled);
        assert_eq!(error.retry_after_seconds, Some(3.0));
        assert_eq!(error.correlation_id.as_deref(), Some("cid"));
    }

    #[test]
    fn frames_parse_back_with_the_sse_parser_even_with_newlines_in_the_text() {
        let delta = DraftEvent::Delta {
            text: "line one\n\ndata: not a frame\r\n<b>x</b>".into(),
        };
        let bytes = format!("{}{}", frame(&started()), frame(&delta));
        let events = SseParser::new().feed(bytes.as_bytes());
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].event.as_deref(), Some("started"));
        assert_eq!(events[1].event.as_deref(), Some("delta"));
        let back: DraftEvent = serde_json::from_str(&events[1].data).unwrap();
        assert_eq!(back, delta);
    }
}
