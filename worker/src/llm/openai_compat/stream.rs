//! Decodes a streamed chat answer: `chat.completion.chunk` JSON objects carried as data-only
//! server-sent events, ending with `data: [DONE]`
//! (<https://platform.openai.com/docs/api-reference/chat-streaming>).
//!
//! [`StreamDecoder`] is incremental so that the edge can feed it straight from a
//! `ReadableStream`; [`parse_stream`] runs it over a whole buffered body. Owns the chunk
//! shape only; SSE framing is `sse`'s.

use super::{WireUsage, answer_text, llm_error_from_response, map_error, parse_completion};
use crate::http::UpstreamResponse;
use crate::llm::sse::SseParser;
use crate::llm::{FinishReason, LlmError, StreamEvent, Usage, json_error, malformed};
use serde::Deserialize;

/// Turns chunk bytes into [`StreamEvent`]s: text deltas as they arrive, then one
/// [`StreamEvent::Done`].
#[derive(Debug, Default)]
pub struct StreamDecoder {
    sse: SseParser,
    finish_reason: Option<FinishReason>,
    usage: Option<Usage>,
    refusal: String,
    done: bool,
}

impl StreamDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes the next bytes of the body (cut anywhere) and returns the events they
    /// complete. A refusal, a content-filter stop or an error chunk ends the answer with an
    /// error.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, LlmError> {
        let mut events = Vec::new();
        for event in self.sse.feed(bytes) {
            if self.done {
                // Nothing after `[DONE]` belongs to the answer.
                break;
            }
            if event.data.trim() == "[DONE]" {
                events.push(self.complete()?);
                continue;
            }
            let chunk: WireChunk = serde_json::from_str(&event.data).map_err(|err| {
                malformed(format!("stream chunk is not json ({})", json_error(&err)))
            })?;
            if let Some(error) = chunk.error {
                return Err(chunk_error(&error).into());
            }
            if let Some(usage) = chunk.usage {
                self.usage = Some(usage.into());
            }
            // vLLM ends some streams with a usage chunk whose `choices` is null, not [].
            // https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html
            for choice in chunk.choices.into_iter().flatten() {
                if let Some(delta) = choice.delta {
                    if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                        events.push(StreamEvent::Delta(text));
                    }
                    if let Some(refusal) = delta.refusal {
                        self.refusal.push_str(&refusal);
                    }
                }
                if let Some(reason) = choice.finish_reason {
                    self.finish_reason = Some(FinishReason::from_wire(&reason));
                }
            }
        }
        Ok(events)
    }

    /// Ends the stream. A stream that stopped before its finish reason was cut short
    /// ([`ProviderError::Malformed`](crate::provider::ProviderError::Malformed)); one that has
    /// a finish reason but no `[DONE]` is accepted, as some compatible servers omit it.
    pub fn finish(mut self) -> Result<Vec<StreamEvent>, LlmError> {
        if self.done {
            return Ok(Vec::new());
        }
        if self.finish_reason.is_none() {
            return Err(malformed("stream ended before the answer was complete"));
        }
        Ok(vec![self.complete()?])
    }

    fn complete(&mut self) -> Result<StreamEvent, LlmError> {
        self.done = true;
        let reason = self
            .finish_reason
            .take()
            .ok_or_else(|| malformed("stream ended without a finish reason"))?;
        let refusal = Some(std::mem::take(&mut self.refusal));
        answer_text(Some(String::new()), refusal, &reason)?;
        Ok(StreamEvent::Done {
            finish_reason: reason,
            usage: self.usage,
        })
    }
}

/// Decodes a whole buffered streaming response. A non-2xx status maps like a plain call; a
/// JSON body (a server that ignored `stream: true`) is read as a plain completion.
pub fn parse_stream(response: UpstreamResponse) -> Result<Vec<StreamEvent>, LlmError> {
    if !response.status().is_success() {
        return Err(llm_error_from_response(&response));
    }
    let is_json = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        let completion = parse_completion(response)?;
        let mut events = Vec::new();
        if !completion.content.is_empty() {
            events.push(StreamEvent::Delta(completion.content));
        }
        events.push(StreamEvent::Done {
            finish_reason: completion.finish_reason,
            usage: completion.usage,
        });
        return Ok(events);
    }
    let mut decoder = StreamDecoder::new();
    let mut events = decoder.feed(response.body())?;
    events.extend(decoder.finish()?);
    Ok(events)
}

/// An error sent inside a 200 stream, e.g. vLLM's `{"error":{..., "code": 400}}`: the code is
/// the status when it is one.
fn chunk_error(error: &serde_json::Value) -> crate::provider::ProviderError {
    let wrapped = serde_json::json!({ "error": error });
    let code = super::error::error_code(&wrapped);
    let status = code
        .parse::<u16>()
        .ok()
        .filter(|s| (400..=599).contains(s))
        .unwrap_or(500);
    map_error(status, code, None)
}

#[derive(Deserialize)]
struct WireChunk {
    #[serde(default)]
    choices: Option<Vec<WireChunkChoice>>,
    usage: Option<WireUsage>,
    error: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct WireChunkChoice {
    delta: Option<WireDelta>,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireDelta {
    content: Option<String>,
    refusal: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::{Provider, ProviderError};
    use bytes::Bytes;

    const FIXTURE: &[u8] = include_bytes!("../../../tests/fixtures/llm/openai-chat.stream.sse");

    fn decode(chunks: &[&[u8]]) -> Result<Vec<StreamEvent>, LlmError> {
        let mut decoder = StreamDecoder::new();
        let mut events = Vec::new();
        for chunk in chunks {
            events.extend(decoder.feed(chunk)?);
        }
        events.extend(decoder.finish()?);
        Ok(events)
    }

    fn chunk(delta: &str, finish: &str) -> String {
        format!(
            "data: {{\"object\":\"chat.completion.chunk\",\"obfuscation\":\"x\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finish}}}]}}\n\n"
        )
    }

    #[test]
    fn the_fixture_decodes_at_every_split_point() {
        let expected = vec![
            StreamEvent::Delta("Hello".into()),
            StreamEvent::Done {
                finish_reason: FinishReason::Stop,
                usage: None,
            },
        ];
        assert_eq!(decode(&[FIXTURE]).unwrap(), expected);
        for cut in 0..=FIXTURE.len() {
            let (a, b) = FIXTURE.split_at(cut);
            assert_eq!(decode(&[a, b]).unwrap(), expected, "cut at {cut}");
        }
    }

    #[test]
    fn usage_chunk_with_null_choices_is_attached_to_done() {
        let stream = format!(
            "{}{}data: {{\"choices\":null,\"usage\":{{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}}}\n\ndata: [DONE]\n\n",
            chunk(r#"{"content":"Hi"}"#, "null"),
            chunk("{}", "\"length\""),
        );
        assert_eq!(
            decode(&[stream.as_bytes()]).unwrap(),
            vec![
                StreamEvent::Delta("Hi".into()),
                StreamEvent::Done {
                    finish_reason: FinishReason::Length,
                    usage: Some(Usage {
                        prompt_tokens: 3,
                        completion_tokens: 2,
                        total_tokens: 5
                    }),
                },
            ]
        );
    }

    #[test]
    fn a_cut_stream_is_malformed_but_a_missing_done_is_tolerated() {
        let cut = &FIXTURE[..FIXTURE.len() / 2];
        assert!(matches!(
            decode(&[cut]),
            Err(LlmError::Provider(ProviderError::Malformed { .. }))
        ));
        let no_done = chunk(r#"{"content":"Hi"}"#, "\"stop\"");
        assert_eq!(decode(&[no_done.as_bytes()]).unwrap().len(), 2);
    }

    #[test]
    fn refusal_deltas_end_in_a_refused_error() {
        let stream = format!(
            "{}{}data: [DONE]\n\n",
            chunk(r#"{"refusal":"I can't "}"#, "null"),
            chunk(r#"{"refusal":"help."}"#, "\"stop\""),
        );
        assert_eq!(
            decode(&[stream.as_bytes()]),
            Err(LlmError::Refused {
                refusal: "I can't help.".into()
            })
        );
    }

    #[test]
    fn an_error_chunk_maps_like_a_status() {
        let stream =
            b"data: {\"error\":{\"message\":\"m\",\"type\":\"BadRequestError\",\"code\":400}}\n\n";
        assert_eq!(
            decode(&[stream]),
            Err(LlmError::Provider(ProviderError::Rejected {
                provider: Provider::Llm,
                status: 400,
                code: "400".into()
            }))
        );
    }

    #[test]
    fn a_json_answer_to_a_stream_request_is_read_as_one_delta() {
        let body =
            r#"{"model":"m","choices":[{"message":{"content":"Whole"},"finish_reason":"stop"}]}"#;
        let response = http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(Bytes::from(body))
            .unwrap();
        let events = parse_stream(response).unwrap();
        assert_eq!(events[0], StreamEvent::Delta("Whole".into()));
        assert!(matches!(events[1], StreamEvent::Done { .. }));
    }
}
