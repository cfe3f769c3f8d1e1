//! Record writes and reads as sObject rows do them, for the REST handlers and composite
//! sub-requests alike: field names checked against the schema (`INVALID_FIELD`), read-only
//! fields refused (`INVALID_FIELD_FOR_INSERT_UPDATE`), required fields enforced
//! (`REQUIRED_FIELD_MISSING`), values type-checked (`JSON_PARSER_ERROR`), lookups checked
//! (`INVALID_CROSS_REFERENCE_KEY`), and `If-Unmodified-Since` honoured on updates (412).
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
//!
//! Computed fields follow their inputs (`Contact.Name`, `Opportunity.IsClosed`), and an
//! `EmailMessage`'s `ToIds`/`CcIds`/`BccIds` become `EmailMessageRelation` rows, as a
//! JunctionIdList does. Not emulated: the `Task` Salesforce creates beside an `EmailMessage`
//! with a `RelatedToId`, sharing rules, validation rules and triggers.

use super::clock;
use super::errors::SfError;
use super::org::{SalesforceState, user_id};
use super::picklists;
use super::schema::{self, Field, FieldType, Object};
use super::soql::eval::attributes;
use crate::crm_seed::SeedUser;
use axum::http::StatusCode;
use serde_json::{Map, Value, json};

const RELATION_TYPES: [&str; 4] = ["FromAddress", "ToAddress", "CcAddress", "BccAddress"];

/// The sObject `name` if the org has it now; `NOT_FOUND` (404) otherwise, as sObject rows answer
/// for an unknown type.
pub(crate) fn object(org: &SalesforceState, name: &str) -> Result<&'static Object, SfError> {
    schema::object(name)
        .filter(|object| org.has_object(object))
        .ok_or_else(SfError::not_found)
}

fn parse_error(field: &str, expected: &str, value: &Value) -> SfError {
    SfError::new(
        StatusCode::BAD_REQUEST,
        "JSON_PARSER_ERROR",
        format!("Cannot deserialize instance of {expected} from {value} for field {field}"),
    )
}

fn cross_reference(field: &str) -> SfError {
    SfError::new(
        StatusCode::BAD_REQUEST,
        "INVALID_CROSS_REFERENCE_KEY",
        format!("invalid cross reference id for field {field}"),
    )
    .with_fields(&[field])
}

/// 400 `FIELD_INTEGRITY_EXCEPTION` for an id of a record that exists but is not one the lookup
/// refers to (a Contact in `EmailMessage.RelatedToId`, an Opportunity in `WhoId`): Salesforce
/// answers "<field label>: id value of incorrect type: <id>" with the field
/// (https://help.salesforce.com/s/articleView?id=002890901&type=1 shows the message; the
/// lookups' "Refers To" lists are in the object reference, e.g.
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_emailmessage.htm).
fn incorrect_type(field: &str, id: &str) -> SfError {
    SfError::new(
        StatusCode::BAD_REQUEST,
        "FIELD_INTEGRITY_EXCEPTION",
        format!("{field}: id value of incorrect type: {id}"),
    )
    .with_fields(&[field])
}

/// Checks that `id` names a record the lookup `field` may refer to: an unknown id is
/// `INVALID_CROSS_REFERENCE_KEY`, a known one of another type `FIELD_INTEGRITY_EXCEPTION`.
fn check_reference(
    org: &SalesforceState,
    field: &str,
    id: &str,
    targets: &[&str],
) -> Result<(), SfError> {
    match org.find(id) {
        None => Err(cross_reference(field)),
        Some(record) if targets.is_empty() || targets.contains(&record.sobject) => Ok(()),
        Some(_) => Err(incorrect_type(field, id)),
    }
}

/// 400 `STRING_TOO_LONG` for text longer than the field's documented length, as Salesforce
/// answers it ("<label>: data value too large: <value> (max length=<n>)"; the value is left out
/// here so that e-mail bodies are never echoed).
/// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode
fn check_length(object: &Object, field: &Field, value: &Value) -> Result<(), SfError> {
    let (Some(max), Some(text)) = (schema::max_length(object.name, field.name), value.as_str())
    else {
        return Ok(());
    };
    if text.chars().count() > max {
        return Err(SfError::new(
            StatusCode::BAD_REQUEST,
            "STRING_TOO_LONG",
            format!("{}: data value too large (max length={max})", field.name),
        )
        .with_fields(&[field.name]));
    }
    Ok(())
}

/// The stored form of `value` for `field`, or why it does not fit.
fn coerce(org: &SalesforceState, field: &Field, value: &Value) -> Result<Value, SfError> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let name = field.name;
    match field.ty {
        FieldType::Id => Err(parse_error(name, "id", value)),
        FieldType::Text => value
            .as_str()
            .map(|_| value.clone())
            .ok_or_else(|| parse_error(name, "string", value)),
        FieldType::Bool => value
            .as_bool()
            .map(Value::Bool)
            .ok_or_else(|| parse_error(name, "boolean", value)),
        FieldType::Currency | FieldType::Percent => value
            .as_f64()
            .map(|_| value.clone())
            .ok_or_else(|| parse_error(name, "double", value)),
        // An int field takes a whole number; it is stored as a JSON integer.
        FieldType::Int => value
            .as_i64()
            .or_else(|| {
                value
                    .as_f64()
                    .filter(|n| n.fract() == 0.0)
                    .map(|n| n as i64)
            })
            .map(|n| json!(n))
            .ok_or_else(|| parse_error(name, "int", value)),
        FieldType::Date => value
            .as_str()
            .filter(|d| clock::parse_date(d).is_some())
            .map(|_| value.clone())
            .ok_or_else(|| parse_error(name, "date", value)),
        FieldType::DateTime => value
            .as_str()
            .and_then(clock::parse)
            .map(|seconds| Value::String(clock::format(seconds)))
            .ok_or_else(|| parse_error(name, "datetime", value)),
        FieldType::Reference(targets) => {
            let id = value
                .as_str()
                .ok_or_else(|| parse_error(name, "id", value))?;
            check_reference(org, name, id, targets)?;
            Ok(value.clone())
        }
        FieldType::IdList(targets) => {
            let ids = value
                .as_array()
                .ok_or_else(|| parse_error(name, "id list", value))?;
            for id in ids {
                let id = id.as_str().ok_or_else(|| parse_error(name, "id", id))?;
                check_reference(org, name, id, targets)?;
            }
            Ok(value.clone())
        }
    }
}

/// The fields of a create or update body, checked and converted.
fn fields(
    org: &SalesforceState,
    object: &Object,
    body: &Value,
) -> Result<Map<String, Value>, SfError> {
    let body = body.as_object().ok_or_else(|| {
        SfError::new(
            StatusCode::BAD_REQUEST,
            "JSON_PARSER_ERROR",
            "the request body must be a JSON object",
        )
    })?;
    let mut out = Map::new();
    for (name, value) in body {
        if name == "attributes" {
            continue;
        }
        if name.eq_ignore_ascii_case("Id") {
            return Err(SfError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_FIELD",
                "The Id field should not be specified in the sobject data.",
            ));
        }
        let field = org.field(object, name).ok_or_else(|| {
            SfError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_FIELD",
                format!("No such column '{name}' on sobject of type {}", object.name),
            )
        })?;
        if !field.writable {
            return Err(SfError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                format!(
                    "Unable to create/update fields: {}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                    field.name
                ),
            )
            .with_fields(&[field.name]));
        }
        let value = coerce(org, field, value)?;
        picklists::check(object, field.name, &value)?;
        check_length(object, field, &value)?;
        out.insert(field.name.into(), value);
    }
    if object.name == "EmailMessageRelation"
        && let Some(kind) = out.get("RelationType").and_then(Value::as_str)
        && !RELATION_TYPES.contains(&kind)
    {
        return Err(SfError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            format!("bad value for restricted picklist field: {kind}"),
        )
        .with_fields(&["RelationType"]));
    }
    Ok(out)
}

/// Fields Salesforce computes from others.
fn compute(object: &Object, fields: &mut Map<String, Value>) {
    let text = |fields: &Map<String, Value>, name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    match object.name {
        "Contact" => {
            let name = format!("{} {}", text(fields, "FirstName"), text(fields, "LastName"));
            fields.insert("Name".into(), Value::String(name.trim().to_owned()));
        }
        "Opportunity" => {
            // The stage's Opportunity Stage record says whether it is closed.
            let closed = picklists::active_stage(&text(fields, "StageName")).map_or_else(
                || text(fields, "StageName").starts_with("Closed"),
                |s| s.closed,
            );
            fields.insert("IsClosed".into(), Value::Bool(closed));
        }
        "Task" => {
            // `IsClosed` follows Status: of the default TaskStatus values only Completed is a
            // closed one; a task created without a Status gets the default, Not Started.
            // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
            let closed = text(fields, "Status") == "Completed";
            fields.insert("IsClosed".into(), Value::Bool(closed));
        }
        _ => {}
    }
}

/// `POST /sobjects/{Type}/`: the new record's id.
pub(crate) fn create(
    org: &mut SalesforceState,
    sobject: &str,
    body: &Value,
    user: &SeedUser,
) -> Result<String, SfError> {
    let object = object(org, sobject)?;
    let mut values = fields(org, object, body)?;
    let missing: Vec<&str> = object
        .required
        .iter()
        .copied()
        .filter(|name| values.get(*name).is_none_or(Value::is_null))
        .collect();
    if !missing.is_empty() {
        return Err(SfError::new(
            StatusCode::BAD_REQUEST,
            "REQUIRED_FIELD_MISSING",
            format!("Required fields are missing: [{}]", missing.join(", ")),
        )
        .with_fields(&missing));
    }
    if object.name == "EventRelation" {
        event_relation_is_new(org, &values)?;
    }
    compute(object, &mut values);
    let junctions: Vec<(&str, Vec<String>)> = [
        ("ToIds", "ToAddress"),
        ("CcIds", "CcAddress"),
        ("BccIds", "BccAddress"),
    ]
    .into_iter()
    .filter_map(|(list, kind)| {
        let ids = values.get(list)?.as_array()?;
        Some((
            kind,
            ids.iter()
                .filter_map(|id| id.as_str().map(str::to_owned))
                .collect(),
        ))
    })
    .collect();
    let id = org.insert(object, values, user);
    if object.name == "EmailMessage" {
        let relation = schema::object("EmailMessageRelation").expect("schema has it");
        for (kind, ids) in junctions {
            for related in ids {
                let address = org
                    .find(&related)
                    .and_then(|r| r.text("Email"))
                    .map(|a| Value::String(a.to_owned()))
                    .unwrap_or(Value::Null);
                let mut row = Map::new();
                row.insert("EmailMessageId".into(), Value::String(id.clone()));
                row.insert("RelationId".into(), Value::String(related));
                row.insert("RelationType".into(), Value::String(kind.into()));
                row.insert("RelationAddress".into(), address);
                org.insert(relation, row, user);
            }
        }
    }
    Ok(id)
}

/// An event has one `EventRelation` per person ("If a contact or lead is also an invitee, there
/// is one EventRelation record for that person", and the event's `WhoId` is one of them under
/// Shared Activities):
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventrelation.htm
/// A second row for the same person is refused with `DUPLICATE_VALUE`, in the message
/// Salesforce gives for a duplicate unique key ("duplicate value found: <unknown> duplicates
/// value on record with id: <id>"; code from the StatusCode list,
/// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscode).
fn event_relation_is_new(
    org: &SalesforceState,
    values: &Map<String, Value>,
) -> Result<(), SfError> {
    let text = |name: &str| values.get(name).and_then(Value::as_str);
    let (Some(event), Some(person)) = (text("EventId"), text("RelationId")) else {
        return Ok(());
    };
    let existing = org
        .records_of("EventRelation")
        .find(|r| r.text("EventId") == Some(event) && r.text("RelationId") == Some(person))
        .map(|r| r.id().to_owned())
        .or_else(|| {
            org.records_of("Event")
                .find(|r| r.id() == event && r.text("WhoId") == Some(person))
                .map(|r| r.id().to_owned())
        });
    match existing {
        Some(id) => Err(SfError::new(
            StatusCode::BAD_REQUEST,
            "DUPLICATE_VALUE",
            format!("duplicate value found: <unknown> duplicates value on record with id: {id}"),
        )),
        None => Ok(()),
    }
}

/// `PATCH /sobjects/{Type}/{Id}`, refused with 412 when `if_unmodified_since` (an HTTP-date)
/// is older than the record's `LastModifiedDate`.
pub(crate) fn update(
    org: &mut SalesforceState,
    sobject: &str,
    id: &str,
    body: &Value,
    if_unmodified_since: Option<&str>,
    user: &SeedUser,
) -> Result<(), SfError> {
    let object = object(org, sobject)?;
    let current = org
        .find_mut(object.name, id)
        .map(|r| r.fields.clone())
        .ok_or_else(SfError::not_found)?;
    if let Some(header) = if_unmodified_since {
        // An unreadable value is a 400 (the conditional-requests page); the code is [C].
        let since = clock::parse_http_date(header).ok_or_else(|| {
            SfError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_HEADER_VALUE",
                format!("If-Unmodified-Since is not an HTTP-date: {header}"),
            )
        })?;
        let modified = current
            .get("LastModifiedDate")
            .and_then(Value::as_str)
            .and_then(clock::parse)
            .unwrap_or_default();
        if modified > since {
            return Err(SfError::new(
                StatusCode::PRECONDITION_FAILED,
                "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK",
                "The record has been modified since the time specified in If-Unmodified-Since.",
            ));
        }
    }
    let changes = fields(org, object, body)?;
    let stamp = org.stamp();
    let record = org
        .find_mut(object.name, id)
        .ok_or_else(SfError::not_found)?;
    record.fields.extend(changes);
    compute(object, &mut record.fields);
    record
        .fields
        .insert("LastModifiedDate".into(), Value::String(stamp));
    if object.field("LastModifiedById").is_some() {
        record
            .fields
            .insert("LastModifiedById".into(), Value::String(user_id(user.key)));
    }
    Ok(())
}

/// `GET /sobjects/{Type}/{Id}[?fields=a,b]`: the object's own fields only (no relationship
/// paths), every field when `fields` is absent.
pub(crate) fn read(
    org: &SalesforceState,
    sobject: &str,
    id: &str,
    fields: Option<&str>,
    version: &str,
) -> Result<Value, SfError> {
    let object = object(org, sobject)?;
    let record = org
        .records_of(object.name)
        .find(|r| r.id() == id)
        .ok_or_else(SfError::not_found)?;
    let wanted: Vec<&Field> = match fields {
        None => object
            .fields
            .iter()
            .filter(|field| org.has_field(field.name))
            .collect(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                org.field(object, name)
                    .ok_or_else(|| SfError::no_such_column(name, object.name))
            })
            .collect::<Result<_, _>>()?,
    };
    let mut row = Map::new();
    row.insert("attributes".into(), attributes(object.name, id, version));
    for field in wanted {
        row.insert(
            field.name.into(),
            record
                .fields
                .get(field.name)
                .cloned()
                .unwrap_or(Value::Null),
        );
    }
    Ok(Value::Object(row))
}

/// `DELETE /sobjects/{Type}/{Id}`.
pub(crate) fn delete(org: &mut SalesforceState, sobject: &str, id: &str) -> Result<(), SfError> {
    let object = object(org, sobject)?;
    if org.remove(object.name, id) {
        Ok(())
    } else {
        Err(SfError::not_found())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm_seed::{USERS, salesforce_id};

    fn megan() -> &'static SeedUser {
        &USERS[0]
    }

    #[test]
    fn creates_are_checked_field_by_field() {
        let mut org = SalesforceState::default();
        for (body, code) in [
            (json!({"Id": "003x", "LastName": "A"}), "INVALID_FIELD"),
            (json!({"Nope__c": 1, "LastName": "A"}), "INVALID_FIELD"),
            (
                json!({"Name": "A B", "LastName": "B"}),
                "INVALID_FIELD_FOR_INSERT_UPDATE",
            ),
            (json!({"FirstName": "A"}), "REQUIRED_FIELD_MISSING"),
            (json!({"LastName": 5}), "JSON_PARSER_ERROR"),
            (
                json!({"LastName": "A", "AccountId": "001nothing"}),
                "INVALID_CROSS_REFERENCE_KEY",
            ),
            (json!(["LastName"]), "JSON_PARSER_ERROR"),
        ] {
            let err = create(&mut org, "Contact", &body, megan()).unwrap_err();
            assert_eq!(err.code, code, "{body}");
        }
        let id = create(
            &mut org,
            "contact",
            &json!({"FirstName": "Noah", "LastName": "Fischer"}),
            megan(),
        )
        .unwrap();
        let stored = org.record("Contact", &id).unwrap();
        assert_eq!(stored["Name"], "Noah Fischer");
        assert_eq!(stored["OwnerId"], user_id("megan"));
        assert!(id.starts_with("003"));
    }

    #[test]
    fn email_junction_lists_become_relations() {
        let mut org = SalesforceState::default();
        let daniel = salesforce_id("003", "daniel");
        let id = create(
            &mut org,
            "EmailMessage",
            &json!({"Subject": "s", "CcIds": [daniel], "MessageDate": "2026-11-27T16:45:00Z"}),
            megan(),
        )
        .unwrap();
        assert_eq!(
            org.email_relations(&id),
            [("CcAddress".to_owned(), daniel.clone())]
        );
        assert_eq!(
            org.record("EmailMessage", &id).unwrap()["MessageDate"],
            "2026-11-27T16:45:00.000+0000"
        );
        org.set_enhanced_email(false);
        let err = create(&mut org, "EmailMessage", &json!({"Subject": "s"}), megan()).unwrap_err();
        assert_eq!(err.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn lookups_refuse_records_of_the_wrong_type() {
        let mut org = SalesforceState::default();
        let priya = salesforce_id("003", "priya");
        let contoso = salesforce_id("001", "contoso");
        let deal = salesforce_id("006", "contoso-fulfillment");
        for (sobject, body, field) in [
            (
                "EmailMessage",
                json!({"Subject": "s", "RelatedToId": priya}),
                "RelatedToId",
            ),
            ("Task", json!({"Subject": "s", "WhatId": priya}), "WhatId"),
            ("Task", json!({"Subject": "s", "WhoId": deal}), "WhoId"),
            (
                "Event",
                json!({"StartDateTime": "2026-12-01T10:00:00Z", "EndDateTime": "2026-12-01T11:00:00Z", "WhoId": contoso}),
                "WhoId",
            ),
            (
                "EmailMessage",
                json!({"Subject": "s", "ToIds": [contoso]}),
                "ToIds",
            ),
        ] {
            let err = create(&mut org, sobject, &body, megan()).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(err.code, "FIELD_INTEGRITY_EXCEPTION", "{body}");
            assert_eq!(err.fields, [field]);
            assert!(err.message.contains("id value of incorrect type"));
        }
        let err = create(
            &mut org,
            "EmailMessage",
            &json!({"Subject": "s", "RelatedToId": salesforce_id("006", "gone")}),
            megan(),
        )
        .unwrap_err();
        assert_eq!(err.code, "INVALID_CROSS_REFERENCE_KEY");
        for related in [contoso, deal] {
            create(
                &mut org,
                "EmailMessage",
                &json!({"Subject": "s", "RelatedToId": related, "ToIds": [priya]}),
                megan(),
            )
            .unwrap();
        }
    }

    #[test]
    fn text_longer_than_its_field_is_refused() {
        let mut org = SalesforceState::default();
        for (sobject, field, max, extra) in [
            ("Task", "Subject", 255, json!({})),
            ("Task", "Description", 32_000, json!({})),
            (
                "Event",
                "Subject",
                255,
                json!({"StartDateTime": "2026-12-01T10:00:00Z", "EndDateTime": "2026-12-01T11:00:00Z"}),
            ),
            (
                "Event",
                "Description",
                32_000,
                json!({"StartDateTime": "2026-12-01T10:00:00Z", "EndDateTime": "2026-12-01T11:00:00Z"}),
            ),
            ("EmailMessage", "Subject", 3_000, json!({})),
            ("EmailMessage", "HtmlBody", 131_072, json!({})),
            ("EmailMessage", "TextBody", 131_072, json!({})),
        ] {
            let with = |text: String| {
                let mut body = extra.clone();
                body[field] = Value::String(text);
                body
            };
            // Characters count, not bytes: "é" is two bytes.
            create(&mut org, sobject, &with("é".repeat(max)), megan()).unwrap();
            let err = create(&mut org, sobject, &with("é".repeat(max + 1)), megan()).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST);
            assert_eq!(err.code, "STRING_TOO_LONG", "{sobject}.{field}");
            assert_eq!(err.fields, [field]);
            assert!(err.message.contains(&format!("max length={max}")));
        }
        let id = salesforce_id("003", "priya");
        let err = update(
            &mut org,
            "Contact",
            &id,
            &json!({"Title": "CFO"}),
            None,
            megan(),
        );
        assert!(
            err.is_ok(),
            "fields without a listed length are not checked"
        );
    }

    #[test]
    fn a_person_is_related_to_an_event_once() {
        let mut org = SalesforceState::default();
        let priya = salesforce_id("003", "priya");
        let daniel = salesforce_id("003", "daniel");
        let event = create(
            &mut org,
            "Event",
            &json!({"StartDateTime": "2026-12-01T10:00:00Z", "EndDateTime": "2026-12-01T11:00:00Z", "WhoId": priya}),
            megan(),
        )
        .unwrap();
        let relate = |org: &mut SalesforceState, person: &str| {
            create(
                org,
                "EventRelation",
                &json!({"EventId": event, "RelationId": person, "IsParent": true}),
                megan(),
            )
        };
        relate(&mut org, &daniel).unwrap();
        for person in [&daniel, &priya] {
            let err = relate(&mut org, person).unwrap_err();
            assert_eq!(err.status, StatusCode::BAD_REQUEST);
            assert_eq!(err.code, "DUPLICATE_VALUE", "{person}");
        }
        assert_eq!(org.event_relations(&event), [daniel]);
    }

    #[test]
    fn updates_honour_if_unmodified_since() {
        let mut org = SalesforceState::default();
        let id = salesforce_id("003", "priya");
        let body = json!({"Title": "CFO"});
        let seen = "Fri, 20 Nov 2026 09:00:00 GMT";
        update(&mut org, "Contact", &id, &body, Some(seen), megan()).unwrap();
        let err = update(&mut org, "Contact", &id, &body, Some(seen), megan()).unwrap_err();
        assert_eq!(err.status, StatusCode::PRECONDITION_FAILED);
        let err = update(&mut org, "Contact", &id, &body, Some("yesterday"), megan()).unwrap_err();
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert_eq!(org.record("Contact", &id).unwrap()["Title"], "CFO");
    }

    #[test]
    fn reads_name_their_fields_and_refuse_paths() {
        let org = SalesforceState::default();
        let id = salesforce_id("006", "contoso-fulfillment");
        let row = read(&org, "Opportunity", &id, Some("Name,IsClosed"), "v62.0").unwrap();
        assert_eq!(row["Name"], "Contoso – Fulfillment Cloud rollout");
        assert_eq!(row["IsClosed"], false);
        assert!(row.get("Amount").is_none());
        assert_eq!(
            read(&org, "Opportunity", &id, Some("Account.Name"), "v62.0")
                .unwrap_err()
                .code,
            "INVALID_FIELD"
        );
        assert_eq!(
            read(&org, "Opportunity", "006none", None, "v62.0")
                .unwrap_err()
                .status,
            StatusCode::NOT_FOUND
        );
    }
}
