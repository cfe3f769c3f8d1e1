//! The Entra-like authority, at the paths of `https://login.microsoftonline.com`:
//! OpenID metadata, JWKS (with a rotation tests can trigger), an authorize page where a person
//! picks a demo user, and a token endpoint for the authorization-code grant with PKCE (the
//! browser preview's sign-in) and the on-behalf-of grant (the worker's exchange for Graph and
//! CRM tokens), including an `interaction_required` answer tests can switch on.
//!
//! Tokens for Closer's API are RS256 JWTs shaped like Entra v2 access tokens; downstream tokens
//! (Graph, CRM) are opaque strings, as Graph tokens are to any client.

#![allow(
    clippy::result_large_err,
    reason = "handlers' early returns are axum Responses; the sandbox is not a hot path"
)]

use crate::SandboxUrls;
use crate::demo::{self, CLOSER_CLIENT_ID, CLOSER_CLIENT_SECRET, CLOSER_SCOPE, DemoUser};
use crate::state::{IssuedToken, PendingCode, Shared};
use crate::web::{html_escape as escape, percent_encode};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// Key 1 signs until a test rotates; then key 2 signs and both are published.
const KEYS: [(&str, &str); 2] = [
    (
        "sandbox-key-1",
        include_str!("../keys/sandbox-signing-1.pem"),
    ),
    (
        "sandbox-key-2",
        include_str!("../keys/sandbox-signing-2.pem"),
    ),
];

/// Resource URIs of the downstream APIs the OBO grant issues tokens for.
pub const GRAPH_RESOURCE: &str = "https://graph.microsoft.com";

/// Default lifetime of every token the authority issues.
const TOKEN_LIFETIME_SECS: i64 = 3600;

pub(crate) fn router(state: Shared, urls: SandboxUrls) -> Router {
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods(tower_http::cors::Any)
        .allow_headers(tower_http::cors::Any);
    Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(keys))
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(authorize_page).post(authorize_select),
        )
        .route(
            "/{tenant}/oauth2/v2.0/token",
            axum::routing::post(token).layer(cors),
        )
        .with_state((state, urls))
}

type AuthorityState = (Shared, SandboxUrls);

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// The issuer for a tenant: `{authority}{tid}/v2.0`, as Entra's v2 tokens carry it.
pub fn issuer(authority: &str, tenant_id: &str) -> String {
    format!("{authority}{tenant_id}/v2.0")
}

async fn openid_configuration(
    State((_, urls)): State<AuthorityState>,
    Path(tenant): Path<String>,
) -> Json<Value> {
    let base = &urls.authority;
    Json(json!({
        "issuer": format!("{base}{{tenantid}}/v2.0"),
        "authorization_endpoint": format!("{base}{tenant}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}{tenant}/oauth2/v2.0/token"),
        "jwks_uri": format!("{base}{tenant}/discovery/v2.0/keys"),
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "tenant_region_scope": "EU",
        "cloud_instance_name": "sandbox.local",
    }))
}

/// The kid the authority currently signs with.
pub fn current_kid(state: &Shared) -> &'static str {
    if state.lock().rotated {
        KEYS[1].0
    } else {
        KEYS[0].0
    }
}

fn published_keys(state: &Shared) -> &'static [(&'static str, &'static str)] {
    if state.lock().rotated {
        &KEYS
    } else {
        &KEYS[..1]
    }
}

async fn keys(State((state, urls)): State<AuthorityState>) -> Json<Value> {
    let fixed_issuer = state.lock().key_issuer.clone();
    let keys: Vec<Value> = published_keys(&state)
        .iter()
        .map(|(kid, pem)| {
            let public = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
                .expect("sandbox keys are valid PKCS#8")
                .to_public_key();
            json!({
                "kty": "RSA",
                "use": "sig",
                "kid": kid,
                "x5t": kid,
                "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
                "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
                "issuer": fixed_issuer
                    .clone()
                    .unwrap_or_else(|| format!("{}{{tenantid}}/v2.0", urls.authority)),
            })
        })
        .collect();
    Json(json!({ "keys": keys }))
}

/// Claims of a Closer API access token (Entra v2 shape, the fields validators look at).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Audience: Closer's client id.
    pub aud: String,
    /// Issuer: `{authority}{tid}/v2.0`.
    pub iss: String,
    /// Issued at.
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
    /// Expiry.
    pub exp: i64,
    /// Display name.
    pub name: String,
    /// Object id.
    pub oid: String,
    /// Sign-in name.
    pub preferred_username: String,
    /// Delegated scopes, space-separated.
    pub scp: String,
    /// Subject.
    pub sub: String,
    /// Tenant id.
    pub tid: String,
    /// Token version.
    pub ver: String,
    /// The client application the token was issued to (Entra's v2.0 access tokens always
    /// carry it: https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference).
    pub azp: String,
    /// App roles assigned to the user in Closer's app registration; Entra leaves the claim out
    /// when there are none
    /// (https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference,
    /// `roles`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
}

/// What a test wants in a minted token; every field overrides the well-formed default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MintRequest {
    /// The demo user (required).
    pub user_id: String,
    /// Seconds until expiry from now (negative: already expired). Default one hour.
    pub expires_in: Option<i64>,
    /// Seconds until the token becomes valid (positive: not yet valid).
    pub not_before_in: Option<i64>,
    /// Audience override.
    pub audience: Option<String>,
    /// Issuer override.
    pub issuer: Option<String>,
    /// Scope override.
    pub scope: Option<String>,
    /// The client application (`azp`); default Closer's own app, as its pane signs in.
    pub client_app: Option<String>,
    /// App roles override; default the demo user's own.
    pub roles: Option<Vec<String>>,
}

/// Mints a Closer API token signed with the current key.
pub fn mint_user_token(state: &Shared, authority: &str, request: &MintRequest) -> Option<String> {
    let user = demo::user(&request.user_id)?;
    let claims = user_claims(user, authority, request);
    Some(sign(state, &claims))
}

fn user_claims(user: &DemoUser, authority: &str, request: &MintRequest) -> AccessClaims {
    let now = now();
    AccessClaims {
        aud: request
            .audience
            .clone()
            .unwrap_or_else(|| CLOSER_CLIENT_ID.into()),
        iss: request
            .issuer
            .clone()
            .unwrap_or_else(|| issuer(authority, user.tenant_id)),
        iat: now,
        nbf: now + request.not_before_in.unwrap_or(0),
        exp: now + request.expires_in.unwrap_or(TOKEN_LIFETIME_SECS),
        name: user.name.into(),
        oid: user.id.into(),
        preferred_username: user.email.into(),
        scp: request
            .scope
            .clone()
            .unwrap_or_else(|| "access_as_user".into()),
        sub: format!("sub-{}", user.id),
        tid: user.tenant_id.into(),
        ver: "2.0".into(),
        azp: request
            .client_app
            .clone()
            .unwrap_or_else(|| CLOSER_CLIENT_ID.into()),
        roles: request.roles.clone().unwrap_or_else(|| {
            user.app_roles
                .iter()
                .map(|role| (*role).to_owned())
                .collect()
        }),
    }
}

fn sign(state: &Shared, claims: &AccessClaims) -> String {
    let kid = current_kid(state);
    let pem = KEYS.iter().find(|(k, _)| *k == kid).expect("known kid").1;
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.into());
    header.typ = Some("JWT".into());
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).expect("sandbox keys are valid PEM");
    jsonwebtoken::encode(&header, claims, &key).expect("claims serialize")
}

/// `POST /_sandbox/authority/token`: mints a token as a test asks (expired, wrong audience...).
pub(crate) async fn mint_for_tests(
    State(state): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<MintRequest>,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let authority = format!("http://{host}/entra/");
    match mint_user_token(&state, &authority, &request) {
        Some(token) => Json(json!({ "access_token": token })).into_response(),
        None => (StatusCode::NOT_FOUND, "no such demo user").into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct AuthorizeParams {
    client_id: String,
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
    #[serde(default)]
    user_id: Option<String>,
}

fn authorize_error(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Html(format!("<p>{message}</p>"))).into_response()
}

fn check_authorize(params: &AuthorizeParams) -> Result<(), Response> {
    if params.client_id != CLOSER_CLIENT_ID {
        return Err(authorize_error("AADSTS700016: unknown application"));
    }
    let loopback = ["http://127.0.0.1:", "http://localhost:"]
        .iter()
        .any(|p| params.redirect_uri.starts_with(p));
    if !loopback {
        return Err(authorize_error("AADSTS50011: redirect URI not registered"));
    }
    if params.code_challenge_method != "S256" || params.code_challenge.len() < 43 {
        return Err(authorize_error("AADSTS9002325: PKCE with S256 is required"));
    }
    Ok(())
}

/// The sign-in page: a list of demo users to sign in as.
async fn authorize_page(
    Path(tenant): Path<String>,
    Query(params): Query<AuthorizeParams>,
) -> Response {
    if let Err(response) = check_authorize(&params) {
        return response;
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let users: String = demo::USERS
        .iter()
        .filter(|u| matches!(tenant.as_str(), "common" | "organizations") || u.tenant_id == tenant)
        .map(|u| {
            let tenant_name = demo::tenant(u.tenant_id).map_or("", |t| t.name);
            format!(
                "<button type=\"submit\" name=\"user_id\" value=\"{id}\" data-testid=\"sign-in-as-{id}\">\
                 <strong>{name}</strong><br><small>{email} · {tenant_name}</small></button>",
                id = u.id,
                name = escape(u.name),
                email = escape(u.email),
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in · Sandbox authority</title>\
         <style>body{{font-family:system-ui;max-width:420px;margin:40px auto}}button{{display:block;width:100%;text-align:left;margin:8px 0;padding:10px;font:inherit}}</style></head>\
         <body><h1>Sandbox sign-in</h1><p>Pick a demo user. This is the local tenant, not Microsoft.</p>\
         <form method=\"post\">{}{}{}{}{}{}{users}</form></body></html>",
        hidden("client_id", &params.client_id),
        hidden("redirect_uri", &params.redirect_uri),
        hidden("scope", &params.scope),
        hidden("state", &params.state),
        hidden("code_challenge", &params.code_challenge),
        hidden("code_challenge_method", &params.code_challenge_method),
    ))
    .into_response()
}

/// The user picked: issue a code and send the browser back to the app.
async fn authorize_select(
    State((state, _)): State<AuthorityState>,
    Path(_tenant): Path<String>,
    Form(params): Form<AuthorizeParams>,
) -> Response {
    if let Err(response) = check_authorize(&params) {
        return response;
    }
    let Some(user) = params.user_id.as_deref().and_then(demo::user) else {
        return authorize_error("pick a demo user");
    };
    let code = uuid::Uuid::new_v4().to_string();
    state.lock().codes.insert(
        code.clone(),
        PendingCode {
            user_id: user.id.into(),
            code_challenge: params.code_challenge.clone(),
            redirect_uri: params.redirect_uri.clone(),
            client_id: params.client_id.clone(),
            scope: params.scope.clone(),
        },
    );
    let separator = if params.redirect_uri.contains('?') {
        '&'
    } else {
        '?'
    };
    Redirect::to(&format!(
        "{}{separator}code={code}&state={}",
        params.redirect_uri,
        percent_encode(&params.state)
    ))
    .into_response()
}

fn token_error(status: StatusCode, error: &str, description: &str, extra: Value) -> Response {
    let mut body = json!({
        "error": error,
        "error_description": description,
        "error_codes": [],
        "timestamp": "2026-11-29 00:00:00Z",
        "trace_id": uuid::Uuid::new_v4().to_string(),
        "correlation_id": uuid::Uuid::new_v4().to_string(),
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    (status, Json(body)).into_response()
}

/// `POST /{tenant}/oauth2/v2.0/token`.
async fn token(
    State((state, urls)): State<AuthorityState>,
    Path(_tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    match field("grant_type") {
        "authorization_code" => redeem_code(&state, &urls, &form),
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => on_behalf_of(&state, &urls, &form),
        other => token_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("AADSTS70003: grant type {other:?} is not supported"),
            Value::Null,
        ),
    }
}

fn redeem_code(state: &Shared, urls: &SandboxUrls, form: &HashMap<String, String>) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let Some(pending) = state.lock().codes.remove(field("code")) else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "AADSTS70008: the code is unknown, expired or already redeemed",
            Value::Null,
        );
    };
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(field("code_verifier").as_bytes()));
    if challenge != pending.code_challenge
        || field("redirect_uri") != pending.redirect_uri
        || field("client_id") != pending.client_id
    {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "AADSTS501481: the code verifier, redirect URI or client does not match",
            Value::Null,
        );
    }
    let user = demo::user(&pending.user_id).expect("codes are issued for demo users");
    let lifetime = state
        .lock()
        .token_lifetime_secs
        .map_or(TOKEN_LIFETIME_SECS, |s| s as i64);
    let claims = user_claims(
        user,
        &urls.authority,
        &MintRequest {
            expires_in: Some(lifetime),
            client_app: Some(pending.client_id.clone()),
            ..MintRequest::default()
        },
    );
    Json(json!({
        "token_type": "Bearer",
        "scope": if pending.scope.is_empty() { CLOSER_SCOPE.to_owned() } else { pending.scope },
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": sign(state, &claims),
    }))
    .into_response()
}

fn on_behalf_of(state: &Shared, urls: &SandboxUrls, form: &HashMap<String, String>) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if field("client_id") != CLOSER_CLIENT_ID || field("client_secret") != CLOSER_CLIENT_SECRET {
        return token_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "AADSTS7000215: invalid client secret provided",
            Value::Null,
        );
    }
    if field("requested_token_use") != "on_behalf_of" {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "AADSTS900144: requested_token_use must be on_behalf_of",
            Value::Null,
        );
    }
    let Some(claims) = verify_assertion(state, &urls.authority, field("assertion")) else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "AADSTS50013: assertion failed signature validation or is expired",
            Value::Null,
        );
    };
    if let Some(claims_challenge) = state.lock().obo_interaction_required.clone() {
        return token_error(
            StatusCode::BAD_REQUEST,
            "interaction_required",
            "AADSTS50079: Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.",
            json!({ "error_codes": [50079], "suberror": "basic_action", "claims": claims_challenge }),
        );
    }
    let scope = field("scope");
    let Some(resource) = scope
        .split_whitespace()
        .find_map(|s| s.strip_suffix("/.default"))
        .map(|r| r.trim_end_matches('/').to_owned())
    else {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "AADSTS70011: the scope must be a resource's /.default",
            Value::Null,
        );
    };
    let lifetime = TOKEN_LIFETIME_SECS;
    let access_token = format!("sbx.{}", uuid::Uuid::new_v4().simple());
    let mut locked = state.lock();
    locked.obo_exchanges += 1;
    locked.issued.insert(
        access_token.clone(),
        IssuedToken {
            user_id: claims.oid.clone(),
            resource: resource.clone(),
            expires_at: (now() + lifetime) as u64,
        },
    );
    Json(json!({
        "token_type": "Bearer",
        "scope": format!("{resource}/User.Read {resource}/Mail.Read"),
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access_token,
    }))
    .into_response()
}

/// Verifies a Closer API token the way Entra checks an OBO assertion.
fn verify_assertion(state: &Shared, authority: &str, token: &str) -> Option<AccessClaims> {
    let header = jsonwebtoken::decode_header(token).ok()?;
    let kid = header.kid?;
    let pem = published_keys(state).iter().find(|(k, _)| *k == kid)?.1;
    let public = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
        .ok()?
        .to_public_key();
    let key =
        DecodingKey::from_rsa_raw_components(&public.n().to_bytes_be(), &public.e().to_bytes_be());
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[CLOSER_CLIENT_ID]);
    let claims = jsonwebtoken::decode::<AccessClaims>(token, &key, &validation)
        .ok()?
        .claims;
    (claims.iss == issuer(authority, &claims.tid)).then_some(claims)
}

/// Checks a downstream bearer token for `resource`; the error is the Graph-shaped 401.
pub fn bearer_user(
    state: &Shared,
    headers: &HeaderMap,
    resource: &str,
) -> Result<&'static DemoUser, Response> {
    let unauthorized = |code: &str, message: &str| {
        (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": { "code": code, "message": message,
                "innerError": { "request-id": uuid::Uuid::new_v4().to_string() } } })),
        )
            .into_response()
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| unauthorized("InvalidAuthenticationToken", "Access token is empty."))?;
    let issued = state.lock().issued.get(token).cloned().ok_or_else(|| {
        unauthorized(
            "InvalidAuthenticationToken",
            "IDX14100: JWT is not well formed.",
        )
    })?;
    if issued.resource != resource {
        return Err(unauthorized(
            "InvalidAuthenticationToken",
            "Invalid audience.",
        ));
    }
    if issued.expires_at < now() as u64 {
        return Err(unauthorized(
            "InvalidAuthenticationToken",
            "Lifetime validation failed, the token is expired.",
        ));
    }
    demo::user(&issued.user_id)
        .ok_or_else(|| unauthorized("InvalidAuthenticationToken", "Unknown user."))
}

/// Issues a downstream token directly (for connector tests that skip the OBO exchange).
pub fn issue_downstream_token(state: &Shared, user_id: &str, resource: &str) -> String {
    let token = format!("sbx.{}", uuid::Uuid::new_v4().simple());
    state.lock().issued.insert(
        token.clone(),
        IssuedToken {
            user_id: user_id.into(),
            resource: resource.into(),
            expires_at: (now() + TOKEN_LIFETIME_SECS) as u64,
        },
    );
    token
}
