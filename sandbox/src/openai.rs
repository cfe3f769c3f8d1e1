//! The OpenAI-compatible endpoint (`/openai/v1`): `POST /chat/completions` (plain, JSON
//! schema and streamed) and `GET /models`, answered by the deterministic sandbox model.
//!
//! Owns the wire side: key check (`Authorization: Bearer` as OpenAI, or `api-key` as Azure
//! OpenAI), request validation with OpenAI-shaped errors, response and chunk shapes, and the
//! scripted answers tests queue through `/_sandbox/llm/script`. What the model says lives in
//! `model` and `schema`; failures (429, 5xx, hangs, broken bodies) are injected by the
//! fault middleware, not here. Spec: openai/openai-openapi `openapi.yaml` (`createChatCompletion`).

mod model;
mod schema;
mod stream;

use crate::{SandboxUrls, state::Shared};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use model::{Format, Message, Speaker};
use serde_json::{Value, json};
use std::time::{SystemTime, UNIX_EPOCH};

/// The one key the sandbox accepts, as `Authorization: Bearer ...` or `api-key: ...`.
pub const SANDBOX_LLM_KEY: &str = "sandbox-llm-key";
/// The model the sandbox serves, whatever `model` the request names.
pub const SANDBOX_MODEL: &str = "closer-sandbox-model";
/// The `system_fingerprint` of every answer.
pub const SANDBOX_FINGERPRINT: &str = "sandbox";

pub(crate) fn router(state: Shared, _urls: SandboxUrls) -> Router {
    Router::new()
        .route("/chat/completions", post(chat_completions))
        .route("/models", get(models))
        .with_state(state)
}

/// A validated chat request.
struct Chat {
    messages: Vec<Message>,
    format: Format,
    stream: bool,
    include_usage: bool,
    max_tokens: Option<u64>,
}

async fn chat_completions(
    State(state): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refusal) = authorize(&headers) {
        return refusal.into_response();
    }
    let chat = match parse_chat(&body) {
        Ok(chat) => chat,
        Err(refusal) => return refusal.into_response(),
    };
    let scripted = state.lock().scripted_completions.pop_front();
    let answer = match scripted {
        Some(content) => model::Answer {
            content,
            finish_reason: "stop",
        },
        None => model::answer(&chat.messages, &chat.format, chat.max_tokens),
    };
    let prompt_tokens: u64 = chat.messages.iter().map(|m| model::tokens(&m.text)).sum();
    let completion_tokens = model::tokens(&answer.content);
    let usage = json!({
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    });
    let id = format!("chatcmpl-{}", uuid::Uuid::new_v4().simple());
    let created = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if chat.stream {
        let chunks = stream::Chunks {
            id: &id,
            created,
            model: SANDBOX_MODEL,
            fingerprint: SANDBOX_FINGERPRINT,
            usage: chat.include_usage.then_some(usage),
        };
        return stream::response(chunks.frames(&answer.content, answer.finish_reason));
    }
    Json(json!({
        "id": id,
        "object": "chat.completion",
        "created": created,
        "model": SANDBOX_MODEL,
        "system_fingerprint": SANDBOX_FINGERPRINT,
        "choices": [{
            "index": 0,
            "message": {
                "role": "assistant",
                "content": answer.content,
                "refusal": null,
                "annotations": [],
            },
            "logprobs": null,
            "finish_reason": answer.finish_reason,
        }],
        "usage": usage,
        "service_tier": "default",
    }))
    .into_response()
}

async fn models(headers: HeaderMap) -> Response {
    if let Err(refusal) = authorize(&headers) {
        return refusal.into_response();
    }
    Json(json!({
        "object": "list",
        "data": [{ "id": SANDBOX_MODEL, "object": "model", "created": 0, "owned_by": "closer-sandbox" }],
    }))
    .into_response()
}

fn authorize(headers: &HeaderMap) -> Result<(), OpenAiError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let api_key = headers.get("api-key").and_then(|v| v.to_str().ok());
    match bearer.or(api_key) {
        Some(key) if key == SANDBOX_LLM_KEY || api_key == Some(SANDBOX_LLM_KEY) => Ok(()),
        Some(_) => Err(unauthorized(
            "Incorrect API key provided. The sandbox accepts only its own key.",
            Some("invalid_api_key"),
        )),
        None => Err(unauthorized(
            "You didn't provide an API key. Send 'Authorization: Bearer <key>' or 'api-key: <key>'.",
            None,
        )),
    }
}

fn parse_chat(body: &[u8]) -> Result<Chat, OpenAiError> {
    let body: Value = serde_json::from_slice(body).map_err(|_| {
        bad_request(
            "We could not parse the JSON body of your request.",
            None,
            None,
        )
    })?;
    if !body.is_object() {
        return Err(bad_request(
            "The request body must be a JSON object.",
            None,
            None,
        ));
    }
    if !body.get("model").is_some_and(Value::is_string) {
        return Err(missing("model"));
    }
    let messages = body
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| missing("messages"))?
        .iter()
        .enumerate()
        .map(|(i, m)| parse_message(i, m))
        .collect::<Result<Vec<_>, _>>()?;
    let stream = match body.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(stream)) => *stream,
        Some(_) => return Err(invalid("stream", "'stream' must be a boolean.")),
    };
    let include_usage = match body.get("stream_options") {
        None | Some(Value::Null) => false,
        Some(_) if !stream => {
            return Err(invalid(
                "stream_options",
                "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            ));
        }
        Some(options) => options.get("include_usage") == Some(&Value::Bool(true)),
    };
    let max_tokens = ["max_completion_tokens", "max_tokens"]
        .iter()
        .find_map(|key| body.get(*key).filter(|v| !v.is_null()).map(|v| (*key, v)))
        .map(|(key, value)| {
            value
                .as_u64()
                .filter(|n| *n > 0)
                .ok_or_else(|| invalid(key, "The token limit must be a positive integer."))
        })
        .transpose()?;
    Ok(Chat {
        messages,
        format: parse_format(body.get("response_format"))?,
        stream,
        include_usage,
        max_tokens,
    })
}

fn parse_message(index: usize, message: &Value) -> Result<Message, OpenAiError> {
    let param = format!("messages[{index}]");
    let speaker = match message.get("role").and_then(Value::as_str) {
        Some("user") => Speaker::User,
        Some("system" | "developer" | "assistant" | "tool") => Speaker::Other,
        _ => {
            return Err(invalid(
                &format!("{param}.role"),
                "Each message needs a role of 'developer', 'system', 'user', 'assistant' or 'tool'.",
            ));
        }
    };
    let text = match message.get("content") {
        Some(Value::String(text)) => text.clone(),
        // Content parts: only the text parts matter to the sandbox model.
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Null) | None if message["role"] == "assistant" => String::new(),
        _ => {
            return Err(invalid(
                &format!("{param}.content"),
                "Each message needs a string or an array of content parts.",
            ));
        }
    };
    Ok(Message { speaker, text })
}

fn parse_format(format: Option<&Value>) -> Result<Format, OpenAiError> {
    let Some(format) = format.filter(|f| !f.is_null()) else {
        return Ok(Format::Text);
    };
    match format.get("type").and_then(Value::as_str) {
        Some("text") => Ok(Format::Text),
        Some("json_object") => Ok(Format::JsonObject),
        Some("json_schema") => {
            let spec = format.get("json_schema").filter(|s| s.is_object());
            let name = spec.and_then(|s| s.get("name")).and_then(Value::as_str);
            let valid_name = name.is_some_and(|n| {
                (1..=64).contains(&n.len())
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
            if !valid_name {
                return Err(invalid(
                    "response_format.json_schema.name",
                    "json_schema.name is required and must match ^[a-zA-Z0-9_-]{1,64}$.",
                ));
            }
            let schema = spec.and_then(|s| s.get("schema")).cloned();
            Ok(Format::JsonSchema(schema.unwrap_or_else(|| json!({}))))
        }
        _ => Err(invalid(
            "response_format.type",
            "response_format.type must be 'text', 'json_object' or 'json_schema'.",
        )),
    }
}

fn missing(param: &str) -> OpenAiError {
    bad_request(
        &format!("Missing required parameter: '{param}'."),
        Some(param),
        Some("missing_required_parameter"),
    )
}

fn invalid(param: &str, message: &str) -> OpenAiError {
    bad_request(message, Some(param), Some("invalid_value"))
}

fn unauthorized(message: &str, code: Option<&'static str>) -> OpenAiError {
    OpenAiError {
        status: StatusCode::UNAUTHORIZED,
        message: message.to_owned(),
        param: None,
        code,
    }
}

fn bad_request(message: &str, param: Option<&str>, code: Option<&'static str>) -> OpenAiError {
    OpenAiError {
        status: StatusCode::BAD_REQUEST,
        message: message.to_owned(),
        param: param.map(str::to_owned),
        code,
    }
}

/// OpenAI's `ErrorResponse`: `{"error":{"message","type","param","code"}}`.
struct OpenAiError {
    status: StatusCode,
    message: String,
    param: Option<String>,
    code: Option<&'static str>,
}

impl IntoResponse for OpenAiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": {
                "message": self.message,
                "type": "invalid_request_error",
                "param": self.param,
                "code": self.code,
            }
        });
        (self.status, Json(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(result: Result<Chat, OpenAiError>) -> Option<StatusCode> {
        result.err().map(|e| e.status)
    }

    #[test]
    fn requests_without_model_or_messages_are_rejected() {
        for body in [
            "not json",
            "[]",
            r#"{"messages":[{"role":"user","content":"x"}]}"#,
            r#"{"model":"m"}"#,
            r#"{"model":"m","messages":[]}"#,
            r#"{"model":"m","messages":[{"role":"boss","content":"x"}]}"#,
            r#"{"model":"m","messages":[{"role":"user"}]}"#,
            r#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":true}}"#,
            r#"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"bad name"}}}"#,
            r#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}"#,
        ] {
            assert_eq!(
                status_of(parse_chat(body.as_bytes())),
                Some(StatusCode::BAD_REQUEST),
                "{body}"
            );
        }
    }

    #[test]
    fn a_full_request_parses() {
        let body = r#"{"model":"m","stream":true,"stream_options":{"include_usage":true},
            "max_completion_tokens":50,
            "messages":[{"role":"developer","content":"Be brief."},
                        {"role":"user","content":[{"type":"text","text":"Hello."}]}],
            "response_format":{"type":"json_schema","json_schema":{"name":"x_1","schema":{"type":"object"}}}}"#;
        let chat = parse_chat(body.as_bytes()).ok().unwrap();
        assert!(chat.stream && chat.include_usage);
        assert_eq!(chat.max_tokens, Some(50));
        assert_eq!(chat.messages[1].text, "Hello.");
        assert_eq!(chat.messages[1].speaker, Speaker::User);
        assert_eq!(chat.format, Format::JsonSchema(json!({ "type": "object" })));
    }

    #[test]
    fn either_auth_header_with_the_key_is_accepted() {
        let with = |name: &str, value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
            authorize(&headers).map_err(|e| e.status)
        };
        assert_eq!(with("authorization", "Bearer sandbox-llm-key"), Ok(()));
        assert_eq!(with("api-key", "sandbox-llm-key"), Ok(()));
        assert_eq!(
            with("authorization", "Bearer nope"),
            Err(StatusCode::UNAUTHORIZED)
        );
        assert_eq!(with("api-key", "nope"), Err(StatusCode::UNAUTHORIZED));
        assert_eq!(
            authorize(&HeaderMap::new()).map_err(|e| e.status),
            Err(StatusCode::UNAUTHORIZED)
        );
    }
}
