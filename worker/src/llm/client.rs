//! [`LlmClient`]: sends chats to an OpenAI-wire endpoint through an [`HttpTransport`] and
//! applies the generation retry rule. Owns no wire shapes (`openai_compat` does) and no
//! timeouts (the transport applies its per-call timeout).
//!
//! Retry rule: a chat completion has no side effect upstream, so repeating one is safe, but
//! every attempt costs tokens and seconds of Outlook's budget. So a call is repeated at most
//! once, and only when the upstream said it did not process the request and when to come back
//! soon: 429 or 503 with a `Retry-After` of at most [`MAX_GENERATION_RETRY_WAIT`]. A 429
//! without `Retry-After` needs user action (quota) per OpenAI's spec
//! (`components.responses.TooManyRequests`), and a timeout may have been a generation that ran
//! and was billed, so neither is repeated. `provider::send_idempotent` is not used because it
//! also repeats timeouts and 5xx without `Retry-After`, which suits cheap reads, not this.

use super::openai_compat::{self, parse_completion, parse_stream};
use super::{ChatCompletion, ChatRequest, LlmConfig, LlmError, StreamEvent};
use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{NoWait, Provider, ProviderError, Sleeper, retry_after};
use std::time::Duration;

/// Attempts per chat, the first included.
pub const MAX_GENERATION_ATTEMPTS: u32 = 2;
/// The longest `Retry-After` waited out before the one repeat: a generation takes seconds
/// itself, and the pane must answer within Outlook's 5 s.
pub const MAX_GENERATION_RETRY_WAIT: Duration = Duration::from_secs(1);

/// Chats with one configured endpoint.
pub struct LlmClient<T, S = NoWait> {
    transport: T,
    config: LlmConfig,
    /// Waits out a short `Retry-After` before the one repeat; `None` never repeats.
    retry_sleeper: Option<S>,
}

impl<T: HttpTransport> LlmClient<T> {
    /// A client that never repeats a call (see [`LlmClient::with_retry`]).
    pub fn new(transport: T, config: LlmConfig) -> Self {
        Self {
            transport,
            config,
            retry_sleeper: None,
        }
    }
}

impl<T: HttpTransport, S: Sleeper> LlmClient<T, S> {
    /// Enables the one bounded repeat of the module's retry rule, waiting with `sleeper`.
    pub fn with_retry<S2: Sleeper>(self, sleeper: S2) -> LlmClient<T, S2> {
        LlmClient {
            transport: self.transport,
            config: self.config,
            retry_sleeper: Some(sleeper),
        }
    }

    /// The endpoint this client calls.
    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    /// Completes `request` in one response.
    pub async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError> {
        let response = self
            .send(|| openai_compat::chat_request(&self.config, request))
            .await?;
        parse_completion(response)
    }

    /// Completes `request` as a stream and returns its events: text deltas, then
    /// [`StreamEvent::Done`]. The transport buffers the whole body; the decoding is incremental
    /// (`openai_compat::StreamDecoder`) so the edge can feed it from a `ReadableStream`.
    pub async fn complete_streamed(
        &self,
        request: &ChatRequest,
    ) -> Result<Vec<StreamEvent>, LlmError> {
        let response = self
            .send(|| openai_compat::chat_stream_request(&self.config, request))
            .await?;
        parse_stream(response)
    }

    async fn send(
        &self,
        build: impl Fn() -> Result<UpstreamRequest, TransportError>,
    ) -> Result<UpstreamResponse, ProviderError> {
        let mut attempt = 1;
        loop {
            let request = build().map_err(|e| ProviderError::transport(Provider::Llm, e))?;
            let response = self
                .transport
                .send(request)
                .await
                .map_err(|e| ProviderError::transport(Provider::Llm, e))?;
            match (&self.retry_sleeper, retry_wait(&response)) {
                (Some(sleeper), Some(wait)) if attempt < MAX_GENERATION_ATTEMPTS => {
                    sleeper.sleep(wait).await;
                    attempt += 1;
                }
                _ => return Ok(response),
            }
        }
    }
}

/// How long to wait before repeating, when the module's retry rule allows a repeat.
fn retry_wait(response: &UpstreamResponse) -> Option<Duration> {
    if !matches!(response.status().as_u16(), 429 | 503) {
        return None;
    }
    retry_after(response).filter(|wait| *wait <= MAX_GENERATION_RETRY_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{ChatMessage, LlmFlavor};
    use crate::testing::{Answer, RecordingSleeper, ScriptedTransport};
    use url::Url;

    fn status(code: u16, retry_after: Option<&str>) -> Answer {
        let answer = Answer::http(code, "{}");
        match retry_after {
            Some(value) => answer.header("retry-after", value),
            None => answer,
        }
    }

    fn ok() -> Answer {
        Answer::http(
            200,
            r#"{"model":"m","choices":[{"message":{"content":"fine"},"finish_reason":"stop"}]}"#,
        )
    }

    fn config() -> LlmConfig {
        LlmConfig::new(
            LlmFlavor::OpenAi,
            Url::parse("http://x.example/v1/").unwrap(),
            "m",
        )
        .unwrap()
    }

    fn chat() -> ChatRequest {
        ChatRequest::new(vec![ChatMessage::user("hi")])
    }

    #[tokio::test]
    async fn a_short_retry_after_is_waited_out_once() {
        let sleeps = RecordingSleeper::default();
        let script = ScriptedTransport::script([status(503, Some("0.5")), ok()]);
        let client = LlmClient::new(&script, config()).with_retry(&sleeps);
        assert_eq!(client.complete(&chat()).await.unwrap().content, "fine");
        assert_eq!(script.calls(), 2);
        assert_eq!(sleeps.waits(), vec![Duration::from_millis(500)]);
    }

    #[tokio::test]
    async fn the_repeat_is_bounded_to_one() {
        let sleeps = RecordingSleeper::default();
        let script = ScriptedTransport::script([status(429, Some("1")), status(429, Some("1"))]);
        let client = LlmClient::new(&script, config()).with_retry(&sleeps);
        let err = client.complete(&chat()).await.unwrap_err();
        assert!(matches!(
            err,
            LlmError::Provider(ProviderError::Throttled { .. })
        ));
        assert_eq!(script.calls(), MAX_GENERATION_ATTEMPTS);
    }

    #[tokio::test]
    async fn long_missing_retry_after_and_other_statuses_are_not_repeated() {
        for first in [
            status(429, Some("1.5")),
            status(429, None),
            status(503, None),
            status(500, Some("0")),
        ] {
            let sleeps = RecordingSleeper::default();
            let script = ScriptedTransport::script([first, ok()]);
            let client = LlmClient::new(&script, config()).with_retry(&sleeps);
            assert!(client.complete(&chat()).await.is_err());
            assert_eq!(script.calls(), 1);
            assert!(sleeps.waits().is_empty());
        }
    }

    #[tokio::test]
    async fn without_a_sleeper_nothing_is_repeated() {
        let script = ScriptedTransport::script([status(503, Some("0.1")), ok()]);
        let client = LlmClient::new(&script, config());
        assert!(client.complete(&chat()).await.is_err());
        assert_eq!(script.calls(), 1);
    }
}
