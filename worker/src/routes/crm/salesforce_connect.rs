//! Connecting Salesforce: the OAuth web-server flow with PKCE, run by the worker.
//!
//! [`start`] (an authenticated pane call) makes a PKCE verifier and an unguessable state,
//! keeps them in Closer's store under the user for ten minutes, and returns Salesforce's
//! authorize URL. The browser comes back to the worker's callback with `code` and `state`
//! (no bearer token on that navigation): [`finish`] finds the pending sign-in by the state,
//! which names the user and carries a random nonce that must match, exchanges the code with the
//! client secret and the verifier, checks the instance is the configured org, and stores the
//! refresh token sealed by the vault (user key as associated data). The access token is
//! returned for the isolate's session cache and is never stored.

use super::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection, user_scope};
use crate::crm::salesforce::oauth::{parse_token_response, pkce_challenge, pkce_verifier};
use crate::crm::salesforce::{SalesforceOAuth, vault};
use crate::error::ApiFailure;
use crate::http::HttpTransport;
use crate::identity::UserContext;
use crate::provider::{Provider, ProviderError};
use crate::store::{CloserStore, Row};
use closer_wire::SalesforceSignIn;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
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
    /// The vault key (the `VAULT_KEY` secret).
    pub vault_key: [u8; 32],
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
    let state = format!("{}.{}.{nonce}", user.tenant_id, user.object_id);
    Ok(SalesforceSignIn {
        authorize_url: app.oauth.authorize_url(&pkce_challenge(&verifier), &state),
    })
}

/// A finished connection: what to cache for the isolate.
pub struct Connected {
    /// The user key the connection belongs to.
    pub user_key: String,
    /// The session to cache (never stored).
    pub access_token: SecretString,
}

fn refused(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: format!("The Salesforce sign-in could not be completed: {reason}."),
    }
}

/// Completes the sign-in the browser returned from with `code` and `state`.
pub async fn finish<T: HttpTransport, S: CloserStore>(
    transport: &T,
    store: &S,
    app: &SalesforceApp,
    state: &str,
    code: &str,
    seal_nonce: [u8; 12],
    now: u64,
) -> Result<Connected, ApiFailure> {
    let mut parts = state.splitn(3, '.');
    let (Some(tenant_id), Some(object_id), Some(nonce)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(refused("the response does not belong to a sign-in"));
    };
    let scope = user_scope(tenant_id, object_id);
    let pending = store
        .get(&scope, CONNECTION_KIND, PENDING_KEY, now)
        .await?
        .and_then(|row| serde_json::from_str::<Pending>(&row.value).ok())
        .ok_or_else(|| refused("the sign-in expired or was already used"))?;
    if !constant_time_eq(pending.nonce.as_bytes(), nonce.as_bytes()) {
        return Err(refused("the response does not match the sign-in"));
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
    let user_key = format!("{tenant_id}:{object_id}");
    let stored = StoredConnection::Salesforce {
        instance_url: grant.instance_url.to_string(),
        refresh_token: vault::encrypt(&app.vault_key, seal_nonce, &user_key, refresh_token),
        user_id: grant.user_id().map(str::to_owned),
    };
    store
        .put(&scope, CONNECTION_KIND, CONNECTION_KEY, &stored.to_row())
        .await?;
    Ok(Connected {
        user_key,
        access_token: grant.access_token,
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
