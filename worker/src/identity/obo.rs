//! The on-behalf-of exchange: the pane's token for Closer's API becomes a Graph or CRM token
//! for the same user (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-on-behalf-of-flow).
//!
//! Results are cached per user key and scope until shortly before they expire. A conditional
//! access answer (`interaction_required` with a `claims` challenge) becomes
//! [`ProviderError::Unauthorized`] carrying the challenge, which the API returns as a 401 for
//! the client to satisfy interactively.

use super::token::UserContext;
use crate::http::{HttpTransport, TransportError};
use crate::provider::{Provider, ProviderError};
use bytes::Bytes;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use url::Url;

/// Tokens are dropped from the cache this long before they expire, so a token handed to a
/// connector does not expire mid-request.
pub const EXPIRY_MARGIN_SECS: u64 = 120;

/// Closer's app registration, as the token endpoint needs it.
pub struct OboConfig {
    /// The authority base URL.
    pub authority: Url,
    /// Closer's client id.
    pub client_id: String,
    /// Closer's client secret (a worker secret).
    pub client_secret: SecretString,
}

/// Downstream tokens by (user key, scope).
#[derive(Default)]
pub struct OboCache {
    entries: RefCell<HashMap<(String, String), (SecretString, u64)>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
    #[serde(default)]
    claims: Option<String>,
}

/// A token for `scope` (e.g. `https://graph.microsoft.com/.default`) acting as `user`, whose
/// validated incoming token is `assertion`.
pub async fn token_for<T: HttpTransport>(
    config: &OboConfig,
    cache: &OboCache,
    transport: &T,
    user: &UserContext,
    assertion: &str,
    scope: &str,
    now: u64,
) -> Result<SecretString, ProviderError> {
    let key = (user.user_key(), scope.to_owned());
    if let Some((token, expires_at)) = cache.entries.borrow().get(&key)
        && now + EXPIRY_MARGIN_SECS < *expires_at
    {
        return Ok(token.clone());
    }
    let request = exchange_request(config, &user.tenant_id, assertion, scope)
        .map_err(|e| ProviderError::transport(Provider::Identity, e))?;
    let response = transport
        .send(request)
        .await
        .map_err(|e| ProviderError::transport(Provider::Identity, e))?;
    let granted = parse_exchange(response)?;
    let token = SecretString::from(granted.access_token);
    let mut entries = cache.entries.borrow_mut();
    if entries.len() >= MAX_CACHED_TOKENS {
        // Bounded per isolate: expired tokens go first, then everything (each is one exchange
        // away from coming back).
        entries.retain(|_, (_, expires_at)| now + EXPIRY_MARGIN_SECS < *expires_at);
        if entries.len() >= MAX_CACHED_TOKENS {
            entries.clear();
        }
    }
    entries.insert(key, (token.clone(), now + granted.expires_in));
    Ok(token)
}

/// How many (user, scope) tokens one isolate keeps.
pub const MAX_CACHED_TOKENS: usize = 4_096;

impl OboCache {
    /// How many tokens are cached.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }

    /// Forgets a cached token a downstream answered 401 to (revoked, or its session ended
    /// before its expiry), so the next request exchanges again instead of replaying it until
    /// it expires. The edge's transport calls this for every 401 to a bearer token.
    pub fn forget_token(&self, token: &str) {
        self.entries
            .borrow_mut()
            .retain(|_, (cached, _)| cached.expose_secret() != token);
    }
}

/// The form POST to `{authority}{tid}/oauth2/v2.0/token`.
fn exchange_request(
    config: &OboConfig,
    tenant_id: &str,
    assertion: &str,
    scope: &str,
) -> Result<http::Request<Bytes>, TransportError> {
    let url = config
        .authority
        .join(&format!("{tenant_id}/oauth2/v2.0/token"))
        .map_err(|e| TransportError::InvalidRequest {
            reason: e.to_string(),
        })?;
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .append_pair("client_id", &config.client_id)
        .append_pair("client_secret", config.client_secret.expose_secret())
        .append_pair("assertion", assertion)
        .append_pair("scope", scope)
        .append_pair("requested_token_use", "on_behalf_of")
        .finish();
    http::Request::post(url.as_str())
        .header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(http::header::ACCEPT, "application/json")
        .body(Bytes::from(form))
        .map_err(|e| TransportError::InvalidRequest {
            reason: e.to_string(),
        })
}

fn parse_exchange(response: http::Response<Bytes>) -> Result<TokenResponse, ProviderError> {
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return serde_json::from_slice(response.body())
            .map_err(|e| ProviderError::malformed(Provider::Identity, e));
    }
    let retry_after = crate::provider::retry_after(&response);
    let error: Option<TokenError> = serde_json::from_slice(response.body()).ok();
    match error {
        // Entra answers 400 for these; they mean "the user must act", so they are 401s for us.
        Some(TokenError { error, claims })
            if matches!(
                error.as_str(),
                "interaction_required" | "consent_required" | "invalid_grant"
            ) =>
        {
            Err(ProviderError::Unauthorized {
                provider: Provider::Identity,
                code: error,
                claims_challenge: claims,
            })
        }
        Some(TokenError { error, .. }) => Err(ProviderError::from_status(
            Provider::Identity,
            status,
            error,
            retry_after,
        )),
        None => Err(ProviderError::from_status(
            Provider::Identity,
            status,
            format!("http {status}"),
            retry_after,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ScriptedTransport, response};

    /// The token endpoint answering the documented success to every exchange.
    fn granting() -> ScriptedTransport {
        ScriptedTransport::answering(&[(
            200,
            include_str!("../../tests/fixtures/auth/obo-token.response.json"),
        )])
    }

    #[tokio::test]
    async fn the_cache_stays_bounded_however_many_users_an_isolate_serves() {
        let config = OboConfig {
            authority: Url::parse("https://login.example/").unwrap(),
            client_id: "app".into(),
            client_secret: SecretString::from("s".to_owned()),
        };
        let cache = OboCache::default();
        let granting = granting();
        for n in 0..MAX_CACHED_TOKENS + 10 {
            let user = UserContext {
                tenant_id: "t".into(),
                object_id: format!("user-{n}"),
                name: String::new(),
                username: String::new(),
                roles: Vec::new(),
                groups: Vec::new(),
            };
            token_for(&config, &cache, &granting, &user, "a", "scope", 1_000)
                .await
                .unwrap();
            assert!(cache.len() <= MAX_CACHED_TOKENS, "{} at {n}", cache.len());
        }
        assert!(!cache.is_empty());
    }

    #[tokio::test]
    async fn a_token_a_downstream_refused_is_exchanged_again() {
        let config = OboConfig {
            authority: Url::parse("https://login.example/").unwrap(),
            client_id: "app".into(),
            client_secret: SecretString::from("s".to_owned()),
        };
        let cache = OboCache::default();
        let user = UserContext {
            tenant_id: "t".into(),
            object_id: "o".into(),
            name: String::new(),
            username: String::new(),
            roles: Vec::new(),
            groups: Vec::new(),
        };
        let granting = granting();
        let first = token_for(&config, &cache, &granting, &user, "a", "graph", 1_000)
            .await
            .unwrap();
        assert_eq!(cache.len(), 1);
        cache.forget_token("some other token");
        assert_eq!(cache.len(), 1, "only the refused token goes");
        cache.forget_token(first.expose_secret());
        assert!(cache.is_empty());
    }

    #[test]
    fn documented_success_parses() {
        let body = include_str!("../../tests/fixtures/auth/obo-token.response.json");
        let granted = parse_exchange(response(200, body.to_owned())).unwrap();
        assert!(granted.expires_in > 0);
        assert!(!granted.access_token.is_empty());
    }

    #[test]
    fn interaction_required_carries_the_claims_challenge() {
        let body =
            include_str!("../../tests/fixtures/auth/obo-error-interaction-required.response.json");
        match parse_exchange(response(400, body.to_owned())) {
            Err(ProviderError::Unauthorized {
                code,
                claims_challenge,
                ..
            }) => {
                assert_eq!(code, "interaction_required");
                assert!(claims_challenge.is_some_and(|c| c.contains("access_token")));
            }
            other => panic!("expected Unauthorized, got {:?}", other.err()),
        }
    }

    #[test]
    fn request_is_the_documented_form_and_secret_stays_out_of_debug() {
        let config = OboConfig {
            authority: Url::parse("https://login.example/").unwrap(),
            client_id: "app".into(),
            client_secret: SecretString::from("s3cret".to_owned()),
        };
        let request = exchange_request(
            &config,
            "tid-1",
            "tok",
            "https://graph.microsoft.com/.default",
        )
        .unwrap();
        assert_eq!(
            request.uri(),
            "https://login.example/tid-1/oauth2/v2.0/token"
        );
        let body = String::from_utf8(request.body().to_vec()).unwrap();
        for part in [
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
            "requested_token_use=on_behalf_of",
            "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
            "assertion=tok",
        ] {
            assert!(body.contains(part), "{part} missing from {body}");
        }
        assert!(!format!("{:?}", config.client_secret).contains("s3cret"));
    }
}
