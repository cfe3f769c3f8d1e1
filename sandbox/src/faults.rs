//! Fault injection: tests add rules (`POST /_sandbox/faults`) that make matching routes slow
//! (before the handler, or after it so its writes happen but the answer is late), fail with a
//! status (429 with `Retry-After`, 500, 503, ...), answer a malformed or truncated body, or hang. Errors use each vendor's documented error shape, chosen by path prefix.

use crate::state::Shared;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// What to do to a matching request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultRule {
    /// Applies to paths starting with this (e.g. `/graph/v1.0/me`).
    pub path_prefix: String,
    /// Only this method, when set.
    pub method: Option<String>,
    /// Answer with this status instead of the real handler.
    pub status: Option<u16>,
    /// `Retry-After` header value to send with `status` (e.g. `"2.5"`).
    pub retry_after: Option<String>,
    /// Wait this long before answering.
    pub latency_ms: Option<u64>,
    /// Run the real handler (its writes happen), then hold the response this long: an answer
    /// lost to a client timeout after the upstream did the work.
    pub respond_after_ms: Option<u64>,
    /// Replace or damage the real handler's body.
    pub body: Option<FaultBody>,
    /// Never answer (the client's timeout must fire).
    pub hang: bool,
    /// Apply this many times, then remove the rule; forever when absent.
    pub times: Option<u32>,
}

/// How to damage a body.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FaultBody {
    /// A 200 with a body that is not JSON.
    Malformed,
    /// The real body cut in half.
    Truncated,
}

/// The middleware: finds the first matching rule and applies it.
pub async fn apply(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/_sandbox") {
        return next.run(request).await;
    }
    *state
        .lock()
        .request_counts
        .entry(route_family(&path))
        .or_default() += 1;
    let Some(rule) = take_rule(&state, &path, request.method().as_str()) else {
        return next.run(request).await;
    };
    if let Some(ms) = rule.latency_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if rule.hang {
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
    if let Some(status) = rule.status {
        return error_response(&rule, &path, status);
    }
    if let Some(ms) = rule.respond_after_ms {
        let response = next.run(request).await;
        tokio::time::sleep(Duration::from_millis(ms)).await;
        return response;
    }
    match rule.body {
        Some(FaultBody::Malformed) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"value\": [ this is not json",
        )
            .into_response(),
        Some(FaultBody::Truncated) => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cut))
        }
        None => next.run(request).await,
    }
}

/// The injected error status for one request inside a batch (Dataverse `$batch`, Salesforce
/// Composite), which the middleware never sees: a matching rule with a `status` answers that
/// part with the vendor's error body and `Retry-After`; other rules do not apply to parts.
pub fn injected_status(state: &Shared, path: &str, method: &str) -> Option<Response> {
    let rule = take_matching(state, path, method, |rule| rule.status.is_some())?;
    Some(error_response(&rule, path, rule.status?))
}

/// The vendor's error answer for an injected `status`, with the rule's `Retry-After`.
fn error_response(rule: &FaultRule, path: &str, status: u16) -> Response {
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        vendor_error_body(path, status),
    )
        .into_response();
    if let Some(wait) = rule
        .retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert(header::RETRY_AFTER, wait);
    }
    response
}

/// The first two path segments, e.g. `/graph/v1.0` or `/dataverse/api`: what request counts
/// are kept by.
pub fn route_family(path: &str) -> String {
    path.split('/').take(3).collect::<Vec<_>>().join("/")
}

fn take_rule(state: &Shared, path: &str, method: &str) -> Option<FaultRule> {
    take_matching(state, path, method, |_| true)
}

/// The first rule for `path` and `method` that `also` accepts, used up by one (`times`).
fn take_matching(
    state: &Shared,
    path: &str,
    method: &str,
    also: impl Fn(&FaultRule) -> bool,
) -> Option<FaultRule> {
    let mut state = state.lock();
    let index = state.faults.iter().position(|rule| {
        also(rule)
            && path.starts_with(&rule.path_prefix)
            && rule
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    })?;
    let rule = state.faults[index].clone();
    if let Some(times) = rule.times {
        if times <= 1 {
            state.faults.remove(index);
        } else {
            state.faults[index].times = Some(times - 1);
        }
    }
    Some(rule)
}

/// Each vendor's documented error body for an injected status.
fn vendor_error_body(path: &str, status: u16) -> String {
    let message = format!("sandbox fault: injected HTTP {status}");
    let json = if path.starts_with("/salesforce") {
        let code = match status {
            401 => "INVALID_SESSION_ID",
            403 => "REQUEST_LIMIT_EXCEEDED",
            404 => "NOT_FOUND",
            _ => "UNKNOWN_EXCEPTION",
        };
        serde_json::json!([{ "message": message, "errorCode": code }])
    } else if path.starts_with("/entra") {
        serde_json::json!({ "error": "temporarily_unavailable", "error_description": message })
    } else if path.starts_with("/openai") {
        serde_json::json!({ "error": { "message": message, "type": "server_error", "param": null, "code": status.to_string() } })
    } else if path.starts_with("/dataverse") {
        let code = if status == 429 {
            "0x80072322"
        } else {
            "0x80040216"
        };
        serde_json::json!({ "error": { "code": code, "message": message } })
    } else {
        let code = match status {
            429 => "TooManyRequests",
            503 => "ServiceNotAvailable",
            401 => "InvalidAuthenticationToken",
            _ => "generalException",
        };
        serde_json::json!({ "error": { "code": code, "message": message, "innerError": { "request-id": "sandbox" } } })
    };
    json.to_string()
}
