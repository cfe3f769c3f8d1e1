//! Dynamics 365 as the Dataverse Web API serves it, for two orgs: `northwind` (the default,
//! `SandboxUrls::crm` = `{origin}/dataverse/northwind/api/data/v9.2/`, holding `crm_seed`) and
//! `northwind-emea` (a smaller second environment, for switching), plus the Global Discovery
//! Service that lists them (nested at `/globaldisco`).
//!
//! Honest about what it emulates: `$select`, `$filter` (`eq ne gt ge lt le`, `and or not`,
//! `contains startswith endswith`), `$orderby`, `$top`, `Prefer: odata.maxpagesize` with
//! `$skiptoken` next links, formatted-value and lookup annotations, `@odata.etag` per row
//! (bumped on every write), `If-Match` with Dataverse's 412 (on PATCH and DELETE), creates
//! answering 204 + `OData-EntityId` (201 + body with `return=representation`), PATCH (upsert
//! without `If-Match`), `@odata.bind`, activity parties, `WhoAmI`, nested `$expand` of lookups and
//! their inverse collections, and `$batch` of GETs (per-part errors,
//! `odata.continue-on-error`), and the columns of each table from
//! `EntityDefinitions(LogicalName='…')/Attributes` (see `metadata`). Anything else is a 400 with a
//! Dataverse-shaped error that says so; nothing is silently ignored. Requests need a token
//! from the sandbox authority for the sandbox origin (the org's `/.default` audience).
//!
//! Owns the orgs' rows ([`DataverseState`]); the seed data belongs to `crm_seed`.

#![allow(
    clippy::result_large_err,
    reason = "handlers' early returns are Dataverse-shaped axum Responses; the sandbox is not a hot path"
)]

mod api;
mod batch;
mod bpf;
mod clock;
pub mod discovery;
mod expand;
mod filter;
mod metadata;
mod org;
mod query;
mod rules;
mod schema;
mod write;

pub use org::{DEFAULT_ORG, DataverseState, EMEA_ACCOUNTS, EMEA_ORG};

use crate::{SandboxUrls, state::Shared};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::json;

/// What every Dataverse handler gets.
#[derive(Clone)]
pub(crate) struct Ctx {
    state: Shared,
    urls: SandboxUrls,
}

pub(crate) fn router(state: Shared, urls: SandboxUrls) -> Router {
    Router::new()
        .route("/{org}/api/data/{version}/{*rest}", any(api::handle))
        .route("/{org}/main.aspx", get(record_page))
        .with_state(Ctx { state, urls })
}

pub(crate) fn discovery_router(state: Shared, urls: SandboxUrls) -> Router {
    Router::new()
        .route("/api/discovery/v2.0/Instances", get(discovery::instances))
        .with_state(Ctx { state, urls })
}

/// A Dataverse error: `{"error":{"code","message"}}`, where `code` is Dataverse's hex code, not
/// the HTTP status.
pub(crate) fn dataverse_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                "application/json; odata.metadata=minimal",
            ),
            (header::HeaderName::from_static("odata-version"), "4.0"),
        ],
        json!({ "error": { "code": code, "message": message } }).to_string(),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct RecordQuery {
    etn: String,
    id: String,
}

/// The deep link `main.aspx?pagetype=entityrecord&etn=…&id=…`: a plain page naming the record,
/// so links from the pane open something in the sandbox. Not part of the Web API; no sign-in.
async fn record_page(
    State(ctx): State<Ctx>,
    Path(org): Path<String>,
    Query(query): Query<RecordQuery>,
) -> Response {
    let state = ctx.state.lock();
    let Some(found) = state.dataverse.orgs.get(org.as_str()).and_then(|org| {
        let table = schema::TABLES.iter().find(|t| t.logical == query.etn)?;
        let row = org.row(table.set, &query.id)?;
        Some((
            table.logical,
            row.fields.get(table.name)?.as_str()?.to_owned(),
        ))
    }) else {
        return (StatusCode::NOT_FOUND, "No such record in this org.").into_response();
    };
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    Html(format!(
        "<!doctype html><title>{name}</title><h1 data-testid=\"crm-record\">{name}</h1><p>{kind} in {org} (Dynamics 365 sandbox)</p>",
        name = escape(&found.1),
        kind = found.0,
        org = escape(&org),
    ))
    .into_response()
}
