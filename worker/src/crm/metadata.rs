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
