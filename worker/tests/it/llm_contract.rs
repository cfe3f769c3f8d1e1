//! Contract tests of the LLM connector: the documented OpenAI payloads
//! (`tests/fixtures/llm/`, copied from `../shared/fixtures/llm/` with their `.src` notes) and
//! the sandbox's OpenAI-compatible endpoint, including every error class through the sandbox's
//! fault injection. The same connector code runs at the edge; only the transport differs.

use crate::support::ReqwestTransport;
use crate::support::TokioSleeper;
use bytes::Bytes;
use closer_sandbox::Sandbox;
use closer_sandbox::openai::SANDBOX_LLM_KEY;
use closer_worker::http::{HttpTransport, TransportError};
use closer_worker::llm::openai_compat::{
    StreamDecoder, chat_request, chat_stream_request, parse_completion, parse_stream,
};
use closer_worker::llm::{
    ChatCompletion, ChatMessage, ChatRequest, FinishReason, JsonSchemaFormat, LlmClient, LlmConfig,
    LlmError, LlmFlavor, ModelSettings, StreamEvent, Usage,
};
use closer_worker::provider::{Provider, ProviderError};
use rstest::rstest;
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};
use std::time::Duration;
use url::Url;

const EMAIL: &str = "Hi Anna, thanks for the demo on Tuesday. We want to renew the Contoso \
    licence in May. Please send the updated quote by Friday.\nBest, Bob";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/llm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

fn ok_response(content_type: &str, body: Vec<u8>) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", content_type)
        .body(Bytes::from(body))
        .unwrap()
}

// --- documented payloads ---------------------------------------------------------------

#[test]
fn chat_request_matches_the_documented_example() {
    let config = LlmConfig::new(
        LlmFlavor::OpenAi,
        Url::parse("https://api.openai.com/v1").unwrap(),
        "VAR_chat_model_id",
    )
    .unwrap()
    .with_api_key(SecretString::from("sk-test"));
    let chat = ChatRequest::new(vec![
        ChatMessage::system("You are a helpful assistant."),
        ChatMessage::user("Hello!"),
    ]);
    let request = chat_request(&config, &chat).unwrap();
    assert_eq!(request.uri(), "https://api.openai.com/v1/chat/completions");
    assert_eq!(request.headers()["authorization"], "Bearer sk-test");
    assert_eq!(request.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, fixture_json("openai-chat.request.json"));
}

#[test]
fn structured_request_matches_the_documented_example() {
    let documented = fixture_json("openai-structured-output.request.json");
    let spec = &documented["response_format"]["json_schema"];
    let config = LlmConfig::new(
        LlmFlavor::OpenAi,
        Url::parse("https://api.openai.com/v1/").unwrap(),
        "gpt-4o-mini",
    )
    .unwrap();
    let chat = ChatRequest::new(vec![
        ChatMessage::system("Extract CRM follow-ups from the email. Reply only with JSON."),
        ChatMessage::user("<email text>"),
    ])
    .with_json_schema(
        JsonSchemaFormat::strict("crm_followups", spec["schema"].clone())
            .with_description("Follow-up tasks extracted from an email thread"),
    );
    let body: Value = serde_json::from_slice(chat_request(&config, &chat).unwrap().body()).unwrap();
    assert_eq!(body, documented);
}

#[test]
fn documented_response_parses() {
    let response = ok_response("application/json", fixture("openai-chat.response.json"));
    let completion = parse_completion(response).unwrap();
    assert_eq!(completion.content, "Hello! How can I assist you today?");
    assert_eq!(completion.model, "gpt-5.4");
    assert_eq!(completion.finish_reason, FinishReason::Stop);
    assert_eq!(
        completion.usage,
        Some(Usage {
            prompt_tokens: 19,
            completion_tokens: 10,
            total_tokens: 29
        })
    );
}

#[test]
fn documented_stream_parses_whole_and_in_pieces() {
    let bytes = fixture("openai-chat.stream.sse");
    let expected = vec![
        StreamEvent::Delta("Hello".into()),
        StreamEvent::Done {
            finish_reason: FinishReason::Stop,
            usage: None,
        },
    ];
    let whole = parse_stream(ok_response("text/event-stream", bytes.clone())).unwrap();
    assert_eq!(whole, expected);
    for size in [1, 2, 3, 7, 64] {
        let mut decoder = StreamDecoder::new();
        let mut events = Vec::new();
        for piece in bytes.chunks(size) {
            events.extend(decoder.feed(piece).unwrap());
        }
        events.extend(decoder.finish().unwrap());
        assert_eq!(events, expected, "pieces of {size} bytes");
    }
}

// --- against the sandbox -----------------------------------------------------------------

async fn sandbox() -> Sandbox {
    Sandbox::start(0).await.expect("sandbox starts")
}

fn config(sandbox: &Sandbox, flavor: LlmFlavor, key: &str) -> LlmConfig {
    LlmConfig::new(
        flavor,
        Url::parse(&sandbox.urls().llm).unwrap(),
        "any-model",
    )
    .unwrap()
    .with_api_key(SecretString::from(key))
}

fn client(sandbox: &Sandbox) -> LlmClient<ReqwestTransport, TokioSleeper> {
    LlmClient::new(
        ReqwestTransport::default(),
        config(sandbox, LlmFlavor::OpenAi, SANDBOX_LLM_KEY),
    )
    .with_retry(TokioSleeper)
}

fn email_chat() -> ChatRequest {
    ChatRequest::new(vec![
        ChatMessage::system("Summarise the email for the seller in two sentences."),
        ChatMessage::user(EMAIL),
    ])
}

async fn control(sandbox: &Sandbox, path: &str, body: Value) {
    let url = format!("{}/_sandbox/{path}", sandbox.urls().origin);
    let response = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
}

fn llm_requests(sandbox: &Sandbox) -> u32 {
    sandbox
        .state()
        .lock()
        .request_counts
        .get("/openai/v1")
        .copied()
        .unwrap_or(0)
}

fn tokens(text: &str) -> u32 {
    (text.chars().count() as u32).div_ceil(4)
}

fn provider_error(result: Result<ChatCompletion, LlmError>) -> ProviderError {
    match result {
        Err(LlmError::Provider(err)) => err,
        other => panic!("expected a provider error, got {other:?}"),
    }
}

#[tokio::test]
async fn plain_completion_summarises_the_email() {
    let sandbox = sandbox().await;
    let completion = client(&sandbox).complete(&email_chat()).await.unwrap();
    assert_eq!(
        completion.content,
        "[sandbox model] Hi Anna, thanks for the demo on Tuesday. \
         We want to renew the Contoso licence in May."
    );
    assert_eq!(completion.model, "closer-sandbox-model");
    assert_eq!(completion.finish_reason, FinishReason::Stop);
    let prompt = tokens("Summarise the email for the seller in two sentences.") + tokens(EMAIL);
    let answer = tokens(&completion.content);
    assert_eq!(
        completion.usage,
        Some(Usage {
            prompt_tokens: prompt,
            completion_tokens: answer,
            total_tokens: prompt + answer
        })
    );
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUps {
    summary: String,
    tasks: Vec<Task>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Task {
    subject: String,
    due_date: Option<String>,
}

#[tokio::test]
async fn json_schema_completion_parses_into_the_schema_shape() {
    let sandbox = sandbox().await;
    let schema = fixture_json("openai-structured-output.request.json")["response_format"]
        ["json_schema"]["schema"]
        .clone();
    let chat = email_chat().with_json_schema(JsonSchemaFormat::strict("crm_followups", schema));
    let completion = client(&sandbox).complete(&chat).await.unwrap();
    let followups: FollowUps = completion.parse_json().unwrap();
    assert!(EMAIL.contains(&followups.summary), "{}", followups.summary);
    assert!(!followups.summary.is_empty());
    assert_eq!(followups.tasks.len(), 2);
    for task in &followups.tasks {
        assert!(
            EMAIL.contains(&task.subject),
            "quoted verbatim: {}",
            task.subject
        );
        let due = task
            .due_date
            .as_deref()
            .expect("a string is preferred to null");
        assert!(EMAIL.contains(due), "{due}");
    }
}

#[tokio::test]
async fn streamed_deltas_concatenate_to_the_plain_answer() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let plain = client.complete(&email_chat()).await.unwrap();
    let events = client.complete_streamed(&email_chat()).await.unwrap();
    let (last, deltas) = events.split_last().unwrap();
    let texts: Vec<&str> = deltas
        .iter()
        .map(|event| match event {
            StreamEvent::Delta(text) => text.as_str(),
            other => panic!("only deltas before the end: {other:?}"),
        })
        .collect();
    assert!(texts.len() >= 10, "one delta per word: {}", texts.len());
    assert_eq!(texts.concat(), plain.content);
    assert_eq!(
        *last,
        StreamEvent::Done {
            finish_reason: FinishReason::Stop,
            usage: plain.usage
        }
    );
}

#[tokio::test]
async fn the_incremental_decoder_sees_the_first_delta_before_the_end() {
    let sandbox = sandbox().await;
    let config = config(&sandbox, LlmFlavor::OpenAi, SANDBOX_LLM_KEY);
    let (parts, body) = chat_stream_request(&config, &email_chat())
        .unwrap()
        .into_parts();
    let mut response = reqwest::Client::new()
        .post(parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut decoder = StreamDecoder::new();
    let mut reads_with_events = Vec::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        let events = decoder.feed(&chunk).unwrap();
        if !events.is_empty() {
            reads_with_events.push(events);
        }
    }
    decoder.finish().unwrap();
    assert!(
        reads_with_events.len() > 2,
        "chunks arrive one by one: {}",
        reads_with_events.len()
    );
    assert!(matches!(reads_with_events[0][0], StreamEvent::Delta(_)));
    assert!(matches!(
        reads_with_events.last().unwrap().last(),
        Some(StreamEvent::Done { .. })
    ));
}

#[tokio::test]
async fn scripted_answers_come_back_verbatim_then_the_model_resumes() {
    let sandbox = sandbox().await;
    let scripted = [
        "{\"summary\": \"Scripted, with JSON inside.\"}",
        "Streamed  scripted\nanswer.",
    ];
    control(&sandbox, "llm/script", json!({ "completions": scripted })).await;
    let client = client(&sandbox);
    assert_eq!(
        client.complete(&email_chat()).await.unwrap().content,
        scripted[0]
    );
    let streamed: String = client
        .complete_streamed(&email_chat())
        .await
        .unwrap()
        .into_iter()
        .filter_map(|event| match event {
            StreamEvent::Delta(text) => Some(text),
            StreamEvent::Done { .. } => None,
        })
        .collect();
    assert_eq!(streamed, scripted[1]);
    let next = client.complete(&email_chat()).await.unwrap();
    assert!(
        next.content.starts_with("[sandbox model] "),
        "{}",
        next.content
    );
}

#[tokio::test]
async fn azure_style_api_key_auth_works() {
    let sandbox = sandbox().await;
    let client = LlmClient::new(
        ReqwestTransport::default(),
        config(&sandbox, LlmFlavor::AzureOpenAi, SANDBOX_LLM_KEY),
    );
    let completion = client.complete(&email_chat()).await.unwrap();
    assert!(completion.content.starts_with("[sandbox model] Hi Anna"));
}

#[rstest]
#[case::openai(LlmFlavor::OpenAi)]
#[case::azure(LlmFlavor::AzureOpenAi)]
#[tokio::test]
async fn a_wrong_key_is_unauthorized(#[case] flavor: LlmFlavor) {
    let sandbox = sandbox().await;
    let client = LlmClient::new(
        ReqwestTransport::default(),
        config(&sandbox, flavor, "sk-wrong"),
    );
    assert_eq!(
        provider_error(client.complete(&email_chat()).await),
        ProviderError::Unauthorized {
            provider: Provider::Llm,
            code: "invalid_api_key".into(),
            claims_challenge: None
        }
    );
}

#[tokio::test]
async fn an_invalid_chat_is_rejected_with_the_vendor_code() {
    let sandbox = sandbox().await;
    let err = provider_error(client(&sandbox).complete(&ChatRequest::new(vec![])).await);
    assert_eq!(
        err,
        ProviderError::Rejected {
            provider: Provider::Llm,
            status: 400,
            code: "missing_required_parameter".into()
        }
    );
}

#[tokio::test]
async fn throttling_reports_retry_after_and_a_long_wait_is_not_retried() {
    let sandbox = sandbox().await;
    control(
        &sandbox,
        "faults",
        json!({ "path_prefix": "/openai/v1/chat", "status": 429, "retry_after": "1.5" }),
    )
    .await;
    let err = provider_error(client(&sandbox).complete(&email_chat()).await);
    assert_eq!(
        err,
        ProviderError::Throttled {
            provider: Provider::Llm,
            retry_after: Some(Duration::from_millis(1500))
        }
    );
    assert_eq!(llm_requests(&sandbox), 1);
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out_once() {
    let sandbox = sandbox().await;
    control(
        &sandbox,
        "faults",
        json!({ "path_prefix": "/openai/v1/chat", "status": 503, "retry_after": "0.2", "times": 1 }),
    )
    .await;
    let completion = client(&sandbox).complete(&email_chat()).await.unwrap();
    assert!(completion.content.starts_with("[sandbox model] "));
    assert_eq!(llm_requests(&sandbox), 2);
}

#[rstest]
#[case(500)]
#[case(503)]
#[tokio::test]
async fn server_errors_are_server(#[case] status: u16) {
    let sandbox = sandbox().await;
    control(
        &sandbox,
        "faults",
        json!({ "path_prefix": "/openai/v1/chat", "status": status }),
    )
    .await;
    let err = provider_error(client(&sandbox).complete(&email_chat()).await);
    assert_eq!(
        err,
        ProviderError::Server {
            provider: Provider::Llm,
            status
        }
    );
    assert!(err.is_transient());
    assert_eq!(llm_requests(&sandbox), 1, "no Retry-After, no repeat");
}

#[rstest]
#[case::malformed("malformed", false)]
#[case::truncated("truncated", false)]
#[case::truncated_stream("truncated", true)]
#[tokio::test]
async fn broken_bodies_are_malformed(#[case] damage: &str, #[case] streamed: bool) {
    let sandbox = sandbox().await;
    control(
        &sandbox,
        "faults",
        json!({ "path_prefix": "/openai/v1/chat", "body": damage }),
    )
    .await;
    let client = client(&sandbox);
    let err = if streamed {
        match client.complete_streamed(&email_chat()).await {
            Err(LlmError::Provider(err)) => err,
            other => panic!("expected a provider error, got {other:?}"),
        }
    } else {
        provider_error(client.complete(&email_chat()).await)
    };
    assert!(
        matches!(
            err,
            ProviderError::Malformed {
                provider: Provider::Llm,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_hanging_model_times_out_in_the_transport() {
    let sandbox = sandbox().await;
    control(
        &sandbox,
        "faults",
        json!({ "path_prefix": "/openai", "hang": true }),
    )
    .await;
    let transport = ReqwestTransport::new(Duration::from_millis(300));
    let client = LlmClient::new(
        transport,
        config(&sandbox, LlmFlavor::OpenAi, SANDBOX_LLM_KEY),
    )
    .with_retry(TokioSleeper);
    let started = std::time::Instant::now();
    let err = provider_error(client.complete(&email_chat()).await);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a timeout is not repeated"
    );
    let ProviderError::Transport { provider, source } = err else {
        panic!("expected a transport error, got {err:?}");
    };
    assert_eq!(provider, Provider::Llm);
    assert_eq!(
        source,
        TransportError::Timeout {
            origin: sandbox.urls().origin,
            timeout_ms: 300
        }
    );
}

#[tokio::test]
async fn models_lists_the_sandbox_model() {
    let sandbox = sandbox().await;
    let request = http::Request::get(format!("{}models", sandbox.urls().llm))
        .header("authorization", format!("Bearer {SANDBOX_LLM_KEY}"))
        .body(Bytes::new())
        .unwrap();
    let response = ReqwestTransport::default().send(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["data"][0]["id"], "closer-sandbox-model");
}

// --- per-model settings ------------------------------------------------------------------

fn model_config(
    sandbox: &Sandbox,
    flavor: LlmFlavor,
    model: &str,
    settings: ModelSettings,
) -> LlmConfig {
    LlmConfig::new(flavor, Url::parse(&sandbox.urls().llm).unwrap(), model)
        .unwrap()
        .with_api_key(SecretString::from(SANDBOX_LLM_KEY))
        .with_settings(settings)
}

fn settings(temperature: Option<&str>, schema_mode: Option<&str>) -> ModelSettings {
    ModelSettings::parse(temperature, schema_mode).unwrap()
}

async fn complete_with(config: LlmConfig, chat: &ChatRequest) -> Result<ChatCompletion, LlmError> {
    LlmClient::new(ReqwestTransport::default(), config)
        .complete(chat)
        .await
}

/// A schema with the array and string bounds Closer's summary schema uses.
fn bounded_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "points": {
                "type": "array", "minItems": 1, "maxItems": 3,
                "items": { "type": "string", "maxLength": 300 }
            }
        },
        "required": ["points"],
        "additionalProperties": false
    })
}

#[tokio::test]
async fn reasoning_models_refuse_temperature_and_the_default_setting_omits_it() {
    let sandbox = sandbox().await;
    let chat = email_chat().with_temperature(0.2);
    // OpenAI's reasoning models are known by name: the default sends no temperature.
    for model in ["o3-mini", "gpt-5-mini"] {
        let config = model_config(&sandbox, LlmFlavor::OpenAi, model, settings(None, None));
        complete_with(config, &chat).await.unwrap();
    }
    // Forcing one is refused the way OpenAI refuses it, as a typed settings error.
    let forced = model_config(
        &sandbox,
        LlmFlavor::OpenAi,
        "o3-mini",
        settings(Some("0.2"), None),
    );
    assert_eq!(
        complete_with(forced, &chat).await.unwrap_err(),
        LlmError::UnsupportedSetting {
            param: "temperature".into(),
            setting: "LLM_TEMPERATURE=omit"
        }
    );
    // An Azure deployment's name says nothing of its model: `omit` is the fix.
    let deployment = "prod-reasoning-deployment";
    let auto = model_config(
        &sandbox,
        LlmFlavor::AzureOpenAi,
        deployment,
        settings(None, None),
    );
    let err = complete_with(auto, &chat).await.unwrap_err();
    assert!(
        matches!(&err, LlmError::UnsupportedSetting { param, .. } if param == "temperature"),
        "{err:?}"
    );
    assert!(err.to_string().contains("LLM_TEMPERATURE=omit"), "{err}");
    let omit = model_config(
        &sandbox,
        LlmFlavor::AzureOpenAi,
        deployment,
        settings(Some("omit"), None),
    );
    complete_with(omit, &chat).await.unwrap();
    // A chat model still gets the prompt's temperature.
    let chat_model = model_config(
        &sandbox,
        LlmFlavor::OpenAi,
        "gpt-4o-mini",
        settings(None, None),
    );
    complete_with(chat_model, &chat).await.unwrap();
}

#[tokio::test]
async fn a_legacy_deployment_refuses_bounded_strict_schemas_and_the_portable_default_passes() {
    let sandbox = sandbox().await;
    let chat = email_chat().with_json_schema(JsonSchemaFormat::strict("points", bounded_schema()));
    let deployment = "gpt-4o-legacy-schema";
    let strict = model_config(
        &sandbox,
        LlmFlavor::AzureOpenAi,
        deployment,
        settings(None, Some("strict")),
    );
    let err = complete_with(strict, &chat).await.unwrap_err();
    assert_eq!(
        err,
        LlmError::UnsupportedSetting {
            param: "response_format".into(),
            setting: "LLM_SCHEMA_MODE=portable (or json_object)"
        }
    );
    // The default strips the bounds; the answer still has the schema's shape.
    let portable = model_config(
        &sandbox,
        LlmFlavor::AzureOpenAi,
        deployment,
        settings(None, None),
    );
    let answer: Value = complete_with(portable, &chat)
        .await
        .unwrap()
        .parse_json()
        .unwrap();
    assert!(
        answer["points"].as_array().is_some_and(|p| !p.is_empty()),
        "{answer}"
    );
    // JSON mode asks for an object and carries the schema (and the word JSON) in the prompt.
    let json_mode = model_config(
        &sandbox,
        LlmFlavor::AzureOpenAi,
        deployment,
        settings(None, Some("json_object")),
    );
    let answer: Value = complete_with(json_mode, &chat)
        .await
        .unwrap()
        .parse_json()
        .unwrap();
    assert!(answer.is_object(), "{answer}");
    let recorded = sandbox.state().lock().llm_requests.last().cloned().unwrap();
    let (role, instruction) = recorded.messages.last().unwrap();
    assert_eq!(role, "system");
    assert!(instruction.contains("\"minItems\":1"), "{instruction}");
}

#[tokio::test]
async fn json_mode_without_the_word_json_is_refused_as_openai_does() {
    let sandbox = sandbox().await;
    let request = http::Request::post(format!(
        "{}/chat/completions",
        sandbox.urls().llm.trim_end_matches('/')
    ))
    .header("authorization", format!("Bearer {SANDBOX_LLM_KEY}"))
    .header("content-type", "application/json")
    .body(Bytes::from(
        json!({
            "model": "gpt-4o-mini",
            "messages": [{ "role": "user", "content": "Say hi." }],
            "response_format": { "type": "json_object" }
        })
        .to_string(),
    ))
    .unwrap();
    let response = ReqwestTransport::default().send(request).await.unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["error"]["param"], "messages");
    assert_eq!(body["error"]["type"], "invalid_request_error");
}
