//! The language-model connector: provider-neutral chat types ([`ChatRequest`],
//! [`ChatCompletion`], [`StreamEvent`]), the configuration that picks a provider
//! ([`LlmConfig`]), and [`LlmClient`], which sends chats through an
//! [`HttpTransport`](crate::http::HttpTransport).
//!
//! OpenAI, Azure OpenAI (v1), Ollama, vLLM and llama.cpp all speak the OpenAI Chat Completions
//! wire format; [`openai_compat`] holds its pure adapters and [`sse`] the incremental
//! event-stream parser. [`workers_ai`] maps the same types onto the Workers AI binding, whose
//! call the edge makes. Nothing here does I/O itself, names `worker::` types, or logs prompts,
//! answers or keys.

mod client;
mod config;
pub mod model;
pub mod openai_compat;
pub mod sse;
pub mod workers_ai;

pub use client::{LlmClient, MAX_GENERATION_ATTEMPTS, MAX_GENERATION_RETRY_WAIT};
pub use config::{
    LlmBackend, LlmConfig, LlmConfigError, LlmFlavor, ModelSettings, SchemaMode,
    TemperatureSetting, UNPORTABLE_KEYWORDS, is_reasoning_model,
};
pub use model::ChatModel;

use crate::provider::{Provider, ProviderError};
use serde::de::DeserializeOwned;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Closer's instructions (sent as `developer` to OpenAI, `system` elsewhere).
    System,
    /// The seller's material: email text, CRM records, the question.
    User,
    /// An earlier answer of the model.
    Assistant,
}

/// One message of a chat.
#[derive(Clone, PartialEq)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
}

impl ChatMessage {
    /// An instruction from Closer.
    pub fn system(content: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: content.into(),
        }
    }

    /// A message carrying the seller's material.
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }

    /// An earlier answer of the model.
    pub fn assistant(content: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

// Message text is customer email and CRM data: a stray `{:?}` must not put it in a log.
impl std::fmt::Debug for ChatMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatMessage")
            .field("role", &self.role)
            .field("content_chars", &self.content.chars().count())
            .finish()
    }
}

/// Asks for an answer that is a JSON instance of `schema` (OpenAI "Structured Outputs").
#[derive(Debug, Clone, PartialEq)]
pub struct JsonSchemaFormat {
    /// The schema's name: `[a-zA-Z0-9_-]`, at most 64 characters.
    pub name: String,
    /// What the schema is for; models use it as a hint.
    pub description: Option<String>,
    /// The JSON Schema the answer must satisfy.
    pub schema: serde_json::Value,
    /// Strict mode: the provider guarantees the schema (which must then list every property
    /// in `required` and set `additionalProperties: false`).
    pub strict: bool,
}

impl JsonSchemaFormat {
    /// A strict schema named `name`.
    pub fn strict(name: impl Into<String>, schema: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            description: None,
            schema,
            strict: true,
        }
    }

    /// Adds a description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A chat to complete, independent of the provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatRequest {
    /// The conversation, oldest first.
    pub messages: Vec<ChatMessage>,
    /// When set, the answer must be JSON matching this schema.
    pub response_format: Option<JsonSchemaFormat>,
    /// Upper bound on generated tokens.
    pub max_tokens: Option<u32>,
    /// Sampling temperature; the provider's default when absent.
    pub temperature: Option<f64>,
}

impl ChatRequest {
    /// A chat of `messages` with provider defaults.
    pub fn new(messages: Vec<ChatMessage>) -> Self {
        Self {
            messages,
            ..Self::default()
        }
    }

    /// Asks for a JSON answer matching `format`.
    pub fn with_json_schema(mut self, format: JsonSchemaFormat) -> Self {
        self.response_format = Some(format);
        self
    }

    /// Bounds the answer's length.
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }

    /// Sets the sampling temperature.
    pub fn with_temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishReason {
    /// A natural end.
    Stop,
    /// `max_tokens` or the context window was reached: the answer is cut.
    Length,
    /// The provider's content filter withheld the rest.
    ContentFilter,
    /// The model asked for a tool call (Closer sends no tools, so this is unexpected).
    ToolCalls,
    /// A reason this connector does not know.
    Other(String),
}

impl FinishReason {
    /// Reads the wire value (`stop`, `length`, `content_filter`, `tool_calls`, ...).
    pub fn from_wire(value: &str) -> Self {
        match value {
            "stop" => Self::Stop,
            "length" => Self::Length,
            "content_filter" => Self::ContentFilter,
            "tool_calls" | "function_call" => Self::ToolCalls,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// Token counts the provider reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: u32,
    /// Tokens generated.
    pub completion_tokens: u32,
    /// Their sum as the provider counted it.
    pub total_tokens: u32,
}

/// A finished answer.
#[derive(Clone, PartialEq)]
pub struct ChatCompletion {
    /// The answer's text (a JSON document when a schema was requested).
    pub content: String,
    /// The model that answered, as the provider names it.
    pub model: String,
    /// Why generation stopped.
    pub finish_reason: FinishReason,
    /// Token counts, when reported.
    pub usage: Option<Usage>,
}

impl ChatCompletion {
    /// Parses a structured answer into `T`. An answer that does not fit is
    /// [`ProviderError::Malformed`]: the provider promised the schema and did not keep it
    /// (or the answer was cut by `max_tokens`).
    pub fn parse_json<T: DeserializeOwned>(&self) -> Result<T, LlmError> {
        serde_json::from_str(&self.content).map_err(|err| {
            let reason = match self.finish_reason {
                FinishReason::Length => "structured answer was cut at max_tokens".to_owned(),
                _ => format!(
                    "structured answer does not fit its schema ({})",
                    json_error(&err)
                ),
            };
            malformed(reason)
        })
    }
}

/// Describes a JSON error by kind and position only: serde's own message can quote the
/// offending value, which may be customer text.
pub(crate) fn json_error(err: &serde_json::Error) -> String {
    let kind = match err.classify() {
        serde_json::error::Category::Io => "io",
        serde_json::error::Category::Syntax => "syntax",
        serde_json::error::Category::Data => "unexpected shape",
        serde_json::error::Category::Eof => "cut short",
    };
    format!("{kind} at line {}, column {}", err.line(), err.column())
}

/// A 2xx body that is not what the protocol documents.
pub(crate) fn malformed(reason: impl std::fmt::Display) -> LlmError {
    LlmError::Provider(ProviderError::malformed(Provider::Llm, reason))
}

// Same reason as for `ChatMessage`: answers quote customer data.
impl std::fmt::Debug for ChatCompletion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatCompletion")
            .field("content_chars", &self.content.chars().count())
            .field("model", &self.model)
            .field("finish_reason", &self.finish_reason)
            .field("usage", &self.usage)
            .finish()
    }
}

/// One step of a streamed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// The next piece of the answer's text (never empty).
    Delta(String),
    /// The answer is complete; always the last event.
    Done {
        /// Why generation stopped.
        finish_reason: FinishReason,
        /// Token counts, when the provider sent them (`stream_options.include_usage`).
        usage: Option<Usage>,
    },
}

/// Why a chat produced no usable answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// The provider failed, refused the call, or answered something unreadable.
    #[error(transparent)]
    Provider(#[from] ProviderError),
    /// The model declined to answer (OpenAI's `refusal` field). The display text leaves the
    /// refusal out so that it never reaches a log; the pane may show `refusal`.
    #[error("the language model refused to answer")]
    Refused {
        /// The model's explanation.
        refusal: String,
    },
    /// The provider's content filter withheld the answer (`finish_reason: content_filter`).
    #[error("the language model's answer was withheld by its content filter")]
    ContentFiltered,
    /// The model refused a parameter this deployment does not support (`temperature` on a
    /// reasoning model, a schema keyword on an older deployment): a configuration mistake,
    /// fixed by the named setting, not by retrying.
    #[error("the language model refuses the `{param}` parameter; set {setting}")]
    UnsupportedSetting {
        /// The refused request parameter (`temperature`, `response_format`).
        param: String,
        /// The worker setting that avoids it (`LLM_TEMPERATURE=omit`, `LLM_SCHEMA_MODE=portable`).
        setting: &'static str,
    },
}
