//! `POST /services/data/vXX.X/composite/`: up to 25 sub-requests (at most 5 of them queries) in
//! order, each able to name an earlier result as `@{referenceId.field}`, answered 200 with one
//! sub-response each. With `allOrNone` a failure rolls every write back and the other
//! sub-requests answer `PROCESSING_HALTED`. Sub-requests may create, read or update sObject rows
//! and run queries; anything else is answered 404 `NOT_FOUND` in its sub-response. Fault rules
//! with a status (`/_sandbox/faults`) apply to a sub-request whose own path matches, in its
//! sub-response. More than 25 sub-requests are refused (`INVALID_INPUT`, 400).
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
//!
//! `POST …/composite/graph` ([`graph`]) runs larger all-or-none sets the same way.

use super::errors::{SfError, json_response};
use super::oauth::Caller;
use super::org::SalesforceState;
use super::rest::{created, version};
use super::{Ctx, dml, soql};
use crate::crm_seed::SeedUser;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value, json};

const MAX_SUBREQUESTS: usize = 25;
/// Composite graphs: at most this many graphs per payload, and this many nodes per payload.
const MAX_GRAPHS: usize = 75;
const MAX_GRAPH_NODES: usize = 500;
/// Of which at most this many may be queries (Query, QueryAll, or a query's next batch).
const MAX_QUERIES: usize = 5;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Composite {
    #[serde(default)]
    all_or_none: bool,
    composite_request: Vec<SubRequest>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubRequest {
    method: String,
    url: String,
    reference_id: String,
    #[serde(default)]
    body: Value,
}

fn halted(message: &str) -> SfError {
    SfError::new(StatusCode::BAD_REQUEST, "PROCESSING_HALTED", message)
}

/// Replaces `@{ref.field}` with the earlier result's value.
fn substitute(text: &str, results: &Map<String, Value>) -> Result<String, SfError> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("@{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| halted("unterminated reference"))?;
        let reference = &rest[start + 2..start + end];
        let (name, field) = reference.split_once('.').unwrap_or((reference, "id"));
        let value = results
            .get(name)
            .and_then(|body| body.get(field))
            .ok_or_else(|| {
                halted(&format!(
                    "Invalid reference specified. No value for {reference} found in {name}."
                ))
            })?;
        match value {
            Value::String(s) => out.push_str(s),
            other => out.push_str(&other.to_string()),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn substitute_value(value: &Value, results: &Map<String, Value>) -> Result<Value, SfError> {
    Ok(match value {
        Value::String(s) => Value::String(substitute(s, results)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute_value(v, results))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), substitute_value(v, results)?)))
                .collect::<Result<_, SfError>>()?,
        ),
        other => other.clone(),
    })
}

/// Runs one sub-request: (status, body).
fn run_one(
    org: &mut SalesforceState,
    user: &SeedUser,
    method: &str,
    url: &str,
    body: &Value,
) -> Result<(StatusCode, Value), SfError> {
    let path = url
        .strip_prefix("/services/data/")
        .ok_or_else(SfError::not_found)?;
    let (segment, rest) = path.split_once('/').ok_or_else(SfError::not_found)?;
    let version = version(segment)?;
    let (rest, _) = rest.split_once('?').unwrap_or((rest, ""));
    let uri: axum::http::Uri = url.parse().map_err(|_| SfError::not_found())?;
    let Query(params) = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map_err(|_| SfError::malformed_query("the query string is malformed"))?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match (method, parts.as_slice()) {
        ("POST", ["sobjects", sobject]) => {
            let id = dml::create(org, sobject, body, user)?;
            Ok((StatusCode::CREATED, created(&id)))
        }
        ("GET", ["sobjects", sobject, id]) => Ok((
            StatusCode::OK,
            dml::read(org, sobject, id, param("fields"), version)?,
        )),
        ("PATCH", ["sobjects", sobject, id]) => {
            dml::update(org, sobject, id, body, None, user)?;
            Ok((StatusCode::NO_CONTENT, Value::Null))
        }
        ("GET", ["query"]) => {
            let q = param("q")
                .ok_or_else(|| SfError::malformed_query("the q parameter is required"))?;
            let rows = soql::run(org, q, version)?;
            Ok((
                StatusCode::OK,
                json!({ "totalSize": rows.len(), "done": true, "records": rows }),
            ))
        }
        _ => Err(SfError::not_found()),
    }
}

fn invalid_input(message: &str) -> Response {
    SfError::new(StatusCode::BAD_REQUEST, "INVALID_INPUT", message).into_response()
}

/// `POST /services/data/vXX.X/composite/`.
pub(crate) async fn composite(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path(segment): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(err) = version(&segment) {
        return err.into_response();
    }
    let request: Composite = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return SfError::new(
                StatusCode::BAD_REQUEST,
                "JSON_PARSER_ERROR",
                format!("composite request: {err}"),
            )
            .into_response();
        }
    };
    if request.composite_request.is_empty() || request.composite_request.len() > MAX_SUBREQUESTS {
        return invalid_input("a composite request takes 1 to 25 subrequests");
    }
    let queries = request
        .composite_request
        .iter()
        .filter(|sub| {
            let path = sub.url.split('?').next().unwrap_or_default();
            path.ends_with("/query") || path.ends_with("/queryAll") || path.contains("/query/")
        })
        .count();
    if queries > MAX_QUERIES {
        return invalid_input("a composite request takes at most 5 query subrequests");
    }
    let composite = execute(
        &ctx,
        &caller,
        &request.composite_request,
        request.all_or_none,
    )
    .await;
    json_response(StatusCode::OK, &json!({ "compositeResponse": composite }))
}

/// Runs `subs` in order against the org (fault rules first, outside the lock), rolling every
/// write back when `all_or_none` and one failed: one sub-response each.
async fn execute(ctx: &Ctx, caller: &Caller, subs: &[SubRequest], all_or_none: bool) -> Vec<Value> {
    // Fault rules with a status apply to each sub-request's own path, as if sent alone.
    let mut injected = Vec::new();
    for sub in subs {
        let path = sub.url.split('?').next().unwrap_or_default();
        let answer =
            crate::faults::injected_status(&ctx.state, &format!("/salesforce{path}"), &sub.method);
        injected.push(match answer {
            Some(response) => {
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .unwrap_or_default();
                Some((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
            }
            None => None,
        });
    }
    let mut state = ctx.state.lock();
    let org = &mut state.salesforce;
    let snapshot = org.snapshot();
    let mut results = Map::new();
    let mut answers: Vec<(String, StatusCode, Value)> = Vec::new();
    let mut failed = false;
    for (sub, injected) in subs.iter().zip(injected) {
        if let Some((status, body)) = injected {
            failed = true;
            answers.push((sub.reference_id.clone(), status, body));
            continue;
        }
        if failed && all_or_none {
            answers.push((
                sub.reference_id.clone(),
                StatusCode::BAD_REQUEST,
                halted("The transaction was rolled back since another operation in the same transaction failed.").body(),
            ));
            continue;
        }
        let outcome = substitute(&sub.url, &results).and_then(|url| {
            let body = substitute_value(&sub.body, &results)?;
            run_one(
                org,
                caller.user,
                &sub.method.to_ascii_uppercase(),
                &url,
                &body,
            )
        });
        match outcome {
            Ok((status, body)) => {
                results.insert(sub.reference_id.clone(), body.clone());
                answers.push((sub.reference_id.clone(), status, body));
            }
            Err(err) => {
                failed = true;
                answers.push((sub.reference_id.clone(), err.status, err.body()));
            }
        }
    }
    if failed && all_or_none {
        org.restore(snapshot);
        for answer in answers
            .iter_mut()
            .filter(|(_, status, _)| status.is_success())
        {
            answer.1 = StatusCode::BAD_REQUEST;
            answer.2 = halted("The transaction was rolled back since another operation in the same transaction failed.").body();
        }
    }
    answers
        .into_iter()
        .map(|(reference, status, body)| {
            json!({ "body": body, "httpHeaders": {}, "httpStatusCode": status.as_u16(), "referenceId": reference })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphRequest {
    graphs: Vec<Graph>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Graph {
    graph_id: String,
    composite_request: Vec<SubRequest>,
}

/// `POST /services/data/vXX.X/composite/graph`: each graph is a composite request that
/// succeeds or fails as a whole (always all-or-none), up to 500 nodes in one graph and in the
/// whole payload, at most 75 graphs, and nodes only on sObject resources (no queries);
/// answered 200 with `{graphs: [{graphId, graphResponse: {compositeResponse}, isSuccessful}]}`.
/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm
/// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm
pub(crate) async fn graph(
    State(ctx): State<Ctx>,
    caller: Caller,
    Path(segment): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(err) = version(&segment) {
        return err.into_response();
    }
    let request: GraphRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(err) => {
            return SfError::new(
                StatusCode::BAD_REQUEST,
                "JSON_PARSER_ERROR",
                format!("composite graph request: {err}"),
            )
            .into_response();
        }
    };
    let nodes: usize = request
        .graphs
        .iter()
        .map(|g| g.composite_request.len())
        .sum();
    if request.graphs.is_empty() || request.graphs.len() > MAX_GRAPHS {
        return invalid_input("a composite graph request takes 1 to 75 graphs");
    }
    if nodes > MAX_GRAPH_NODES
        || request
            .graphs
            .iter()
            .any(|g| g.composite_request.is_empty())
    {
        return invalid_input("a composite graph request takes 1 to 500 nodes");
    }
    if request
        .graphs
        .iter()
        .flat_map(|g| &g.composite_request)
        .any(|sub| !sub.url.contains("/sobjects/"))
    {
        return invalid_input("composite graph nodes must be sObject requests");
    }
    let mut graphs = Vec::new();
    for graph in &request.graphs {
        let composite = execute(&ctx, &caller, &graph.composite_request, true).await;
        let successful = composite
            .iter()
            .all(|sub| sub["httpStatusCode"].as_u64().is_some_and(|s| s < 300));
        graphs.push(json!({
            "graphId": graph.graph_id,
            "graphResponse": { "compositeResponse": composite },
            "isSuccessful": successful,
        }));
    }
    json_response(StatusCode::OK, &json!({ "graphs": graphs }))
}
