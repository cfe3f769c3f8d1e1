//! What an upstream said, in one vocabulary for every provider (Graph, Entra, Dataverse,
//! Salesforce, the model): [`ProviderError`], plus the shared rules for `Retry-After`, bounded
//! retries of idempotent reads, and truncating upstream text before it is logged.
//!
//! Each provider module owns one function that maps its status codes and error bodies onto
//! these variants (its body shapes differ); this module owns none of those shapes.

use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use std::time::Duration;

/// Which upstream answered, for messages and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The Entra authority (tokens, JWKS, on-behalf-of).
    Identity,
    /// Microsoft Graph.
    Graph,
    /// Dataverse Web API.
    Dataverse,
    /// Salesforce REST.
    Salesforce,
    /// The OpenAI-compatible model endpoint (or Workers AI).
    Llm,
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Identity => "identity provider",
            Self::Graph => "microsoft graph",
            Self::Dataverse => "dataverse",
            Self::Salesforce => "salesforce",
            Self::Llm => "language model",
        })
    }
}

/// An upstream's answer that is not a success, or no answer at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    /// No HTTP response (connect failure, timeout, refused host).
    #[error("{provider} did not answer")]
    Transport {
        /// Who.
        provider: Provider,
        /// Why.
        #[source]
        source: TransportError,
    },
    /// 401: the token was refused. `claims_challenge` carries Entra's conditional-access claims
    /// for the client to pass to its next interactive sign-in.
    #[error("{provider} refused the credentials ({code})")]
    Unauthorized {
        /// Who.
        provider: Provider,
        /// The vendor's error code (e.g. `interaction_required`, `INVALID_SESSION_ID`).
        code: String,
        /// Entra's `claims` challenge, when present.
        claims_challenge: Option<String>,
    },
    /// 403: authenticated but not allowed.
    #[error("{provider} denied access ({code})")]
    Forbidden {
        /// Who.
        provider: Provider,
        /// The vendor's error code.
        code: String,
    },
    /// 404.
    #[error("{provider} has no such {what}")]
    NotFound {
        /// Who.
        provider: Provider,
        /// What was looked for (an entity name, never an id or a query).
        what: String,
    },
    /// 409 or 412: the record changed or already exists.
    #[error("{provider} reported a conflict ({code})")]
    Conflict {
        /// Who.
        provider: Provider,
        /// The vendor's error code.
        code: String,
    },
    /// 429 (or Salesforce's 403 `REQUEST_LIMIT_EXCEEDED`).
    #[error("{provider} is throttling requests")]
    Throttled {
        /// Who.
        provider: Provider,
        /// How long the upstream asked us to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// 5xx.
    #[error("{provider} failed with http {status}")]
    Server {
        /// Who.
        provider: Provider,
        /// The status.
        status: u16,
    },
    /// Any other 4xx: Closer sent something the upstream rejects.
    #[error("{provider} rejected the request with http {status} ({code})")]
    Rejected {
        /// Who.
        provider: Provider,
        /// The status.
        status: u16,
        /// The vendor's error code.
        code: String,
    },
    /// A 2xx whose body is not what the protocol documents.
    #[error("{provider} answered with an unreadable body: {reason}")]
    Malformed {
        /// Who.
        provider: Provider,
        /// What did not parse (the parser's message, never the body).
        reason: String,
    },
}

impl ProviderError {
    /// Wraps a transport failure.
    pub fn transport(provider: Provider, source: TransportError) -> Self {
        Self::Transport { provider, source }
    }

    /// A body that did not parse.
    pub fn malformed(provider: Provider, reason: impl std::fmt::Display) -> Self {
        Self::Malformed {
            provider,
            reason: truncate_for_log(&reason.to_string(), 200),
        }
    }

    /// The default status mapping, for providers whose error bodies carry a `code` that has
    /// already been extracted. Salesforce's 403 `REQUEST_LIMIT_EXCEEDED` is mapped by its own
    /// module before calling this.
    pub fn from_status(
        provider: Provider,
        status: u16,
        code: String,
        retry_after: Option<Duration>,
    ) -> Self {
        match status {
            401 => Self::Unauthorized {
                provider,
                code,
                claims_challenge: None,
            },
            403 => Self::Forbidden { provider, code },
            404 => Self::NotFound {
                provider,
                what: "resource".into(),
            },
            409 | 412 => Self::Conflict { provider, code },
            429 => Self::Throttled {
                provider,
                retry_after,
            },
            500..=599 => Self::Server { provider, status },
            _ => Self::Rejected {
                provider,
                status,
                code,
            },
        }
    }

    /// Whether repeating the same idempotent request may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Throttled { .. } => true,
            Self::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            Self::Transport { source, .. } => matches!(
                source,
                TransportError::Timeout { .. } | TransportError::Connect { .. }
            ),
            _ => false,
        }
    }
}

/// The longest wait Closer passes on: an upstream asking for more (a proxy's `1e20`, a bug)
/// is told to the seller as "try again in a day", never turned into a panic or a hang.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Parses `Retry-After` as seconds, possibly fractional (Graph sends `2.128`), clamped to
/// [`MAX_RETRY_AFTER`] with a checked conversion, so every value of the header gives a typed
/// answer. HTTP-date forms are not used by any of our upstreams and read as absent.
pub fn retry_after(response: &UpstreamResponse) -> Option<Duration> {
    let raw = response
        .headers()
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?;
    let seconds: f64 = raw.trim().parse().ok()?;
    if seconds.is_nan() || seconds < 0.0 {
        return None;
    }
    Some(
        Duration::try_from_secs_f64(seconds)
            .map_or(MAX_RETRY_AFTER, |wait| wait.min(MAX_RETRY_AFTER)),
    )
}

/// Cuts upstream text to `max` characters (on a char boundary) before it may be logged.
pub fn truncate_for_log(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// How many times an idempotent read is attempted in all; bounded so that a throttled upstream
/// is not hammered and the pane still answers inside Outlook's 5 s.
pub const MAX_READ_ATTEMPTS: u32 = 2;
/// A `Retry-After` longer than this is not waited out inside a request: the error goes to the
/// pane, which offers a retry.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(2);

/// Waits between attempts; the edge uses a JS timer, native tests tokio or nothing.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait Sleeper {
    /// Sleeps for `duration`.
    async fn sleep(&self, duration: Duration);
}

/// A sleeper that returns at once (tests, and callers that must not wait).
pub struct NoWait;

impl Sleeper for NoWait {
    async fn sleep(&self, _: Duration) {}
}

/// Sends an idempotent request (a GET), retrying transient failures at most
/// [`MAX_READ_ATTEMPTS`] times in all. `build` makes a fresh request per attempt; `classify`
/// is the provider's status mapping, returning `Ok` for a response the caller will parse.
/// Never use this for writes: a write that timed out may have happened.
pub async fn send_idempotent<T, S>(
    transport: &T,
    sleeper: &S,
    provider: Provider,
    build: impl Fn() -> Result<UpstreamRequest, TransportError>,
    classify: impl Fn(UpstreamResponse) -> Result<UpstreamResponse, ProviderError>,
) -> Result<UpstreamResponse, ProviderError>
where
    T: HttpTransport,
    S: Sleeper,
{
    let mut attempt = 1;
    loop {
        let request = build().map_err(|e| ProviderError::transport(provider, e))?;
        let result = match transport.send(request).await {
            Ok(response) => classify(response),
            Err(err) => Err(ProviderError::transport(provider, err)),
        };
        match result {
            Err(err) if err.is_transient() && attempt < MAX_READ_ATTEMPTS => {
                let wait = match &err {
                    ProviderError::Throttled {
                        retry_after: Some(wait),
                        ..
                    } => *wait,
                    _ => Duration::from_millis(200 * u64::from(attempt)),
                };
                if wait > MAX_RETRY_WAIT {
                    return Err(err);
                }
                sleeper.sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Answer, ScriptedTransport};
    use bytes::Bytes;
    use rstest::rstest;

    fn response(status: u16, retry_after: Option<&str>) -> UpstreamResponse {
        let mut builder = http::Response::builder().status(status);
        if let Some(value) = retry_after {
            builder = builder.header("Retry-After", value);
        }
        builder.body(Bytes::new()).unwrap()
    }

    #[rstest]
    #[case("2.128", Some(Duration::from_millis(2128)))]
    #[case("7", Some(Duration::from_secs(7)))]
    #[case(" 0 ", Some(Duration::ZERO))]
    #[case("-1", None)]
    #[case("Wed, 21 Oct 2015 07:28:00 GMT", None)]
    #[case("NaN", None)]
    #[case("1e20", Some(MAX_RETRY_AFTER))]
    #[case("inf", Some(MAX_RETRY_AFTER))]
    #[case("18446744073709551616", Some(MAX_RETRY_AFTER))]
    #[case("90000", Some(MAX_RETRY_AFTER))]
    #[case("1e-300", Some(Duration::ZERO))]
    fn retry_after_is_seconds_possibly_fractional(
        #[case] raw: &str,
        #[case] expected: Option<Duration>,
    ) {
        assert_eq!(retry_after(&response(429, Some(raw))), expected);
    }

    #[rstest]
    #[case(401, "Unauthorized")]
    #[case(403, "Forbidden")]
    #[case(404, "NotFound")]
    #[case(409, "Conflict")]
    #[case(412, "Conflict")]
    #[case(429, "Throttled")]
    #[case(500, "Server")]
    #[case(503, "Server")]
    #[case(400, "Rejected")]
    fn statuses_map_to_one_variant_each(#[case] status: u16, #[case] variant: &str) {
        let err = ProviderError::from_status(Provider::Graph, status, "x".into(), None);
        assert!(format!("{err:?}").starts_with(variant), "{status}: {err:?}");
    }

    #[test]
    fn truncation_respects_char_boundaries() {
        assert_eq!(truncate_for_log("ééééé", 2), "éé…");
        assert_eq!(truncate_for_log("short", 10), "short");
    }

    fn answer(status: u16, retry_after: Option<&str>) -> Answer {
        let answer = Answer::http(status, "");
        match retry_after {
            Some(value) => answer.header("Retry-After", value),
            None => answer,
        }
    }

    fn classify(response: UpstreamResponse) -> Result<UpstreamResponse, ProviderError> {
        let status = response.status().as_u16();
        if status < 400 {
            return Ok(response);
        }
        let wait = retry_after(&response);
        Err(ProviderError::from_status(
            Provider::Graph,
            status,
            String::new(),
            wait,
        ))
    }

    fn get() -> Result<UpstreamRequest, TransportError> {
        Ok(http::Request::get("http://x.example/")
            .body(Bytes::new())
            .unwrap())
    }

    #[tokio::test]
    async fn a_transient_failure_is_retried_once_then_succeeds() {
        let script = ScriptedTransport::script([answer(503, None), answer(200, None)]);
        let result = send_idempotent(&script, &NoWait, Provider::Graph, get, classify).await;
        assert_eq!(result.unwrap().status(), 200);
        assert_eq!(script.calls(), 2);
    }

    #[tokio::test]
    async fn retries_are_bounded() {
        let script = ScriptedTransport::script([answer(500, None), answer(500, None)]);
        let result = send_idempotent(&script, &NoWait, Provider::Graph, get, classify).await;
        assert!(matches!(
            result,
            Err(ProviderError::Server { status: 500, .. })
        ));
        assert_eq!(script.calls(), MAX_READ_ATTEMPTS);
    }

    #[tokio::test]
    async fn a_long_retry_after_is_returned_not_waited_out() {
        let script = ScriptedTransport::script([answer(429, Some("30"))]);
        let result = send_idempotent(&script, &NoWait, Provider::Graph, get, classify).await;
        assert!(matches!(
            result,
            Err(ProviderError::Throttled { retry_after: Some(d), .. }) if d == Duration::from_secs(30)
        ));
        assert_eq!(script.calls(), 1);
    }

    #[tokio::test]
    async fn permanent_errors_are_not_retried() {
        let script = ScriptedTransport::script([answer(404, None)]);
        let result = send_idempotent(&script, &NoWait, Provider::Graph, get, classify).await;
        assert!(matches!(result, Err(ProviderError::NotFound { .. })));
        assert_eq!(script.calls(), 1);
    }
}
