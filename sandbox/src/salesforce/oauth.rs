//! The org's login host: the web-server flow with PKCE (an authorize page where a person picks a
//! seeded CRM user, the token endpoint's `authorization_code` and `refresh_token` grants), the
//! UserInfo endpoint, and the session check every data call makes.
//! https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm
//!
//! As Salesforce does: tokens carry no `expires_in` (a session ends with the org's timeout,
//! [`SalesforceState::set_session_lifetime`]); a bad session is 401 `INVALID_SESSION_ID` on the
//! REST API and a plain-text 403 `Bad_OAuth_Token` on UserInfo [C]; token errors are
//! `{"error","error_description"}`; a code without its verifier is `invalid_grant` and a wrong
//! verifier `invalid_request` (PROTOCOLS.md §2). Unlike a default connected app, the sandbox's
//! requires PKCE (S256) and accepts only loopback callback URLs.
//!
//! [`SalesforceState::set_session_lifetime`]: super::SalesforceState::set_session_lifetime

#![allow(
    clippy::result_large_err,
    reason = "handlers' early returns are axum Responses; the sandbox is not a hot path"
)]

use super::errors::SfError;
use super::org::{PendingCode, org_id, user_id};
use super::{Ctx, SANDBOX_SF_CLIENT_ID, SANDBOX_SF_CLIENT_SECRET, clock};
use crate::crm_seed::{self, SeedUser};
use crate::web::{html_escape as escape, percent_encode};
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The caller of a data call: the user of a live session.
pub(crate) struct Caller {
    pub user: &'static SeedUser,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

impl FromRequestParts<Ctx> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, ctx: &Ctx) -> Result<Self, Response> {
        let state = ctx.state.lock();
        bearer(&parts.headers)
            .and_then(|token| state.salesforce.session_user(token))
            .map(|user| Caller { user })
            .ok_or_else(|| {
                SfError::new(
                    StatusCode::UNAUTHORIZED,
                    "INVALID_SESSION_ID",
                    "Session expired or invalid",
                )
                .into_response()
            })
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct AuthorizeParams {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    scope: String,
    /// The picked user's `crm_seed` key (the form's button).
    #[serde(default)]
    user: Option<String>,
}

fn authorize_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<!doctype html><title>Error</title><p data-testid=\"sf-authorize-error\">error={error}&amp;error_description={}</p>",
            escape(description)
        )),
    )
        .into_response()
}

fn check_authorize(params: &AuthorizeParams) -> Result<(), Response> {
    if params.client_id != SANDBOX_SF_CLIENT_ID {
        return Err(authorize_error(
            "invalid_client_id",
            "client identifier invalid",
        ));
    }
    let loopback = ["http://127.0.0.1:", "http://localhost:"]
        .iter()
        .any(|p| params.redirect_uri.starts_with(p));
    if !loopback {
        return Err(authorize_error(
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        ));
    }
    if params.response_type != "code" {
        return Err(authorize_error(
            "unsupported_response_type",
            "response type not supported",
        ));
    }
    if params.code_challenge_method != "S256" || params.code_challenge.len() < 43 {
        return Err(authorize_error(
            "invalid_request",
            "this connected app requires PKCE with code_challenge_method=S256",
        ));
    }
    Ok(())
}

/// `GET /services/oauth2/authorize`: pick a seeded CRM user.
pub(crate) async fn authorize_page(Query(params): Query<AuthorizeParams>) -> Response {
    if let Err(response) = check_authorize(&params) {
        return response;
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let users: String = crm_seed::USERS
        .iter()
        .map(|u| {
            format!(
                "<button type=\"submit\" name=\"user\" value=\"{key}\" data-testid=\"sf-sign-in-as-{key}\">\
                 <strong>{name}</strong><br><small>{email}</small></button>",
                key = u.key,
                name = escape(u.name),
                email = escape(u.email),
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Log in · Sandbox Salesforce</title>\
         <style>body{{font-family:system-ui;max-width:420px;margin:40px auto}}button{{display:block;width:100%;text-align:left;margin:8px 0;padding:10px;font:inherit}}</style></head>\
         <body><h1>Sandbox Salesforce</h1><p>Allow Closer to access your CRM as one of these users. This is the local sandbox, not Salesforce.</p>\
         <form method=\"post\">{}{}{}{}{}{}{}{users}</form></body></html>",
        hidden("response_type", &params.response_type),
        hidden("client_id", &params.client_id),
        hidden("redirect_uri", &params.redirect_uri),
        hidden("code_challenge", &params.code_challenge),
        hidden("code_challenge_method", &params.code_challenge_method),
        hidden("state", &params.state),
        hidden("scope", &params.scope),
    ))
    .into_response()
}

/// `POST /services/oauth2/authorize`: the user allowed access; back to the app with a code.
pub(crate) async fn authorize_select(
    State(ctx): State<Ctx>,
    Form(params): Form<AuthorizeParams>,
) -> Response {
    if let Err(response) = check_authorize(&params) {
        return response;
    }
    let Some(user) = params
        .user
        .as_deref()
        .and_then(|key| crm_seed::USERS.iter().find(|u| u.key == key))
    else {
        return authorize_error("access_denied", "pick a user");
    };
    let code = format!("aPrx{}", uuid::Uuid::new_v4().simple());
    ctx.state.lock().salesforce.codes.insert(
        code.clone(),
        PendingCode {
            user,
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
    let mut location = format!("{}{separator}code={code}", params.redirect_uri);
    if !params.state.is_empty() {
        location.push_str(&format!("&state={}", percent_encode(&params.state)));
    }
    Redirect::to(&location).into_response()
}

fn token_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// `POST /services/oauth2/token`.
pub(crate) async fn token(
    State(ctx): State<Ctx>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    if field("client_id") != SANDBOX_SF_CLIENT_ID {
        return token_error("invalid_client_id", "client identifier invalid");
    }
    if field("client_secret") != SANDBOX_SF_CLIENT_SECRET {
        return token_error("invalid_client", "invalid client credentials");
    }
    match field("grant_type") {
        "authorization_code" => redeem(&ctx, &form),
        "refresh_token" => refresh(&ctx, field("refresh_token")),
        _ => token_error("unsupported_grant_type", "grant type not supported"),
    }
}

fn redeem(ctx: &Ctx, form: &HashMap<String, String>) -> Response {
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let Some(pending) = ctx.state.lock().salesforce.codes.remove(field("code")) else {
        return token_error("invalid_grant", "invalid authorization code");
    };
    if field("redirect_uri") != pending.redirect_uri || field("client_id") != pending.client_id {
        return token_error(
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        );
    }
    if field("code_verifier").is_empty() {
        return token_error("invalid_grant", "invalid code verifier");
    }
    if URL_SAFE_NO_PAD.encode(Sha256::digest(field("code_verifier").as_bytes()))
        != pending.code_challenge
    {
        return token_error("invalid_request", "invalid code verifier");
    }
    let mut state = ctx.state.lock();
    let refresh_token = state.salesforce.new_refresh_token(pending.user);
    let access_token = state
        .salesforce
        .new_session_of(pending.user, Some(&refresh_token));
    let scope = if pending.scope.is_empty() {
        "api refresh_token".to_owned()
    } else {
        pending.scope
    };
    grant(ctx, pending.user, access_token, Some(refresh_token), &scope)
}

fn refresh(ctx: &Ctx, refresh_token: &str) -> Response {
    let mut state = ctx.state.lock();
    let Some(user) = state.salesforce.refresh_tokens.get(refresh_token).copied() else {
        return token_error("invalid_grant", "expired access/refresh token");
    };
    let access_token = state.salesforce.new_session_of(user, Some(refresh_token));
    grant(ctx, user, access_token, None, "refresh_token api")
}

/// The token endpoint's success answer (no `expires_in`).
fn grant(
    ctx: &Ctx,
    user: &SeedUser,
    access_token: String,
    refresh_token: Option<String>,
    scope: &str,
) -> Response {
    let instance_url = format!("{}/salesforce", ctx.urls.origin);
    let id = format!("{instance_url}/id/{}/{}", org_id(), user_id(user.key));
    let issued_at = clock::now_millis().to_string();
    let signature = STANDARD.encode(hmac_sha256(
        SANDBOX_SF_CLIENT_SECRET.as_bytes(),
        format!("{id}{issued_at}").as_bytes(),
    ));
    let mut body = json!({
        "access_token": access_token,
        "signature": signature,
        "scope": scope,
        "instance_url": instance_url,
        "id": id,
        "token_type": "Bearer",
        "issued_at": issued_at,
    });
    if let Some(refresh_token) = refresh_token {
        body["refresh_token"] = json!(refresh_token);
    }
    Json(body).into_response()
}

/// `POST /services/oauth2/revoke`: form `token=…` (a refresh or an access token); 200 with an
/// empty body when revoked, 400 `{"error":"invalid_token"}` for a token the org does not know,
/// as "Revoking OAuth Tokens" documents
/// (https://developer.salesforce.com/docs/platform/mobile-sdk/guide/oauth-revoking-tokens.html).
pub(crate) async fn revoke(
    State(ctx): State<Ctx>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let token = form.get("token").map(String::as_str).unwrap_or_default();
    if ctx.state.lock().salesforce.revoke(token) {
        StatusCode::OK.into_response()
    } else {
        token_error("invalid_token", "Token was invalid")
    }
}

/// `GET /services/oauth2/userinfo`.
pub(crate) async fn userinfo(State(ctx): State<Ctx>, headers: HeaderMap) -> Response {
    let user = {
        let state = ctx.state.lock();
        bearer(&headers).and_then(|token| state.salesforce.session_user(token))
    };
    let Some(user) = user else {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain")],
            "Bad_OAuth_Token",
        )
            .into_response();
    };
    let instance = format!("{}/salesforce", ctx.urls.origin);
    let (given, family) = user.name.split_once(' ').unwrap_or(("", user.name));
    Json(json!({
        "sub": format!("{instance}/id/{}/{}", org_id(), user_id(user.key)),
        "user_id": user_id(user.key),
        "organization_id": org_id(),
        "preferred_username": user.email,
        "nickname": user.key,
        "name": user.name,
        "email": user.email,
        "email_verified": true,
        "given_name": given,
        "family_name": family,
        "zoneinfo": "America/Los_Angeles",
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": -28_800_000,
        "urls": {
            "rest": format!("{instance}/services/data/v{{version}}/"),
            "sobjects": format!("{instance}/services/data/v{{version}}/sobjects/"),
            "query": format!("{instance}/services/data/v{{version}}/query/"),
            "search": format!("{instance}/services/data/v{{version}}/search/"),
        },
    }))
    .into_response()
}

/// HMAC-SHA256 (RFC 2104) for the token response's `signature`.
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
