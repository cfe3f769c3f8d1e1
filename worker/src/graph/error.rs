//! Graph's error answers mapped onto [`ProviderError`]: the one place Graph statuses and error
//! codes are interpreted.
//!
//! Body shape `{"error":{"code","message","innerError":{"code","request-id","date"}}}`
//! (https://learn.microsoft.com/en-us/graph/errors), read leniently: `innerError` may nest, older
//! revisions say `requestId`, and a body that is not JSON at all (a gateway's HTML page) still
//! maps by status. 429 carries a possibly fractional `Retry-After` (`2.128`,
//! https://learn.microsoft.com/en-us/graph/throttling).

use super::model::null_as_default;
use crate::http::UpstreamResponse;
use crate::provider::{Provider, ProviderError, retry_after};
use serde::Deserialize;

/// The `error` object of a Graph error body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct GraphError {
    /// Graph's code, e.g. `ErrorItemNotFound`, `InvalidAuthenticationToken`, `InefficientFilter`.
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    /// Graph's message (may quote the request; never log it untruncated).
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
    /// Diagnostics: the inner code and the request id to quote to Microsoft support.
    #[serde(rename = "innerError", alias = "innererror")]
    pub inner_error: Option<InnerError>,
}

/// Graph's `innerError` (which may itself hold an `innerError`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct InnerError {
    /// A more specific code, when Graph gives one.
    pub code: Option<String>,
    /// The request id (`request-id`; `requestId` in older revisions).
    #[serde(rename = "request-id", alias = "requestId")]
    pub request_id: Option<String>,
    /// When Graph answered.
    pub date: Option<String>,
    /// A nested inner error.
    #[serde(rename = "innerError", alias = "innererror")]
    pub inner_error: Option<Box<InnerError>>,
}

#[derive(Deserialize)]
struct Envelope {
    error: GraphError,
}

/// The `error` object of a Graph error body, if the body has one.
pub fn parse_error_body(body: &[u8]) -> Option<GraphError> {
    serde_json::from_slice::<Envelope>(body)
        .ok()
        .map(|envelope| envelope.error)
}

/// Passes a 2xx response through and turns anything else into the [`ProviderError`] it means.
/// `what` names the entity asked for (`message`, `event`, ...) for a 404; never an id.
pub fn classify(what: &str, response: UpstreamResponse) -> Result<UpstreamResponse, ProviderError> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(error_for(what, &response))
    }
}

/// The [`ProviderError`] a non-2xx Graph response means.
pub fn error_for(what: &str, response: &UpstreamResponse) -> ProviderError {
    let status = response.status().as_u16();
    let code = parse_error_body(response.body())
        .map(|error| error.code)
        .unwrap_or_default();
    match status {
        // Graph's code (`InvalidAuthenticationToken`, ...) is kept so the edge can tell an
        // expired token from a conditional-access challenge.
        401 => ProviderError::Unauthorized {
            provider: Provider::Graph,
            code,
            claims_challenge: claims_challenge(response),
        },
        404 => ProviderError::NotFound {
            provider: Provider::Graph,
            what: what.to_owned(),
        },
        _ => ProviderError::from_status(Provider::Graph, status, code, retry_after(response)),
    }
}

/// Continuous access evaluation answers 401 with `WWW-Authenticate: Bearer ...,
/// error="insufficient_claims", claims="<base64>"`; the claims go back to the client for its
/// next interactive sign-in.
/// https://learn.microsoft.com/en-us/entra/identity-platform/app-resilience-continuous-access-evaluation
fn claims_challenge(response: &UpstreamResponse) -> Option<String> {
    let header = response
        .headers()
        .get(http::header::WWW_AUTHENTICATE)?
        .to_str()
        .ok()?;
    let start = header.find("claims=\"")? + "claims=\"".len();
    let value = &header[start..];
    let end = value.find('"')?;
    Some(value[..end].to_owned()).filter(|claims| !claims.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::Duration;

    const ERROR_SHAPE: &[u8] = include_bytes!("../../tests/fixtures/graph/error.shape.json");

    fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> UpstreamResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::copy_from_slice(body)).unwrap()
    }

    #[test]
    fn the_documented_error_shape_parses_with_its_inner_error() {
        let error = parse_error_body(ERROR_SHAPE).unwrap();
        assert_eq!(error.code, "badRequest");
        assert_eq!(
            error.message,
            "Uploaded fragment overlaps with existing data."
        );
        let inner = error.inner_error.unwrap();
        assert_eq!(inner.code.as_deref(), Some("invalidRange"));
        assert_eq!(inner.request_id.as_deref(), Some("request-id"));
    }

    #[test]
    fn older_and_nested_inner_errors_parse() {
        let body = br#"{"error":{"code":"x","message":null,"innererror":{"requestId":"r1",
            "innerError":{"code":"deeper"}}}}"#;
        let inner = parse_error_body(body).unwrap().inner_error.unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("r1"));
        assert_eq!(inner.inner_error.unwrap().code.as_deref(), Some("deeper"));
    }

    #[test]
    fn a_400_keeps_graphs_code() {
        let err = classify("message", response(400, &[], ERROR_SHAPE)).unwrap_err();
        assert_eq!(
            err,
            ProviderError::Rejected {
                provider: Provider::Graph,
                status: 400,
                code: "badRequest".into()
            }
        );
    }

    #[test]
    fn a_401_keeps_the_code_and_the_claims_challenge() {
        let body = br#"{"error":{"code":"InvalidAuthenticationToken","message":"CAE"}}"#;
        let header = r#"Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ==""#;
        let err = classify(
            "message",
            response(401, &[("WWW-Authenticate", header)], body),
        );
        assert_eq!(
            err.unwrap_err(),
            ProviderError::Unauthorized {
                provider: Provider::Graph,
                code: "InvalidAuthenticationToken".into(),
                claims_challenge: Some("eyJhY2Nlc3NfdG9rZW4iOnt9fQ==".into()),
            }
        );
    }

    #[test]
    fn a_404_names_the_entity_not_the_id() {
        let body = br#"{"error":{"code":"ErrorItemNotFound","message":"The specified object was not found in the store."}}"#;
        let err = classify("event", response(404, &[], body)).unwrap_err();
        assert_eq!(err.to_string(), "microsoft graph has no such event");
    }

    #[test]
    fn a_429_carries_the_fractional_retry_after() {
        let err = classify("message", response(429, &[("Retry-After", "2.128")], b"{}"));
        assert_eq!(
            err.unwrap_err(),
            ProviderError::Throttled {
                provider: Provider::Graph,
                retry_after: Some(Duration::from_millis(2128)),
            }
        );
    }

    #[test]
    fn server_errors_map_by_status_even_without_a_json_body() {
        let err = classify(
            "message",
            response(503, &[], b"<html>Service Unavailable</html>"),
        );
        assert_eq!(
            err.unwrap_err(),
            ProviderError::Server {
                provider: Provider::Graph,
                status: 503
            }
        );
    }

    #[test]
    fn success_passes_through() {
        assert!(classify("message", response(200, &[], b"{}")).is_ok());
    }
}
