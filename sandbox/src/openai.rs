//! The OpenAI-compatible endpoint (`/openai/v1`): `POST /chat/completions` (plain, JSON
//! schema and streamed) and `GET /models`, answered by the deterministic sandbox model.
//!
//! Owns the wire side: key check (`Authorization: Bearer` as OpenAI, or `api-key` as Azure
//! OpenAI), request validation with OpenAI-shaped errors, response and chunk shapes, and the
//! scripted answers tests queue through `/_sandbox/llm/script`. What the model says lives in
//! `model` and `schema`; failures (429, 5xx, hangs, broken bodies) are injected by the
//! fault middleware, not here. Spec: openai/openai-openapi `openapi.yaml` (`createChatCompletion`).

mod model;
pub mod schema;
mod stream;
pub mod traits;

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
    model: String,
    messages: Vec<Message>,
    roles: Vec<String>,
    temperature: Option<Value>,
    /// `json_schema.name` and `strict`, for a JSON-schema request.
    schema_spec: Option<(String, bool)>,
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
    let received = std::time::Instant::now();
    let received_at_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    if let Err(refusal) = authorize(&headers) {
        return refusal.into_response();
    }
    let chat = match parse_chat(&body) {
        Ok(chat) => chat,
        Err(refusal) => return refusal.into_response(),
    };
    let forced = state.lock().llm_traits;
    let traits = traits::ModelTraits::of(&chat.model, forced);
    if let Some(message) = traits::temperature_refusal(traits, chat.temperature.as_ref()) {
        return bad_request(&message, Some("temperature"), Some("unsupported_value"))
            .into_response();
    }
    if let (Format::JsonSchema(schema), Some((name, strict))) = (&chat.format, &chat.schema_spec)
        && let Some(message) = traits::schema_refusal(traits, name, schema, *strict)
    {
        return bad_request(&message, Some("response_format"), None).into_response();
    }
    let scripted = state.lock().scripted_completions.pop_front();
    let answer = match scripted {
        Some(content) => model::Answer {
            content,
            finish_reason: "stop",
            citations: Vec::new(),
        },
        None => model::answer_as(
            &chat.messages,
            &chat.format,
            chat.max_tokens,
            traits.imperfect_citations,
        ),
    };
    {
        let mut state = state.lock();
        if state.llm_requests.len() >= traits::MAX_RECORDED {
            state.llm_requests.remove(0);
        }
        state.llm_requests.push(traits::RecordedChat {
            model: chat.model.clone(),
            messages: chat
                .roles
                .iter()
                .cloned()
                .zip(chat.messages.iter().map(|m| m.text.clone()))
                .collect(),
            citations: answer.citations.clone(),
            received_at_ms,
            took_ms: received.elapsed().as_secs_f64() * 1000.0,
        });
    }
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
    let Some(model) = body.get("model").and_then(Value::as_str) else {
        return Err(missing("model"));
    };
    let raw_messages = body
        .get("messages")
        .and_then(Value::as_array)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| missing("messages"))?;
    let messages = raw_messages
        .iter()
        .enumerate()
        .map(|(i, m)| parse_message(i, m))
        .collect::<Result<Vec<_>, _>>()?;
    let roles = raw_messages
        .iter()
        .map(|m| m["role"].as_str().unwrap_or_default().to_owned())
        .collect();
    let format = parse_format(body.get("response_format"))?;
    // JSON mode needs the word in the conversation: "the API will throw an error if the
    // string "JSON" does not appear somewhere in the context."
    // https://platform.openai.com/docs/guides/structured-outputs#json-mode
    if format == Format::JsonObject
        && !messages
            .iter()
            .any(|m| m.text.to_ascii_lowercase().contains("json"))
    {
        return Err(invalid(
            "messages",
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        ));
    }
    let schema_spec = body
        .get("response_format")
        .and_then(|f| f.get("json_schema"))
        .map(|spec| {
            (
                spec["name"].as_str().unwrap_or_default().to_owned(),
                spec["strict"] == Value::Bool(true),
            )
        });
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
        model: model.to_owned(),
        messages,
        roles,
        temperature: body.get("temperature").cloned(),
        schema_spec,
        format,
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
