//! `POST /api/ai/draft` at the edge: plans the draft (`routes::ai::draft`), opens the model's
//! stream, and answers `text/event-stream`, forwarding each piece of text as the upstream sends
//! it (`Response::from_stream` over the upstream body's `ReadableStream`).
//!
//! `POST /api/ai/draft/prepare` reads and prepares the thread when the draft card opens and
//! answers it sealed (`routes::ai::draft::prepared`) under this instance's key, which lives
//! only in memory here; a draft request carrying it back opens it instead of reading Graph.
//!
//! Failures before the first byte (sign-in, Graph, CRM, the model refusing the call) answer the
//! usual JSON error with its status; a failure after it is an `error` event in the stream.
//! An OpenAI-wire model streams for real; the Workers AI binding answers in one piece.
//! `Server-Timing` says how long the reads and the prompt took (`prepare`) and how long the
//! model took to answer its head (`model`), durations only.

use crate::edge::body::json;
use crate::edge::signed_in::{EdgeModel, ModelBackend};
use crate::edge::{Ctx, SignedIn, correlation_id, fill_random, now, respond};
use crate::error::ApiFailure;
use crate::http::origin_of;
use crate::llm::model::{StreamEvents, decode_openai_chunks, events_of};
use crate::llm::openai_compat::{self, llm_error_from_response};
use crate::llm::{
    ChatModel, ChatRequest, LlmConfig, LlmError, MAX_GENERATION_ATTEMPTS, MAX_GENERATION_RETRY_WAIT,
};
use crate::provider::{Provider, ProviderError, retry_after};
use crate::routes::ai::draft;
use crate::routes::ai::draft::prepared::{self, DraftThread, PREPARED_TTL_SECS};
use bytes::Bytes;
use closer_wire::{AiFeature, DraftPrepareRequest, DraftRequest, PreparedDraft};
use futures::StreamExt;
use futures::future::{Either, select};
use std::time::Duration;
use worker::{AbortController, Delay, Fetch, Headers, Method, RequestInit, Response};

thread_local! {
    /// This instance's key for prepared threads: drawn at random by the first prepare, never
    /// stored or logged, gone with the instance (whose sealed threads then no longer open).
    static PREPARED_KEY: std::cell::OnceCell<[u8; 32]> = const { std::cell::OnceCell::new() };
}

/// This instance's prepared-thread key, drawn on first use.
fn prepared_key() -> Result<[u8; 32], ApiFailure> {
    if let Some(key) = PREPARED_KEY.with(|k| k.get().copied()) {
        return Ok(key);
    }
    let mut key = [0u8; 32];
    fill_random(&mut key)?;
    Ok(PREPARED_KEY.with(|k| *k.get_or_init(|| key)))
}

/// The thread `sealed` carries for this user and message, if it still opens here.
fn opened(sealed: Option<&str>, user_key: &str, message_id: &str) -> Option<DraftThread> {
    let key = PREPARED_KEY.with(|k| k.get().copied())?;
    prepared::open(&key, sealed?, user_key, message_id, now())
}

/// `POST /api/ai/draft/prepare`.
pub async fn prepare(mut req: worker::Request, ctx: Ctx) -> worker::Result<Response> {
    let body = json::<DraftPrepareRequest>(&mut req).await;
    let answer = async {
        let session = SignedIn::from_request(&req, &ctx.env).await?;
        let body = body?;
        let (graph, settings) = futures::join!(session.graph(), session.tenant_settings());
        let graph = graph?;
        crate::routes::settings::feature_on(&settings?, AiFeature::ReplyDrafts)?;
        let thread = draft::prepare_thread(&graph, &body).await?;
        let mut nonce = [0u8; 12];
        fill_random(&mut nonce)?;
        let sealed = prepared::seal(
            &prepared_key()?,
            nonce,
            &session.user.user_key(),
            &body.message_id,
            now(),
            thread,
        );
        Ok(PreparedDraft {
            prepared: sealed,
            expires_in_seconds: PREPARED_TTL_SECS as u32,
        })
    }
    .await;
    respond(answer)
}

/// `POST /api/ai/draft`.
pub async fn draft(mut req: worker::Request, ctx: Ctx) -> worker::Result<Response> {
    let body = json::<DraftRequest>(&mut req).await;
    let received = js_sys::Date::now();
    let opened = async {
        let session = SignedIn::from_request(&req, &ctx.env).await?;
        let body = body?;
        let (graph, settings) = futures::join!(session.graph(), session.tenant_settings());
        let graph = graph?;
        crate::routes::settings::feature_on(&settings?, AiFeature::ReplyDrafts)?;
        let opportunity = async {
            match &body.opportunity_id {
                Some(id) => Ok(Some(
                    draft::grounding(&session.connected().await?.crm, id).await?,
                )),
                None => Ok(None),
            }
        };
        let now_ms = js_sys::Date::now() as i64;
        let prepared = opened(
            body.prepared.as_deref(),
            &session.user.user_key(),
            &body.message_id,
        );
        let plan = draft::plan(&graph, opportunity, &body, prepared, now_ms).await?;
        let planned = js_sys::Date::now();
        let model = session.model().await?;
        let model_name = model.name();
        let events = open_stream(&model, session.config.upstream_timeout, &plan.chat)
            .await
            .map_err(draft::model_failure)?;
        let events = model.meter.metered(events);
        let timing = format!(
            "prepare;dur={:.0}, model;dur={:.0}",
            planned - received,
            js_sys::Date::now() - planned
        );
        Ok((plan.started, model_name, events, timing))
    }
    .await;
    let (started, model_name, events, timing) = match opened {
        Ok(opened) => opened,
        Err(failure) => return respond(Err::<(), _>(failure)),
    };
    let frames = draft::draft_events(started, model_name, events, |failure| {
        let id = correlation_id();
        worker::console_error!("[{id}] draft stream failed: {failure}: {failure:?}");
        id
    })
    .map(|event| Ok::<Vec<u8>, worker::Error>(draft::frame(&event).into_bytes()));
    let mut response = Response::from_stream(frames)?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "text/event-stream; charset=utf-8")?;
    headers.set("Cache-Control", "no-cache")?;
    // Where the time before the first word went: the reads and prompt, the model's head.
    headers.set("Server-Timing", &timing)?;
    Ok(response)
}

/// The model's answer as a stream that owns everything it needs (it outlives the request's
/// borrows once the response is returned).
async fn open_stream(
    model: &EdgeModel<'_>,
    timeout: Duration,
    chat: &ChatRequest,
) -> Result<StreamEvents<'static>, LlmError> {
    match &model.backend {
        ModelBackend::Http(client) => stream_openai(client.config(), timeout, chat).await,
        ModelBackend::Binding { .. } => {
            let events: Vec<_> = model.stream(chat).await?.collect().await;
            let events = events.into_iter().collect::<Result<Vec<_>, _>>()?;
            Ok(events_of(events))
        }
    }
}

/// Streams a chat from an OpenAI-wire endpoint: `timeout` bounds the wait for the response
/// head and every gap between chunks after it (the upstream call is aborted either way).
async fn stream_openai(
    config: &LlmConfig,
    timeout: Duration,
    chat: &ChatRequest,
) -> Result<StreamEvents<'static>, LlmError> {
    let transport = |reason: String| {
        LlmError::Provider(ProviderError::transport(
            Provider::Llm,
            crate::http::TransportError::Connect {
                origin: config.base_url().origin().ascii_serialization(),
                reason,
            },
        ))
    };
    let upstream = openai_compat::chat_stream_request(config, chat)
        .map_err(|e| LlmError::Provider(ProviderError::transport(Provider::Llm, e)))?;
    // The URL is built from the configured base, whose origin is on the allow-list; checked
    // anyway so this path never reaches another origin.
    let origin = origin_of(upstream.uri())
        .map_err(|e| LlmError::Provider(ProviderError::transport(Provider::Llm, e)))?;
    if origin != config.base_url().origin() {
        return Err(transport("the model URL left its configured origin".into()));
    }
    let (parts, body) = upstream.into_parts();
    // The client's retry rule (`llm::client`): one repeat, only for a 429/503 whose
    // Retry-After is short; the stream has not started, so nothing reached the pane yet.
    let mut attempt = 1;
    let (mut response, controller) = loop {
        let headers = Headers::new();
        for (name, value) in &parts.headers {
            let value = value
                .to_str()
                .map_err(|_| transport(format!("header {name} is not visible ASCII")))?;
            headers
                .append(name.as_str(), value)
                .map_err(|e| transport(e.to_string()))?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::Post).with_headers(headers);
        init.with_body(Some(js_sys::Uint8Array::from(body.as_ref()).into()));
        let request = worker::Request::new_with_init(&parts.uri.to_string(), &init)
            .map_err(|e| transport(e.to_string()))?;

        let controller = AbortController::default();
        let signal = controller.signal();
        let fetch = Fetch::Request(request);
        let send = fetch.send_with_signal(&signal);
        let deadline = Delay::from(timeout);
        futures::pin_mut!(send, deadline);
        let mut response = match select(send, deadline).await {
            Either::Left((result, _)) => result.map_err(|e| transport(e.to_string()))?,
            Either::Right(((), _)) => {
                controller.abort();
                return Err(timed_out(config, timeout));
            }
        };
        let status = response.status_code();
        if (200..300).contains(&status) {
            break (response, controller);
        }
        let mut head = http::Response::builder().status(status);
        for (name, value) in response.headers().entries() {
            head = head.header(name, value);
        }
        let error_body = response.bytes().await.unwrap_or_default();
        let buffered = head
            .body(Bytes::from(error_body))
            .map_err(|e| transport(e.to_string()))?;
        let wait = matches!(status, 429 | 503)
            .then(|| retry_after(&buffered))
            .flatten()
            .filter(|wait| *wait <= MAX_GENERATION_RETRY_WAIT);
        match wait {
            Some(wait) if attempt < MAX_GENERATION_ATTEMPTS => {
                Delay::from(wait).await;
                attempt += 1;
            }
            _ => return Err(llm_error_from_response(&buffered)),
        }
    };
    let bytes = response.stream().map_err(|e| transport(e.to_string()))?;
    let origin = config.base_url().origin().ascii_serialization();
    let timeout_ms = timeout.as_millis() as u64;
    let idle_error = origin.clone();
    // Each chunk must come within `timeout` of the previous one.
    let chunks = futures::stream::unfold(
        (bytes, Some(controller)),
        move |(mut bytes, controller)| async move {
            let next = bytes.next();
            let deadline = Delay::from(timeout);
            futures::pin_mut!(deadline);
            match select(next, deadline).await {
                Either::Left((Some(chunk), _)) => Some((chunk.map_err(Some), (bytes, controller))),
                Either::Left((None, _)) => None,
                Either::Right(((), _)) => {
                    if let Some(controller) = controller {
                        controller.abort();
                    }
                    // The error ends the decoded stream; nothing reads past it.
                    Some((Err(None), (bytes, None)))
                }
            }
        },
    );
    Ok(decode_openai_chunks(
        chunks,
        move |error: Option<worker::Error>| {
            LlmError::Provider(ProviderError::transport(
                Provider::Llm,
                match error {
                    Some(error) => crate::http::TransportError::Connect {
                        origin: idle_error.clone(),
                        reason: error.to_string(),
                    },
                    None => crate::http::TransportError::Timeout {
                        origin: idle_error.clone(),
                        timeout_ms,
                    },
                },
            ))
        },
    ))
}

fn timed_out(config: &LlmConfig, timeout: Duration) -> LlmError {
    LlmError::Provider(ProviderError::transport(
        Provider::Llm,
        crate::http::TransportError::Timeout {
            origin: config.base_url().origin().ascii_serialization(),
            timeout_ms: timeout.as_millis() as u64,
        },
    ))
}
