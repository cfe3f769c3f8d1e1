//! The pane's session: the access token for Closer's API (and only that token), kept in
//! `sessionStorage` so a reload stays signed in and closing the tab signs out.
//!
//! Two ways to a token, behind the same handle ([`SignInMethod`]): in the browser preview (and
//! in Outlook or Teams without nested app authentication) the authorization-code flow with PKCE
//! against the configured authority (the sandbox's in dev and tests, Entra in production);
//! inside Outlook or Teams when they broker tokens (NAA), the host itself through MSAL.js's
//! nestable client ([`crate::host::nested_token`]): silently when the pane opens, with the
//! host's popup when the seller presses "Sign in".
//!
//! The session owns the client of Closer's API as the signed-in user ([`Session::call`]) and
//! the one rule about its answers: a refused (or missing) token ends the session.

use crate::api::AuthorizedApi;
use crate::error::{AppError, BrowserGap, SignInFailure};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use closer_wire::AuthConfig;
use leptos::prelude::*;

const TOKEN_KEY: &str = "closer.token";
const VERIFIER_KEY: &str = "closer.pkce.verifier";
const STATE_KEY: &str = "closer.pkce.state";
const TOKEN_ENDPOINT_KEY: &str = "closer.pkce.token_endpoint";
const CLIENT_ID_KEY: &str = "closer.pkce.client_id";
/// Set in Teams' sign-in popup: the redirect sign-in's token goes back to the tab.
const TEAMS_POPUP_KEY: &str = "closer.teams_popup";

/// Where the session stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// No token: offer to sign in.
    SignedOut,
    /// A token the worker has not refused (yet).
    SignedIn(String),
    /// The worker refused the token: offer to sign in again.
    Expired,
}

/// Where the session's token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMethod {
    /// The authority's sign-in page (authorization code + PKCE) and back.
    Redirect,
    /// The host (Outlook or Teams), through nested app authentication.
    Nested,
    /// Teams without nested app authentication: the redirect sign-in in Teams' own popup
    /// (Entra's page cannot be framed), which hands the token back to the tab.
    TeamsPopup,
}

/// The session handle shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    method: RwSignal<SignInMethod>,
}

impl Session {
    /// The current state (tracked).
    pub fn state(&self) -> SessionState {
        self.state.get()
    }

    /// The current state, untracked.
    pub fn state_untracked(&self) -> SessionState {
        self.state.get_untracked()
    }

    /// The bearer token for Closer's API, if signed in (untracked read for requests).
    pub fn token(&self) -> Option<String> {
        match self.state.get_untracked() {
            SessionState::SignedIn(token) => Some(token),
            _ => None,
        }
    }

    /// The client of Closer's API as the signed-in user, or [`AppError::SignedOut`].
    pub fn api(&self) -> Result<AuthorizedApi, AppError> {
        self.token()
            .map(AuthorizedApi::new)
            .ok_or(AppError::SignedOut)
    }

    /// Makes one call of Closer's API as the signed-in user. A call refused for the session's
    /// sake (or made without one) ends the session, so the pane offers to sign in again.
    pub async fn call<T, Call>(
        self,
        request: impl FnOnce(AuthorizedApi) -> Call,
    ) -> Result<T, AppError>
    where
        Call: Future<Output = Result<T, AppError>>,
    {
        let result = match self.api() {
            Ok(api) => request(api).await,
            Err(error) => Err(error),
        };
        if result.as_ref().is_err_and(AppError::is_unauthorized) {
            self.expire();
        }
        result
    }

    /// Marks the session expired (the worker answered 401) and forgets the token.
    pub fn expire(&self) {
        remove(TOKEN_KEY);
        self.state.set(SessionState::Expired);
    }

    fn sign_in_with(&self, token: String) {
        set(TOKEN_KEY, &token);
        self.state.set(SessionState::SignedIn(token));
    }

    /// "Sign in" opens Teams' sign-in popup from now on (Teams without nested app
    /// authentication: Entra's page cannot be framed in the tab).
    pub fn use_teams_popup_sign_in(&self) {
        self.method.set(SignInMethod::TeamsPopup);
    }

    /// Signs in through the host (Outlook or Teams) from now on (it supports nested app authentication),
    /// and tries to silently right away. A silent failure leaves the session signed out with
    /// "Sign in" offered (the host's popup needs a click); the reason lands in `failure`.
    pub fn use_nested_sign_in(&self, failure: RwSignal<Option<AppError>>) {
        self.method.set(SignInMethod::Nested);
        let session = *self;
        leptos::task::spawn_local(async move {
            let token = match crate::api::auth_config().await {
                Ok(config) => crate::host::nested_token(&config, false).await,
                Err(error) => Err(error),
            };
            match token {
                Ok(token) => session.sign_in_with(token),
                // A stored token may still be good; the worker says when it is not.
                Err(_) if session.token().is_some() => {}
                Err(error) => failure.set(Some(error)),
            }
        });
    }
}

/// "Sign in" pressed: the host's popup (NAA), or the authority's page (the browser leaves).
pub async fn sign_in(session: Session, config: &AuthConfig) -> Result<(), AppError> {
    match session.method.get_untracked() {
        SignInMethod::Nested => {
            let token = crate::host::nested_token(config, true).await?;
            session.sign_in_with(token);
            Ok(())
        }
        SignInMethod::TeamsPopup => {
            let token = crate::host::teams::authenticate_in_popup().await?;
            session.sign_in_with(token);
            Ok(())
        }
        SignInMethod::Redirect => start_sign_in(config).await,
    }
}

/// Marks this window as Teams' sign-in popup: once the redirect sign-in completes here, the
/// token goes back to the tab ([`complete_sign_in`]).
pub fn mark_teams_popup() {
    set(TEAMS_POPUP_KEY, "1");
}

/// Provides the session, restored from `sessionStorage`.
pub fn provide_session_context() -> Session {
    let initial = get(TOKEN_KEY).map_or(SessionState::SignedOut, SessionState::SignedIn);
    let session = Session {
        state: RwSignal::new(initial),
        method: RwSignal::new(SignInMethod::Redirect),
    };
    provide_context(session);
    session
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

fn random_urlsafe(bytes: usize) -> Result<String, AppError> {
    let mut buffer = vec![0u8; bytes];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(AppError::Browser(BrowserGap::NoWebCrypto))?
        .get_random_values_with_u8_array(&mut buffer)
        .map_err(|_| AppError::Browser(BrowserGap::NoRandomValues))?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

async fn sha256_urlsafe(text: &str) -> Result<String, AppError> {
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(AppError::Browser(BrowserGap::NoWebCrypto))?
        .subtle();
    let promise = subtle
        .digest_with_str_and_u8_array("SHA-256", text.as_bytes())
        .map_err(|_| AppError::Browser(BrowserGap::NoSha256))?;
    let digest = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| AppError::Browser(BrowserGap::Sha256Failed))?;
    Ok(URL_SAFE_NO_PAD.encode(js_sys::Uint8Array::new(&digest).to_vec()))
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn redirect_uri() -> String {
    format!("{}/", origin())
}

/// Sends the browser to the authority's sign-in page (authorization code + PKCE S256).
pub async fn start_sign_in(config: &AuthConfig) -> Result<(), AppError> {
    let verifier = random_urlsafe(48)?;
    let state = random_urlsafe(16)?;
    let challenge = sha256_urlsafe(&verifier).await?;
    let base = format!("{}{}/oauth2/v2.0/", config.authority_url, config.tenant);
    set(VERIFIER_KEY, &verifier);
    set(STATE_KEY, &state);
    set(TOKEN_ENDPOINT_KEY, &format!("{base}token"));
    set(CLIENT_ID_KEY, &config.client_id);
    let query = web_sys::UrlSearchParams::new()
        .map_err(|_| AppError::Browser(BrowserGap::NoUrlSearchParams))?;
    for (name, value) in [
        ("client_id", config.client_id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", &redirect_uri()),
        ("response_mode", "query"),
        ("scope", &config.scope),
        ("state", &state),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ] {
        query.append(name, value);
    }
    let url = format!("{base}authorize?{}", String::from(query.to_string()));
    web_sys::window()
        .ok_or(AppError::Browser(BrowserGap::NoWindow))?
        .location()
        .set_href(&url)
        .map_err(|_| AppError::Browser(BrowserGap::NavigationRefused))
}

/// Completes a sign-in when the authority redirected back with `?code=&state=`: redeems the
/// code (with the PKCE verifier) at the token endpoint and stores the access token. Returns
/// whether a redirect was handled.
pub async fn complete_sign_in(session: Session) -> Result<bool, AppError> {
    let Some(window) = web_sys::window() else {
        return Ok(false);
    };
    let search = window.location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search)
        .map_err(|_| AppError::Browser(BrowserGap::NoUrlSearchParams))?;
    let (Some(code), Some(returned_state)) = (params.get("code"), params.get("state")) else {
        return Ok(false);
    };
    // Drop the code from the address bar whatever happens next: it is single-use.
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    }
    let expected_state = get(STATE_KEY);
    let verifier = get(VERIFIER_KEY);
    let endpoint = get(TOKEN_ENDPOINT_KEY);
    let client_id = get(CLIENT_ID_KEY);
    for key in [STATE_KEY, VERIFIER_KEY, TOKEN_ENDPOINT_KEY, CLIENT_ID_KEY] {
        remove(key);
    }
    let (Some(verifier), Some(endpoint), Some(client_id)) = (verifier, endpoint, client_id) else {
        return Err(AppError::SignIn(SignInFailure::NotStarted));
    };
    if expected_state.as_deref() != Some(returned_state.as_str()) {
        return Err(AppError::SignIn(SignInFailure::StateMismatch));
    }
    let form = web_sys::UrlSearchParams::new()
        .map_err(|_| AppError::Browser(BrowserGap::NoUrlSearchParams))?;
    for (name, value) in [
        ("client_id", client_id.as_str()),
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", &redirect_uri()),
        ("code_verifier", &verifier),
    ] {
        form.append(name, value);
    }
    let redeemed = crate::api::redeem_code(&endpoint, String::from(form.to_string())).await;
    // In Teams' sign-in popup the token belongs to the tab that opened it.
    let teams_popup = get(TEAMS_POPUP_KEY).is_some();
    remove(TEAMS_POPUP_KEY);
    let token = match redeemed {
        Ok(token) => token,
        Err(error) => {
            if teams_popup {
                crate::host::teams::notify_auth_failure(&error.to_string()).await;
            }
            return Err(error);
        }
    };
    if teams_popup {
        crate::host::teams::notify_auth_success(&token)
            .await
            .map_err(|reason| AppError::SignIn(SignInFailure::Host(reason)))?;
    }
    session.sign_in_with(token);
    Ok(true)
}
