//! Streams an answer the way OpenAI does: data-only server-sent events of
//! `chat.completion.chunk` objects (a first delta with the role, one per word, a last one with
//! the finish reason, an optional usage chunk with empty `choices`), then `data: [DONE]`.
//! Chunks are flushed one by one with a short pause so tests can see the first before the last.
//! Spec: openai/openai-openapi `openapi.yaml` (`CreateChatCompletionStreamResponse`,
//! `ChatCompletionStreamOptions`).

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::time::Duration;

/// The pause between chunks.
const CHUNK_DELAY: Duration = Duration::from_millis(5);

/// What every chunk of one answer shares.
pub struct Chunks<'a> {
    /// `chatcmpl-...`.
    pub id: &'a str,
    /// Seconds since the epoch.
    pub created: u64,
    /// The model name.
    pub model: &'a str,
    /// The system fingerprint.
    pub fingerprint: &'a str,
    /// The `usage` object, sent in its own chunk when the client asked for it.
    pub usage: Option<Value>,
}

impl Chunks<'_> {
    /// The SSE frames for `content` ending with `finish_reason`, `[DONE]` included.
    pub fn frames(&self, content: &str, finish_reason: &str) -> Vec<String> {
        let mut frames = vec![self.frame(json!({ "role": "assistant", "content": "" }), None)];
        frames.extend(
            words(content)
                .into_iter()
                .map(|word| self.frame(json!({ "content": word }), None)),
        );
        frames.push(self.frame(json!({}), Some(finish_reason)));
        if let Some(usage) = &self.usage {
            frames.push(data(&self.base(json!([]), usage.clone())));
        }
        frames.push("data: [DONE]\n\n".to_owned());
        frames
    }

    fn frame(&self, delta: Value, finish_reason: Option<&str>) -> String {
        let choices = json!([{
            "index": 0,
            "delta": delta,
            "logprobs": null,
            "finish_reason": finish_reason,
        }]);
        data(&self.base(choices, Value::Null))
    }

    fn base(&self, choices: Value, usage: Value) -> Value {
        let mut chunk = json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": self.fingerprint,
            "choices": choices,
        });
        // With include_usage every chunk carries `usage`, null until the last one.
        if self.usage.is_some() {
            chunk["usage"] = usage;
        }
        chunk
    }
}

/// A `text/event-stream` response that sends `frames` one at a time.
pub fn response(frames: Vec<String>) -> Response {
    let paced =
        futures::stream::iter(frames.into_iter().enumerate()).then(|(i, frame)| async move {
            if i > 0 {
                tokio::time::sleep(CHUNK_DELAY).await;
            }
            Ok::<_, Infallible>(Bytes::from(frame))
        });
    let mut response = Body::from_stream(paced).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn data(chunk: &Value) -> String {
    format!("data: {chunk}\n\n")
}

/// `text` cut into words, each keeping the whitespace after it, so the pieces concatenate back
/// to `text` exactly.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous_space = false;
    for (i, c) in text.char_indices() {
        if previous_space && !c.is_whitespace() {
            out.push(&text[start..i]);
            start = i;
        }
        previous_space = c.is_whitespace();
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(usage: Option<Value>) -> Chunks<'static> {
        Chunks {
            id: "chatcmpl-1",
            created: 7,
            model: "m",
            fingerprint: "fp",
            usage,
        }
    }

    fn parse(frame: &str) -> Value {
        let json = frame
            .strip_prefix("data: ")
            .unwrap()
            .strip_suffix("\n\n")
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn words_concatenate_back_exactly() {
        for text in [
            "",
            "one",
            "[sandbox model] We renew  in May.\n",
            "  lead",
            "é ü",
        ] {
            assert_eq!(words(text).concat(), text);
        }
        assert_eq!(words("a b  c"), ["a ", "b  ", "c"]);
    }

    #[test]
    fn frames_follow_openais_chunk_sequence() {
        let usage = json!({ "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3 });
        let frames = chunks(Some(usage.clone())).frames("Hi there", "stop");
        assert_eq!(frames.len(), 6);
        let first = parse(&frames[0]);
        assert_eq!(
            first["choices"][0]["delta"],
            json!({ "role": "assistant", "content": "" })
        );
        assert_eq!(first["usage"], Value::Null);
        assert_eq!(first["object"], "chat.completion.chunk");
        assert_eq!(parse(&frames[1])["choices"][0]["delta"]["content"], "Hi ");
        assert_eq!(parse(&frames[2])["choices"][0]["delta"]["content"], "there");
        let last = parse(&frames[3]);
        assert_eq!(last["choices"][0]["finish_reason"], "stop");
        assert_eq!(last["choices"][0]["delta"], json!({}));
        let tail = parse(&frames[4]);
        assert_eq!(tail["choices"], json!([]));
        assert_eq!(tail["usage"], usage);
        assert_eq!(frames[5], "data: [DONE]\n\n");
    }

    #[test]
    fn without_include_usage_there_is_no_usage_at_all() {
        let frames = chunks(None).frames("Hi", "stop");
        assert_eq!(frames.len(), 4);
        assert!(frames.iter().all(|f| !f.contains("usage")));
    }
}
