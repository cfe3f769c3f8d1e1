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
use super::schema::{Field, FieldType, Object};
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

/// The describe `type` of a field of type `ty` (text fields may be more specific: see
/// [`DESCRIBED`]). `FieldType` names per the describe's field types
/// (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm#field_types_section):
/// a JunctionIdList is `junctionidlist`.
fn type_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Id => "id",
        FieldType::Text => "string",
        FieldType::Bool => "boolean",
        FieldType::Int => "int",
        FieldType::Currency => "currency",
        FieldType::Percent => "percent",
        FieldType::Date => "date",
        FieldType::DateTime => "datetime",
        FieldType::Reference(_) => "reference",
        FieldType::IdList(_) => "junctionidlist",
    }
}

/// Labels of standard fields (`*`: every object that has the field), and the describe type of
/// text fields that are more than `string` (`email`, `phone`, `url`, `textarea`, `picklist`),
/// as the Object Reference lists them
/// (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm,
/// `..._contact.htm`, `..._opportunity.htm`, `..._task.htm`, `..._event.htm`, `..._emailmessage.htm`).
/// `None`: the type follows from the field's `FieldType`. A field not listed gets a label made
/// from its name (`CloseDate` → "Close Date", `AccountId` → "Account ID").
const DESCRIBED: &[(&str, &str, Option<&str>, &str)] = &[
    ("*", "IsDeleted", None, "Deleted"),
    ("*", "Description", Some("textarea"), "Description"),
    ("*", "Active__c", None, "Active"),
    ("Task", "Closer_MessageId__c", None, "Closer Message ID"),
    ("Event", "Closer_ICalUId__c", None, "Closer iCalUId"),
    ("User", "Name", None, "Full Name"),
    ("User", "Email", Some("email"), "Email"),
    ("User", "IsActive", None, "Active"),
    ("Account", "Name", None, "Account Name"),
    ("Account", "Website", Some("url"), "Website"),
    ("Account", "Phone", Some("phone"), "Account Phone"),
    ("Account", "Industry", Some("picklist"), "Industry"),
    ("Account", "BillingCity", None, "Billing City"),
    ("Account", "NumberOfEmployees", None, "Employees"),
    ("Account", "AnnualRevenue", None, "Annual Revenue"),
    (
        "Account",
        "Description",
        Some("textarea"),
        "Account Description",
    ),
    ("Contact", "Name", None, "Full Name"),
    ("Contact", "Email", Some("email"), "Email"),
    ("Contact", "Phone", Some("phone"), "Business Phone"),
    ("Contact", "MobilePhone", Some("phone"), "Mobile Phone"),
    ("Opportunity", "StageName", Some("picklist"), "Stage"),
    ("Opportunity", "Probability", None, "Probability (%)"),
    ("Opportunity", "IsClosed", None, "Closed"),
    ("Opportunity", "LastActivityDate", None, "Last Activity"),
    ("Task", "ActivityDate", None, "Due Date Only"),
    ("Task", "Status", Some("picklist"), "Status"),
    ("Task", "Priority", Some("picklist"), "Priority"),
    ("Task", "TaskSubtype", Some("picklist"), "Task Subtype"),
    ("Task", "WhoId", None, "Name ID"),
    ("Task", "WhatId", None, "Related To ID"),
    ("Event", "WhoId", None, "Name ID"),
    ("Event", "WhatId", None, "Related To ID"),
    ("EmailMessage", "HtmlBody", Some("textarea"), "HTML Body"),
    ("EmailMessage", "TextBody", Some("textarea"), "Text Body"),
    ("EmailMessage", "FromAddress", Some("email"), "From Address"),
    ("EmailMessage", "Status", Some("picklist"), "Status"),
    ("EmailMessage", "Incoming", None, "Is Incoming"),
    ("EmailMessage", "MessageIdentifier", None, "Message ID"),
    (
        "EmailMessageRelation",
        "RelationType",
        Some("picklist"),
        "Relation Type",
    ),
    ("Note", "Body", Some("textarea"), "Body"),
    ("Note", "IsPrivate", None, "Private"),
];

/// A picklist's `(value, label)` pairs, in order.
type PicklistValues = &'static [(&'static str, &'static str)];

/// The values of the unrestricted picklists (any value is accepted through the API, as for a
/// picklist that is not restricted): `(value, label)`. `Account.Industry` is the org's own
/// list, the same segments as the Dataverse org's.
const PICKLISTS: &[(&str, &str, PicklistValues)] = &[
    (
        "Account",
        "Industry",
        &[
            ("Retail", "Retail"),
            ("Manufacturing", "Manufacturing"),
            ("Financial Services", "Financial Services"),
            ("Technology", "Technology"),
            ("Hospitality", "Hospitality"),
        ],
    ),
    (
        "Task",
        "Status",
        &[
            ("Not Started", "Not Started"),
            ("In Progress", "In Progress"),
            ("Completed", "Completed"),
            ("Waiting on someone else", "Waiting on someone else"),
            ("Deferred", "Deferred"),
        ],
    ),
    (
        "Task",
        "Priority",
        &[("High", "High"), ("Normal", "Normal"), ("Low", "Low")],
    ),
    (
        "Task",
        "TaskSubtype",
        &[
            ("Task", "Task"),
            ("Email", "Email"),
            ("ListEmail", "List Email"),
            ("Cadence", "Cadence"),
            ("Call", "Call"),
        ],
    ),
    (
        "EmailMessage",
        "Status",
        &[
            ("0", "New"),
            ("1", "Read"),
            ("2", "Replied"),
            ("3", "Sent"),
            ("4", "Forwarded"),
            ("5", "Draft"),
        ],
    ),
    (
        "EmailMessageRelation",
        "RelationType",
        &[
            ("FromAddress", "From Address"),
            ("ToAddress", "To Address"),
            ("CcAddress", "Cc Address"),
            ("BccAddress", "Bcc Address"),
        ],
    ),
];

/// A label made from a field's API name: words split at capitals, `Id` → `ID`, `__c` dropped.
fn label_from_name(name: &str) -> String {
    let name = name.strip_suffix("__c").unwrap_or(name).replace('_', " ");
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    let mut word = String::new();
    for (at, c) in chars.iter().enumerate() {
        let next_lower = chars.get(at + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = at > 0 && chars[at - 1].is_lowercase();
        if c.is_whitespace() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && !word.is_empty() && (prev_lower || next_lower) {
            words.push(std::mem::take(&mut word));
        }
        word.push(*c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    if words.last().is_some_and(|w| w == "Id") {
        words.pop();
        words.push("ID".into());
    }
    words.join(" ")
}

/// The describe's `label` and `type` of `field` on `object`.
fn label_and_type(object: &Object, field: &Field) -> (String, &'static str) {
    let described = DESCRIBED
        .iter()
        .find(|(o, f, ..)| *o == object.name && *f == field.name)
        .or_else(|| {
            DESCRIBED
                .iter()
                .find(|(o, f, ..)| *o == "*" && *f == field.name)
        });
    let label = match (described, field.ty) {
        (Some((.., label)), _) => (*label).to_owned(),
        (None, FieldType::Id) => format!("{} ID", object.name),
        (None, _) => label_from_name(field.name),
    };
    let ty = described
        .and_then(|(_, _, ty, _)| *ty)
        .unwrap_or_else(|| type_name(field.ty));
    (label, ty)
}

fn picklist_value(value: &str, label: &str, active: bool) -> Value {
    json!({
        "active": active,
        "defaultValue": false,
        "label": label,
        "validFor": null,
        "value": value,
    })
}

/// The describe of `object`: its name, label and fields, each with `name`, `label`, `type`,
/// `updateable` and `picklistValues` (empty unless a picklist; `StageName` with each stage's
/// `active` flag, and `restrictedPicklist`), the part of the documented answer Closer reads.
#[cfg(test)]
pub(crate) fn describe(object: &Object) -> Value {
    describe_in(&crate::salesforce::org::SalesforceState::default(), object)
}

/// [`describe`] as `org` has the object now: without the fields its configuration lacks
/// (`CurrencyIsoCode` in a single-currency org).
pub(crate) fn describe_in(org: &crate::salesforce::org::SalesforceState, object: &Object) -> Value {
    let fields: Vec<Value> = object
        .fields
        .iter()
        .filter(|field| org.has_field(field.name))
        .map(|field| {
            let (label, ty) = label_and_type(object, field);
            let (values, restricted): (Vec<Value>, bool) =
                if object.name == "Opportunity" && field.name == "StageName" {
                    let values = OPPORTUNITY_STAGES
                        .iter()
                        .map(|stage| picklist_value(stage.value, stage.value, stage.active))
                        .collect();
                    (values, true)
                } else {
                    let values = PICKLISTS
                        .iter()
                        .find(|(o, f, _)| *o == object.name && *f == field.name)
                        .map(|(_, _, values)| {
                            values
                                .iter()
                                .map(|(value, label)| picklist_value(value, label, true))
                                .collect()
                        })
                        .unwrap_or_default();
                    (values, false)
                };
            json!({
                "name": field.name,
                "label": label,
                "type": ty,
                "updateable": field.writable,
                "nillable": !object.required.contains(&field.name) && field.ty != FieldType::Id,
                "custom": field.name.ends_with("__c"),
                "restrictedPicklist": restricted,
                "referenceTo": match field.ty {
                    FieldType::Reference(targets) | FieldType::IdList(targets) => targets.to_vec(),
                    _ => Vec::new(),
                },
                "relationshipName": field.relationship,
                "picklistValues": values,
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
    fn labels_are_made_from_names_where_not_listed() {
        assert_eq!(label_from_name("CloseDate"), "Close Date");
        assert_eq!(label_from_name("AccountId"), "Account ID");
        assert_eq!(label_from_name("Closer_Score__c"), "Closer Score");
        assert_eq!(label_from_name("LastModifiedById"), "Last Modified By ID");
    }

    #[test]
    fn every_field_has_a_label_and_a_documented_type() {
        const TYPES: &[&str] = &[
            "id",
            "string",
            "boolean",
            "double",
            "int",
            "currency",
            "percent",
            "date",
            "datetime",
            "reference",
            "junctionidlist",
            "email",
            "phone",
            "url",
            "textarea",
            "picklist",
        ];
        for object in crate::salesforce::schema::OBJECTS {
            let describe = describe(object);
            for field in describe["fields"].as_array().unwrap() {
                assert!(!field["label"].as_str().unwrap().is_empty(), "{field}");
                assert!(TYPES.contains(&field["type"].as_str().unwrap()), "{field}");
                let picklist = field["type"] == "picklist";
                assert_eq!(
                    !field["picklistValues"].as_array().unwrap().is_empty(),
                    picklist,
                    "{}.{}",
                    object.name,
                    field["name"]
                );
            }
        }
        let account = describe(schema::object("Account").unwrap());
        let city = account["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|field| field["name"] == "BillingCity")
            .unwrap();
        assert_eq!(city["label"], "Billing City");
        assert_eq!(city["type"], "string");
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
