//! The API boundary's error: what the pane receives when a route fails.
//!
//! Every route returns `Result<T, ApiFailure>`; [`ApiFailure::status`],
//! [`ApiFailure::headers`] and [`ApiFailure::to_wire`] are the one place that turns failures
//! into HTTP statuses, headers and the [`closer_wire::ApiError`] body. Messages are for
//! sellers: no tokens, upstream bodies or stack traces.

use crate::config::ConfigError;
use crate::identity::IdentityError;
use crate::provider::{Provider, ProviderError};
use crate::store::StoreError;
use crate::store::save_once::Busy;
use base64::Engine;
use closer_wire::{ApiError, ApiErrorCode};

/// A route's failure.
#[derive(Debug, thiserror::Error)]
pub enum ApiFailure {
    /// No `/api/*` route matches.
    #[error("no such api route")]
    RouteNotFound,
    /// The request body or parameters are invalid.
    #[error("bad request: {reason}")]
    BadRequest {
        /// What is wrong, in words the pane may show.
        reason: String,
    },
    /// The worker's configuration is invalid (an operator must fix wrangler vars).
    #[error("worker configuration is invalid")]
    Config(#[from] ConfigError),
    /// A setting the route needs is absent.
    #[error("{what} is not configured")]
    NotConfigured {
        /// The var or secret's name.
        what: &'static str,
    },
    /// Closer's own store failed.
    #[error("closer's store failed")]
    Store(#[from] StoreError),
    /// The caller's token was refused.
    #[error("caller not authenticated")]
    Identity(#[from] IdentityError),
    /// An upstream failed or refused.
    #[error("upstream call failed")]
    Provider(#[from] ProviderError),
    /// An idempotency key reused for a different request.
    #[error("idempotency key reused for another request")]
    KeyReused,
    /// Another request is saving the same item and held the save lock for the whole wait.
    #[error("save lock held by another request")]
    Busy(#[from] Busy),
    /// The request body is larger than Closer reads.
    #[error("request body over {limit} bytes")]
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request body is not JSON.
    #[error("request body is not application/json")]
    UnsupportedMediaType,
    /// The caller or their tenant went over Closer's own request-rate limit.
    #[error("rate limit reached")]
    RateLimited(crate::quota::Limited),
    /// The tenant used today's language-model token budget.
    #[error("daily AI budget spent")]
    AiBudgetSpent(crate::quota::BudgetSpent),
    /// An admin route, and the caller is not a Closer admin.
    #[error("caller is not an admin")]
    NotAdmin,
    /// An AI feature the tenant's admin turned off.
    #[error("ai feature {0:?} is off")]
    FeatureOff(closer_wire::AiFeature),
    /// A card field the tenant's admin hid or made read-only.
    #[error("field {0:?} is not editable")]
    FieldNotEditable(closer_wire::CardField),
    /// A CRM field the tenant's admin did not add to the card, or added read-only.
    #[error("extra field is not editable")]
    ExtraNotEditable(String),
    /// Another admin saved the settings since this one read them.
    #[error("settings changed since read (now version {current})")]
    SettingsConflict {
        /// The version saved now.
        current: u64,
    },
}

impl ApiFailure {
    /// The HTTP status for this failure.
    pub fn status(&self) -> u16 {
        match self {
            Self::RouteNotFound => 404,
            Self::BadRequest { .. } => 400,
            Self::PayloadTooLarge { .. } => 413,
            Self::KeyReused | Self::SettingsConflict { .. } | Self::Busy(_) => 409,
            Self::NotAdmin
            | Self::FeatureOff(_)
            | Self::FieldNotEditable(_)
            | Self::ExtraNotEditable(_) => 403,
            Self::UnsupportedMediaType => 415,
            Self::Config(_) | Self::NotConfigured { .. } | Self::Store(_) => 500,
            Self::Identity(IdentityError::KeysUnavailable(_)) => 503,
            Self::Identity(_) => 401,
            Self::RateLimited(_) | Self::AiBudgetSpent(_) => 429,
            Self::Provider(error) => match error {
                ProviderError::Unauthorized { .. } => 401,
                ProviderError::Forbidden { .. } => 403,
                ProviderError::NotFound { .. } => 404,
                ProviderError::Conflict { .. } => 409,
                ProviderError::Throttled { .. } => 429,
                ProviderError::Transport { .. } => 504,
                ProviderError::Server { .. }
                | ProviderError::Rejected { .. }
                | ProviderError::Malformed { .. } => 502,
            },
        }
    }

    /// Headers that go with the status: the authentication challenge on 401s (RFC 6750, with
    /// Entra's claims challenge when conditional access needs it) and `Retry-After` on 429s and
    /// on a save that found another request's lock (409).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Identity(IdentityError::KeysUnavailable(_)) => vec![],
            Self::Identity(_) => vec![(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\"".to_owned(),
            )],
            Self::Provider(ProviderError::Unauthorized {
                claims_challenge: Some(claims),
                ..
            }) => vec![(
                "WWW-Authenticate",
                format!(
                    "Bearer error=\"insufficient_claims\", claims=\"{}\"",
                    base64::engine::general_purpose::STANDARD.encode(claims)
                ),
            )],
            Self::Provider(ProviderError::Throttled {
                retry_after: Some(wait),
                ..
            }) => vec![("Retry-After", wait.as_secs_f64().ceil().to_string())],
            Self::RateLimited(_) => {
                vec![("Retry-After", crate::quota::WINDOW.as_secs().to_string())]
            }
            Self::AiBudgetSpent(spent) => vec![("Retry-After", spent.resets_in.to_string())],
            Self::Busy(busy) => vec![("Retry-After", busy.retry_after_seconds.to_string())],
            _ => vec![],
        }
    }

    /// The body the pane receives. Internal causes are logged at the edge under
    /// `correlation_id`; the pane only gets a sentence and the id.
    pub fn to_wire(&self, correlation_id: &str) -> ApiError {
        let mut retry_after_seconds = None;
        let mut claims_challenge = None;
        let (code, message) = match self {
            Self::RouteNotFound => (
                ApiErrorCode::NotFound,
                "This API route does not exist.".to_owned(),
            ),
            Self::BadRequest { reason } => (ApiErrorCode::BadRequest, reason.clone()),
            Self::PayloadTooLarge { limit } => (
                ApiErrorCode::BadRequest,
                format!(
                    "The request is larger than Closer accepts ({} KiB).",
                    limit / 1024
                ),
            ),
            Self::KeyReused => (
                ApiErrorCode::Conflict,
                "This request reuses the key of a different one; nothing was created.".to_owned(),
            ),
            Self::Busy(busy) => {
                retry_after_seconds = Some(busy.retry_after_seconds as f64);
                (ApiErrorCode::Busy, busy.reason.to_owned())
            }
            Self::UnsupportedMediaType => (
                ApiErrorCode::BadRequest,
                "Closer accepts only JSON request bodies.".to_owned(),
            ),
            Self::NotAdmin => (
                ApiErrorCode::Forbidden,
                "Only Closer admins can do this; ask your Microsoft 365 administrator for the Closer.Admin role.".to_owned(),
            ),
            Self::FeatureOff(feature) => (
                ApiErrorCode::Forbidden,
                format!(
                    "{} is turned off for your organization by its Closer admin.",
                    feature.label()
                ),
            ),
            Self::FieldNotEditable(field) => (
                ApiErrorCode::Forbidden,
                format!(
                    "Your Closer admin does not let sellers edit \"{}\" from the pane.",
                    field.label()
                ),
            ),
            Self::ExtraNotEditable(name) => (
                ApiErrorCode::Forbidden,
                format!(
                    "Your Closer admin does not let sellers edit the CRM field \"{}\" from the pane.",
                    name.chars().take(60).collect::<String>()
                ),
            ),
            Self::SettingsConflict { current } => (
                ApiErrorCode::Conflict,
                format!(
                    "Another admin saved the settings meanwhile (now version {current}); nothing was saved. Reload them and make your change again."
                ),
            ),
            Self::Config(_) | Self::NotConfigured { .. } => (
                ApiErrorCode::Internal,
                "Closer is misconfigured; ask your administrator to check the worker settings."
                    .to_owned(),
            ),
            Self::Store(_) => (
                ApiErrorCode::Internal,
                "Closer's own data store is unavailable right now.".to_owned(),
            ),
            Self::Identity(IdentityError::KeysUnavailable(_)) => (
                ApiErrorCode::UpstreamUnavailable,
                "The sign-in service did not answer; try again shortly.".to_owned(),
            ),
            Self::Identity(IdentityError::Expired) => (
                ApiErrorCode::Unauthorized,
                "Your session has expired. Sign in again.".to_owned(),
            ),
            Self::Identity(_) => (
                ApiErrorCode::Unauthorized,
                "Your sign-in is not valid for Closer. Sign in again.".to_owned(),
            ),
            Self::RateLimited(who) => {
                retry_after_seconds = Some(crate::quota::WINDOW.as_secs_f64());
                let message = match who {
                    crate::quota::Limited::User => {
                        "You are sending requests faster than Closer allows; wait a minute, then try again."
                    }
                    crate::quota::Limited::Tenant => {
                        "Your organization is sending more requests than Closer allows right now; try again in a minute."
                    }
                };
                (ApiErrorCode::Throttled, message.to_owned())
            }
            Self::AiBudgetSpent(spent) => {
                retry_after_seconds = Some(spent.resets_in as f64);
                let hours = spent.resets_in.div_ceil(3600);
                (
                    ApiErrorCode::Throttled,
                    format!(
                        "Your organization has used today's AI allowance in Closer; AI features are back at 00:00 UTC (in about {hours} h). Everything else keeps working."
                    ),
                )
            }
            Self::Provider(error) => {
                let who = provider_name(error);
                match error {
                    ProviderError::Unauthorized {
                        claims_challenge: challenge,
                        ..
                    } if challenge.is_some() => {
                        claims_challenge = challenge.clone();
                        (
                            ApiErrorCode::Unauthorized,
                            "Your organization requires you to sign in again (for example with multi-factor authentication).".to_owned(),
                        )
                    }
                    ProviderError::Unauthorized { .. } => (
                        ApiErrorCode::Unauthorized,
                        format!("{who} did not accept your sign-in. Sign in again."),
                    ),
                    ProviderError::Forbidden { .. } => (
                        ApiErrorCode::Forbidden,
                        format!("You don't have permission for this in {who}."),
                    ),
                    ProviderError::NotFound { what, .. } => (
                        ApiErrorCode::NotFound,
                        format!("{who} has no such {what}, or you can't see it."),
                    ),
                    ProviderError::Conflict { .. } => (
                        ApiErrorCode::Conflict,
                        format!(
                            "The record changed in {who} since it was read; nothing was overwritten."
                        ),
                    ),
                    ProviderError::Throttled { retry_after, .. } => {
                        retry_after_seconds = retry_after.map(|d| d.as_secs_f64());
                        let when = retry_after
                            .map(|d| format!("in {} seconds", d.as_secs_f64().ceil()))
                            .unwrap_or_else(|| "shortly".to_owned());
                        (
                            ApiErrorCode::Throttled,
                            format!("{who} is busy right now; try again {when}."),
                        )
                    }
                    ProviderError::Transport { .. } => (
                        ApiErrorCode::UpstreamUnavailable,
                        format!("{who} did not answer in time."),
                    ),
                    ProviderError::Server { .. } => (
                        ApiErrorCode::UpstreamUnavailable,
                        format!("{who} is having problems right now."),
                    ),
                    ProviderError::Rejected { .. } | ProviderError::Malformed { .. } => (
                        ApiErrorCode::UpstreamUnavailable,
                        format!("{who} answered something Closer could not use."),
                    ),
                }
            }
        };
        ApiError {
            code,
            message,
            retry_after_seconds,
            claims_challenge,
            correlation_id: Some(correlation_id.to_owned()),
        }
    }
}

fn provider_name(error: &ProviderError) -> &'static str {
    let provider = match error {
        ProviderError::Transport { provider, .. }
        | ProviderError::Unauthorized { provider, .. }
        | ProviderError::Forbidden { provider, .. }
        | ProviderError::NotFound { provider, .. }
        | ProviderError::Conflict { provider, .. }
        | ProviderError::Throttled { provider, .. }
        | ProviderError::Server { provider, .. }
        | ProviderError::Rejected { provider, .. }
        | ProviderError::Malformed { provider, .. } => provider,
    };
    match provider {
        Provider::Identity => "The sign-in service",
        Provider::Graph => "Microsoft 365",
        Provider::Dataverse => "Dynamics 365",
        Provider::Salesforce => "Salesforce",
        Provider::Llm => "The language model",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::TransportError;
    use std::time::Duration;

    #[test]
    fn closers_own_limits_are_429_with_their_wait() {
        use crate::quota::{BudgetSpent, Limited};
        for (failure, wait) in [
            (ApiFailure::RateLimited(Limited::User), "60"),
            (ApiFailure::RateLimited(Limited::Tenant), "60"),
            (
                ApiFailure::AiBudgetSpent(BudgetSpent { resets_in: 5_092 }),
                "5092",
            ),
        ] {
            assert_eq!(failure.status(), 429);
            assert_eq!(failure.headers(), vec![("Retry-After", wait.to_owned())]);
            let wire = failure.to_wire("c");
            assert_eq!(wire.code, ApiErrorCode::Throttled);
            assert_eq!(wire.retry_after_seconds, Some(wait.parse().unwrap()));
        }
    }

    #[test]
    fn a_save_waiting_out_anothers_lock_is_409_with_when_to_retry() {
        let failure = ApiFailure::from(Busy {
            reason: "This email is being saved by another request; try again in a moment.",
            retry_after_seconds: 3,
        });
        assert_eq!(failure.status(), 409);
        assert_eq!(failure.headers(), vec![("Retry-After", "3".to_owned())]);
        let wire = failure.to_wire("c");
        assert_eq!(wire.code, ApiErrorCode::Busy);
        assert_eq!(wire.retry_after_seconds, Some(3.0));
        assert_eq!(
            wire.message,
            "This email is being saved by another request; try again in a moment."
        );
    }

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

    #[test]
    fn throttling_carries_retry_after_as_header_and_field() {
        let failure = ApiFailure::Provider(ProviderError::Throttled {
            provider: Provider::Graph,
            retry_after: Some(Duration::from_millis(2128)),
        });
        assert_eq!(failure.status(), 429);
        assert_eq!(failure.headers(), vec![("Retry-After", "3".to_owned())]);
        let wire = failure.to_wire("c");
        assert_eq!(wire.retry_after_seconds, Some(2.128));
        assert!(wire.message.contains("in 3 seconds"), "{}", wire.message);
    }

    #[test]
    fn claims_challenge_becomes_a_401_challenge() {
        let failure = ApiFailure::Provider(ProviderError::Unauthorized {
            provider: Provider::Identity,
            code: "interaction_required".into(),
            claims_challenge: Some("{\"access_token\":{}}".into()),
        });
        assert_eq!(failure.status(), 401);
        let (name, value) = &failure.headers()[0];
        assert_eq!(*name, "WWW-Authenticate");
        assert!(value.contains("insufficient_claims"));
        assert_eq!(
            failure.to_wire("c").claims_challenge.as_deref(),
            Some("{\"access_token\":{}}")
        );
    }

    #[test]
    fn every_identity_refusal_is_401_with_a_bearer_challenge() {
        for error in [
            IdentityError::Expired,
            IdentityError::BadSignature,
            IdentityError::MissingScope,
        ] {
            let failure = ApiFailure::Identity(error);
            assert_eq!(failure.status(), 401);
            assert!(failure.headers()[0].1.starts_with("Bearer"));
        }
    }

    #[test]
    fn upstream_timeouts_are_504_and_name_the_upstream() {
        let failure = ApiFailure::Provider(ProviderError::transport(
            Provider::Graph,
            TransportError::Timeout {
                origin: "https://graph.microsoft.com".into(),
                timeout_ms: 4000,
            },
        ));
        assert_eq!(failure.status(), 504);
        assert_eq!(
            failure.to_wire("c").message,
            "Microsoft 365 did not answer in time."
        );
    }
}
