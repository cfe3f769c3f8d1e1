//! The pane's client of the worker's `/api/*` routes, and the one place that decodes failures
//! into [`AppError`].

use closer_wire::{ApiError, Health};
use serde::de::DeserializeOwned;

/// Why a call to the worker failed, as the pane shows it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The worker answered with its typed error body.
    #[error("{}", .0.message)]
    Api(ApiError),
    /// The worker could not be reached at all.
    #[error("Closer's service could not be reached ({0}).")]
    Network(String),
    /// The worker answered something that is not what this pane understands.
    #[error("Closer's service answered unexpectedly (HTTP {status}).")]
    Unexpected {
        /// The HTTP status received.
        status: u16,
    },
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, AppError> {
    get_json("/api/health").await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, AppError> {
    let response = gloo_net::http::Request::get(path)
        .send()
        .await
        .map_err(|e| AppError::Network(e.to_string()))?;
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| AppError::Unexpected { status });
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(AppError::Api(error)),
        Err(_) => Err(AppError::Unexpected { status }),
    }
}
