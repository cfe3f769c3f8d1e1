//! Validation of the bearer token the pane sends, following Entra's rules
//! (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-tokens):
//! RS256 only; key by `kid` from the JWKS; audience = Closer's app id; issuer =
//! `{authority}{tid}/v2.0` with `tid` a GUID; `exp`/`nbf` with a small leeway; scope
//! `access_as_user`; `ver` 2.0; optionally an allow-list of tenants. The user key is `tid` +
//! `oid`. The key must sign for the token's issuer (its JWKS `issuer`, a `{tenantid}` template).
//!
//! The claims are checked twice: first unverified, before any key is looked up (a token for
//! another audience, issuer or tenant, or an expired one, costs no JWKS fetch whatever its
//! `kid`), then the signature is verified over those same bytes.

use super::jwks::{JwksCache, KeyLookup};
use super::rs256;
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use serde::Deserialize;
use url::Url;

/// The delegated scope the pane's token must carry.
pub const REQUIRED_SCOPE: &str = "access_as_user";
/// The tenant of personal Microsoft accounts (MSA)
/// (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference, `tid`).
pub const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
/// Clock skew tolerated on `exp` and `nbf` (Entra's libraries use five minutes; we use two).
pub const LEEWAY_SECS: u64 = 120;

/// What a valid token must say.
#[derive(Debug, Clone)]
pub struct IdentityConfig {
    /// The authority base URL, e.g. `https://login.microsoftonline.com/`.
    pub authority: Url,
    /// Closer's application (client) id: the only accepted audience.
    pub client_id: String,
    /// When set, only these tenant ids may call.
    pub allowed_tenants: Option<Vec<String>>,
    /// The client applications (`azp`) whose tokens are accepted: Closer's own app (its pane
    /// signs in as itself, also through nested app authentication) and any host app an admin
    /// adds (`ALLOWED_CLIENT_APPS`, e.g. Teams' SSO clients).
    pub allowed_client_apps: Vec<String>,
}

/// The signed-in user, as the validated token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserContext {
    /// Directory (tenant) id.
    pub tenant_id: String,
    /// Object id of the user in that tenant.
    pub object_id: String,
    /// Display name, from the token.
    pub name: String,
    /// Sign-in name, from the token.
    pub username: String,
    /// App roles from the token's `roles` claim (e.g. `Closer.Admin`).
    pub roles: Vec<String>,
    /// Group object ids from the token's `groups` claim (empty unless the registration emits
    /// them).
    pub groups: Vec<String>,
}

impl UserContext {
    /// The key every per-user cache and store row uses: `tid:oid` (oid alone is only unique
    /// within a tenant).
    pub fn user_key(&self) -> String {
        format!("{}:{}", self.tenant_id, self.object_id)
    }
}

/// Why a token was refused. Every variant becomes a 401 for the pane.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IdentityError {
    /// No `Authorization: Bearer` header.
    #[error("no bearer token")]
    MissingToken,
    /// Not a well-formed JWT.
    #[error("token is malformed")]
    Malformed,
    /// Anything but RS256 (`none`, HS256 with the public key as secret, ...).
    #[error("token algorithm is not RS256")]
    UnsupportedAlgorithm,
    /// The authority publishes no key with this `kid`.
    #[error("token is signed with an unknown key")]
    UnknownKey,
    /// The signature does not verify.
    #[error("token signature is invalid")]
    BadSignature,
    /// Past `exp` + leeway.
    #[error("token has expired")]
    Expired,
    /// Before `nbf` - leeway.
    #[error("token is not yet valid")]
    NotYetValid,
    /// Not issued for Closer.
    #[error("token is for another audience")]
    WrongAudience,
    /// Not issued by the configured authority for the token's tenant.
    #[error("token issuer is not trusted")]
    WrongIssuer,
    /// The tenant is not on the allow-list.
    #[error("tenant is not allowed")]
    TenantNotAllowed,
    /// Issued to a client application that is not allowed to call Closer (`azp`).
    #[error("token was issued to another client application")]
    WrongClientApp,
    /// Not an Entra v2.0 access token (`ver` is not `2.0`).
    #[error("token is not a v2.0 access token")]
    WrongVersion,
    /// `scp` lacks `access_as_user`.
    #[error("token lacks the access_as_user scope")]
    MissingScope,
    /// The keys could not be fetched.
    #[error("signing keys are unavailable")]
    KeysUnavailable(#[source] ProviderError),
}

#[derive(Deserialize)]
struct Claims {
    /// A string in Entra's access tokens; an array is allowed by RFC 7519 §4.1.3.
    aud: Audience,
    #[serde(default)]
    ver: String,
    #[serde(default)]
    azp: Option<String>,
    iss: String,
    tid: String,
    oid: String,
    exp: u64,
    #[serde(default)]
    nbf: Option<u64>,
    #[serde(default)]
    scp: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    preferred_username: String,
    /// App roles assigned to the user in Closer's app registration (`Closer.Admin`).
    #[serde(default)]
    roles: Vec<String>,
    /// Security group ids, when the registration emits group claims.
    #[serde(default)]
    groups: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Self::One(aud) => aud == client_id,
            Self::Many(auds) => auds.iter().any(|aud| aud == client_id),
        }
    }
}

/// The payload as the token says it, before its signature is checked.
fn unverified_claims(payload: &str) -> Result<Claims, IdentityError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| IdentityError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| IdentityError::Malformed)
}

/// Every rule on the claims, in the order a refusal is reported.
fn check_claims(config: &IdentityConfig, claims: &Claims, now: u64) -> Result<(), IdentityError> {
    if !claims.aud.contains(&config.client_id) {
        return Err(IdentityError::WrongAudience);
    }
    if now > claims.exp.saturating_add(LEEWAY_SECS) {
        return Err(IdentityError::Expired);
    }
    if claims
        .nbf
        .is_some_and(|nbf| now.saturating_add(LEEWAY_SECS) < nbf)
    {
        return Err(IdentityError::NotYetValid);
    }
    if !is_guid(&claims.tid) || claims.iss != format!("{}{}/v2.0", config.authority, claims.tid) {
        return Err(IdentityError::WrongIssuer);
    }
    let listed =
        |tenants: &Vec<String>| tenants.iter().any(|t| t.eq_ignore_ascii_case(&claims.tid));
    match &config.allowed_tenants {
        Some(allowed) if !listed(allowed) => return Err(IdentityError::TenantNotAllowed),
        // Personal Microsoft accounts only when their tenant is listed by name, never through
        // "any tenant": Closer is for work accounts.
        None if claims.tid.eq_ignore_ascii_case(CONSUMER_TENANT) => {
            return Err(IdentityError::TenantNotAllowed);
        }
        _ => {}
    }
    if claims.ver != "2.0" {
        return Err(IdentityError::WrongVersion);
    }
    if !claims
        .azp
        .as_deref()
        .is_some_and(|azp| config.allowed_client_apps.iter().any(|app| app == azp))
    {
        return Err(IdentityError::WrongClientApp);
    }
    if !claims.scp.split_whitespace().any(|s| s == REQUIRED_SCOPE) {
        return Err(IdentityError::MissingScope);
    }
    Ok(())
}

/// Validates `authorization` (the raw header value) at time `now` (seconds since the epoch).
pub async fn validate_bearer<T: HttpTransport, S: Sleeper>(
    config: &IdentityConfig,
    keys: &JwksCache,
    transport: &T,
    sleeper: &S,
    authorization: Option<&str>,
    now: u64,
) -> Result<UserContext, IdentityError> {
    let token = authorization
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(IdentityError::MissingToken)?;
    let jws = rs256::split(token).ok_or(IdentityError::Malformed)?;
    // The algorithm is checked before any key is touched: `alg` is attacker-controlled.
    if jws.header.alg != "RS256" {
        return Err(IdentityError::UnsupportedAlgorithm);
    }
    // Cheap checks first: nothing about this token is trusted yet, but a token that would be
    // refused anyway must not make the worker fetch keys.
    let claims = unverified_claims(jws.payload)?;
    check_claims(config, &claims, now)?;
    let kid = jws.header.kid.ok_or(IdentityError::UnknownKey)?;
    let key = match keys
        .key(&kid, &config.authority, transport, sleeper, now)
        .await
        .map_err(IdentityError::KeysUnavailable)?
    {
        KeyLookup::Found(key) => key,
        KeyLookup::Unknown => return Err(IdentityError::UnknownKey),
    };
    // A key published for one issuer verifies tokens of that issuer only.
    if !key.signs_for(&claims.tid, &claims.iss) {
        return Err(IdentityError::WrongIssuer);
    }
    // The signature covers `header.payload` exactly as sent, the bytes the claims above were
    // decoded from: once it verifies, every rule already checked holds for signed data.
    if !rs256::verify(&key.key, jws.signing_input.as_bytes(), &jws.signature).await {
        return Err(IdentityError::BadSignature);
    }
    Ok(UserContext {
        tenant_id: claims.tid,
        object_id: claims.oid,
        name: claims.name,
        username: claims.preferred_username,
        roles: claims.roles,
        groups: claims.groups,
    })
}

/// `8-4-4-4-12` hex digits: a tenant id substituted into the issuer must be exactly this, or a
/// crafted `tid` could forge another issuer string.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::is_guid;

    #[test]
    fn tenant_ids_must_be_guids() {
        assert!(is_guid("9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d"));
        assert!(!is_guid("common"));
        assert!(!is_guid("9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d/../x"));
        assert!(!is_guid("9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4z"));
    }
}
