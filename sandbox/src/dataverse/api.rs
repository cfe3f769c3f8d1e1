//! The Web API endpoints at `/dataverse/{org}/api/data/v9.x/…`: `WhoAmI`, collections (`GET`
//! with query options, `POST` create), single rows by key (`GET`, `PATCH` with `If-Match` /
//! upsert, `DELETE`), with Dataverse's status codes, headers (`OData-EntityId`,
//! `Preference-Applied`, `OData-Version`) and error bodies
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors).
//! `$batch` is handed to [`super::batch`], whose parts come back through [`serve_one`]. Every
//! request is authenticated as a systemuser of that org.

mod writes;

use super::org::{Org, Row};
use super::query::{self, Options, Prefer};
use super::schema::{self, Table};
use super::write;
use super::{Ctx, dataverse_error};
use crate::authority::bearer_user;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The caller and where they are.
struct Caller {
    org: String,
    systemuser: String,
    base: String,
}

/// Every data request: `rest` is the path below `api/data/{version}/`.
pub(crate) async fn handle(
    State(ctx): State<Ctx>,
    Path((org, version, rest)): Path<(String, String, String)>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    if rest == "$batch" {
        // The batch is authenticated as a whole, then each part as a request of its own.
        if let Err(refused) = known_org(&ctx, &org, &version)
            .and_then(|()| authenticate(&ctx, org.clone(), &version, &headers).map(|_| ()))
        {
            return refused;
        }
        return super::batch::handle(&ctx, org, &version, &method, &headers, &body).await;
    }
    match serve(&ctx, org, &version, &rest, &method, &headers, &uri, &body) {
        Ok(response) | Err(response) => response,
    }
}

/// One request inside a `$batch` (see [`super::batch`]), served like a direct one.
pub(super) fn serve_one(
    ctx: &Ctx,
    org: String,
    version: &str,
    rest: &str,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
) -> Response {
    match serve(ctx, org, version, rest, method, headers, uri, &[]) {
        Ok(response) | Err(response) => response,
    }
}

fn known_org(ctx: &Ctx, org: &str, version: &str) -> Result<(), Response> {
    if !ctx.state.lock().dataverse.orgs.contains_key(org) {
        return Err(StatusCode::NOT_FOUND.into_response());
    }
    if !version.starts_with("v9.") {
        return Err(not_found_segment(version));
    }
    Ok(())
}

#[allow(
    clippy::too_many_arguments,
    reason = "the parts of one request, unpacked once"
)]
fn serve(
    ctx: &Ctx,
    org: String,
    version: &str,
    rest: &str,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Result<Response, Response> {
    known_org(ctx, &org, version)?;
    let caller = authenticate(ctx, org, version, headers)?;
    let bad = |message: String| dataverse_error(StatusCode::BAD_REQUEST, "0x80060888", &message);
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|_| bad("The query string is malformed.".into()))?;
    let prefer = Prefer::parse(headers).map_err(bad)?;
    if rest == "WhoAmI" || rest == "WhoAmI()" {
        return Ok(who_am_i(ctx, &caller));
    }
    if let Some(arguments) = rest
        .strip_prefix("RetrieveActivePath(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        return retrieve_active_path(ctx, &caller, method, arguments, &pairs);
    }
    if rest.starts_with("EntityDefinitions") {
        return entity_attributes(&caller, method, rest, &pairs);
    }
    let (set, id) = match rest.split_once('(') {
        None => (rest, None),
        Some((set, key)) => {
            let key = key
                .strip_suffix(')')
                .ok_or_else(|| bad(format!("The sandbox does not emulate the path '{rest}'.")))?;
            if !write::is_guid(key) {
                return Err(bad(format!(
                    "The sandbox emulates rows addressed by GUID only, not '{key}'."
                )));
            }
            (set, Some(key.to_ascii_lowercase()))
        }
    };
    let table = schema::table(set).ok_or_else(|| not_found_segment(set))?;
    let options = Options::parse(pairs, table).map_err(bad)?;
    match (method.as_str(), id) {
        ("GET", None) => Ok(collection(ctx, &caller, table, &options, &prefer)),
        ("GET", Some(id)) => one(ctx, &caller, table, &id, &options, &prefer),
        ("POST", None) => writes::create(ctx, &caller, table, None, body, &options, &prefer),
        ("PATCH", Some(id)) => {
            writes::update(ctx, &caller, table, &id, headers, body, &options, &prefer)
        }
        ("DELETE", Some(id)) => writes::delete(ctx, &caller, table, &id, headers),
        _ => Err(dataverse_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            &format!("{method} is not supported on '{rest}'."),
        )),
    }
}

fn not_found_segment(segment: &str) -> Response {
    dataverse_error(
        StatusCode::NOT_FOUND,
        "0x8006088a",
        &format!("Resource not found for the segment '{segment}'."),
    )
}

fn authenticate(
    ctx: &Ctx,
    org: String,
    version: &str,
    headers: &HeaderMap,
) -> Result<Caller, Response> {
    // The org's audience: the worker asks for `{org origin}/.default`, the authority strips
    // the suffix, so the token's resource is the sandbox origin.
    let user = bearer_user(&ctx.state, headers, &ctx.urls.origin).map_err(|_| {
        // Dataverse answers a bad token with an empty 401 and a challenge naming the authority.
        let challenge = format!(
            "Bearer authorization_uri={}common/oauth2/authorize, resource_id={}/",
            ctx.urls.authority, ctx.urls.origin
        );
        let mut response = StatusCode::UNAUTHORIZED.into_response();
        if let Ok(value) = HeaderValue::from_str(&challenge) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    })?;
    let state = ctx.state.lock();
    let systemuser = state.dataverse.orgs[org.as_str()]
        .systemuser_for(user.id)
        .ok_or_else(|| {
            dataverse_error(
                StatusCode::FORBIDDEN,
                "0x80072560",
                "The user is not a member of the organization.",
            )
        })?;
    let base = format!("{}/dataverse/{org}/api/data/{version}/", ctx.urls.origin);
    Ok(Caller {
        org,
        systemuser,
        base,
    })
}

fn json_response(status: StatusCode, body: &Value, applied: &[String]) -> Response {
    let mut response = (
        status,
        [
            (
                header::CONTENT_TYPE,
                "application/json; odata.metadata=minimal",
            ),
            (header::HeaderName::from_static("odata-version"), "4.0"),
        ],
        body.to_string(),
    )
        .into_response();
    if !applied.is_empty()
        && let Ok(value) = HeaderValue::from_str(&applied.join(","))
    {
        response.headers_mut().insert("preference-applied", value);
    }
    response
}

fn who_am_i(ctx: &Ctx, caller: &Caller) -> Response {
    let state = ctx.state.lock();
    let org = &state.dataverse.orgs[caller.org.as_str()];
    let body = json!({
        "@odata.context": format!("{}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse", caller.base),
        "BusinessUnitId": org.business_unit_id,
        "UserId": caller.systemuser,
        "OrganizationId": org.id,
    });
    json_response(StatusCode::OK, &body, &[])
}

fn annotations_applied(prefer: &Prefer) -> Vec<String> {
    if prefer.annotations.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "odata.include-annotations=\"{}\"",
            prefer.annotations.join(",")
        )]
    }
}

fn collection(
    ctx: &Ctx,
    caller: &Caller,
    table: &Table,
    options: &Options,
    prefer: &Prefer,
) -> Response {
    let state = ctx.state.lock();
    let org = &state.dataverse.orgs[caller.org.as_str()];
    let (body, paged) = query::page(org, table, options, prefer, &caller.base);
    let mut applied = annotations_applied(prefer);
    if paged && let Some(size) = prefer.max_page_size {
        applied.push(format!("odata.maxpagesize={size}"));
    }
    json_response(StatusCode::OK, &body, &applied)
}

fn does_not_exist(table: &Table, id: &str) -> Response {
    dataverse_error(
        StatusCode::NOT_FOUND,
        "0x80040217",
        &format!("{} With Id = {id} Does Not Exist", table.logical),
    )
}

fn single(
    org: &Org,
    table: &Table,
    row: &Row,
    options: &Options,
    prefer: &Prefer,
    base: &str,
) -> Value {
    let mut body = query::represent(org, table, row, options.select.as_deref(), prefer);
    super::expand::apply(org, table, row, &options.expand, prefer, &mut body);
    body.insert(
        "@odata.context".into(),
        Value::String(format!("{base}$metadata#{}/$entity", table.set)),
    );
    Value::Object(body)
}

fn one(
    ctx: &Ctx,
    caller: &Caller,
    table: &Table,
    id: &str,
    options: &Options,
    prefer: &Prefer,
) -> Result<Response, Response> {
    if options.filter.is_some() || options.top.is_some() || !options.orderby.is_empty() {
        return Err(dataverse_error(
            StatusCode::BAD_REQUEST,
            "0x80060888",
            "Only $select applies to a single row.",
        ));
    }
    let state = ctx.state.lock();
    let org = &state.dataverse.orgs[caller.org.as_str()];
    let row = org
        .row(table.set, id)
        .ok_or_else(|| does_not_exist(table, id))?;
    let body = single(org, table, row, options, prefer, &caller.base);
    Ok(json_response(
        StatusCode::OK,
        &body,
        &annotations_applied(prefer),
    ))
}

/// `GET EntityDefinitions(LogicalName='<table>')/Attributes[?$select=…]`: the table's columns as
/// `AttributeMetadata` (see [`super::metadata`]). Other metadata paths are refused with a 400.
fn entity_attributes(
    caller: &Caller,
    method: &Method,
    rest: &str,
    pairs: &[(String, String)],
) -> Result<Response, Response> {
    let bad = |message: String| dataverse_error(StatusCode::BAD_REQUEST, "0x80060888", &message);
    let logical = rest
        .strip_prefix("EntityDefinitions(LogicalName='")
        .and_then(|rest| rest.strip_suffix("')/Attributes"))
        .ok_or_else(|| {
            bad(format!(
                "The sandbox emulates only EntityDefinitions(LogicalName='<table>')/Attributes, not '{rest}'."
            ))
        })?;
    if method != Method::GET {
        return Err(dataverse_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            &format!("{method} is not supported on '{rest}'."),
        ));
    }
    let select = super::metadata::select(pairs).map_err(bad)?;
    let table = super::metadata::table(logical).ok_or_else(|| {
        dataverse_error(
            StatusCode::NOT_FOUND,
            "0x80040217",
            &format!(
                "Could not find an entity with name {logical} and id 00000000-0000-0000-0000-000000000000."
            ),
        )
    })?;
    let body = super::metadata::body(table, select.as_deref(), &caller.base);
    Ok(json_response(StatusCode::OK, &body, &[]))
}

/// `GET RetrieveActivePath(ProcessInstanceId=@p)?@p=<guid>` (or the GUID inline): the stages of
/// the instance's process, in order, as `processstage` rows
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveactivepath).
fn retrieve_active_path(
    ctx: &Ctx,
    caller: &Caller,
    method: &Method,
    arguments: &str,
    pairs: &[(String, String)],
) -> Result<Response, Response> {
    let bad = |message: String| dataverse_error(StatusCode::BAD_REQUEST, "0x80060888", &message);
    if method != Method::GET {
        return Err(dataverse_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            "RetrieveActivePath is a function: use GET.",
        ));
    }
    let value = arguments
        .strip_prefix("ProcessInstanceId=")
        .ok_or_else(|| bad("RetrieveActivePath takes the parameter ProcessInstanceId.".into()))?;
    let value = match value.strip_prefix('@') {
        Some(alias) => pairs
            .iter()
            .find(|(name, _)| name.strip_prefix('@') == Some(alias))
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| bad(format!("The parameter alias '@{alias}' has no value.")))?,
        None => value,
    };
    if !write::is_guid(value) {
        return Err(bad(format!("'{value}' is not a valid Edm.Guid.")));
    }
    let state = ctx.state.lock();
    let org = &state.dataverse.orgs[caller.org.as_str()];
    let stages = super::bpf::active_path(org, &value.to_ascii_lowercase()).ok_or_else(|| {
        dataverse_error(
            StatusCode::NOT_FOUND,
            "0x80040217",
            &format!("opportunitysalesprocess With Id = {value} Does Not Exist"),
        )
    })?;
    let table = schema::table("processstages").expect("a known table");
    let prefer = Prefer::default();
    let value: Vec<Value> = stages
        .into_iter()
        .map(|row| Value::Object(query::represent(org, table, row, None, &prefer)))
        .collect();
    let body = json!({
        "@odata.context": format!("{}$metadata#processstages", caller.base),
        "value": value,
    });
    Ok(json_response(StatusCode::OK, &body, &[]))
}
