//! The org's restricted picklists and `GET /sobjects/{Type}/describe`.
//!
//! `Opportunity.StageName` takes only the org's active Opportunity Stage values
//! (`OpportunityStage`: each value also sets the opportunity's probability and whether it is
//! closed and won, https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitystage.htm);
//! any other value is refused with `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`
//! (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#statuscodes).
//! The demo org uses its own stage names (orgs commonly rename the default ones); one retired
//! value stays in the list, inactive, as retired values do.
//! Describe: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm

use super::errors::SfError;
use super::schema::{FieldType, Object};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// One Opportunity Stage value (its probability and `IsWon` are not emulated: Closer reads
/// neither).
pub(crate) struct Stage {
    pub value: &'static str,
    pub active: bool,
    pub closed: bool,
}

const fn stage(value: &'static str, closed: bool) -> Stage {
    Stage {
        value,
        active: true,
        closed,
    }
}

/// The org's Opportunity stages, in the picklist's order.
pub(crate) const OPPORTUNITY_STAGES: &[Stage] = &[
    Stage {
        value: "Prospecting",
        active: false,
        closed: false,
    },
    stage("Qualify", false),
    stage("Develop", false),
    stage("Propose", false),
    stage("Negotiate", false),
    stage("Closed Won", true),
    stage("Closed Lost", true),
];

/// The stage called `value` (exact spelling, as Salesforce compares picklist values), if active.
pub(crate) fn active_stage(value: &str) -> Option<&'static Stage> {
    OPPORTUNITY_STAGES
        .iter()
        .find(|stage| stage.active && stage.value == value)
}

/// Refuses a `StageName` that is not an active stage of the org.
pub(crate) fn check(object: &Object, field: &str, value: &Value) -> Result<(), SfError> {
    if object.name != "Opportunity" || field != "StageName" {
        return Ok(());
    }
    let text = value.as_str().unwrap_or_default();
    if active_stage(text).is_some() {
        return Ok(());
    }
    Err(SfError::new(
        StatusCode::BAD_REQUEST,
        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        format!("Stage: bad value for restricted picklist field: {text}"),
    )
    .with_fields(&["StageName"]))
}

fn type_name(field: FieldType) -> &'static str {
    match field {
        FieldType::Id => "id",
        FieldType::Text => "string",
        FieldType::Bool => "boolean",
        FieldType::Number => "double",
        FieldType::Date => "date",
        FieldType::DateTime => "datetime",
        FieldType::Reference(_) | FieldType::IdList(_) => "reference",
    }
}

/// The describe of `object`: its name and fields (name, type, updateable, and for a picklist
/// its `picklistValues` with `active`), the part of the documented answer Closer reads.
pub(crate) fn describe(object: &Object) -> Value {
    let fields: Vec<Value> = object
        .fields
        .iter()
        .map(|field| {
            if object.name == "Opportunity" && field.name == "StageName" {
                let values: Vec<Value> = OPPORTUNITY_STAGES
                    .iter()
                    .map(|stage| {
                        json!({
                            "active": stage.active,
                            "defaultValue": false,
                            "label": stage.value,
                            "validFor": null,
                            "value": stage.value,
                        })
                    })
                    .collect();
                return json!({
                    "name": field.name,
                    "label": "Stage",
                    "type": "picklist",
                    "updateable": field.writable,
                    "restrictedPicklist": true,
                    "picklistValues": values,
                });
            }
            json!({
                "name": field.name,
                "type": type_name(field.ty),
                "updateable": field.writable,
                "picklistValues": [],
            })
        })
        .collect();
    json!({
        "name": object.name,
        "label": object.name,
        "keyPrefix": object.prefix,
        "updateable": true,
        "fields": fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::salesforce::schema;

    #[test]
    fn stage_names_must_be_active_values_spelled_exactly() {
        let opportunity = schema::object("Opportunity").unwrap();
        assert!(check(opportunity, "StageName", &json!("Negotiate")).is_ok());
        for bad in ["Prospecting", "negotiate", "Negotiation/Review", ""] {
            let refused = check(opportunity, "StageName", &json!(bad)).unwrap_err();
            assert_eq!(refused.code, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
            assert_eq!(refused.fields, ["StageName"]);
        }
        let contact = schema::object("Contact").unwrap();
        assert!(check(contact, "Title", &json!("anything")).is_ok());
    }

    #[test]
    fn the_describe_lists_every_stage_with_its_active_flag() {
        let describe = describe(schema::object("Opportunity").unwrap());
        let stage = describe["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|field| field["name"] == "StageName")
            .unwrap();
        assert_eq!(stage["picklistValues"].as_array().unwrap().len(), 7);
        assert_eq!(stage["picklistValues"][0]["active"], false);
    }
}
