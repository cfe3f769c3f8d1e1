//! Error responses of OpenAI-wire servers: reads the vendor code from the body shapes they
//! send and maps status and code onto [`ProviderError`]. Owns no success shapes.

use crate::http::UpstreamResponse;
use crate::llm::LlmError;
use crate::provider::{Provider, ProviderError, retry_after, truncate_for_log};
use std::time::Duration;

/// The [`LlmError`] for a non-2xx response: a 400 that refuses one of the per-model settings
/// is [`LlmError::UnsupportedSetting`], naming the setting that avoids it; the rest is
/// [`error_from_response`].
///
/// OpenAI names the refused parameter in `error.param`: `temperature` on reasoning models
/// (`unsupported_value` / `unsupported_parameter`,
/// https://platform.openai.com/docs/guides/reasoning), `response_format` for a schema that
/// strict Structured Outputs does not support ("Invalid schema for response_format ...",
/// https://platform.openai.com/docs/guides/structured-outputs#supported-schemas).
pub fn llm_error_from_response(response: &UpstreamResponse) -> LlmError {
    if response.status().as_u16() == 400 {
        let body = serde_json::from_slice::<serde_json::Value>(response.body()).ok();
        let param = body
            .as_ref()
            .and_then(|b| b.get("error"))
            .and_then(|e| e.get("param"))
            .and_then(serde_json::Value::as_str);
        let setting = match param {
            Some("temperature") => Some("LLM_TEMPERATURE=omit"),
            Some(p) if p.starts_with("response_format") => {
                Some("LLM_SCHEMA_MODE=portable (or json_object)")
            }
            _ => None,
        };
        if let (Some(param), Some(setting)) = (param, setting) {
            return LlmError::UnsupportedSetting {
                param: truncate_for_log(param, 64),
                setting,
            };
        }
    }
    error_from_response(response).into()
}

/// The [`ProviderError`] for a non-2xx response: reads the error body's `code` (or `type`)
/// and `Retry-After`, then [`map_error`].
pub fn error_from_response(response: &UpstreamResponse) -> ProviderError {
    let code = serde_json::from_slice::<serde_json::Value>(response.body())
        .ok()
        .map(|body| error_code(&body))
        .unwrap_or_else(|| "unknown".to_owned());
    map_error(response.status().as_u16(), code, retry_after(response))
}

/// Status → error for the model endpoint.
pub fn map_error(status: u16, code: String, retry_after: Option<Duration>) -> ProviderError {
    match (status, code.as_str()) {
        // A 429 for an exhausted quota needs a human, not a retry, and comes without
        // Retry-After. https://platform.openai.com/docs/guides/error-codes#api-errors
        (429, "insufficient_quota") => ProviderError::Rejected {
            provider: Provider::Llm,
            status,
            code,
        },
        // Unknown model (OpenAI `model_not_found`) or Azure deployment (`DeploymentNotFound`).
        (404, _) => ProviderError::NotFound {
            provider: Provider::Llm,
            what: "model or deployment".into(),
        },
        _ => ProviderError::from_status(Provider::Llm, status, code, retry_after),
    }
}

/// The vendor code of an error body. OpenAI nests `{"error":{"message","type","param","code"}}`
/// with a string or null `code`; older vLLM answers the same fields at the top level and
/// vLLM/llama.cpp send numeric codes (ggml-org/llama.cpp `tools/server/README.md`).
pub(crate) fn error_code(body: &serde_json::Value) -> String {
    let error = body.get("error").filter(|e| e.is_object()).unwrap_or(body);
    let code = match error.get("code") {
        Some(serde_json::Value::String(code)) if !code.is_empty() => Some(code.clone()),
        Some(serde_json::Value::Number(code)) => Some(code.to_string()),
        _ => None,
    };
    let code = code.or_else(|| error.get("type")?.as_str().map(str::to_owned));
    truncate_for_log(code.as_deref().unwrap_or("unknown"), 64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use rstest::rstest;

    fn response(status: u16, body: &str) -> UpstreamResponse {
        http::Response::builder()
            .status(status)
            .header("retry-after", "3")
            .body(Bytes::from(body.to_owned()))
            .unwrap()
    }

    #[rstest]
    #[case(401, r#"{"error":{"message":"m","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#, "Unauthorized", "invalid_api_key")]
    #[case(400, r#"{"error":{"message":"m","type":"invalid_request_error","param":"messages","code":null}}"#, "Rejected", "invalid_request_error")]
    #[case(
        400,
        r#"{"object":"error","message":"m","type":"BadRequestError","param":null,"code":400}"#,
        "Rejected",
        "400"
    )]
    #[case(429, r#"{"error":{"message":"m","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#, "Rejected", "insufficient_quota")]
    #[case(403, "not json", "Forbidden", "unknown")]
    fn error_bodies_map_to_variant_and_code(
        #[case] status: u16,
        #[case] body: &str,
        #[case] variant: &str,
        #[case] code: &str,
    ) {
        let err = error_from_response(&response(status, body));
        let debug = format!("{err:?}");
        assert!(debug.starts_with(variant), "{debug}");
        assert!(debug.contains(&format!("code: \"{code}\"")), "{debug}");
    }

    #[test]
    fn throttling_carries_retry_after_and_404_names_the_model() {
        assert_eq!(
            error_from_response(&response(429, "{}")),
            ProviderError::Throttled {
                provider: Provider::Llm,
                retry_after: Some(Duration::from_secs(3))
            }
        );
        assert!(matches!(
            error_from_response(&response(404, "{}")),
            ProviderError::NotFound { what, .. } if what == "model or deployment"
        ));
        assert_eq!(
            error_from_response(&response(503, "{}")),
            ProviderError::Server {
                provider: Provider::Llm,
                status: 503
            }
        );
    }
}
