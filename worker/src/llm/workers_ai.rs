//! Pure mapping between Closer's chat types and the Workers AI binding
//! (`env.AI.run(model, input)`, <https://developers.cloudflare.com/workers-ai/configuration/bindings/>):
//! [`input`] builds the JSON input of a text-generation model, [`completion_from_output`] reads
//! its `{response, usage}` output, and [`StreamDecoder`] reads its `stream: true` SSE.
//!
//! The binding call itself (a `worker::Ai`, JS exceptions for its errors) belongs to the edge;
//! nothing here names `worker::` types.

use super::sse::SseParser;
use super::{
    ChatCompletion, ChatRequest, FinishReason, LlmError, Role, StreamEvent, Usage, json_error,
    malformed,
};
use serde::Deserialize;
use serde_json::{Value, json};

/// The input object for `env.AI.run(model, input)`. Workers AI caps answers at 256 tokens when
/// `max_tokens` is absent (model pages, e.g.
/// <https://developers.cloudflare.com/workers-ai/models/llama-3.1-8b-instruct/>), so callers
/// wanting more must say so.
pub fn input(request: &ChatRequest) -> Value {
    let messages: Vec<Value> = request
        .messages
        .iter()
        .map(|m| json!({ "role": role_name(m.role), "content": m.content }))
        .collect();
    let mut input = json!({ "messages": messages });
    if let Some(max_tokens) = request.max_tokens {
        input["max_tokens"] = json!(max_tokens);
    }
    if let Some(temperature) = request.temperature {
        input["temperature"] = json!(temperature);
    }
    if let Some(format) = &request.response_format {
        // Workers AI's JSON mode takes the schema itself as `json_schema`, not OpenAI's
        // `{name, schema, strict}` wrapper.
        // https://developers.cloudflare.com/workers-ai/configuration/json-mode/
        input["response_format"] = json!({ "type": "json_schema", "json_schema": format.schema });
    }
    input
}

/// [`input`] with `stream: true`: the binding then returns a `ReadableStream` of SSE for
/// [`StreamDecoder`].
pub fn stream_input(request: &ChatRequest) -> Value {
    let mut input = input(request);
    input["stream"] = json!(true);
    input
}

/// Reads the binding's output for `model` (the output does not name it). In JSON mode
/// `response` arrives as an already-parsed object; it is re-serialised so that
/// [`ChatCompletion::parse_json`] works the same for every provider.
pub fn completion_from_output(model: &str, output: &Value) -> Result<ChatCompletion, LlmError> {
    let content = match output.get("response") {
        Some(Value::String(text)) => text.clone(),
        Some(value @ (Value::Object(_) | Value::Array(_))) => value.to_string(),
        _ => return Err(malformed("workers ai output has no response")),
    };
    Ok(ChatCompletion {
        content,
        model: model.to_owned(),
        // The binding reports no finish reason; a cut answer shows only in `usage`.
        finish_reason: FinishReason::Stop,
        usage: usage(output),
    })
}

/// Decodes the binding's stream: `data: {"response":"..."}` events, an optional final usage,
/// then `data: [DONE]` (the format workers-rs `Ai::run_streaming` parses, `worker/src/ai.rs`).
#[derive(Debug, Default)]
pub struct StreamDecoder {
    sse: SseParser,
    usage: Option<Usage>,
    done: bool,
}

impl StreamDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes the next bytes (cut anywhere) and returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, LlmError> {
        let mut events = Vec::new();
        for event in self.sse.feed(bytes) {
            if self.done {
                break;
            }
            if event.data.trim() == "[DONE]" {
                self.done = true;
                events.push(StreamEvent::Done {
                    finish_reason: FinishReason::Stop,
                    usage: self.usage,
                });
                continue;
            }
            let chunk: Value = serde_json::from_str(&event.data).map_err(|err| {
                malformed(format!(
                    "workers ai chunk is not json ({})",
                    json_error(&err)
                ))
            })?;
            if let Some(text) = chunk["response"].as_str().filter(|t| !t.is_empty()) {
                events.push(StreamEvent::Delta(text.to_owned()));
            }
            if let Some(usage) = usage(&chunk) {
                self.usage = Some(usage);
            }
        }
        Ok(events)
    }

    /// Ends the stream; without `[DONE]` it was cut short.
    pub fn finish(self) -> Result<(), LlmError> {
        if self.done {
            Ok(())
        } else {
            Err(malformed("workers ai stream ended before [DONE]"))
        }
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
    }
}

fn usage(output: &Value) -> Option<Usage> {
    #[derive(Deserialize)]
    struct Wire {
        #[serde(default)]
        prompt_tokens: u32,
        #[serde(default)]
        completion_tokens: u32,
        #[serde(default)]
        total_tokens: u32,
    }
    let wire = Wire::deserialize(output.get("usage")?).ok()?;
    Some(Usage {
        prompt_tokens: wire.prompt_tokens,
        completion_tokens: wire.completion_tokens,
        total_tokens: wire.total_tokens,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{ChatMessage, JsonSchemaFormat};
    use crate::provider::ProviderError;

    #[test]
    fn input_carries_messages_limits_and_the_bare_schema() {
        let schema = json!({ "type": "object", "properties": { "a": { "type": "string" } } });
        let request = ChatRequest::new(vec![ChatMessage::system("S"), ChatMessage::user("U")])
            .with_max_tokens(512)
            .with_temperature(0.25)
            .with_json_schema(JsonSchemaFormat::strict("x", schema.clone()));
        assert_eq!(
            input(&request),
            json!({
                "messages": [
                    { "role": "system", "content": "S" },
                    { "role": "user", "content": "U" }
                ],
                "max_tokens": 512,
                "temperature": 0.25,
                "response_format": { "type": "json_schema", "json_schema": schema }
            })
        );
        assert_eq!(stream_input(&request)["stream"], true);
    }

    #[test]
    fn text_and_json_outputs_become_completions() {
        let text = json!({
            "response": "Hello.",
            "usage": { "prompt_tokens": 4, "completion_tokens": 2, "total_tokens": 6 }
        });
        let completion = completion_from_output("@cf/meta/llama-3.1-8b-instruct", &text).unwrap();
        assert_eq!(completion.content, "Hello.");
        assert_eq!(completion.model, "@cf/meta/llama-3.1-8b-instruct");
        assert_eq!(completion.usage.unwrap().total_tokens, 6);

        let structured = json!({ "response": { "name": "India", "capital": "New Delhi" } });
        let completion = completion_from_output("m", &structured).unwrap();
        let parsed: Value = completion.parse_json().unwrap();
        assert_eq!(parsed["capital"], "New Delhi");
        assert_eq!(completion.usage, None);
    }

    #[test]
    fn an_output_without_response_is_malformed() {
        assert!(matches!(
            completion_from_output("m", &json!({ "result": 1 })),
            Err(LlmError::Provider(ProviderError::Malformed { .. }))
        ));
    }

    #[test]
    fn the_stream_decodes_across_any_split() {
        let stream = "data: {\"response\":\"Hel\",\"p\":\"abc\"}\n\ndata: {\"response\":\"lo\"}\n\n\
            data: {\"response\":\"\",\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}\n\n\
            data: [DONE]\n\n";
        let bytes = stream.as_bytes();
        for cut in 0..=bytes.len() {
            let mut decoder = StreamDecoder::new();
            let (a, b) = bytes.split_at(cut);
            let mut events = decoder.feed(a).unwrap();
            events.extend(decoder.feed(b).unwrap());
            decoder.finish().unwrap();
            assert_eq!(
                events,
                vec![
                    StreamEvent::Delta("Hel".into()),
                    StreamEvent::Delta("lo".into()),
                    StreamEvent::Done {
                        finish_reason: FinishReason::Stop,
                        usage: Some(Usage {
                            prompt_tokens: 1,
                            completion_tokens: 2,
                            total_tokens: 3
                        }),
                    },
                ],
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_stream_without_done_is_malformed() {
        let mut decoder = StreamDecoder::new();
        decoder.feed(b"data: {\"response\":\"Hel\"}\n\n").unwrap();
        assert!(decoder.finish().is_err());
    }
}
