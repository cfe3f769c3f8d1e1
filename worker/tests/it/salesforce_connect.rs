//! Connecting Salesforce, bound to the Closer user who started it, against the sandbox's login
//! host and the store's real SQL (SQLite, as D1): the state is opaque, a sign-in started by
//! someone else cannot be completed (the "send a colleague my authorize URL" attack), the
//! callback hands its answer to the pane without exchanging anything, and a replaced
//! connection's refresh token is revoked at Salesforce.

use crate::support;
use crate::support::ReqwestTransport;
use crate::support::sqlite::Sqlite;
use closer_sandbox::Sandbox;
use closer_sandbox::demo::USERS;
use closer_sandbox::salesforce::{SANDBOX_SF_CLIENT_ID, SANDBOX_SF_CLIENT_SECRET};
use closer_worker::crm::salesforce::{SalesforceOAuth, oauth, vault};
use closer_worker::error::ApiFailure;
use closer_worker::http::HttpTransport;
use closer_worker::identity::UserContext;
use closer_worker::routes::crm::salesforce_connect::{
    self, Randomness, SalesforceApp, callback_target,
};
use closer_worker::routes::crm::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection, user_scope};
use closer_worker::store::CloserStore;
use closer_worker::store::sql::SqlStore;
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use url::Url;

const CALLBACK: &str = "http://127.0.0.1:8787/api/crm/salesforce/callback";
const VAULT_KEY: [u8; 32] = [7; 32];
const MEGAN: usize = 0;
const ALEX: usize = 1;

fn user(index: usize) -> UserContext {
    UserContext {
        tenant_id: USERS[index].tenant_id.into(),
        object_id: USERS[index].id.into(),
        name: USERS[index].name.into(),
        username: USERS[index].email.into(),
        roles: Vec::new(),
        groups: Vec::new(),
    }
}

fn app(sandbox: &Sandbox) -> SalesforceApp {
    let login = Url::parse(&format!("{}/salesforce/", sandbox.urls().origin)).unwrap();
    SalesforceApp {
        oauth: SalesforceOAuth::new(
            &login,
            SANDBOX_SF_CLIENT_ID,
            SecretString::from(SANDBOX_SF_CLIENT_SECRET),
            CALLBACK,
        ),
        instance_url: login,
        vault_key: VAULT_KEY,
        previous_vault_key: None,
    }
}

fn randomness(seed: u8) -> Randomness {
    Randomness {
        verifier: [seed; 32],
        state: [seed.wrapping_add(1); 16],
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// What a browser signing in at `authorize_url` as the CRM user `crm_user` brings back to the
/// callback: the query Salesforce appends (`code`, `state`).
async fn browser_returns(
    sandbox: &Sandbox,
    authorize_url: &str,
    crm_user: &str,
) -> HashMap<String, String> {
    let (location, query) =
        support::tenant::salesforce_allows(sandbox, authorize_url, crm_user).await;
    assert!(location.as_str().starts_with(CALLBACK), "{location}");
    query
}

/// The pane's view of the callback: the fragment `callback_target` sends it to.
fn pane_fragment(query: &HashMap<String, String>) -> HashMap<String, String> {
    let target = callback_target(query);
    let fragment = target.strip_prefix("/#").expect("back to the pane's root");
    url::form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect()
}

async fn stored(store: &SqlStore<Sqlite>, who: &UserContext) -> Option<StoredConnection> {
    let row = store
        .get(
            &user_scope(&who.tenant_id, &who.object_id),
            CONNECTION_KIND,
            CONNECTION_KEY,
            now(),
        )
        .await
        .unwrap();
    StoredConnection::from_row(row)
}

/// Starts as `who`, signs in at Salesforce as `crm_user`, finishes as `finisher`.
async fn connect(
    sandbox: &Sandbox,
    store: &SqlStore<Sqlite>,
    who: &UserContext,
    crm_user: &str,
    finisher: &UserContext,
    seed: u8,
) -> Result<salesforce_connect::Connected, ApiFailure> {
    let app = app(sandbox);
    let sign_in = salesforce_connect::start(store, &app, who, &randomness(seed), now())
        .await
        .unwrap();
    let query = browser_returns(sandbox, &sign_in.authorize_url, crm_user).await;
    let pane = pane_fragment(&query);
    salesforce_connect::finish(
        &ReqwestTransport::default(),
        store,
        &app,
        finisher,
        &pane["salesforce_state"],
        &pane["salesforce_code"],
        [seed; 12],
        now(),
    )
    .await
}

#[tokio::test]
async fn the_state_is_opaque() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let store = SqlStore::new(Sqlite::migrated());
    let alex = user(ALEX);
    let sign_in = salesforce_connect::start(&store, &app(&sandbox), &alex, &randomness(1), now())
        .await
        .unwrap();
    let url = Url::parse(&sign_in.authorize_url).unwrap();
    let state = url
        .query_pairs()
        .find(|(name, _)| name == "state")
        .unwrap()
        .1
        .into_owned();
    assert!(!state.contains(&alex.tenant_id) && !state.contains(&alex.object_id));
    assert_eq!(state.len(), 32, "128 random bits, hex: {state}");
}

#[tokio::test]
async fn a_sign_in_started_by_someone_else_cannot_be_completed() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let store = SqlStore::new(Sqlite::migrated());
    let (attacker, victim) = (user(ALEX), user(MEGAN));
    // The attacker starts a connect and sends the authorize URL to the victim, who signs in to
    // Salesforce; the victim's browser brings the answer to the victim's own pane.
    let result = connect(&sandbox, &store, &attacker, "megan", &victim, 1).await;
    let Err(ApiFailure::BadRequest { reason }) = result else {
        panic!("the victim's pane must not complete the attacker's sign-in");
    };
    assert!(reason.contains("did not start"), "{reason}");
    assert_eq!(stored(&store, &attacker).await, None);
    assert_eq!(stored(&store, &victim).await, None);
}

#[tokio::test]
async fn the_user_who_started_completes_and_a_relink_revokes_the_old_token() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let store = SqlStore::new(Sqlite::migrated());
    let megan = user(MEGAN);
    let first = connect(&sandbox, &store, &megan, "megan", &megan, 1)
        .await
        .unwrap();
    assert!(first.replaced.is_none());
    assert_eq!(stored(&store, &megan).await, Some(first.connection.clone()));

    let second = connect(&sandbox, &store, &megan, "megan", &megan, 2)
        .await
        .unwrap();
    let replaced = second.replaced.clone().expect("the first connection");
    assert_eq!(replaced, first.connection);
    let app = app(&sandbox);
    let transport = ReqwestTransport::default();
    salesforce_connect::revoke(&transport, &app, &megan.user_key(), &replaced)
        .await
        .unwrap();

    let refresh = |connection: &StoredConnection| {
        let StoredConnection::Salesforce { refresh_token, .. } = connection else {
            panic!("a Salesforce connection");
        };
        vault::decrypt(&VAULT_KEY, &megan.user_key(), refresh_token).unwrap()
    };
    let refreshed = |token: SecretString| {
        let request = app.oauth.refresh_request(&token).unwrap();
        let transport = &transport;
        async move { oauth::parse_token_response(&transport.send(request).await.unwrap()) }
    };
    assert!(
        refreshed(refresh(&replaced)).await.is_err(),
        "the replaced refresh token no longer works at Salesforce"
    );
    assert!(
        refreshed(refresh(&second.connection)).await.is_ok(),
        "the new one does"
    );
    // The old session died with its refresh token, as Salesforce documents; the new one lives.
    let userinfo = |token: &SecretString| {
        reqwest::Client::new()
            .get(format!(
                "{}/salesforce/services/oauth2/userinfo",
                sandbox.urls().origin
            ))
            .bearer_auth(token.expose_secret())
            .send()
    };
    assert_eq!(userinfo(&first.access_token).await.unwrap().status(), 403);
    assert_eq!(userinfo(&second.access_token).await.unwrap().status(), 200);
    // Revoking twice is not an error (Salesforce answers invalid_token).
    salesforce_connect::revoke(&transport, &app, &megan.user_key(), &replaced)
        .await
        .unwrap();
}

#[test]
fn the_callback_hands_its_answer_to_the_pane_in_the_fragment() {
    let query = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    };
    let ok = pane_fragment(&query(&[("code", "aPrx+/=&"), ("state", "ab12")]));
    assert_eq!(ok["salesforce_code"], "aPrx+/=&");
    assert_eq!(ok["salesforce_state"], "ab12");
    let denied = pane_fragment(&query(&[("error", "access_denied"), ("state", "ab12")]));
    assert_eq!(denied["salesforce_error"], "access_denied");
    assert!(!denied.contains_key("salesforce_code"));
    let junk = pane_fragment(&query(&[("state", "ab12")]));
    assert_eq!(junk["salesforce_error"], "invalid_request");
}
