//! Creates and updates as Dataverse checks them: body columns must be writable columns of the
//! table, lookups are set only through `<nav>@odata.bind: "/<set>(<guid>)"` to a row that
//! exists, an activity's parties come as a deep-inserted collection (`email_activity_parties`,
//! `appointment_activity_parties`) with the participation types that activity allows, and
//! Closer's own table enforces its alternate key (scope, kind, key) with a 412
//! `DuplicateRecordEntityKey` (`0x80060892`, see `api/writes.rs`).
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api

use super::org::{Org, StoredParty};
use super::schema::{self, Lookup, PARTY_LOOKUPS, Table};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What a create or update body sets.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    pub fields: Map<String, Value>,
    pub targets: BTreeMap<String, &'static str>,
    pub parties: Option<Vec<StoredParty>>,
}

/// Why a body was refused: (status, Dataverse code, message).
pub(crate) type Refusal = (u16, &'static str, String);

fn bad(message: String) -> Refusal {
    (400, "0x80060888", message)
}

/// Reads a create (`creating`) or update body for `table`.
pub(crate) fn changes(
    org: &Org,
    table: &Table,
    body: &[u8],
    creating: bool,
) -> Result<Changes, Refusal> {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return Err(bad("The request body is not a JSON object.".into()));
    };
    let mut changes = Changes::default();
    for (name, value) in body {
        if let Some(nav) = name.strip_suffix("@odata.bind") {
            let lookup = table.lookup(nav).ok_or_else(|| undeclared(nav))?;
            let id = bind(org, lookup, &value)?;
            changes
                .fields
                .insert(lookup.column.into(), Value::String(id));
            changes
                .targets
                .insert(lookup.column.into(), lookup.target_set);
        } else if let Some((collection, masks)) = table.parties
            && name == collection
        {
            if !creating {
                return Err(bad(format!(
                    "The sandbox emulates '{collection}' only in a deep insert."
                )));
            }
            changes.parties = Some(parties(org, &value, masks)?);
        } else if name.starts_with("@odata.") {
            // Instance annotations such as `@odata.type` carry no column.
        } else if table.has_column(&name)
            && !name.starts_with('_')
            && !table.read_only.contains(&name.as_str())
            && (creating || name != table.key)
        {
            changes.fields.insert(name, value);
        } else {
            return Err(bad(format!(
                "The property '{name}' does not exist on type 'Microsoft.Dynamics.CRM.{}'. Make sure to only use property names that are defined by the type.",
                table.logical
            )));
        }
    }
    Ok(changes)
}

fn undeclared(nav: &str) -> Refusal {
    bad(format!(
        "An undeclared property '{nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values."
    ))
}

/// `"/contacts(<guid>)"` (or the absolute form) → the id, if it names an existing row of the
/// lookup's target table.
fn bind(org: &Org, lookup: &Lookup, value: &Value) -> Result<String, Refusal> {
    let reference = value.as_str().unwrap_or_default();
    let segment = reference.rsplit('/').next().unwrap_or_default();
    let parsed = segment
        .strip_suffix(')')
        .and_then(|rest| rest.split_once('('))
        .filter(|(set, id)| *set == lookup.target_set && is_guid(id));
    let Some((set, id)) = parsed else {
        return Err(bad(format!(
            "The @odata.bind value '{reference}' for '{}' is not a reference to {}.",
            lookup.nav, lookup.target_set
        )));
    };
    if org.row(set, id).is_none() {
        let logical = schema::table(set).map_or(set, |table| table.logical);
        return Err((
            404,
            "0x80040217",
            format!("{logical} With Id = {id} Does Not Exist"),
        ));
    }
    Ok(id.to_ascii_lowercase())
}

fn parties(org: &Org, value: &Value, masks: &[u64]) -> Result<Vec<StoredParty>, Refusal> {
    let Some(items) = value.as_array() else {
        return Err(bad("An activity party collection must be an array.".into()));
    };
    items
        .iter()
        .map(|item| {
            let Some(item) = item.as_object() else {
                return Err(bad("An activity party must be an object.".into()));
            };
            let mut party = StoredParty {
                mask: 0,
                party: None,
                address_used: None,
            };
            for (name, value) in item {
                match name.as_str() {
                    "participationtypemask" => {
                        party.mask = value
                            .as_u64()
                            .filter(|mask| masks.contains(mask))
                            .ok_or_else(|| {
                                bad(format!(
                                    "participationtypemask {value} is not valid for this activity."
                                ))
                            })?
                    }
                    "addressused" => party.address_used = value.as_str().map(str::to_owned),
                    bound => {
                        let nav = bound.strip_suffix("@odata.bind").unwrap_or(bound);
                        let lookup = PARTY_LOOKUPS
                            .iter()
                            .find(|lookup| lookup.nav == nav)
                            .ok_or_else(|| undeclared(nav))?;
                        party.party = Some((lookup.target_set, bind(org, lookup, value)?));
                    }
                }
            }
            if party.mask == 0 {
                return Err(bad(
                    "An activity party needs its participationtypemask.".into()
                ));
            }
            if party.party.is_none() && party.address_used.is_none() {
                return Err(bad(
                    "An activity party needs a partyid or an addressused.".into()
                ));
            }
            Ok(party)
        })
        .collect()
}

/// Whether `text` is a GUID (`8-4-4-4-12` hex digits).
pub(crate) fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The alternate key of Closer's table: a second row with the same (scope, kind, key) is a
/// duplicate. `except` is the row being updated.
pub(crate) fn duplicate_key(org: &Org, fields: &Map<String, Value>, except: Option<&str>) -> bool {
    const KEY: [&str; 3] = ["osc_scope", "osc_kind", "osc_key"];
    let value = |fields: &Map<String, Value>, column: &str| {
        fields
            .get(column)
            .and_then(Value::as_str)
            .map(str::to_lowercase)
    };
    org.rows
        .get("osc_closerrows")
        .into_iter()
        .flatten()
        .filter(|(id, _)| Some(id.as_str()) != except)
        .any(|(_, row)| {
            KEY.iter()
                .all(|c| value(&row.fields, c) == value(fields, c))
        })
}
