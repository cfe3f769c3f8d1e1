//! The OAuth 2.0 web-server flow with PKCE, as pure functions (PROTOCOLS.md §2 "OAuth", §6):
//! the authorize URL, the code → token exchange, the refresh grant, and parsing the token
//! endpoint's answer. The random bytes of a PKCE verifier are an input, so everything here is
//! deterministic and testable; the edge draws them from `crypto.getRandomValues`.
//!
//! https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm
//! The exchange runs in the worker (it holds `client_secret`); the refresh token is sealed with
//! [`vault`](super::vault) before it is stored and never reaches the pane.

use super::request::{encode, post_form};
use crate::http::{TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{Provider, ProviderError, retry_after};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use url::Url;

/// The scopes Closer asks for: REST API access and a refresh token.
pub const DEFAULT_SCOPE: &str = "api refresh_token";

/// Closer's connected app, as the login host knows it.
#[derive(Debug, Clone)]
pub struct SalesforceOAuth {
    login: String,
    client_id: String,
    client_secret: SecretString,
    redirect_uri: String,
    scope: String,
}

impl SalesforceOAuth {
    /// The connected app `client_id`/`client_secret` at `login_url`
    /// (`https://login.salesforce.com`, `https://test.salesforce.com` for sandboxes, an org's
    /// My Domain, or the local sandbox's `{origin}/salesforce`), returning to `redirect_uri`
    /// (which must match the connected app's callback URL exactly).
    pub fn new(
        login_url: &Url,
        client_id: impl Into<String>,
        client_secret: SecretString,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            login: login_url.as_str().trim_end_matches('/').to_owned(),
            client_id: client_id.into(),
            client_secret,
            redirect_uri: redirect_uri.into(),
            scope: DEFAULT_SCOPE.into(),
        }
    }

    /// Other scopes (space-separated), e.g. with `openid`.
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = scope.into();
        self
    }

    /// `{login}/services/oauth2/token`.
    pub fn token_endpoint(&self) -> String {
        format!("{}/services/oauth2/token", self.login)
    }

    /// Where the seller's browser (the Office dialog or Teams' authenticate window) goes to sign
    /// in: `{login}/services/oauth2/authorize?response_type=code&…&code_challenge_method=S256`.
    /// `state` must be unguessable and checked on the way back.
    pub fn authorize_url(&self, code_challenge: &str, state: &str) -> String {
        let query = [
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_challenge", code_challenge),
            ("code_challenge_method", "S256"),
            ("state", state),
            ("scope", self.scope.as_str()),
        ]
        .iter()
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&");
        format!("{}/services/oauth2/authorize?{query}", self.login)
    }

    /// The code → token exchange: a form POST with the PKCE `code_verifier`.
    pub fn code_exchange_request(
        &self,
        code: &str,
        code_verifier: &str,
    ) -> Result<UpstreamRequest, TransportError> {
        post_form(
            &self.token_endpoint(),
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("client_id", &self.client_id),
                ("client_secret", self.client_secret.expose_secret()),
                ("redirect_uri", &self.redirect_uri),
                ("code_verifier", code_verifier),
            ],
        )
    }

    /// The refresh grant. `client_secret` is sent because connected apps may require it for
    /// refreshes ("Require Secret for Refresh Token Flow", on by default).
    pub fn refresh_request(
        &self,
        refresh_token: &SecretString,
    ) -> Result<UpstreamRequest, TransportError> {
        post_form(
            &self.token_endpoint(),
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose_secret()),
                ("client_id", &self.client_id),
                ("client_secret", self.client_secret.expose_secret()),
            ],
        )
    }
}

impl SalesforceOAuth {
    /// Revokes a refresh token and every session issued from it: a form POST of `token` to
    /// `{login}/services/oauth2/revoke` ("Revoking OAuth Tokens",
    /// https://developer.salesforce.com/docs/platform/mobile-sdk/guide/oauth-revoking-tokens.html).
    pub fn revoke_request(&self, token: &SecretString) -> Result<UpstreamRequest, TransportError> {
        post_form(
            &format!("{}/services/oauth2/revoke", self.login),
            &[("token", token.expose_secret())],
        )
    }
}

/// The revocation's answer: 200 revoked; 400 `invalid_token` means the token no longer works
/// (revoked already, or expired), which is what was wanted; anything else is an error.
pub fn parse_revoke_response(response: &UpstreamResponse) -> Result<(), ProviderError> {
    let status = response.status().as_u16();
    if response.status().is_success() {
        return Ok(());
    }
    let code = serde_json::from_slice::<TokenError>(response.body())
        .map(|e| e.error)
        .unwrap_or_default();
    if status == 400 && code == "invalid_token" {
        return Ok(());
    }
    Err(ProviderError::from_status(
        Provider::Salesforce,
        status,
        code,
        crate::provider::retry_after(response),
    ))
}

/// A PKCE `code_verifier` from 32 random bytes: 43 characters of base64url (RFC 7636 §4.1
/// requires 43–128 characters from the unreserved set).
pub fn pkce_verifier(random: &[u8; 32]) -> String {
    URL_SAFE_NO_PAD.encode(random)
}

/// The S256 `code_challenge` of a verifier: `base64url(SHA-256(verifier))` (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// What the token endpoint granted. There is no `expires_in`: the session lasts the org's
/// session timeout and its end is learnt from a 401 (PROTOCOLS.md §8.4).
#[derive(Debug, Clone)]
pub struct TokenGrant {
    /// The session (access token) for REST calls.
    pub access_token: SecretString,
    /// The refresh token (only from the code exchange, unless the org rotates them).
    pub refresh_token: Option<SecretString>,
    /// Where every data call goes.
    pub instance_url: Url,
    /// The identity URL `https://login.salesforce.com/id/{orgId}/{userId}`.
    pub id: String,
    /// `Bearer`.
    pub token_type: String,
    /// Milliseconds since the epoch, when Salesforce said.
    pub issued_at: Option<u64>,
    /// `base64(HMAC-SHA256(id + issued_at, client_secret))`, when Salesforce sent it.
    pub signature: Option<String>,
    /// The scopes granted.
    pub scope: Option<String>,
}

impl TokenGrant {
    /// The user's id (`005…`), the last segment of [`Self::id`].
    pub fn user_id(&self) -> Option<&str> {
        self.id_segments().map(|(_, user)| user)
    }

    /// The org's id (`00D…`), the segment before the user's.
    pub fn organization_id(&self) -> Option<&str> {
        self.id_segments().map(|(org, _)| org)
    }

    fn id_segments(&self) -> Option<(&str, &str)> {
        let mut segments = self.id.trim_end_matches('/').rsplit('/');
        let user = segments.next().filter(|s| !s.is_empty())?;
        let org = segments.next().filter(|s| !s.is_empty())?;
        (segments.next() == Some("id")).then_some((org, user))
    }
}

#[derive(Deserialize)]
struct RawGrant {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    instance_url: String,
    id: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    issued_at: Option<String>,
    #[serde(default)]
    signature: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize)]
struct TokenError {
    error: String,
}

/// Parses the token endpoint's answer. Errors are `{"error","error_description"}` with 400:
/// `invalid_grant` (code used or expired, refresh token revoked, PKCE verifier missing) means
/// the seller must connect again and is [`ProviderError::Unauthorized`]; the rest
/// (`invalid_client`, `invalid_request`, `redirect_uri_mismatch`, ...) are configuration or
/// protocol faults and keep their code.
pub fn parse_token_response(response: &UpstreamResponse) -> Result<TokenGrant, ProviderError> {
    let provider = Provider::Salesforce;
    let status = response.status().as_u16();
    if !response.status().is_success() {
        let code = serde_json::from_slice::<TokenError>(response.body())
            .map(|e| e.error)
            .unwrap_or_default();
        return Err(match code.as_str() {
            "invalid_grant" => ProviderError::Unauthorized {
                provider,
                code,
                claims_challenge: None,
            },
            _ => ProviderError::from_status(provider, status, code, retry_after(response)),
        });
    }
    let raw: RawGrant = serde_json::from_slice(response.body()).map_err(|err| {
        ProviderError::malformed(
            provider,
            format!("token response: {:?} error", err.classify()),
        )
    })?;
    let instance_url = Url::parse(&raw.instance_url)
        .ok()
        .filter(|url| matches!(url.scheme(), "https" | "http"))
        .ok_or_else(|| ProviderError::malformed(provider, "token response: bad instance_url"))?;
    Ok(TokenGrant {
        access_token: SecretString::from(raw.access_token),
        refresh_token: raw.refresh_token.map(SecretString::from),
        instance_url,
        id: raw.id,
        token_type: raw.token_type.unwrap_or_else(|| "Bearer".into()),
        issued_at: raw.issued_at.and_then(|ms| ms.parse().ok()),
        signature: raw.signature,
        scope: raw.scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    const GRANT: &[u8] =
        include_bytes!("../../../tests/fixtures/salesforce/oauth-token.response.json");

    fn oauth() -> SalesforceOAuth {
        SalesforceOAuth::new(
            &Url::parse("https://login.example/").unwrap(),
            "client id",
            SecretString::from("s3cret"),
            "https://closer.example/api/salesforce/callback",
        )
    }

    fn response(status: u16, body: &[u8]) -> UpstreamResponse {
        http::Response::builder()
            .status(status)
            .body(Bytes::copy_from_slice(body))
            .unwrap()
    }

    fn form(request: &UpstreamRequest) -> Vec<(String, String)> {
        url::form_urlencoded::parse(request.body())
            .into_owned()
            .collect()
    }

    #[test]
    fn the_rfc_7636_example_challenge_matches() {
        // RFC 7636 Appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            pkce_challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_43_unreserved_characters() {
        let verifier = pkce_verifier(&[0xfb; 32]);
        assert_eq!(verifier.len(), 43);
        assert!(
            verifier
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        );
    }

    #[test]
    fn the_authorize_url_asks_for_a_code_with_s256() {
        let url = Url::parse(&oauth().authorize_url("abc", "st&te")).unwrap();
        assert_eq!(url.path(), "/services/oauth2/authorize");
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("client id"));
        assert_eq!(
            get("redirect_uri"),
            Some("https://closer.example/api/salesforce/callback")
        );
        assert_eq!(get("code_challenge"), Some("abc"));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("state"), Some("st&te"));
        assert_eq!(get("scope"), Some("api refresh_token"));
        assert!(url.query().unwrap().contains("scope=api%20refresh_token"));
    }

    #[test]
    fn the_code_exchange_carries_the_verifier_and_the_secret() {
        let request = oauth().code_exchange_request("c0de", "v3rifier").unwrap();
        assert_eq!(request.uri(), "https://login.example/services/oauth2/token");
        assert_eq!(
            form(&request),
            [
                ("grant_type", "authorization_code"),
                ("code", "c0de"),
                ("client_id", "client id"),
                ("client_secret", "s3cret"),
                (
                    "redirect_uri",
                    "https://closer.example/api/salesforce/callback"
                ),
                ("code_verifier", "v3rifier"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn the_refresh_grant_carries_the_refresh_token() {
        let request = oauth().refresh_request(&SecretString::from("r+t")).unwrap();
        let pairs = form(&request);
        assert!(pairs.contains(&("grant_type".into(), "refresh_token".into())));
        assert!(pairs.contains(&("refresh_token".into(), "r+t".into())));
        assert!(pairs.contains(&("client_secret".into(), "s3cret".into())));
        assert!(!format!("{:?}", oauth()).contains("s3cret"));
    }

    #[test]
    fn the_documented_token_answer_parses_without_expires_in() {
        let grant = parse_token_response(&response(200, GRANT)).unwrap();
        assert!(
            grant
                .access_token
                .expose_secret()
                .starts_with("00Dxx0000001gPL!")
        );
        assert!(grant.refresh_token.is_some());
        assert_eq!(
            grant.instance_url.as_str(),
            "https://mydomainname.my.salesforce.com/"
        );
        assert_eq!(grant.user_id(), Some("005xx000001SwiUAAS"));
        assert_eq!(grant.organization_id(), Some("00Dxx0000001gPLEAY"));
        assert_eq!(grant.token_type, "Bearer");
        assert_eq!(grant.issued_at, Some(1_278_448_832_702));
        assert!(!format!("{grant:?}").contains("AR8AQJXg"));
    }

    #[test]
    fn invalid_grant_means_connect_again() {
        let body =
            br#"{"error":"invalid_grant","error_description":"expired access/refresh token"}"#;
        let err = parse_token_response(&response(400, body)).unwrap_err();
        assert!(
            matches!(err, ProviderError::Unauthorized { ref code, .. } if code == "invalid_grant")
        );
        let body =
            br#"{"error":"invalid_client","error_description":"invalid client credentials"}"#;
        let err = parse_token_response(&response(400, body)).unwrap_err();
        assert!(
            matches!(err, ProviderError::Rejected { ref code, .. } if code == "invalid_client")
        );
    }

    #[test]
    fn a_grant_without_an_instance_is_malformed() {
        let err = parse_token_response(&response(200, br#"{"access_token":"a","id":"x"}"#));
        assert!(matches!(err, Err(ProviderError::Malformed { .. })));
    }
}
