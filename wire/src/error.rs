//! The one error body every `/api/*` route answers with on failure.

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable machine-readable code the pane switches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// The caller's token is missing, invalid or expired: sign in again.
    Unauthorized,
    /// The caller is signed in but may not do this.
    Forbidden,
    /// The record or item does not exist (or is not visible to the caller).
    NotFound,
    /// The record changed since it was read; nothing was overwritten.
    Conflict,
    /// Another request is saving the same item right now; nothing was created by this one.
    /// `retry_after_seconds` says when to try again (the retry then finds the saved item).
    Busy,
    /// An upstream asked us to slow down; `retry_after_seconds` says for how long.
    Throttled,
    /// An upstream failed, timed out or answered something unreadable.
    UpstreamUnavailable,
    /// The request itself is malformed.
    BadRequest,
    /// Closer itself failed; the correlation id finds the log line.
    Internal,
}

/// The JSON body of every non-2xx `/api/*` response.
///
/// `message` is written for a seller to read: never a token, a stack trace or an upstream body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    /// Machine-readable cause.
    pub code: ApiErrorCode,
    /// One human sentence.
    pub message: String,
    /// Seconds to wait before retrying, when an upstream said so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<f64>,
    /// Entra's conditional-access claims challenge: the pane passes it to its next interactive
    /// sign-in (`claims` parameter) when the code is `unauthorized`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_challenge: Option<String>,
    /// Correlates the pane's error with the worker's log line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
}
