//! The writes of the Web API: `POST` creates (204 + `OData-EntityId`, or 201 with
//! `return=representation`), `PATCH` with `If-Match` (412 on a stale version, upsert without
//! it), `DELETE` (412 on a stale `If-Match` version). Bodies are checked by
//! [`write`](crate::dataverse::write).

use super::{Caller, does_not_exist, json_response, single};
use crate::dataverse::bpf;
use crate::dataverse::org::Row;
use crate::dataverse::query::{Options, Prefer};
use crate::dataverse::rules;
use crate::dataverse::schema::Table;
use crate::dataverse::write::{self, Changes};
use crate::dataverse::{Ctx, dataverse_error};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

fn refused((status, code, message): write::Refusal) -> Response {
    dataverse_error(
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        code,
        &message,
    )
}

/// A create or update that would give a second row the alternate key of Closer's table:
/// `DuplicateRecordEntityKey`, `0x80060892`, "Entity Key {0} violated. A record with the same
/// value for {1} already exists. A duplicate record cannot be created. Select one or more unique
/// values and try again." (Web service error codes,
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/web-service-error-codes),
/// answered by the Web API with 412 Precondition Failed.
fn duplicate() -> Response {
    dataverse_error(
        StatusCode::PRECONDITION_FAILED,
        DUPLICATE_ENTITY_KEY,
        "Entity Key osc_closerrowkey violated. A record with the same value for osc_scope, osc_kind, osc_key already exists. A duplicate record cannot be created. Select one or more unique values and try again.",
    )
}

/// Dataverse's code for a row refused by an alternate key (`DuplicateRecordEntityKey`).
const DUPLICATE_ENTITY_KEY: &str = "0x80060892";

/// A conditional write whose `If-Match` names a version the row no longer has: 412,
/// `0x80060882` (the Web API conditional operations sample, "Optimistic concurrency on delete
/// and update",
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/web-api-conditional-operations-sample).
fn stale_version() -> Response {
    dataverse_error(
        StatusCode::PRECONDITION_FAILED,
        "0x80060882",
        "The version of the existing record doesn't match the RowVersion property provided.",
    )
}

/// A created or updated row's answer: 204 + `OData-EntityId`, or with `return=representation`
/// the row itself (`created` ? 201 : 200).
fn written(
    ctx: &Ctx,
    caller: &Caller,
    table: &Table,
    id: &str,
    created: bool,
    options: &Options,
    prefer: &Prefer,
) -> Response {
    let entity_id = format!("{}{}({id})", caller.base, table.set);
    let mut response = if prefer.return_representation {
        let state = ctx.state.lock();
        let org = &state.dataverse.orgs[caller.org.as_str()];
        let row = org.row(table.set, id).expect("just written");
        let body = single(org, table, row, options, prefer, &caller.base);
        let status = if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        json_response(status, &body, &["return=representation".to_owned()])
    } else {
        StatusCode::NO_CONTENT.into_response()
    };
    if let Ok(value) = HeaderValue::from_str(&entity_id) {
        response.headers_mut().insert("odata-entityid", value);
    }
    response
        .headers_mut()
        .insert("odata-version", HeaderValue::from_static("4.0"));
    response
}

#[allow(clippy::too_many_arguments, reason = "one write, unpacked once")]
pub(super) fn create(
    ctx: &Ctx,
    caller: &Caller,
    table: &'static Table,
    upsert_id: Option<&str>,
    body: &[u8],
    options: &Options,
    prefer: &Prefer,
) -> Result<Response, Response> {
    let id = {
        let mut state = ctx.state.lock();
        let org = &state.dataverse.orgs[caller.org.as_str()];
        let Changes {
            mut fields,
            mut targets,
            parties,
        } = write::changes(org, table, body, true).map_err(refused)?;
        rules::check_lengths(table, &fields).map_err(refused)?;
        let id = match (upsert_id, fields.get(table.key)) {
            (Some(id), _) => id.to_owned(),
            (None, Some(Value::String(id))) if write::is_guid(id) => id.to_ascii_lowercase(),
            (None, Some(_)) => {
                return Err(refused((
                    400,
                    "0x80060888",
                    format!("{} must be a GUID.", table.key),
                )));
            }
            (None, None) => uuid::Uuid::new_v4().to_string(),
        };
        if org.row(table.set, &id).is_some() {
            return Err(dataverse_error(
                StatusCode::PRECONDITION_FAILED,
                "0x80040237",
                "Cannot insert duplicate key.",
            ));
        }
        if table.set == "osc_closerrows" && write::duplicate_key(org, &fields, None) {
            return Err(duplicate());
        }
        let now = crate::dataverse::clock::now_iso();
        fields.insert(table.key.into(), Value::String(id.clone()));
        fields.insert("createdon".into(), Value::String(now.clone()));
        fields.insert("modifiedon".into(), Value::String(now));
        let body_columns = fields.clone();
        rules::settle_state(table, &id, &body_columns, &mut fields, true).map_err(refused)?;
        if table.has_column("statecode") {
            fields.entry("statecode").or_insert(json!(0));
        }
        if table.has_column("_ownerid_value") && !fields.contains_key("_ownerid_value") {
            fields.insert(
                "_ownerid_value".into(),
                Value::String(caller.systemuser.clone()),
            );
            targets.insert("_ownerid_value".into(), "systemusers");
        }
        full_name(table, &mut fields);
        let id = state
            .dataverse
            .insert(&caller.org, table.set, fields, targets)
            .expect("known org and table");
        if let Some(parties) = parties {
            let org = state
                .dataverse
                .orgs
                .get_mut(caller.org.as_str())
                .expect("known org");
            org.parties.insert(id.clone(), parties);
        }
        id
    };
    Ok(written(ctx, caller, table, &id, true, options, prefer))
}

/// A contact's `fullname` is computed from its first and last names.
fn full_name(table: &Table, fields: &mut serde_json::Map<String, Value>) {
    if table.set != "contacts" {
        return;
    }
    let part = |name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let full = format!("{} {}", part("firstname"), part("lastname"));
    fields.insert("fullname".into(), Value::String(full.trim().to_owned()));
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
}

#[allow(clippy::too_many_arguments, reason = "one write, unpacked once")]
pub(super) fn update(
    ctx: &Ctx,
    caller: &Caller,
    table: &'static Table,
    id: &str,
    headers: &HeaderMap,
    body: &[u8],
    options: &Options,
    prefer: &Prefer,
) -> Result<Response, Response> {
    let if_match = header_text(headers, "if-match");
    // `If-None-Match: null` is the header every Dataverse client sends: no condition.
    let if_none_match = header_text(headers, "if-none-match").filter(|value| *value != "null");
    let exists = {
        let state = ctx.state.lock();
        state.dataverse.orgs[caller.org.as_str()]
            .row(table.set, id)
            .map(Row::etag)
    };
    let Some(etag) = exists else {
        if if_match.is_some() {
            return Err(does_not_exist(table, id));
        }
        // Without `If-Match`, PATCH to a missing key is an upsert that creates the row.
        return create(ctx, caller, table, Some(id), body, options, prefer);
    };
    if if_none_match == Some("*") {
        return Err(dataverse_error(
            StatusCode::PRECONDITION_FAILED,
            "0x80040237",
            "A record with matching key values already exists.",
        ));
    }
    if let Some(expected) = if_match
        && expected != "*"
        && expected != etag
    {
        return Err(stale_version());
    }
    {
        let mut state = ctx.state.lock();
        let org = &state.dataverse.orgs[caller.org.as_str()];
        let changes = write::changes(org, table, body, false).map_err(refused)?;
        rules::check_lengths(table, &changes.fields).map_err(refused)?;
        let before = org.row(table.set, id).expect("checked").fields.clone();
        let body_columns = changes.fields.clone();
        let mut merged = before.clone();
        merged.extend(changes.fields);
        rules::settle_state(table, id, &body_columns, &mut merged, false).map_err(refused)?;
        let moved = table.set == bpf::INSTANCES
            && before.get("_activestageid_value") != merged.get("_activestageid_value");
        if table.set == bpf::INSTANCES {
            bpf::check_move(&before, &merged).map_err(refused)?;
        }
        // The platform keeps the opportunity's pipeline-phase label in step with the stage.
        let label = moved
            .then(|| {
                let stage = merged.get("_activestageid_value")?.as_str()?;
                let opportunity = merged.get("_bpf_opportunityid_value")?.as_str()?;
                Some((opportunity.to_owned(), bpf::stage_label(org, stage)?))
            })
            .flatten();
        if table.set == "osc_closerrows" && write::duplicate_key(org, &merged, Some(id)) {
            return Err(duplicate());
        }
        full_name(table, &mut merged);
        merged.insert(
            "modifiedon".into(),
            Value::String(crate::dataverse::clock::now_iso()),
        );
        merged.insert(
            "versionnumber".into(),
            json!(state.dataverse.next_version()),
        );
        let row = state
            .dataverse
            .orgs
            .get_mut(caller.org.as_str())
            .and_then(|org| org.rows.get_mut(table.set))
            .and_then(|rows| rows.get_mut(id))
            .expect("checked");
        row.fields = merged;
        row.targets.extend(changes.targets);
        if moved {
            row.fields.insert(
                "activestagestartedon".into(),
                Value::String(crate::dataverse::clock::now_iso()),
            );
        }
        if let Some((opportunity, label)) = label {
            let version = state.dataverse.next_version();
            if let Some(row) = state
                .dataverse
                .orgs
                .get_mut(caller.org.as_str())
                .and_then(|org| org.rows.get_mut("opportunities"))
                .and_then(|rows| rows.get_mut(&opportunity))
            {
                row.fields.insert("stepname".into(), Value::String(label));
                row.fields.insert("versionnumber".into(), json!(version));
                row.fields.insert(
                    "modifiedon".into(),
                    Value::String(crate::dataverse::clock::now_iso()),
                );
            }
        }
    }
    Ok(written(ctx, caller, table, id, false, options, prefer))
}

/// `DELETE`; with `If-Match: <etag>` only while the row still has that version.
pub(super) fn delete(
    ctx: &Ctx,
    caller: &Caller,
    table: &Table,
    id: &str,
    headers: &HeaderMap,
) -> Result<Response, Response> {
    let if_match = header_text(headers, "if-match");
    let mut state = ctx.state.lock();
    let org = state
        .dataverse
        .orgs
        .get_mut(caller.org.as_str())
        .expect("known org");
    let rows = org.rows.get_mut(table.set);
    let etag = rows
        .as_ref()
        .and_then(|rows| rows.get(id))
        .map(Row::etag)
        .ok_or_else(|| does_not_exist(table, id))?;
    if let Some(expected) = if_match
        && expected != "*"
        && expected != etag
    {
        return Err(stale_version());
    }
    rows.and_then(|rows| rows.remove(id))
        .ok_or_else(|| does_not_exist(table, id))?;
    org.parties.remove(id);
    Ok(StatusCode::NO_CONTENT.into_response())
}
