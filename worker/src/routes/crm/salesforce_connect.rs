//! Connecting Salesforce: the OAuth web-server flow with PKCE, run by the worker, completed
//! only by the Closer user who started it.
//!
//! [`start`] (an authenticated pane call) makes a PKCE verifier and an opaque, unguessable
//! state (random bytes: nothing about the user), keeps them in Closer's store under the user for
//! ten minutes, and returns Salesforce's authorize URL. Salesforce sends the browser back to
//! the worker's callback, which exchanges nothing: [`callback_target`] hands `code` and `state`
//! to the pane in the URL fragment (never sent to a server, never in a `Referer`). The pane then
//! calls [`finish`] with its own bearer token: the pending sign-in is looked up under *that*
//! user, so a sign-in started by someone else (an attacker who sent their authorize URL to a
//! colleague) finds nothing to complete and the colleague's Salesforce is never linked to the
//! attacker's Closer user. [`finish`] exchanges the code with the client secret and the
//! verifier, checks the instance is the configured org, stores the refresh token sealed by the
//! vault (user key as associated data), and returns the connection it replaced so the edge can
//! [`revoke`] that one's refresh token at Salesforce. The access token is returned for the
//! isolate's session cache and is never stored.

use super::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection, user_scope};
use crate::crm::salesforce::oauth::{
    parse_revoke_response, parse_token_response, pkce_challenge, pkce_verifier,
};
use crate::crm::salesforce::{SalesforceOAuth, vault};
use crate::error::ApiFailure;
use crate::http::HttpTransport;
use crate::identity::UserContext;
use crate::provider::{Provider, ProviderError};
use crate::store::{CloserStore, Row};
use closer_wire::SalesforceSignIn;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use url::Url;

/// The store key of a pending sign-in.
const PENDING_KEY: &str = "salesforce-pending";
/// How long a started sign-in may take.
const PENDING_SECONDS: u64 = 600;

/// The connected app and where its tokens may lead.
pub struct SalesforceApp {
    /// The connected app at the login host, with the worker's callback as redirect URI.
    pub oauth: SalesforceOAuth,
    /// The org's instance URL: a token for any other instance is refused.
    pub instance_url: Url,
    /// The vault key (the `VAULT_KEY` secret): seals, and opens what it sealed.
    pub vault_key: [u8; 32],
    /// The key before the last rotation (`VAULT_KEY_PREVIOUS`), when one is under way: opens
    /// what it sealed, seals nothing.
    pub previous_vault_key: Option<[u8; 32]>,
}

impl SalesforceApp {
    /// Every key that may open a sealed token, current first.
    pub fn vault_keys(&self) -> Vec<[u8; 32]> {
        std::iter::once(self.vault_key)
            .chain(self.previous_vault_key)
            .collect()
    }
}

#[derive(Serialize, Deserialize)]
struct Pending {
    nonce: String,
    verifier: String,
}

/// Randomness the edge draws from `crypto.getRandomValues` (an input, so this stays pure).
pub struct Randomness {
    /// For the PKCE verifier.
    pub verifier: [u8; 32],
    /// For the state's nonce.
    pub state: [u8; 16],
}

/// Starts a sign-in for `user`; returns where to send the browser.
pub async fn start<S: CloserStore>(
    store: &S,
    app: &SalesforceApp,
    user: &UserContext,
    random: &Randomness,
    now: u64,
) -> Result<SalesforceSignIn, ApiFailure> {
    let verifier = pkce_verifier(&random.verifier);
    let nonce: String = random.state.iter().map(|b| format!("{b:02x}")).collect();
    let pending = Pending {
        nonce: nonce.clone(),
        verifier: verifier.clone(),
    };
    store
        .put(
            &user_scope(&user.tenant_id, &user.object_id),
            CONNECTION_KIND,
            PENDING_KEY,
            &Row {
                value: serde_json::to_string(&pending).expect("plain data serializes"),
                expires_at: Some(now + PENDING_SECONDS),
            },
        )
        .await?;
    Ok(SalesforceSignIn {
        authorize_url: app.oauth.authorize_url(&pkce_challenge(&verifier), &nonce),
    })
}

/// Where the callback sends the browser: the pane, with Salesforce's answer in the fragment for
/// the pane to finish through an authenticated call (`salesforce_code` + `salesforce_state`, or
/// `salesforce_error`).
pub fn callback_target(query: &HashMap<String, String>) -> String {
    let mut fragment = url::form_urlencoded::Serializer::new(String::new());
    match (query.get("error"), query.get("code"), query.get("state")) {
        (Some(error), _, _) => {
            fragment.append_pair("salesforce_error", error);
        }
        (None, Some(code), Some(state)) => {
            fragment.append_pair("salesforce_code", code);
            fragment.append_pair("salesforce_state", state);
        }
        _ => {
            fragment.append_pair("salesforce_error", "invalid_request");
        }
    }
    format!("/#{}", fragment.finish())
}

/// A finished connection: what to cache for the isolate, and what it replaced.
pub struct Connected {
    /// The user key the connection belongs to.
    pub user_key: String,
    /// The session to cache (never stored).
    pub access_token: SecretString,
    /// The new connection, as stored.
    pub connection: StoredConnection,
    /// The connection it replaced, whose Salesforce refresh token must be revoked.
    pub replaced: Option<StoredConnection>,
}

fn refused(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: format!("The Salesforce sign-in could not be completed: {reason}."),
    }
}

/// Completes, for the signed-in `user`, the sign-in the browser returned from with `code` and
/// `state`: only a sign-in this same user started can be completed.
#[allow(
    clippy::too_many_arguments,
    reason = "each input is a distinct fact of the exchange"
)]
pub async fn finish<T: HttpTransport, S: CloserStore>(
    transport: &T,
    store: &S,
    app: &SalesforceApp,
    user: &UserContext,
    state: &str,
    code: &str,
    seal_nonce: [u8; 12],
    now: u64,
) -> Result<Connected, ApiFailure> {
    let scope = user_scope(&user.tenant_id, &user.object_id);
    let pending = store
        .get(&scope, CONNECTION_KIND, PENDING_KEY, now)
        .await?
        .and_then(|row| serde_json::from_str::<Pending>(&row.value).ok())
        .ok_or_else(|| refused("you did not start this sign-in here, or it expired"))?;
    if !constant_time_eq(pending.nonce.as_bytes(), state.as_bytes()) {
        // Not deleted: the user's own sign-in, still pending, stays usable.
        return Err(refused("you did not start this sign-in"));
    }
    // Single use, whatever happens next.
    store.delete(&scope, CONNECTION_KIND, PENDING_KEY).await?;

    let request = app
        .oauth
        .code_exchange_request(code, &pending.verifier)
        .map_err(|e| ProviderError::transport(Provider::Salesforce, e))?;
    let response = transport
        .send(request)
        .await
        .map_err(|e| ProviderError::transport(Provider::Salesforce, e))?;
    let grant = parse_token_response(&response)?;
    if grant.instance_url.origin() != app.instance_url.origin() {
        return Err(refused("the org is not the one this Closer is set up for"));
    }
    let refresh_token = grant
        .refresh_token
        .as_ref()
        .ok_or_else(|| refused("Salesforce granted no refresh token (scope refresh_token)"))?;
    let user_key = user.user_key();
    let replaced = StoredConnection::from_row(
        store
            .get(&scope, CONNECTION_KIND, CONNECTION_KEY, now)
            .await?,
    );
    let connection = StoredConnection::Salesforce {
        instance_url: grant.instance_url.to_string(),
        refresh_token: vault::encrypt(&app.vault_key, seal_nonce, &user_key, refresh_token),
        user_id: grant.user_id().map(str::to_owned),
    };
    store
        .put(
            &scope,
            CONNECTION_KIND,
            CONNECTION_KEY,
            &connection.to_row(),
        )
        .await?;
    Ok(Connected {
        user_key,
        access_token: grant.access_token,
        connection,
        replaced,
    })
}

/// Revokes at Salesforce the refresh token of `connection` (and every session issued from it),
/// when it is a Salesforce connection of `user_key`: on disconnect and when a new connection
/// replaces it, so a token Closer no longer holds does not stay valid at Salesforce.
pub async fn revoke<T: HttpTransport>(
    transport: &T,
    app: &SalesforceApp,
    user_key: &str,
    connection: &StoredConnection,
) -> Result<(), ApiFailure> {
    let StoredConnection::Salesforce { refresh_token, .. } = connection else {
        return Ok(());
    };
    let Ok(token) = vault::open(&app.vault_keys(), user_key, refresh_token) else {
        // Sealed under another key (rotated): nothing Closer can revoke any more.
        return Ok(());
    };
    let request = app
        .oauth
        .revoke_request(&token)
        .map_err(|e| ProviderError::transport(Provider::Salesforce, e))?;
    let response = transport
        .send(request)
        .await
        .map_err(|e| ProviderError::transport(Provider::Salesforce, e))?;
    Ok(parse_revoke_response(&response)?)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
