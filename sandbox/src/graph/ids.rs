//! `POST /me/translateExchangeIds` and the id formats it converts. A REST id's EWS form swaps
//! `-`→`+` and `_`→`/` (EWS ids are standard base64, REST ids the URL-safe variant), so the two
//! differ the way Office.js' `itemId` and Graph's `id` do; the immutable REST form swaps the
//! `AAMk` prefix for `AAkA`. Ids of items outside the caller's mailbox are not found.

use super::mail::messages;
use super::{Call, graph_error, json_response};
use axum::Json;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The id formats the sandbox converts between; Graph also knows the binary MAPI `entryId` and
/// `immutableEntryId`, which are not emulated.
const EMULATED: [&str; 3] = ["ewsId", "restId", "restImmutableEntryId"];

pub(super) fn to_rest(id: &str, format: &str) -> Option<String> {
    match format {
        "restId" => Some(id.to_owned()),
        "ewsId" => Some(id.replace('+', "-").replace('/', "_")),
        "restImmutableEntryId" => id.strip_prefix("AAkA").map(|rest| format!("AAMk{rest}")),
        _ => None,
    }
}

pub(super) fn from_rest(id: &str, format: &str) -> Option<String> {
    match format {
        "restId" => Some(id.to_owned()),
        "ewsId" => Some(id.replace('-', "+").replace('_', "/")),
        "restImmutableEntryId" => id.strip_prefix("AAMk").map(|rest| format!("AAkA{rest}")),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TranslateRequest {
    input_ids: Vec<String>,
    source_id_type: String,
    target_id_type: String,
}

/// `POST /me/translateExchangeIds`.
pub(super) async fn translate_ids(
    call: Call,
    Json(request): Json<TranslateRequest>,
) -> Result<Response, Response> {
    let mailbox = call.mailbox()?;
    let known = [
        "entryId",
        "ewsId",
        "immutableEntryId",
        "restId",
        "restImmutableEntryId",
    ];
    for format in [&request.source_id_type, &request.target_id_type] {
        if !known.contains(&format.as_str()) {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidParameter",
                &format!("'{format}' is not a valid exchangeIdFormat."),
            ));
        }
        if !EMULATED.contains(&format.as_str()) {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidParameter",
                &format!("The sandbox does not emulate '{format}' ids (binary MAPI entry ids)."),
            ));
        }
    }
    if request.input_ids.is_empty() || request.input_ids.len() > 1000 {
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "inputIds must hold between 1 and 1000 ids.",
        ));
    }
    let exists = |rest: &str| {
        messages(mailbox).any(|m| m.id() == rest) || super::calendar::find(mailbox, rest).is_some()
    };
    let value: Vec<Value> = request
        .input_ids
        .iter()
        .map(|source| {
            let target = to_rest(source, &request.source_id_type)
                .filter(|rest| exists(rest))
                .and_then(|rest| from_rest(&rest, &request.target_id_type));
            match target {
                Some(target) => json!({ "sourceId": source, "targetId": target }),
                None => json!({ "sourceId": source, "errorDetails": {
                    "code": "ErrorItemNotFound",
                    "message": "The specified object was not found in the store." } }),
            }
        })
        .collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        Value::String(format!(
            "{}$metadata#Collection(microsoft.graph.convertIdResult)",
            call.base
        )),
    );
    body.insert("value".into(), Value::Array(value));
    Ok(json_response(&Value::Object(body)))
}
