//! The CRM's own field catalogue for the admin page ([`CrmConnector::card_fields`]): which
//! readable fields contacts, accounts and opportunities have, with their labels and types, so
//! an admin adds to a card only fields the CRM has. Parsers for both vendors' metadata answers;
//! the requests are built by each connector.
//!
//! - Dataverse: `EntityDefinitions(LogicalName='…')/Attributes` with `$select`
//!   (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api).
//!   Columns a card can show as text: readable (`IsValidForRead`), not the hidden part of
//!   another column (`AttributeOf` null), not a lookup, owner, id or virtual column.
//! - Salesforce: `sobjects/{Type}/describe`'s `fields`
//!   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm),
//!   without ids, references and compound fields.
//!
//! [`CrmConnector::card_fields`]: crate::crm::CrmConnector::card_fields

use crate::provider::{Provider, ProviderError};
use closer_wire::CrmField;
use serde::Deserialize;

/// Dataverse attribute types a card does not show as a value.
const DATAVERSE_SKIPPED: &[&str] = &[
    "Lookup",
    "Customer",
    "Owner",
    "Uniqueidentifier",
    "Virtual",
    "EntityName",
    "PartyList",
    "CalendarRules",
    "ManagedProperty",
];

/// Salesforce field types a card does not show as a value.
const SALESFORCE_SKIPPED: &[&str] = &[
    "id",
    "reference",
    "address",
    "location",
    "base64",
    "encryptedstring",
    "complexvalue",
    "anyType",
];

/// How Closer writes a field a seller edits, by the type the CRM's metadata gives it; `None`
/// for types Closer does not write (Dataverse choices need their option numbers, lookups a
/// record, dates a time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {
    /// Text (trimmed; empty clears).
    Text,
    /// A whole number.
    Integer,
    /// A number (decimals, money, percent).
    Number,
    /// Yes or no.
    Boolean,
    /// One of the picklist's active values (Salesforce picklists are strings).
    Picklist,
}

/// How a field of `kind` (either vendor's type name) is written, if Closer writes it.
pub fn writable(kind: &str) -> Option<Writable> {
    match kind {
        "String" | "Memo" | "string" | "textarea" | "phone" | "email" | "url" => {
            Some(Writable::Text)
        }
        "Integer" | "BigInt" | "int" => Some(Writable::Integer),
        "Decimal" | "Double" | "Money" | "double" | "currency" | "percent" => {
            Some(Writable::Number)
        }
        "Boolean" | "boolean" => Some(Writable::Boolean),
        "picklist" => Some(Writable::Picklist),
        _ => None,
    }
}

/// `text` as the JSON value a field written as `how` takes, or why not (a sentence naming
/// the field `label`).
pub fn typed_value(
    how: Writable,
    label: &str,
    text: &str,
    options: &[String],
) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    match how {
        Writable::Text if text.chars().count() <= 4_000 => Ok(Value::String(text.to_owned())),
        Writable::Text => Err(format!("{label} takes at most 4,000 characters.")),
        Writable::Integer => text
            .replace([',', ' '], "")
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("{label} takes a whole number.")),
        Writable::Number => text
            .replace([',', ' '], "")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("{label} takes a number.")),
        Writable::Boolean => match text.to_ascii_lowercase().as_str() {
            "yes" | "true" => Ok(Value::Bool(true)),
            "no" | "false" => Ok(Value::Bool(false)),
            _ => Err(format!("{label} takes Yes or No.")),
        },
        Writable::Picklist if options.iter().any(|o| o == text) => {
            Ok(Value::String(text.to_owned()))
        }
        Writable::Picklist => Err(format!("{label} takes one of: {}.", options.join(", "))),
    }
}

#[derive(Deserialize)]
struct Attributes {
    value: Vec<Attribute>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Attribute {
    logical_name: String,
    #[serde(default)]
    attribute_type: Option<String>,
    #[serde(default)]
    display_name: Option<Label>,
    #[serde(default)]
    is_valid_for_read: Option<bool>,
    #[serde(default)]
    attribute_of: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Label {
    #[serde(default)]
    user_localized_label: Option<LocalizedLabel>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LocalizedLabel {
    label: String,
}

/// The fields of a Dataverse `Attributes` answer a card can show, sorted by label.
pub fn dataverse_fields(body: &[u8]) -> Result<Vec<CrmField>, ProviderError> {
    let attributes: Attributes = serde_json::from_slice(body)
        .map_err(|e| ProviderError::malformed(Provider::Dataverse, format!("attributes: {e}")))?;
    let mut fields: Vec<CrmField> = attributes
        .value
        .into_iter()
        .filter(|a| a.is_valid_for_read != Some(false) && a.attribute_of.is_none())
        .filter(|a| {
            a.attribute_type
                .as_deref()
                .is_some_and(|kind| !DATAVERSE_SKIPPED.contains(&kind))
        })
        .map(|a| CrmField {
            label: a
                .display_name
                .and_then(|d| d.user_localized_label)
                .map(|l| l.label)
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| a.logical_name.clone()),
            name: a.logical_name,
            kind: a.attribute_type.unwrap_or_default(),
            options: Vec::new(),
        })
        .collect();
    fields.sort_by_key(|a| a.label.to_lowercase());
    Ok(fields)
}

#[derive(Deserialize)]
struct Describe {
    fields: Vec<DescribeField>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DescribeField {
    name: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    picklist_values: Vec<PicklistValue>,
}

#[derive(Deserialize)]
struct PicklistValue {
    value: String,
    #[serde(default)]
    active: bool,
}

/// The fields of a Salesforce describe a card can show, sorted by label.
pub fn salesforce_fields(body: &[u8]) -> Result<Vec<CrmField>, ProviderError> {
    let describe: Describe = serde_json::from_slice(body)
        .map_err(|e| ProviderError::malformed(Provider::Salesforce, format!("describe: {e}")))?;
    let mut fields: Vec<CrmField> = describe
        .fields
        .into_iter()
        .filter(|f| !SALESFORCE_SKIPPED.contains(&f.kind.as_str()))
        .map(|f| CrmField {
            label: f
                .label
                .filter(|l| !l.trim().is_empty())
                .unwrap_or_else(|| f.name.clone()),
            options: f
                .picklist_values
                .into_iter()
                .filter(|v| v.active)
                .map(|v| v.value)
                .collect(),
            name: f.name,
            kind: f.kind,
        })
        .collect();
    fields.sort_by_key(|a| a.label.to_lowercase());
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataverse_attributes_keep_readable_value_columns_with_their_labels() {
        let body = serde_json::json!({ "value": [
            { "LogicalName": "department", "AttributeType": "String", "IsValidForRead": true,
              "AttributeOf": null,
              "DisplayName": { "UserLocalizedLabel": { "Label": "Department", "LanguageCode": 1033 } } },
            { "LogicalName": "parentcustomerid", "AttributeType": "Customer", "IsValidForRead": true },
            { "LogicalName": "revenue_base", "AttributeType": "Money", "AttributeOf": "revenue" },
            { "LogicalName": "secret", "AttributeType": "String", "IsValidForRead": false },
            { "LogicalName": "numberofemployees", "AttributeType": "Integer",
              "DisplayName": { "UserLocalizedLabel": null } }
        ]});
        let fields = dataverse_fields(body.to_string().as_bytes()).unwrap();
        let names: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.label.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("department", "Department"),
                ("numberofemployees", "numberofemployees")
            ]
        );
    }

    #[test]
    fn values_are_typed_by_the_fields_type_and_bad_ones_refused() {
        use serde_json::json;
        let typed = |kind: &str, text: &str| {
            typed_value(writable(kind).unwrap(), "Field", text, &["Web".into()])
        };
        assert_eq!(typed("String", " Ops ").unwrap(), json!("Ops"));
        assert_eq!(typed("int", "1,200").unwrap(), json!(1200));
        assert_eq!(typed("currency", "2500.5").unwrap(), json!(2500.5));
        assert_eq!(typed("boolean", "Yes").unwrap(), json!(true));
        assert_eq!(typed("picklist", "Web").unwrap(), json!("Web"));
        assert_eq!(typed("Memo", "").unwrap(), json!(null));
        assert!(
            typed("Integer", "12.5")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(typed("Money", "lots").unwrap_err().contains("a number"));
        assert!(
            typed("picklist", "Fax")
                .unwrap_err()
                .contains("one of: Web")
        );
        assert!(typed("String", &"x".repeat(4_001)).is_err());
        assert_eq!(
            writable("Picklist"),
            None,
            "Dataverse choices are not written"
        );
        assert_eq!(writable("Lookup"), None);
    }

    #[test]
    fn salesforce_describe_keeps_value_fields_and_active_picklist_values() {
        let body = serde_json::json!({ "fields": [
            { "name": "Id", "type": "id", "label": "Contact ID" },
            { "name": "AccountId", "type": "reference", "label": "Account ID" },
            { "name": "Department", "type": "string", "label": "Department" },
            { "name": "LeadSource", "type": "picklist", "label": "Lead Source",
              "picklistValues": [ { "value": "Web", "active": true }, { "value": "Old", "active": false } ] }
        ]});
        let fields = salesforce_fields(body.to_string().as_bytes()).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].name, "Department");
        assert_eq!(fields[1].options, ["Web"]);
        assert!(salesforce_fields(b"{").is_err());
    }
}
