//! The calls anyone may make, before or without signing in: the worker's health, its sign-in
//! configuration, and redeeming an authorization code at the authority. No token, no session.

use super::decode;
use crate::error::{AppError, SignInFailure};
use closer_wire::{AuthConfig, HealthStatus};
use gloo_net::http::Request;

/// `GET /api/health`: up or degraded, and the version (anyone).
pub async fn health() -> Result<HealthStatus, AppError> {
    let response = super::send::<()>(Request::get("/api/health"), None).await?;
    decode(response).await
}

/// `GET /api/auth/config`.
pub async fn auth_config() -> Result<AuthConfig, AppError> {
    let response = super::send::<()>(Request::get("/api/auth/config"), None).await?;
    decode(response).await
}

/// Redeems an authorization code at the authority's token endpoint (a CORS call the authority
/// allows for single-page apps) and returns the access token.
pub async fn redeem_code(endpoint: &str, form: String) -> Result<String, AppError> {
    #[derive(serde::Deserialize)]
    struct Granted {
        access_token: String,
    }
    #[derive(serde::Deserialize)]
    struct Refused {
        error: String,
    }
    let failed = |failure| AppError::SignIn(failure);
    let response = Request::post(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .map_err(|_| failed(SignInFailure::RequestNotBuilt))?
        .send()
        .await
        .map_err(|_| failed(SignInFailure::Unreachable))?;
    if response.ok() {
        let granted: Granted = super::from_json(&response)
            .await
            .ok_or_else(|| failed(SignInFailure::Unexpected))?;
        return Ok(granted.access_token);
    }
    let reason = super::from_json::<Refused>(&response)
        .await
        .map(|r| SignInFailure::Refused(r.error))
        .unwrap_or_else(|| SignInFailure::RefusedStatus(response.status()));
    Err(failed(reason))
}
