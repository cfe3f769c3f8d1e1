//! Salesforce's REST API and login host over the seeded CRM (`crm_seed`), nested at
//! `/salesforce`: the instance URL and the login URL are both `{origin}/salesforce`, so the
//! worker's production connector runs against it with only the URL changed.
//!
//! Speaks what Closer's connector depends on, as Salesforce does (PROTOCOLS.md §2, §6): the
//! versions list, SOQL queries with batches and `nextRecordsUrl`, SOSL search, sObject rows
//! (create, read with `fields=`, update honouring `If-Unmodified-Since`, delete), composite
//! requests with `allOrNone` and composite graphs, the web-server OAuth flow with PKCE and refresh tokens, UserInfo,
//! sessions that expire, JSON-array errors. What it does not emulate it refuses with the error
//! Salesforce would use (`MALFORMED_QUERY`, `MALFORMED_SEARCH`, `INVALID_TYPE`, `NOT_FOUND`),
//! saying so, rather than answering something Salesforce would not.
//!
//! [`SalesforceState`] holds the org; its accessors let tests look inside and act as the org's
//! users and admins would. Enhanced Email is on by default and can be switched off.

mod clock;
mod composite;
mod dml;
mod errors;
mod oauth;
mod org;
mod picklists;
mod rest;
mod schema;
mod seed;
mod soql;
mod sosl;

pub use org::{DEFAULT_SESSION_SECS, IssuedSession, SalesforceState, org_id, user_id};

use crate::{SandboxUrls, state::Shared};
use axum::Router;
use axum::routing::{get, post};

/// The sandbox org's connected app consumer key (the worker's `SALESFORCE_CLIENT_ID` in dev).
pub const SANDBOX_SF_CLIENT_ID: &str = "3MVG9sandbox.Closer.ConnectedApp.Dev";
/// The connected app's consumer secret in the sandbox (a test value, trusted by nothing else).
pub const SANDBOX_SF_CLIENT_SECRET: &str = "sandbox-salesforce-secret";

/// What every Salesforce handler gets: the shared state and the sandbox's URLs.
#[derive(Clone)]
pub(crate) struct Ctx {
    state: Shared,
    urls: SandboxUrls,
}

pub(crate) fn router(state: Shared, urls: SandboxUrls) -> Router {
    let ctx = Ctx { state, urls };
    let data = Router::new()
        .route("/services/data/{version}/query", get(rest::query))
        .route("/services/data/{version}/query/", get(rest::query))
        .route(
            "/services/data/{version}/query/{locator}",
            get(rest::query_more),
        )
        .route("/services/data/{version}/search", get(rest::search))
        .route("/services/data/{version}/search/", get(rest::search))
        .route(
            "/services/data/{version}/sobjects/{sobject}",
            post(rest::create),
        )
        .route(
            "/services/data/{version}/sobjects/{sobject}/",
            post(rest::create),
        )
        .route(
            "/services/data/{version}/sobjects/{sobject}/{id}",
            get(rest::read).patch(rest::update).delete(rest::delete),
        )
        .route(
            "/services/data/{version}/composite",
            post(composite::composite),
        )
        .route(
            "/services/data/{version}/composite/",
            post(composite::composite),
        )
        .route(
            "/services/data/{version}/composite/graph",
            post(composite::graph),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            rest::limit_info,
        ));
    Router::new()
        .route("/services/data", get(rest::versions))
        .route("/services/data/", get(rest::versions))
        .merge(data)
        .route(
            "/services/oauth2/authorize",
            get(oauth::authorize_page).post(oauth::authorize_select),
        )
        .route("/services/oauth2/token", post(oauth::token))
        .route("/services/oauth2/revoke", post(oauth::revoke))
        .route(
            "/services/oauth2/userinfo",
            get(oauth::userinfo).post(oauth::userinfo),
        )
        .fallback(rest::not_found)
        .with_state(ctx)
}
