//! The authority's signing keys: discovered through the OpenID metadata's `jwks_uri`, cached per
//! isolate, refreshed when older than a day or when a token names a `kid` we do not know (Entra
//! rotates keys without notice; https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover).

use crate::http::{HttpTransport, TransportError};
use crate::provider::{Provider, ProviderError, Sleeper, send_idempotent};
use bytes::Bytes;
use jsonwebtoken::DecodingKey;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use url::Url;

/// Keys older than this are refetched before use.
pub const MAX_KEY_AGE_SECS: u64 = 24 * 3600;
/// An unknown `kid` triggers at most one refetch per this many seconds, so that tokens with
/// random `kid`s cannot turn the worker into a JWKS-fetching amplifier.
pub const UNKNOWN_KID_COOLDOWN_SECS: u64 = 5;

/// Signing keys by `kid`, and when they were fetched.
#[derive(Default)]
pub struct JwksCache {
    state: RefCell<Option<Fetched>>,
}

struct Fetched {
    keys: HashMap<String, DecodingKey>,
    fetched_at: u64,
}

/// The outcome of a key lookup.
pub enum KeyLookup {
    /// The key for the `kid`.
    Found(DecodingKey),
    /// The authority does not publish that `kid` (after a refresh, if one was allowed).
    Unknown,
}

impl JwksCache {
    /// Finds the key for `kid`, fetching or refreshing the key set when needed.
    pub async fn key<T: HttpTransport, S: Sleeper>(
        &self,
        kid: &str,
        authority: &Url,
        transport: &T,
        sleeper: &S,
        now: u64,
    ) -> Result<KeyLookup, ProviderError> {
        let (found, age) = match &*self.state.borrow() {
            Some(fetched) => (
                fetched.keys.get(kid).cloned(),
                Some(now.saturating_sub(fetched.fetched_at)),
            ),
            None => (None, None),
        };
        let refresh = match (&found, age) {
            (_, None) => true,
            (Some(_), Some(age)) => age > MAX_KEY_AGE_SECS,
            (None, Some(age)) => age >= UNKNOWN_KID_COOLDOWN_SECS,
        };
        if !refresh {
            return Ok(found.map_or(KeyLookup::Unknown, KeyLookup::Found));
        }
        let keys = fetch_keys(authority, transport, sleeper).await?;
        let lookup = keys
            .get(kid)
            .cloned()
            .map_or(KeyLookup::Unknown, KeyLookup::Found);
        *self.state.borrow_mut() = Some(Fetched {
            keys,
            fetched_at: now,
        });
        Ok(lookup)
    }
}

#[derive(Deserialize)]
struct OpenIdConfiguration {
    jwks_uri: String,
}

#[derive(Deserialize)]
struct KeySet {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: Option<String>,
    kty: String,
    n: Option<String>,
    e: Option<String>,
}

async fn fetch_keys<T: HttpTransport, S: Sleeper>(
    authority: &Url,
    transport: &T,
    sleeper: &S,
) -> Result<HashMap<String, DecodingKey>, ProviderError> {
    // Multi-tenant apps read the `common` metadata; the key set is the same for every tenant.
    let metadata_url = authority
        .join("common/v2.0/.well-known/openid-configuration")
        .map_err(|e| ProviderError::malformed(Provider::Identity, e))?;
    let metadata: OpenIdConfiguration = get_json(&metadata_url, transport, sleeper).await?;
    let jwks_url = Url::parse(&metadata.jwks_uri)
        .map_err(|e| ProviderError::malformed(Provider::Identity, e))?;
    let set: KeySet = get_json(&jwks_url, transport, sleeper).await?;
    Ok(set
        .keys
        .into_iter()
        .filter(|k| k.kty == "RSA")
        .filter_map(|k| {
            let key = DecodingKey::from_rsa_components(k.n.as_deref()?, k.e.as_deref()?).ok()?;
            Some((k.kid?, key))
        })
        .collect())
}

async fn get_json<T: HttpTransport, S: Sleeper, R: serde::de::DeserializeOwned>(
    url: &Url,
    transport: &T,
    sleeper: &S,
) -> Result<R, ProviderError> {
    let build = || {
        http::Request::get(url.as_str())
            .header(http::header::ACCEPT, "application/json")
            .body(Bytes::new())
            .map_err(|e| TransportError::InvalidRequest {
                reason: e.to_string(),
            })
    };
    let response = send_idempotent(transport, sleeper, Provider::Identity, build, |response| {
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            Ok(response)
        } else {
            let wait = crate::provider::retry_after(&response);
            Err(ProviderError::from_status(
                Provider::Identity,
                status,
                format!("http {status}"),
                wait,
            ))
        }
    })
    .await?;
    serde_json::from_slice(response.body())
        .map_err(|e| ProviderError::malformed(Provider::Identity, e))
}
