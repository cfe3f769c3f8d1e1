//! The REST API's data resources under `/services/data/`: the versions list (no auth), `query`
//! with batches (`Sforce-Query-Options: batchSize=N`, `nextRecordsUrl`), `search`, and sObject
//! rows (create, read with `fields=`, describe (`/sobjects/{Type}/describe`), update with `If-Unmodified-Since`, delete). Every answer
//! carries `Sforce-Limit-Info: api-usage=N/LIMIT` as the REST API's do.
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_list.htm
//!
//! The batch size is honoured exactly, down to 1; a real org uses at least 200 (and at most
//! 2,000) rows per batch and treats the header as a hint
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm).

#![allow(
    clippy::result_large_err,
    reason = "handlers' early returns are axum Responses; the sandbox is not a hot path"
)]

use super::errors::{SfError, json_response};
use super::oauth::Caller;
use super::org::Cursor;
use super::{Ctx, dml, soql, sosl};
use crate::crm_seed::salesforce_id;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The API versions the org speaks, oldest first.
pub(crate) const VERSIONS: &[(&str, &str)] = &[
    ("55.0", "Summer '22"),
    ("56.0", "Winter '23"),
    ("57.0", "Spring '23"),
    ("58.0", "Summer '23"),
    ("59.0", "Winter '24"),
    ("60.0", "Spring '24"),
    ("61.0", "Summer '24"),
    ("62.0", "Winter '25"),
    ("63.0", "Spring '25"),
    ("64.0", "Summer '25"),
    ("65.0", "Winter '26"),
    ("66.0", "Spring '26"),
    ("67.0", "Summer '26"),
];

/// The org's daily API request allocation, for `Sforce-Limit-Info`.
const DAILY_LIMIT: u64 = 100_000;
/// Rows per batch when the client does not ask (the documented maximum).
const DEFAULT_BATCH: usize = 2_000;

/// `GET /services/data/`: every version, no session needed.
pub(crate) async fn versions() -> Response {
    let list: Vec<Value> = VERSIONS
        .iter()
        .map(|(version, label)| {
            json!({ "label": label, "url": format!("/services/data/v{version}"), "version": version })
        })
        .collect();
    json_response(StatusCode::OK, &Value::Array(list))
}

/// Counts the call and adds `Sforce-Limit-Info` to its answer.
pub(crate) async fn limit_info(State(ctx): State<Ctx>, request: Request, next: Next) -> Response {
    let used = {
        let mut state = ctx.state.lock();
        state.salesforce.api_usage += 1;
        state.salesforce.api_usage
    };
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&format!("api-usage={used}/{DAILY_LIMIT}")) {
        response.headers_mut().insert("sforce-limit-info", value);
    }
    response
}

/// The version segment (`v62.0`) if the org speaks it; 404 `NOT_FOUND` otherwise.
pub(crate) fn version(segment: &str) -> Result<&str, SfError> {
    segment
        .strip_prefix('v')
        .filter(|v| VERSIONS.iter().any(|(known, _)| known == v))
        .map(|_| segment)
        .ok_or_else(SfError::not_found)
}

fn batch_size(headers: &HeaderMap) -> Result<usize, SfError> {
    let Some(options) = headers.get("sforce-query-options") else {
        return Ok(DEFAULT_BATCH);
    };
    let options = options.to_str().unwrap_or_default();
    let mut batch = DEFAULT_BATCH;
    for option in options.split(',') {
        let (name, value) = option.split_once('=').unwrap_or((option, ""));
        if name.trim().eq_ignore_ascii_case("batchSize") {
            batch = value
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=DEFAULT_BATCH).contains(n))
                .ok_or_else(|| {
                    SfError::new(
                        StatusCode::BAD_REQUEST,
                        "INVALID_QUERY_OPTIONS",
                        format!("batchSize must be a whole number from 1 to 2000, not {value}"),
                    )
                })?;
        }
    }
    Ok(batch)
}

/// One batch of `rows` from `offset`, registering the rest under a locator.
fn batch_answer(
    ctx: &Ctx,
    caller: &Caller,
    version: &str,
    rows: Vec<Value>,
    batch: usize,
    offset: usize,
    locator: Option<String>,
) -> Response {
    let total = rows.len();
    let end = (offset + batch).min(total);
    let records: Vec<Value> = rows[offset.min(total)..end].to_vec();
    let mut body = json!({ "totalSize": total, "done": end >= total, "records": records });
    if end < total {
        let locator = locator
            .unwrap_or_else(|| salesforce_id("01g", &uuid::Uuid::new_v4().simple().to_string()));
        body["nextRecordsUrl"] = json!(format!("/services/data/{version}/query/{locator}-{end}"));
        ctx.state.lock().salesforce.cursors.insert(
            locator,
            Cursor {
                user: caller.user.key,
                rows,
                batch,
            },
        );
    } else if let Some(locator) = locator {
        ctx.state.lock().salesforce.cursors.remove(&locator);
    }
    json_response(StatusCode::OK, &body)
}

/// `GET /services/data/vXX.X/query?q=…`.
pub(crate) async fn query(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path(segment): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let run = || -> Result<(String, Vec<Value>, usize), SfError> {
        let version = version(&segment)?.to_owned();
        let batch = batch_size(&headers)?;
        let q = params
            .get("q")
            .ok_or_else(|| SfError::malformed_query("the q parameter is required"))?;
        let rows = soql::run(&ctx.state.lock().salesforce, q, &version)?;
        Ok((version, rows, batch))
    };
    match run() {
        Ok((version, rows, batch)) => batch_answer(&ctx, &caller, &version, rows, batch, 0, None),
        Err(err) => err.into_response(),
    }
}

/// `GET /services/data/vXX.X/query/{locator}-{offset}`: the next batch.
pub(crate) async fn query_more(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path((segment, locator)): Path<(String, String)>,
) -> Response {
    let version = match version(&segment) {
        Ok(version) => version.to_owned(),
        Err(err) => return err.into_response(),
    };
    let invalid = || {
        SfError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        )
        .into_response()
    };
    let Some((id, offset)) = locator
        .rsplit_once('-')
        .and_then(|(id, offset)| Some((id.to_owned(), offset.parse::<usize>().ok()?)))
    else {
        return invalid();
    };
    let cursor = ctx.state.lock().salesforce.cursors.get(&id).cloned();
    match cursor {
        Some(cursor) if cursor.user == caller.user.key && offset <= cursor.rows.len() => {
            batch_answer(
                &ctx,
                &caller,
                &version,
                cursor.rows,
                cursor.batch,
                offset,
                Some(id),
            )
        }
        _ => invalid(),
    }
}

/// `GET /services/data/vXX.X/search/?q=…`.
pub(crate) async fn search(
    State(ctx): State<Ctx>,
    _caller: Caller,
    Path(segment): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Vec<Value>, SfError> {
        let version = version(&segment)?;
        let q = params
            .get("q")
            .ok_or_else(|| SfError::malformed_search("the q parameter is required"))?;
        sosl::run(&ctx.state.lock().salesforce, q, version)
    };
    match run() {
        Ok(rows) => json_response(StatusCode::OK, &json!({ "searchRecords": rows })),
        Err(err) => err.into_response(),
    }
}

/// The JSON of a request body, or `JSON_PARSER_ERROR`.
pub(crate) fn json_body(body: &[u8]) -> Result<Value, SfError> {
    serde_json::from_slice(body).map_err(|err| {
        SfError::new(
            StatusCode::BAD_REQUEST,
            "JSON_PARSER_ERROR",
            format!("Unexpected character in the request body: {err}"),
        )
    })
}

/// The `201` of a create.
pub(crate) fn created(id: &str) -> Value {
    json!({ "id": id, "success": true, "errors": [] })
}

/// `POST /services/data/vXX.X/sobjects/{Type}/`.
pub(crate) async fn create(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path((segment, sobject)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let run = || -> Result<String, SfError> {
        version(&segment)?;
        let body = json_body(&body)?;
        dml::create(
            &mut ctx.state.lock().salesforce,
            &sobject,
            &body,
            caller.user,
        )
    };
    match run() {
        Ok(id) => {
            let mut response = json_response(StatusCode::CREATED, &created(&id));
            if let Ok(location) =
                HeaderValue::from_str(&format!("/services/data/{segment}/sobjects/{sobject}/{id}"))
            {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
        Err(err) => err.into_response(),
    }
}

/// `GET /services/data/vXX.X/sobjects/{Type}/{Id}[?fields=…]`.
pub(crate) async fn read(
    State(ctx): State<Ctx>,
    _caller: Caller,
    Path((segment, sobject, id)): Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let run = || -> Result<Value, SfError> {
        let version = version(&segment)?;
        if id == "describe" {
            let state = ctx.state.lock();
            return dml::object(&state.salesforce, &sobject)
                .map(|object| super::picklists::describe_in(&state.salesforce, object));
        }
        let fields = params.get("fields").map(String::as_str);
        dml::read(&ctx.state.lock().salesforce, &sobject, &id, fields, version)
    };
    match run() {
        Ok(row) => json_response(StatusCode::OK, &row),
        Err(err) => err.into_response(),
    }
}

/// `PATCH /services/data/vXX.X/sobjects/{Type}/{Id}` → 204.
pub(crate) async fn update(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path((segment, sobject, id)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<(), SfError> {
        version(&segment)?;
        let body = json_body(&body)?;
        let since = headers
            .get(header::IF_UNMODIFIED_SINCE)
            .map(|v| v.to_str().unwrap_or_default());
        dml::update(
            &mut ctx.state.lock().salesforce,
            &sobject,
            &id,
            &body,
            since,
            caller.user,
        )
    };
    match run() {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => err.into_response(),
    }
}

/// `DELETE /services/data/vXX.X/sobjects/{Type}/{Id}` → 204.
pub(crate) async fn delete(
    State(ctx): State<Ctx>,
    _caller: Caller,
    Path((segment, sobject, id)): Path<(String, String, String)>,
) -> Response {
    let run = || -> Result<(), SfError> {
        version(&segment)?;
        dml::delete(&mut ctx.state.lock().salesforce, &sobject, &id)
    };
    match run() {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(err) => err.into_response(),
    }
}

/// Any other path: 404 `NOT_FOUND`, as the REST API answers.
pub(crate) async fn not_found() -> Response {
    SfError::not_found().into_response()
}
