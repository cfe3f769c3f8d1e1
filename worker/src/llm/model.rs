//! [`ChatModel`]: one seam for every model Closer can use, so AI routes are written once:
//! the OpenAI-wire [`LlmClient`] (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp) here, and the
//! Workers AI binding at the edge.
//!
//! Streaming: [`ChatModel::stream`] answers a [`StreamEvents`] stream. Its default is the
//! whole completion as one delta (for models that cannot stream); [`decode_openai_chunks`]
//! turns an OpenAI-wire body arriving in byte chunks into events as each chunk arrives, which
//! is what the edge feeds from the upstream `ReadableStream`.

use super::openai_compat::StreamDecoder;
use super::{ChatCompletion, ChatRequest, LlmClient, LlmError, StreamEvent};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use futures::stream::{self, LocalBoxStream, Stream, StreamExt};
use std::collections::VecDeque;

/// A streamed answer: text deltas, then one [`StreamEvent::Done`], or an error that ends it.
pub type StreamEvents<'a> = LocalBoxStream<'a, Result<StreamEvent, LlmError>>;

/// Something that completes a chat.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait ChatModel {
    /// Completes `request`.
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError>;

    /// Completes `request` as a stream. By default the whole answer arrives as one delta.
    async fn stream(&self, request: &ChatRequest) -> Result<StreamEvents<'_>, LlmError> {
        let completion = self.complete(request).await?;
        Ok(events_of(completion_events(completion)))
    }
}

/// The events of a finished completion: its text as one delta, then done.
pub fn completion_events(completion: ChatCompletion) -> Vec<StreamEvent> {
    let mut events = Vec::new();
    if !completion.content.is_empty() {
        events.push(StreamEvent::Delta(completion.content));
    }
    events.push(StreamEvent::Done {
        finish_reason: completion.finish_reason,
        usage: completion.usage,
    });
    events
}

/// Already known events as a stream.
pub fn events_of<'a>(events: Vec<StreamEvent>) -> StreamEvents<'a> {
    stream::iter(events.into_iter().map(Ok)).boxed_local()
}

/// Decodes an OpenAI-wire streamed body arriving as `chunks` (cut anywhere): every event is
/// yielded as soon as the chunk completing it arrives. A read error (mapped by `read_error`)
/// or a malformed or cut-short stream ends it with that error.
pub fn decode_openai_chunks<'a, B, E>(
    chunks: impl Stream<Item = Result<B, E>> + 'a,
    read_error: impl Fn(E) -> LlmError + 'a,
) -> StreamEvents<'a>
where
    B: AsRef<[u8]> + 'a,
    E: 'a,
{
    struct State<C, F> {
        chunks: C,
        read_error: F,
        decoder: Option<StreamDecoder>,
        ready: VecDeque<Result<StreamEvent, LlmError>>,
    }
    let state = State {
        chunks: Box::pin(chunks),
        read_error,
        decoder: Some(StreamDecoder::new()),
        ready: VecDeque::new(),
    };
    stream::unfold(state, |mut state| async move {
        loop {
            if let Some(next) = state.ready.pop_front() {
                if next.is_err() {
                    // Nothing after an error belongs to the answer.
                    state.decoder = None;
                    state.ready.clear();
                }
                return Some((next, state));
            }
            let decoder = state.decoder.as_mut()?;
            match state.chunks.next().await {
                Some(Ok(bytes)) => match decoder.feed(bytes.as_ref()) {
                    Ok(events) => state.ready.extend(events.into_iter().map(Ok)),
                    Err(err) => state.ready.push_back(Err(err)),
                },
                Some(Err(err)) => state.ready.push_back(Err((state.read_error)(err))),
                None => {
                    let decoder = state.decoder.take()?;
                    match decoder.finish() {
                        Ok(events) => state.ready.extend(events.into_iter().map(Ok)),
                        Err(err) => state.ready.push_back(Err(err)),
                    }
                }
            }
        }
    })
    .boxed_local()
}

impl<T: HttpTransport, S: Sleeper> ChatModel for LlmClient<T, S> {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError> {
        LlmClient::complete(self, request).await
    }

    /// The transport buffers whole bodies, so the events are decoded from the complete body;
    /// the edge streams for real (`edge::ai::draft`).
    async fn stream(&self, request: &ChatRequest) -> Result<StreamEvents<'_>, LlmError> {
        Ok(events_of(self.complete_streamed(request).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::FinishReason;
    use crate::provider::{Provider, ProviderError};

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/llm/openai-chat.stream.sse");

    async fn decode(
        chunks: Vec<Result<Vec<u8>, &'static str>>,
    ) -> Vec<Result<StreamEvent, LlmError>> {
        let read_error = |_| LlmError::Provider(ProviderError::malformed(Provider::Llm, "read"));
        decode_openai_chunks(stream::iter(chunks), read_error)
            .collect::<Vec<_>>()
            .await
    }

    #[tokio::test]
    async fn chunks_cut_anywhere_decode_to_the_same_events() {
        let whole = decode(vec![Ok(FIXTURE.to_vec())]).await;
        assert!(matches!(whole.last(), Some(Ok(StreamEvent::Done { .. }))));
        for size in [1, 3, 17] {
            let chunks = FIXTURE.chunks(size).map(|c| Ok(c.to_vec())).collect();
            assert_eq!(decode(chunks).await, whole, "chunks of {size}");
        }
    }

    #[tokio::test]
    async fn an_event_is_yielded_before_the_rest_of_the_body_is_read() {
        let (sender, receiver) = futures::channel::mpsc::unbounded::<Result<Vec<u8>, ()>>();
        let mut events = decode_openai_chunks(receiver, |()| unreachable!());
        let first =
            br#"data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#;
        sender.unbounded_send(Ok(first.to_vec())).unwrap();
        sender.unbounded_send(Ok(b"\n\n".to_vec())).unwrap();
        let next = events.next().await;
        assert_eq!(next.unwrap().unwrap(), StreamEvent::Delta("Hi".into()));
        drop(sender);
        let rest = events.collect::<Vec<_>>().await;
        assert!(
            rest[0].is_err(),
            "cut short without a finish reason: {rest:?}"
        );
        assert_eq!(rest.len(), 1, "nothing after the error");
    }

    #[tokio::test]
    async fn a_read_error_ends_the_stream_with_that_error() {
        let events = decode(vec![Err("reset")]).await;
        assert_eq!(events.len(), 1);
        assert!(matches!(
            events[0],
            Err(LlmError::Provider(ProviderError::Malformed { .. }))
        ));
    }

    #[test]
    fn the_default_stream_is_the_completion_as_one_delta() {
        let events = completion_events(ChatCompletion {
            content: "All of it".into(),
            model: "m".into(),
            finish_reason: FinishReason::Stop,
            usage: None,
        });
        assert_eq!(events[0], StreamEvent::Delta("All of it".into()));
        assert!(matches!(events[1], StreamEvent::Done { .. }));
    }
}
