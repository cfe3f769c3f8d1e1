//! Table definitions as the Web API serves them: `GET EntityDefinitions(LogicalName='<table>')/Attributes`
//! lists the columns of a table the sandbox has, one `AttributeMetadata` per column
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query-metadata-web-api,
//! "Querying EntityMetadata attributes"; the properties are those of
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/attributemetadata).
//!
//! Each item carries `@odata.type` (the attributes of a table are of the derived types,
//! `#Microsoft.Dynamics.CRM.StringAttributeMetadata` and so on, so OData's minimal metadata names
//! the type) and `MetadataId` (always returned, as the docs say of metadata queries). A lookup
//! column `_x_value` is the attribute `x` (`Lookup`, or `Customer` / `Owner` for
//! `parentcustomerid` / `ownerid`, as Dataverse types those), and every lookup also has its
//! `xname` attribute (and a customer or owner lookup its `xtype`) with `AttributeOf: "x"` (not a property of the entity type in the Web API:
//! a client that offers columns skips attributes with an `AttributeOf`). Labels are in English
//! (`LanguageCode` 1033), the org's only language.
//!
//! Query options: `$select` of the properties listed in [`PROPERTIES`] (an unknown one is a 400,
//! as for any entity type); nothing else (`$filter` included) is emulated, and is refused with a
//! 400 that says so. An unknown table is a 404 with `0x80040217`, the code Dataverse gives a
//! metadata lookup that finds nothing ("Could not find an entity with name …").

use super::schema::{TABLES, Table};
use crate::crm_seed::dataverse_id;
use serde_json::{Map, Value, json};

/// The `AttributeMetadata` properties the sandbox answers (every one when there is no `$select`).
pub(crate) const PROPERTIES: &[&str] = &[
    "LogicalName",
    "AttributeType",
    "DisplayName",
    "IsValidForRead",
    "AttributeOf",
    "EntityLogicalName",
    "IsCustomAttribute",
    "MetadataId",
];

/// The type and English display name of a column, per table (`*`: any table). Column names are
/// the attribute's logical name (`ownerid`, not `_ownerid_value`). The labels are the
/// out-of-the-box ones of each table.
const COLUMNS: &[(&str, &str, &str, &str)] = &[
    // Every table.
    ("*", "createdon", "DateTime", "Created On"),
    ("*", "modifiedon", "DateTime", "Modified On"),
    ("*", "versionnumber", "BigInt", "Version Number"),
    ("*", "ownerid", "Owner", "Owner"),
    ("*", "statecode", "State", "Status"),
    ("*", "statuscode", "Status", "Status Reason"),
    ("*", "subject", "String", "Subject"),
    ("*", "description", "Memo", "Description"),
    ("*", "regardingobjectid", "Lookup", "Regarding"),
    // account
    ("account", "name", "String", "Account Name"),
    ("account", "websiteurl", "String", "Website"),
    ("account", "telephone1", "String", "Main Phone"),
    ("account", "industrycode", "Picklist", "Industry"),
    ("account", "address1_city", "String", "Address 1: City"),
    (
        "account",
        "numberofemployees",
        "Integer",
        "Number of Employees",
    ),
    ("account", "revenue", "Money", "Annual Revenue"),
    // contact
    ("contact", "fullname", "String", "Full Name"),
    ("contact", "firstname", "String", "First Name"),
    ("contact", "lastname", "String", "Last Name"),
    ("contact", "emailaddress1", "String", "Email"),
    ("contact", "emailaddress2", "String", "Email Address 2"),
    ("contact", "emailaddress3", "String", "Email Address 3"),
    ("contact", "jobtitle", "String", "Job Title"),
    ("contact", "telephone1", "String", "Business Phone"),
    ("contact", "mobilephone", "String", "Mobile Phone"),
    ("contact", "department", "String", "Department"),
    ("contact", "parentcustomerid", "Customer", "Company Name"),
    // opportunity
    ("opportunity", "name", "String", "Topic"),
    ("opportunity", "estimatedvalue", "Money", "Est. Revenue"),
    (
        "opportunity",
        "estimatedclosedate",
        "DateTime",
        "Est. Close Date",
    ),
    ("opportunity", "stepname", "String", "Pipeline Phase"),
    ("opportunity", "salesstage", "Picklist", "Sales Stage"),
    ("opportunity", "closeprobability", "Integer", "Probability"),
    ("opportunity", "parentaccountid", "Lookup", "Account"),
    ("opportunity", "transactioncurrencyid", "Lookup", "Currency"),
    // transactioncurrency
    (
        "transactioncurrency",
        "currencyname",
        "String",
        "Currency Name",
    ),
    (
        "transactioncurrency",
        "isocurrencycode",
        "String",
        "Currency Code",
    ),
    (
        "transactioncurrency",
        "currencysymbol",
        "String",
        "Currency Symbol",
    ),
    (
        "transactioncurrency",
        "currencyprecision",
        "Integer",
        "Currency Precision",
    ),
    (
        "transactioncurrency",
        "exchangerate",
        "Decimal",
        "Exchange Rate",
    ),
    // systemuser
    ("systemuser", "fullname", "String", "Full Name"),
    (
        "systemuser",
        "internalemailaddress",
        "String",
        "Primary Email",
    ),
    (
        "systemuser",
        "azureactivedirectoryobjectid",
        "Uniqueidentifier",
        "Azure AD Object ID",
    ),
    // annotation
    ("annotation", "subject", "String", "Title"),
    ("annotation", "notetext", "Memo", "Description"),
    ("annotation", "objectid", "Lookup", "Regarding"),
    // task
    ("task", "scheduledend", "DateTime", "Due Date"),
    ("task", "prioritycode", "Picklist", "Priority"),
    // email
    ("email", "directioncode", "Boolean", "Direction"),
    ("email", "messageid", "String", "Message ID"),
    ("email", "actualend", "DateTime", "Actual End"),
    // appointment
    ("appointment", "scheduledstart", "DateTime", "Start Time"),
    ("appointment", "scheduledend", "DateTime", "End Time"),
    ("appointment", "location", "String", "Location"),
    (
        "appointment",
        "globalobjectid",
        "String",
        "Outlook Appointment ID",
    ),
    // processstage
    ("processstage", "stagename", "String", "Stage Name"),
    (
        "processstage",
        "stagecategory",
        "Picklist",
        "Stage Category",
    ),
    (
        "processstage",
        "primaryentitytypecode",
        "EntityName",
        "Primary Entity",
    ),
    ("processstage", "processid", "Lookup", "Process"),
    // opportunitysalesprocess
    ("opportunitysalesprocess", "name", "String", "Name"),
    (
        "opportunitysalesprocess",
        "activestageid",
        "Lookup",
        "Active Stage",
    ),
    (
        "opportunitysalesprocess",
        "traversedpath",
        "String",
        "Traversed Path",
    ),
    (
        "opportunitysalesprocess",
        "activestagestartedon",
        "DateTime",
        "Active Stage Started On",
    ),
    (
        "opportunitysalesprocess",
        "bpf_opportunityid",
        "Lookup",
        "Opportunity",
    ),
    ("opportunitysalesprocess", "processid", "Lookup", "Process"),
    // osc_closerrow (Closer's own table)
    ("osc_closerrow", "osc_name", "String", "Name"),
    ("osc_closerrow", "osc_scope", "String", "Scope"),
    ("osc_closerrow", "osc_kind", "String", "Kind"),
    ("osc_closerrow", "osc_key", "String", "Key"),
    ("osc_closerrow", "osc_value", "Memo", "Value"),
    ("osc_closerrow", "osc_expiresat", "DateTime", "Expires At"),
];

/// The display name of a table (its primary key's label is the same).
fn table_label(table: &Table) -> &'static str {
    match table.logical {
        "account" => "Account",
        "contact" => "Contact",
        "opportunity" => "Opportunity",
        "systemuser" => "User",
        "annotation" => "Note",
        "task" => "Task",
        "email" => "Email",
        "appointment" => "Appointment",
        "processstage" => "Process Stage",
        "opportunitysalesprocess" => "Opportunity Sales Process",
        "osc_closerrow" => "Closer Row",
        "transactioncurrency" => "Currency",
        _ => table.logical,
    }
}

/// The attribute logical name of a column: `_x_value` is `x`.
pub(crate) fn attribute_name(column: &str) -> &str {
    column
        .strip_prefix('_')
        .and_then(|rest| rest.strip_suffix("_value"))
        .unwrap_or(column)
}

/// `(AttributeType, English label)` of `column` (a column of `table`, or its key).
pub(crate) fn column_type(table: &Table, column: &str) -> Option<(&'static str, &'static str)> {
    if column == table.key {
        return Some(("Uniqueidentifier", table_label(table)));
    }
    let name = attribute_name(column);
    COLUMNS
        .iter()
        .find(|(logical, attribute, ..)| *logical == table.logical && *attribute == name)
        .or_else(|| {
            COLUMNS
                .iter()
                .find(|(logical, attribute, ..)| *logical == "*" && *attribute == name)
        })
        .map(|(_, _, ty, label)| (*ty, *label))
}

/// The derived `AttributeMetadata` type an `AttributeType` is served as.
fn odata_type(attribute_type: &str) -> &'static str {
    match attribute_type {
        "String" => "#Microsoft.Dynamics.CRM.StringAttributeMetadata",
        "Memo" => "#Microsoft.Dynamics.CRM.MemoAttributeMetadata",
        "Integer" => "#Microsoft.Dynamics.CRM.IntegerAttributeMetadata",
        "BigInt" => "#Microsoft.Dynamics.CRM.BigIntAttributeMetadata",
        "Money" => "#Microsoft.Dynamics.CRM.MoneyAttributeMetadata",
        "DateTime" => "#Microsoft.Dynamics.CRM.DateTimeAttributeMetadata",
        "Boolean" => "#Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
        "Picklist" => "#Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
        "State" => "#Microsoft.Dynamics.CRM.StateAttributeMetadata",
        "Status" => "#Microsoft.Dynamics.CRM.StatusAttributeMetadata",
        "Lookup" | "Customer" | "Owner" => "#Microsoft.Dynamics.CRM.LookupAttributeMetadata",
        "Uniqueidentifier" => "#Microsoft.Dynamics.CRM.UniqueIdentifierAttributeMetadata",
        "EntityName" => "#Microsoft.Dynamics.CRM.EntityNameAttributeMetadata",
        _ => "#Microsoft.Dynamics.CRM.AttributeMetadata",
    }
}

/// A `Label`: the localized labels (one, English) and the user's.
fn label(text: &str, id: &str) -> Value {
    let localized = json!({
        "Label": text,
        "LanguageCode": 1033,
        "IsManaged": true,
        "MetadataId": dataverse_id("label", id),
        "HasChanged": null,
    });
    json!({ "LocalizedLabels": [localized.clone()], "UserLocalizedLabel": localized })
}

/// One attribute, every property of [`PROPERTIES`].
fn attribute(
    table: &Table,
    name: &str,
    attribute_type: &str,
    text: &str,
    attribute_of: Option<&str>,
) -> Map<String, Value> {
    let id = format!("{}.{name}", table.logical);
    let mut out = Map::new();
    out.insert("@odata.type".into(), odata_type(attribute_type).into());
    out.insert("LogicalName".into(), name.into());
    out.insert("AttributeType".into(), attribute_type.into());
    out.insert("DisplayName".into(), label(text, &id));
    out.insert("IsValidForRead".into(), true.into());
    out.insert("AttributeOf".into(), json!(attribute_of));
    out.insert("EntityLogicalName".into(), table.logical.into());
    out.insert("IsCustomAttribute".into(), name.starts_with("osc_").into());
    out.insert("MetadataId".into(), dataverse_id("attribute", &id).into());
    out
}

/// Every attribute of `table`: the key, each column, and each lookup's `name` attribute.
pub(crate) fn attributes(table: &Table) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    for column in std::iter::once(table.key).chain(table.columns.iter().copied()) {
        let Some((ty, text)) = column_type(table, column) else {
            continue;
        };
        let name = attribute_name(column);
        out.push(attribute(table, name, ty, text, None));
        if matches!(ty, "Lookup" | "Customer" | "Owner") {
            out.push(attribute(
                table,
                &format!("{name}name"),
                "String",
                text,
                Some(name),
            ));
        }
        if matches!(ty, "Customer" | "Owner") {
            out.push(attribute(
                table,
                &format!("{name}type"),
                "EntityName",
                text,
                Some(name),
            ));
        }
    }
    out
}

/// The table whose logical name is `logical`.
pub(crate) fn table(logical: &str) -> Option<&'static Table> {
    TABLES.iter().find(|table| table.logical == logical)
}

/// Reads `$select` (the only option emulated), refusing anything else.
pub(crate) fn select(pairs: &[(String, String)]) -> Result<Option<Vec<&'static str>>, String> {
    let mut select = None;
    for (name, value) in pairs {
        if name != "$select" {
            return Err(format!(
                "The query parameter {name} is not supported by the sandbox's Dataverse on metadata (only $select is)."
            ));
        }
        let mut properties = Vec::new();
        for property in value.split(',').map(str::trim) {
            let known = PROPERTIES
                .iter()
                .find(|known| **known == property)
                .ok_or_else(|| {
                    format!(
                        "Could not find a property named '{property}' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'."
                    )
                })?;
            properties.push(*known);
        }
        select = Some(properties);
    }
    Ok(select)
}

/// The body of `EntityDefinitions(LogicalName='<table>')/Attributes`.
pub(crate) fn body(table: &Table, select: Option<&[&str]>, base: &str) -> Value {
    let value: Vec<Value> = attributes(table)
        .into_iter()
        .map(|mut attribute| {
            if let Some(select) = select {
                attribute.retain(|key, _| {
                    key == "@odata.type" || key == "MetadataId" || select.contains(&key.as_str())
                });
            }
            Value::Object(attribute)
        })
        .collect();
    let projection = select
        .map(|properties| format!("({})", properties.join(",")))
        .unwrap_or_default();
    json!({
        "@odata.context": format!(
            "{base}$metadata#EntityDefinitions('{}')/Attributes{projection}",
            table.logical
        ),
        "value": value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_table_has_a_type_and_label() {
        for table in TABLES {
            for column in std::iter::once(table.key).chain(table.columns.iter().copied()) {
                assert!(
                    column_type(table, column).is_some(),
                    "{}.{column}",
                    table.logical
                );
            }
        }
    }

    #[test]
    fn lookups_are_named_without_their_value_wrapping_and_have_a_name_attribute() {
        let contact = table("contact").unwrap();
        let attributes = attributes(contact);
        let find = |name: &str| {
            attributes
                .iter()
                .find(|a| a["LogicalName"] == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        assert_eq!(find("parentcustomerid")["AttributeType"], "Customer");
        assert_eq!(
            find("parentcustomeridname")["AttributeOf"],
            "parentcustomerid"
        );
        assert_eq!(find("ownerid")["AttributeType"], "Owner");
        assert_eq!(find("statecode")["AttributeType"], "State");
        assert_eq!(find("contactid")["AttributeType"], "Uniqueidentifier");
        assert!(find("department")["AttributeOf"].is_null());
        assert!(
            !attributes
                .iter()
                .any(|a| a["LogicalName"] == "_ownerid_value")
        );
    }

    #[test]
    fn select_keeps_only_known_properties() {
        let pairs = vec![("$select".to_owned(), "LogicalName,AttributeType".to_owned())];
        assert_eq!(
            select(&pairs).unwrap().unwrap(),
            ["LogicalName", "AttributeType"]
        );
        let bad = vec![("$select".to_owned(), "Nope".to_owned())];
        assert!(select(&bad).unwrap_err().contains("'Nope'"));
        let filter = vec![("$filter".to_owned(), "IsValidForRead eq true".to_owned())];
        assert!(select(&filter).is_err());
    }
}
