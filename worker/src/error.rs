//! The API boundary's error: what the pane receives when a route fails.
//!
//! Every route returns `Result<T, ApiFailure>`; [`ApiFailure::status`] and
//! [`ApiFailure::to_wire`] are the one place that turns failures into HTTP statuses and the
//! [`closer_wire::ApiError`] body. Messages are for sellers: no tokens, bodies or stack traces.

use crate::config::ConfigError;
use crate::store::StoreError;
use closer_wire::{ApiError, ApiErrorCode};

/// A route's failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiFailure {
    /// No `/api/*` route matches.
    #[error("no such api route")]
    RouteNotFound,
    /// The worker's configuration is invalid (an operator must fix wrangler vars).
    #[error("worker configuration is invalid")]
    Config(#[from] ConfigError),
    /// Closer's own store failed.
    #[error("closer's store failed")]
    Store(#[from] StoreError),
}

impl ApiFailure {
    /// The HTTP status for this failure.
    pub fn status(&self) -> u16 {
        match self {
            Self::RouteNotFound => 404,
            Self::Config(_) | Self::Store(_) => 500,
        }
    }

    /// The body the pane receives. Internal causes are logged at the edge under
    /// `correlation_id`; the pane only gets a sentence and the id.
    pub fn to_wire(&self, correlation_id: &str) -> ApiError {
        let (code, message) = match self {
            Self::RouteNotFound => (ApiErrorCode::NotFound, "This API route does not exist."),
            Self::Config(_) => (
                ApiErrorCode::Internal,
                "Closer is misconfigured; ask your administrator to check the worker settings.",
            ),
            Self::Store(_) => (
                ApiErrorCode::Internal,
                "Closer's own data store is unavailable right now.",
            ),
        };
        ApiError {
            code,
            message: message.to_owned(),
            retry_after_seconds: None,
            correlation_id: Some(correlation_id.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_causes_never_reach_the_wire() {
        let failure = ApiFailure::Store(StoreError::Unavailable {
            reason: "D1_ERROR: secret table detail".into(),
        });
        let wire = failure.to_wire("c-1");
        assert_eq!(failure.status(), 500);
        assert_eq!(wire.code, ApiErrorCode::Internal);
        assert!(!wire.message.contains("D1_ERROR"));
        assert_eq!(wire.correlation_id.as_deref(), Some("c-1"));
    }
}
