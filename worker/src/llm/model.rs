//! [`ChatModel`]: one seam for every model Closer can use, so AI routes are written once:
//! the OpenAI-wire [`LlmClient`] (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp) here, and the
//! Workers AI binding at the edge.

use super::{ChatCompletion, ChatRequest, LlmClient, LlmError};
use crate::http::HttpTransport;
use crate::provider::Sleeper;

/// Something that completes a chat.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait ChatModel {
    /// Completes `request`.
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError>;
}

impl<T: HttpTransport, S: Sleeper> ChatModel for LlmClient<T, S> {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError> {
        LlmClient::complete(self, request).await
    }
}
