//! The authority's signing keys: discovered through the OpenID metadata's `jwks_uri`, cached per
//! isolate, refreshed when older than a day or when a token names a `kid` we do not know (Entra
//! rotates keys without notice; https://learn.microsoft.com/en-us/entra/identity-platform/signing-key-rollover).
//! Refreshes are single-flight and rate-limited, unknown `kid`s are negatively cached, and a
//! failed refresh keeps serving the last good set: an attacker's tokens cost at most one fetch
//! per cooldown, and an authority outage does not sign everyone out.

use super::rs256::RsaJwk;
use crate::http::{HttpTransport, TransportError};
use crate::provider::{Provider, ProviderError, Sleeper, send_idempotent};
use bytes::Bytes;
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;
use url::Url;

/// Keys older than this are refetched before use (the last good set is served meanwhile).
pub const MAX_KEY_AGE_SECS: u64 = 24 * 3600;
/// At most one fetch of the key set per this many seconds, whatever tokens arrive (unknown
/// `kid`s, an authority that fails), so that forged tokens cannot turn the worker into a
/// JWKS-fetching amplifier.
pub const UNKNOWN_KID_COOLDOWN_SECS: u64 = 5;
/// A `kid` the authority did not publish at the last refresh is not asked about again for this
/// long (a negative cache: the same forged `kid` replayed triggers nothing).
pub const UNKNOWN_KID_TTL_SECS: u64 = 3600;
/// Bound on the negative cache; when full, expired entries go, then everything.
pub const UNKNOWN_KID_CAPACITY: usize = 1024;

/// How long a request waits for another request's fetch before fetching itself.
pub const REFRESH_WAIT: Duration = Duration::from_millis(2_000);
/// How often a waiting request looks whether the fetch finished. A timer, not a lock: workerd
/// cancels a request that only waits on another request's I/O ("the Worker's code had hung").
const REFRESH_POLL: Duration = Duration::from_millis(20);

/// Signing keys by `kid`: the last good set the authority published, fetched by one request at
/// a time per isolate (single flight: requests arriving during a refresh wait for it and use
/// its result).
#[derive(Default)]
pub struct JwksCache {
    state: RefCell<State>,
}

/// Marks a fetch in flight for as long as it lives, also when the request is dropped mid-fetch.
struct Flight<'a>(&'a RefCell<State>);

impl<'a> Flight<'a> {
    fn start(state: &'a RefCell<State>) -> Self {
        state.borrow_mut().fetching = true;
        Self(state)
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().fetching = false;
    }
}

#[derive(Default)]
struct State {
    /// The last key set fetched with at least one usable key; never dropped by a failed fetch.
    keys: HashMap<String, SigningKey>,
    /// When `keys` was fetched.
    fetched_at: Option<u64>,
    /// When the last fetch, good or failed, finished.
    attempted_at: Option<u64>,
    /// Why the last fetch failed, while no key set was ever fetched.
    last_error: Option<ProviderError>,
    /// Counts finished fetches: a request that waited for the flight sees it moved.
    generation: u64,
    /// A request is fetching the key set now.
    fetching: bool,
    /// `kid`s the authority did not publish, until when they are not asked about again.
    unknown: HashMap<String, u64>,
}

/// A published signing key and the issuer it signs for.
#[derive(Clone)]
pub struct SigningKey {
    /// The RSA public key.
    pub key: RsaJwk,
    /// The key's `issuer` (Entra publishes a template, `https://login.microsoftonline.com/{tenantid}/v2.0`):
    /// a token it verifies must carry that issuer, `{tenantid}` being the token's `tid`
    /// (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer).
    /// `None` when the key set says nothing.
    pub issuer: Option<String>,
}

impl SigningKey {
    /// Whether a token of tenant `tid` claiming issuer `iss` may be verified with this key.
    pub fn signs_for(&self, tid: &str, iss: &str) -> bool {
        self.issuer
            .as_deref()
            .is_none_or(|template| template.replace("{tenantid}", tid) == iss)
    }
}

/// The outcome of a key lookup.
pub enum KeyLookup {
    /// The key for the `kid`.
    Found(SigningKey),
    /// The authority does not publish that `kid` (after a refresh, if one was allowed).
    Unknown,
}

/// What the cache alone can say about a `kid`.
enum Cached {
    Answer(KeyLookup),
    /// No key set was ever fetched and the last fetch failed moments ago.
    Failed(ProviderError),
    /// A fetch is due; `generation` is the state it was decided on.
    Refresh {
        generation: u64,
    },
}

impl State {
    fn decide(&self, kid: &str, now: u64) -> Cached {
        let cooling = self
            .attempted_at
            .is_some_and(|at| now.saturating_sub(at) < UNKNOWN_KID_COOLDOWN_SECS);
        let refresh = Cached::Refresh {
            generation: self.generation,
        };
        match self.keys.get(kid) {
            Some(key) => {
                let stale = self
                    .fetched_at
                    .is_none_or(|at| now.saturating_sub(at) > MAX_KEY_AGE_SECS);
                if stale && !cooling {
                    refresh
                } else {
                    Cached::Answer(KeyLookup::Found(key.clone()))
                }
            }
            None if self.fetched_at.is_none() => match (&self.last_error, cooling) {
                (Some(error), true) => Cached::Failed(error.clone()),
                _ => refresh,
            },
            None if cooling || self.unknown.get(kid).is_some_and(|until| *until > now) => {
                Cached::Answer(KeyLookup::Unknown)
            }
            None => refresh,
        }
    }

    /// The answer once a fetch finished (this request's or the one it waited for).
    fn after_refresh(&mut self, kid: &str, now: u64) -> Result<KeyLookup, ProviderError> {
        if let Some(key) = self.keys.get(kid) {
            return Ok(KeyLookup::Found(key.clone()));
        }
        if self.fetched_at.is_none()
            && let Some(error) = &self.last_error
        {
            return Err(error.clone());
        }
        if self.unknown.len() >= UNKNOWN_KID_CAPACITY {
            self.unknown.retain(|_, until| *until > now);
            if self.unknown.len() >= UNKNOWN_KID_CAPACITY {
                self.unknown.clear();
            }
        }
        self.unknown
            .insert(kid.to_owned(), now.saturating_add(UNKNOWN_KID_TTL_SECS));
        Ok(KeyLookup::Unknown)
    }
}

impl JwksCache {
    /// Finds the key for `kid`, fetching or refreshing the key set when needed: one fetch in
    /// flight at a time, none for a `kid` recently found unknown, and the last good key set
    /// kept when a refresh fails.
    pub async fn key<T: HttpTransport, S: Sleeper>(
        &self,
        kid: &str,
        authority: &Url,
        transport: &T,
        sleeper: &S,
        now: u64,
    ) -> Result<KeyLookup, ProviderError> {
        let seen = match self.state.borrow().decide(kid, now) {
            Cached::Answer(lookup) => return Ok(lookup),
            Cached::Failed(error) => return Err(error),
            Cached::Refresh { generation } => generation,
        };
        let mut waited = Duration::ZERO;
        while self.state.borrow().fetching && waited < REFRESH_WAIT {
            sleeper.sleep(REFRESH_POLL).await;
            waited += REFRESH_POLL;
        }
        if self.state.borrow().generation != seen {
            // Another request refreshed meanwhile: its result is as fresh.
            return self.state.borrow_mut().after_refresh(kid, now);
        }
        let flight = Flight::start(&self.state);
        let fetched = fetch_keys(authority, transport, sleeper).await;
        drop(flight);
        let mut state = self.state.borrow_mut();
        state.generation += 1;
        state.attempted_at = Some(now);
        match fetched {
            Ok(keys) if !keys.is_empty() => {
                state
                    .unknown
                    .retain(|unknown, _| !keys.contains_key(unknown));
                state.keys = keys;
                state.fetched_at = Some(now);
                state.last_error = None;
            }
            // An empty set or a failure never replaces keys that worked.
            Ok(_) => {
                state.last_error = Some(ProviderError::malformed(
                    Provider::Identity,
                    "the key set has no usable RS256 signing key",
                ));
            }
            Err(error) => state.last_error = Some(error),
        }
        state.after_refresh(kid, now)
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
    /// `sig` for signing keys; absent is allowed (RFC 7517 §4.2), anything else is not ours.
    #[serde(rename = "use")]
    key_use: Option<String>,
    n: Option<String>,
    e: Option<String>,
    /// The issuer the key signs for (Entra: a `{tenantid}` template).
    issuer: Option<String>,
}

async fn fetch_keys<T: HttpTransport, S: Sleeper>(
    authority: &Url,
    transport: &T,
    sleeper: &S,
) -> Result<HashMap<String, SigningKey>, ProviderError> {
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
        .filter(|k| k.kty == "RSA" && k.key_use.as_deref().is_none_or(|u| u == "sig"))
        .filter_map(|k| {
            let key = RsaJwk { n: k.n?, e: k.e? };
            let issuer = k.issuer;
            Some((k.kid?, SigningKey { key, issuer }))
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

#[cfg(test)]
mod key_issuer_tests {
    use super::*;

    fn key(issuer: Option<&str>) -> SigningKey {
        SigningKey {
            key: RsaJwk {
                n: "unused".into(),
                e: "AQAB".into(),
            },
            issuer: issuer.map(str::to_owned),
        }
    }

    #[test]
    fn a_key_signs_only_for_its_issuer() {
        let common = key(Some("https://login.microsoftonline.com/{tenantid}/v2.0"));
        let tid = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d";
        assert!(common.signs_for(
            tid,
            &format!("https://login.microsoftonline.com/{tid}/v2.0")
        ));
        assert!(!common.signs_for(tid, "https://login.microsoftonline.com/other/v2.0"));
        // A key published for one tenant only (app-specific signing keys) signs for no other.
        let fixed = key(Some(
            "https://login.microsoftonline.com/2f8e4d6c-1a3b-4c5d-8e9f-0a1b2c3d4e5f/v2.0",
        ));
        assert!(!fixed.signs_for(
            tid,
            &format!("https://login.microsoftonline.com/{tid}/v2.0")
        ));
        assert!(key(None).signs_for(tid, "anything"));
    }
}
