//! Pure adapters for the OpenAI Chat Completions wire format, spoken by OpenAI, Azure OpenAI
//! v1, Ollama, vLLM and llama.cpp: build the `http::Request`, parse the response, and map error
//! statuses onto `ProviderError` in [`map_error`], the one place that does so for the model.
//!
//! Spec: openai/openai-openapi `openapi.yaml` (operationId `createChatCompletion`,
//! <https://platform.openai.com/docs/api-reference/chat/create>). No I/O here and no logging;
//! streaming chunks are decoded in [`stream`].

mod error;
pub mod stream;

pub use error::{error_from_response, llm_error_from_response, map_error};
pub use stream::{StreamDecoder, parse_stream};

use super::{
    ChatCompletion, ChatRequest, FinishReason, JsonSchemaFormat, LlmConfig, LlmError, LlmFlavor,
    Role, SchemaMode, UNPORTABLE_KEYWORDS, Usage, json_error, malformed,
};
use crate::http::{TransportError, UpstreamRequest, UpstreamResponse};
use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The request for a whole answer in one response.
pub fn chat_request(
    config: &LlmConfig,
    request: &ChatRequest,
) -> Result<UpstreamRequest, TransportError> {
    build(config, request, false)
}

/// The request for an answer streamed as server-sent events, ending with a usage chunk
/// (`stream_options.include_usage`) and `data: [DONE]`.
pub fn chat_stream_request(
    config: &LlmConfig,
    request: &ChatRequest,
) -> Result<UpstreamRequest, TransportError> {
    build(config, request, true)
}

/// Reads a (non-streamed) completion; a non-2xx status becomes the mapped [`ProviderError`](crate::provider::ProviderError).
pub fn parse_completion(response: UpstreamResponse) -> Result<ChatCompletion, LlmError> {
    if !response.status().is_success() {
        return Err(llm_error_from_response(&response));
    }
    let wire: WireCompletion = serde_json::from_slice(response.body())
        .map_err(|err| malformed(format!("completion is not json ({})", json_error(&err))))?;
    let choice = wire
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| malformed("completion has no choices"))?;
    let finish_reason = choice
        .finish_reason
        .as_deref()
        .map_or(FinishReason::Stop, FinishReason::from_wire);
    let content = answer_text(
        choice.message.content,
        choice.message.refusal,
        &finish_reason,
    )?;
    Ok(ChatCompletion {
        content,
        model: wire.model,
        finish_reason,
        usage: wire.usage.map(Usage::from),
    })
}

/// The text of an answer, or why there is none. Shared with the stream decoder.
pub(crate) fn answer_text(
    content: Option<String>,
    refusal: Option<String>,
    finish_reason: &FinishReason,
) -> Result<String, LlmError> {
    if let Some(refusal) = refusal.filter(|r| !r.is_empty()) {
        return Err(LlmError::Refused { refusal });
    }
    if *finish_reason == FinishReason::ContentFilter {
        return Err(LlmError::ContentFiltered);
    }
    content.ok_or_else(|| malformed("completion has neither content nor refusal"))
}

fn build(
    config: &LlmConfig,
    request: &ChatRequest,
    stream: bool,
) -> Result<UpstreamRequest, TransportError> {
    let body = serde_json::to_vec(&wire_request(config, request, stream)).map_err(|_| {
        TransportError::InvalidRequest {
            reason: "chat request does not serialize".into(),
        }
    })?;
    let accept = if stream {
        "text/event-stream"
    } else {
        "application/json"
    };
    let mut builder = http::Request::post(config.chat_completions_url().as_str())
        .header(CONTENT_TYPE, "application/json")
        .header(ACCEPT, accept);
    if let Some(key) = config.api_key() {
        let (name, value) = auth_header(config.flavor(), key.expose_secret())?;
        builder = builder.header(name, value);
    }
    builder
        .body(Bytes::from(body))
        .map_err(|err| TransportError::InvalidRequest {
            reason: err.to_string(),
        })
}

fn auth_header(flavor: LlmFlavor, key: &str) -> Result<(HeaderName, HeaderValue), TransportError> {
    let (name, raw) = match flavor {
        // Azure OpenAI's key auth; Entra bearer tokens would also work but need a token flow.
        LlmFlavor::AzureOpenAi => (HeaderName::from_static("api-key"), key.to_owned()),
        _ => (AUTHORIZATION, format!("Bearer {key}")),
    };
    let mut value = HeaderValue::from_str(&raw).map_err(|_| TransportError::InvalidRequest {
        reason: "llm api key is not a valid header value".into(),
    })?;
    // Keeps the key out of http's Debug output and out of HPACK tables.
    value.set_sensitive(true);
    Ok((name, value))
}

fn wire_request<'a>(
    config: &'a LlmConfig,
    request: &'a ChatRequest,
    stream: bool,
) -> WireRequest<'a> {
    let flavor = config.flavor();
    // OpenAI deprecated `max_tokens` for `max_completion_tokens` (o-series models reject the
    // old name; Azure v1 follows). Ollama documents only `max_tokens`, so the local servers
    // keep it. https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_tokens
    let (max_tokens, max_completion_tokens) = match flavor {
        LlmFlavor::OpenAi | LlmFlavor::AzureOpenAi => (None, request.max_tokens),
        _ => (request.max_tokens, None),
    };
    let mode = config.settings().schema_mode;
    let mut messages: Vec<WireMessage> = request
        .messages
        .iter()
        .map(|m| WireMessage {
            role: role_name(flavor, m.role),
            content: Cow::Borrowed(&m.content),
        })
        .collect();
    if let (Some(format), SchemaMode::JsonObject) = (&request.response_format, mode) {
        // JSON mode guarantees only "some JSON object", and OpenAI refuses it unless a message
        // says "JSON": the schema goes into an instruction instead.
        // https://platform.openai.com/docs/guides/structured-outputs#json-mode
        messages.push(WireMessage {
            role: role_name(flavor, Role::System),
            content: Cow::Owned(json_object_instruction(format)),
        });
    }
    WireRequest {
        model: config.model(),
        messages,
        max_tokens,
        max_completion_tokens,
        temperature: config.temperature(request.temperature),
        response_format: request
            .response_format
            .as_ref()
            .map(|format| wire_format(flavor, mode, format)),
        stream: stream.then_some(true),
        stream_options: stream.then_some(WireStreamOptions {
            include_usage: true,
        }),
    }
}

fn role_name(flavor: LlmFlavor, role: Role) -> &'static str {
    match role {
        // OpenAI renamed the instruction role: "With o1 models and newer, `developer` messages
        // replace the previous `system` messages." Compatible servers and Azure deployments of
        // older models know only `system`.
        // https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages
        Role::System if flavor == LlmFlavor::OpenAi => "developer",
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
    }
}

fn wire_format(
    flavor: LlmFlavor,
    mode: SchemaMode,
    format: &JsonSchemaFormat,
) -> WireResponseFormat<'_> {
    if mode == SchemaMode::JsonObject {
        return WireResponseFormat {
            kind: "json_object",
            json_schema: None,
            schema: None,
        };
    }
    let schema = match mode {
        SchemaMode::Portable => Cow::Owned(portable_schema(&format.schema)),
        _ => Cow::Borrowed(&format.schema),
    };
    WireResponseFormat {
        kind: "json_schema",
        // llama-server documents the schema at the top level of `response_format`; newer
        // builds also read OpenAI's nested form, so both are sent.
        // https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md
        schema: (flavor == LlmFlavor::LlamaCpp).then(|| schema.clone()),
        json_schema: Some(WireJsonSchema {
            name: &format.name,
            description: format.description.as_deref(),
            schema,
            strict: format.strict,
        }),
    }
}

/// The instruction that carries the schema in `json_object` mode.
fn json_object_instruction(format: &JsonSchemaFormat) -> String {
    format!(
        "Reply with one JSON object only, valid against this JSON Schema named {}: {}",
        format.name, format.schema
    )
}

/// `schema` without the [`UNPORTABLE_KEYWORDS`], at every level where a subschema can stand.
/// Property names are left alone (a property may be called `format`).
pub fn portable_schema(schema: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = serde_json::Map::new();
    for (key, value) in object {
        if UNPORTABLE_KEYWORDS.contains(&key.as_str()) {
            continue;
        }
        let value = match key.as_str() {
            // Maps of name → subschema.
            "properties" | "$defs" | "definitions" => match value {
                Value::Object(map) => Value::Object(
                    map.iter()
                        .map(|(name, sub)| (name.clone(), portable_schema(sub)))
                        .collect(),
                ),
                other => other.clone(),
            },
            // Lists of subschemas.
            "anyOf" | "allOf" | "oneOf" | "prefixItems" => match value {
                Value::Array(list) => Value::Array(list.iter().map(portable_schema).collect()),
                other => other.clone(),
            },
            // One subschema.
            "items" | "additionalProperties" | "not" => portable_schema(value),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

#[derive(Serialize)]
struct WireRequest<'a> {
    model: &'a str,
    messages: Vec<WireMessage<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<WireResponseFormat<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stream: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stream_options: Option<WireStreamOptions>,
}

#[derive(Serialize)]
struct WireMessage<'a> {
    role: &'static str,
    content: Cow<'a, str>,
}

#[derive(Serialize)]
struct WireResponseFormat<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    json_schema: Option<WireJsonSchema<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Cow<'a, serde_json::Value>>,
}

#[derive(Serialize)]
struct WireJsonSchema<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    schema: Cow<'a, serde_json::Value>,
    strict: bool,
}

#[derive(Serialize)]
struct WireStreamOptions {
    include_usage: bool,
}

#[derive(Deserialize)]
struct WireCompletion {
    #[serde(default)]
    model: String,
    choices: Vec<WireChoice>,
    usage: Option<WireUsage>,
}

#[derive(Deserialize)]
struct WireChoice {
    message: WireAnswer,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct WireAnswer {
    content: Option<String>,
    refusal: Option<String>,
}

/// `usage` as OpenAI and the compatible servers send it; the `*_details` are not needed.
#[derive(Deserialize)]
pub(crate) struct WireUsage {
    #[serde(default)]
    prompt_tokens: u32,
    #[serde(default)]
    completion_tokens: u32,
    #[serde(default)]
    total_tokens: u32,
}

impl From<WireUsage> for Usage {
    fn from(wire: WireUsage) -> Self {
        Self {
            prompt_tokens: wire.prompt_tokens,
            completion_tokens: wire.completion_tokens,
            total_tokens: wire.total_tokens,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::ChatMessage;
    use crate::provider::ProviderError;
    use rstest::rstest;
    use secrecy::SecretString;
    use serde_json::{Value, json};
    use url::Url;

    fn config(flavor: LlmFlavor) -> LlmConfig {
        LlmConfig::new(flavor, Url::parse("http://llm.example/v1").unwrap(), "m")
            .unwrap()
            .with_api_key(SecretString::from("k-123"))
    }

    fn body(request: &UpstreamRequest) -> Value {
        serde_json::from_slice(request.body()).unwrap()
    }

    fn response(status: u16, body: &str) -> UpstreamResponse {
        http::Response::builder()
            .status(status)
            .body(Bytes::from(body.to_owned()))
            .unwrap()
    }

    fn hello() -> ChatRequest {
        ChatRequest::new(vec![
            ChatMessage::system("Be brief."),
            ChatMessage::user("Hi."),
        ])
    }

    #[rstest]
    #[case(LlmFlavor::OpenAi, "authorization", "Bearer k-123", "developer")]
    #[case(LlmFlavor::AzureOpenAi, "api-key", "k-123", "system")]
    #[case(LlmFlavor::Ollama, "authorization", "Bearer k-123", "system")]
    #[case(LlmFlavor::Vllm, "authorization", "Bearer k-123", "system")]
    #[case(LlmFlavor::LlamaCpp, "authorization", "Bearer k-123", "system")]
    fn flavors_differ_in_auth_header_and_instruction_role(
        #[case] flavor: LlmFlavor,
        #[case] header: &str,
        #[case] value: &str,
        #[case] role: &str,
    ) {
        let request = chat_request(&config(flavor), &hello()).unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(request.uri(), "http://llm.example/v1/chat/completions");
        assert_eq!(request.headers()[header], value);
        assert!(request.headers()[header].is_sensitive());
        assert_eq!(
            request.headers().len(),
            3,
            "content-type, accept, auth only"
        );
        assert_eq!(body(&request)["messages"][0]["role"], role);
        assert_eq!(body(&request)["model"], "m");
    }

    #[test]
    fn no_key_sends_no_auth_header() {
        let url = Url::parse("http://localhost:11434/v1/").unwrap();
        let config = LlmConfig::new(LlmFlavor::Ollama, url, "llama3.2").unwrap();
        let request = chat_request(&config, &hello()).unwrap();
        assert!(request.headers().get(AUTHORIZATION).is_none());
    }

    #[rstest]
    #[case(LlmFlavor::OpenAi, "max_completion_tokens", "max_tokens")]
    #[case(LlmFlavor::AzureOpenAi, "max_completion_tokens", "max_tokens")]
    #[case(LlmFlavor::Ollama, "max_tokens", "max_completion_tokens")]
    fn token_limit_uses_the_flavors_field(
        #[case] flavor: LlmFlavor,
        #[case] present: &str,
        #[case] absent: &str,
    ) {
        let request = hello().with_max_tokens(200).with_temperature(0.2);
        let body = body(&chat_request(&config(flavor), &request).unwrap());
        assert_eq!(body[present], 200);
        assert!(body.get(absent).is_none());
        assert_eq!(body["temperature"], 0.2);
    }

    #[test]
    fn streaming_asks_for_usage_and_event_stream() {
        let request = chat_stream_request(&config(LlmFlavor::OpenAi), &hello()).unwrap();
        assert_eq!(request.headers()[ACCEPT], "text/event-stream");
        let body = body(&request);
        assert_eq!(body["stream"], true);
        assert_eq!(body["stream_options"], json!({ "include_usage": true }));
        let plain = self::body(&chat_request(&config(LlmFlavor::OpenAi), &hello()).unwrap());
        assert!(plain.get("stream").is_none() && plain.get("stream_options").is_none());
    }

    #[test]
    fn llama_cpp_also_gets_the_top_level_schema() {
        let schema = json!({ "type": "object" });
        let request = hello().with_json_schema(JsonSchemaFormat::strict("x", schema.clone()));
        let body = body(&chat_request(&config(LlmFlavor::LlamaCpp), &request).unwrap());
        assert_eq!(body["response_format"]["schema"], schema);
        assert_eq!(body["response_format"]["json_schema"]["schema"], schema);
        let openai = self::body(&chat_request(&config(LlmFlavor::OpenAi), &request).unwrap());
        assert!(openai["response_format"].get("schema").is_none());
    }

    fn with(flavor: LlmFlavor, temperature: Option<&str>, mode: &str) -> LlmConfig {
        config(flavor)
            .with_settings(crate::llm::ModelSettings::parse(temperature, Some(mode)).unwrap())
    }

    fn bounded_schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "points": { "type": "array", "minItems": 1, "maxItems": 3,
                    "items": { "type": "string", "maxLength": 200 } },
                "format": { "type": "string", "pattern": "^x", "format": "date" },
                "n": { "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "null" }] }
            },
            "$defs": { "d": { "type": "string", "minLength": 2 } },
            "required": ["points", "format", "n"],
            "additionalProperties": false
        })
    }

    #[test]
    fn portable_mode_strips_unportable_keywords_but_not_property_names() {
        let request = hello().with_json_schema(JsonSchemaFormat::strict("x", bounded_schema()));
        let body =
            body(&chat_request(&with(LlmFlavor::AzureOpenAi, None, "portable"), &request).unwrap());
        let sent = &body["response_format"]["json_schema"]["schema"];
        assert_eq!(
            *sent,
            json!({
                "type": "object",
                "properties": {
                    "points": { "type": "array", "items": { "type": "string" } },
                    "format": { "type": "string" },
                    "n": { "anyOf": [{ "type": "integer" }, { "type": "null" }] }
                },
                "$defs": { "d": { "type": "string" } },
                "required": ["points", "format", "n"],
                "additionalProperties": false
            })
        );
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        let strict =
            self::body(&chat_request(&with(LlmFlavor::OpenAi, None, "strict"), &request).unwrap());
        assert_eq!(
            strict["response_format"]["json_schema"]["schema"],
            bounded_schema()
        );
    }

    #[test]
    fn json_object_mode_sends_the_schema_as_an_instruction() {
        let request = hello().with_json_schema(JsonSchemaFormat::strict("x", bounded_schema()));
        let body =
            body(&chat_request(&with(LlmFlavor::Vllm, None, "json_object"), &request).unwrap());
        assert_eq!(body["response_format"], json!({ "type": "json_object" }));
        let last = body["messages"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["role"], "system");
        assert!(last["content"].as_str().unwrap().contains("JSON Schema"));
        assert!(last["content"].as_str().unwrap().contains("\"minItems\":1"));
    }

    #[rstest]
    #[case(LlmFlavor::OpenAi, "gpt-4o-mini", None, Some(0.2))]
    #[case(LlmFlavor::OpenAi, "o4-mini", None, None)]
    #[case(LlmFlavor::OpenAi, "gpt-5", Some("auto"), None)]
    #[case(LlmFlavor::AzureOpenAi, "my-deployment", Some("omit"), None)]
    #[case(LlmFlavor::AzureOpenAi, "my-deployment", Some("1"), Some(1.0))]
    fn temperature_is_sent_per_model_setting(
        #[case] flavor: LlmFlavor,
        #[case] model: &str,
        #[case] setting: Option<&str>,
        #[case] sent: Option<f64>,
    ) {
        let config = LlmConfig::new(flavor, Url::parse("http://llm.example/v1").unwrap(), model)
            .unwrap()
            .with_settings(crate::llm::ModelSettings::parse(setting, None).unwrap());
        let body = body(&chat_request(&config, &hello().with_temperature(0.2)).unwrap());
        assert_eq!(body.get("temperature").and_then(Value::as_f64), sent);
    }

    #[test]
    fn a_refusal_is_an_error_carrying_the_reason() {
        let body = r#"{"model":"m","choices":[{"index":0,"message":{"role":"assistant",
            "content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}"#;
        assert_eq!(
            parse_completion(response(200, body)),
            Err(LlmError::Refused {
                refusal: "I can't help with that.".into()
            })
        );
    }

    #[test]
    fn filtered_and_empty_answers_are_errors() {
        let filtered = r#"{"model":"m","choices":[{"message":{"content":null},
            "finish_reason":"content_filter"}]}"#;
        assert_eq!(
            parse_completion(response(200, filtered)),
            Err(LlmError::ContentFiltered)
        );
        for body in [
            r#"{"model":"m","choices":[]}"#,
            r#"{"choices":[{"message":{}}]}"#,
            "<html>",
        ] {
            assert!(
                matches!(
                    parse_completion(response(200, body)),
                    Err(LlmError::Provider(ProviderError::Malformed { .. }))
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn malformed_reasons_never_quote_the_body() {
        let body = r#"{"model":"m","choices":"SECRET CUSTOMER TEXT"}"#;
        let err = parse_completion(response(200, body)).unwrap_err();
        assert!(!format!("{err:?}").contains("SECRET"), "{err:?}");
    }
}
