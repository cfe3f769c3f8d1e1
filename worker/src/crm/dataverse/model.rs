//! Dataverse rows read into Closer's CRM vocabulary: contacts, accounts, opportunities, WhoAmI,
//! collections with `@odata.nextLink`, and the id in a create's `OData-EntityId`. Rows are read
//! leniently as JSON objects (unknown columns and annotations are ignored, `null` is absent);
//! a body that is not what the protocol documents is [`ProviderError::Malformed`], without any
//! of its content.

use crate::crm::{Account, Contact, Opportunity, Page, RecordLink, RecordVersion};
use crate::provider::{Provider, ProviderError};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One row as returned: columns and their annotations.
pub type Record = Map<String, Value>;

const FORMATTED: &str = "@OData.Community.Display.V1.FormattedValue";
const LOOKUP_LOGICAL: &str = "@Microsoft.Dynamics.CRM.lookuplogicalname";

/// The columns read for a contact.
pub const CONTACT_SELECT: &str = "fullname,firstname,lastname,emailaddress1,jobtitle,telephone1,_parentcustomerid_value,_ownerid_value";
/// The columns read for an account.
pub const ACCOUNT_SELECT: &str = "name,websiteurl,telephone1,industrycode,_ownerid_value";
/// The columns read for an opportunity. `stepname` is the business process stage's label;
/// `salesstage` is the older choice column, used when no process sets `stepname`.
pub const OPPORTUNITY_SELECT: &str = "name,stepname,salesstage,estimatedvalue,estimatedclosedate,statecode,_parentaccountid_value,_ownerid_value";
/// The `$expand` every opportunity read carries, in the same request: the row's currency
/// (`transactioncurrencyid`, a single-valued navigation property to `transactioncurrency`), of
/// which only the ISO code
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/transactioncurrency).
/// Inside another `$expand` it is nested, which Dataverse allows for single-valued properties at
/// any level
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/join-tables#nested-expand-of-single-valued-navigation-properties).
pub const OPPORTUNITY_EXPAND: &str = "transactioncurrencyid($select=isocurrencycode)";
/// The navigation property [`OPPORTUNITY_EXPAND`] fills.
const CURRENCY_NAV: &str = "transactioncurrencyid";

/// Parses a JSON body; the error names what was read and where parsing stopped, never the
/// body's text.
pub fn parse_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|err| {
        ProviderError::malformed(
            Provider::Dataverse,
            format!(
                "{what}: {:?} error at line {} column {}",
                err.classify(),
                err.line(),
                err.column()
            ),
        )
    })
}

/// One page of a collection: `value` is required.
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    /// The rows.
    pub value: Vec<Record>,
    /// The next page, when there is one.
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

/// `WhoAmI`'s answer
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/whoamiresponse).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct WhoAmI {
    /// The caller's `systemuserid`.
    pub user_id: String,
    /// Their business unit.
    pub business_unit_id: String,
    /// The org's id.
    pub organization_id: String,
}

/// Parses a `WhoAmI` body.
pub fn parse_who_am_i(body: &[u8]) -> Result<WhoAmI, ProviderError> {
    parse_json("WhoAmI", body)
}

fn malformed(what: &str, missing: &str) -> ProviderError {
    ProviderError::malformed(Provider::Dataverse, format!("{what} without {missing}"))
}

/// A non-empty string column.
pub fn text(record: &Record, column: &str) -> Option<String> {
    record
        .get(column)
        .and_then(Value::as_str)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// A column's `FormattedValue` annotation (choice labels, lookup names, currency text).
pub fn formatted(record: &Record, column: &str) -> Option<String> {
    text(record, &format!("{column}{FORMATTED}"))
}

/// The row's key (required).
pub fn key(record: &Record, what: &str, column: &str) -> Result<String, ProviderError> {
    text(record, column).ok_or_else(|| malformed(what, column))
}

/// `@odata.etag` (required on every row Dataverse returns at the top level of an answer).
pub fn etag(record: &Record, what: &str) -> Result<RecordVersion, ProviderError> {
    text(record, "@odata.etag")
        .map(RecordVersion)
        .ok_or_else(|| malformed(what, "@odata.etag"))
}

/// How a version read from `versionnumber` is written in a [`RecordVersion`]. An `$expand`ed
/// row carries no `@odata.etag`
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/join-tables:
/// never on a single-valued navigation property, and on no expanded row once the query nests an
/// `$expand`), so the lookup selects the row's `versionnumber` instead; an update re-reads the
/// row's etag and refuses the edit if the number moved meanwhile.
pub const ROW_VERSION_PREFIX: &str = "versionnumber:";

/// What an update's expected version says about the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedVersion {
    /// An `@odata.etag`, usable as `If-Match` as it is.
    Etag(String),
    /// A `versionnumber` read from an expanded row: the current etag has to be read first.
    RowVersion(i64),
    /// Nothing usable (an expanded row read without `versionnumber`).
    Unknown,
}

impl ExpectedVersion {
    /// Reads a version as [`version`] wrote it.
    pub fn of(version: &RecordVersion) -> Self {
        let text = version.0.trim();
        if text.is_empty() {
            return Self::Unknown;
        }
        match text.strip_prefix(ROW_VERSION_PREFIX) {
            Some(number) => number.parse().map_or(Self::Unknown, Self::RowVersion),
            None => Self::Etag(text.to_owned()),
        }
    }
}

/// The row's `versionnumber` (a number, or a string under `IEEE754Compatible=true`).
pub fn version_number(record: &Record) -> Option<i64> {
    match record.get("versionnumber")? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// The row's version: its `@odata.etag` where it has one, else its `versionnumber` (an
/// expanded row, see [`ROW_VERSION_PREFIX`]), else empty (an edit then re-reads the record).
pub fn version(record: &Record) -> RecordVersion {
    text(record, "@odata.etag")
        .or_else(|| version_number(record).map(|number| format!("{ROW_VERSION_PREFIX}{number}")))
        .map(RecordVersion)
        .unwrap_or_else(|| RecordVersion(String::new()))
}

fn number(record: &Record, column: &str) -> Option<f64> {
    match record.get(column)? {
        Value::Number(number) => number.as_f64(),
        // `IEEE754Compatible=true` answers decimals as strings.
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// A contact; `extra` columns are copied as the CRM returned them.
pub fn contact(record: &Record, extra: &[String]) -> Result<Contact, ProviderError> {
    let first_name = text(record, "firstname");
    let last_name = text(record, "lastname");
    let full_name = text(record, "fullname").unwrap_or_else(|| {
        [first_name.as_deref(), last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
    });
    // `parentcustomerid` may point at an account or a contact; only an account is a company.
    let logical = text(record, &format!("_parentcustomerid_value{LOOKUP_LOGICAL}"));
    let account = text(record, "_parentcustomerid_value")
        .filter(|_| logical.as_deref().is_none_or(|table| table == "account"))
        .map(|id| RecordLink {
            id,
            name: formatted(record, "_parentcustomerid_value"),
        });
    Ok(Contact {
        id: key(record, "contact", "contactid")?,
        full_name,
        first_name,
        last_name,
        email: text(record, "emailaddress1"),
        job_title: text(record, "jobtitle"),
        phone: text(record, "telephone1"),
        account,
        owner_id: text(record, "_ownerid_value"),
        version: etag(record, "contact")?,
        extra: extra
            .iter()
            .map(|name| {
                let shown = record
                    .get(&format!("{name}{FORMATTED}"))
                    .or_else(|| record.get(name))
                    .cloned()
                    .unwrap_or(Value::Null);
                (name.clone(), shown)
            })
            .collect::<BTreeMap<_, _>>(),
    })
}

/// Every plain column of `record` (no annotations, no lookups' `_x_value`, no expanded
/// navigation property, not the row version, which only expanded rows carry), each as its
/// formatted value where Dataverse gives one (choices, money, dates as the user sees them):
/// the cards pick the admin's extra columns from it by name.
fn columns(record: &Record) -> BTreeMap<String, Value> {
    record
        .iter()
        .filter(|(name, value)| {
            !name.contains('@')
                && !name.starts_with('_')
                && name.as_str() != "versionnumber"
                && !value.is_object()
                && !value.is_array()
        })
        .map(|(name, value)| {
            let shown = record
                .get(&format!("{name}{FORMATTED}"))
                .cloned()
                .unwrap_or_else(|| value.clone());
            (name.clone(), shown)
        })
        .collect()
}

/// An account; the industry is the choice's label.
pub fn account(record: &Record) -> Result<Account, ProviderError> {
    Ok(Account {
        id: key(record, "account", "accountid")?,
        name: text(record, "name").unwrap_or_default(),
        website: text(record, "websiteurl"),
        phone: text(record, "telephone1"),
        industry: formatted(record, "industrycode"),
        owner_id: text(record, "_ownerid_value"),
        version: version(record),
        extra: columns(record),
    })
}

/// An opportunity. `statecode` 0 is Open (1 Won, 2 Lost); `estimatedclosedate` is a date-only
/// column, cut to `YYYY-MM-DD` in case an org stores it as a date-time. Dataverse keeps no
/// standard last-activity column on opportunities, so `last_activity` stays empty.
pub fn opportunity(record: &Record) -> Result<Opportunity, ProviderError> {
    let state = record.get("statecode").and_then(Value::as_i64);
    Ok(Opportunity {
        id: key(record, "opportunity", "opportunityid")?,
        name: text(record, "name").unwrap_or_default(),
        stage: text(record, "stepname").or_else(|| formatted(record, "salesstage")),
        amount: number(record, "estimatedvalue"),
        currency: currency_code(record),
        close_date: text(record, "estimatedclosedate").map(|date| date.chars().take(10).collect()),
        is_open: state == Some(0),
        account_id: text(record, "_parentaccountid_value"),
        owner_id: text(record, "_ownerid_value"),
        last_activity: None,
        version: version(record),
        extra: columns(record),
    })
}

/// The ISO code of the row's expanded currency ([`OPPORTUNITY_EXPAND`]); `None` when the read
/// did not expand it or the row has no currency.
fn currency_code(record: &Record) -> Option<String> {
    match record.get(CURRENCY_NAV)? {
        Value::Object(currency) => text(currency, "isocurrencycode"),
        _ => None,
    }
}

/// Parses a row body.
pub fn parse_record(what: &str, body: &[u8]) -> Result<Record, ProviderError> {
    parse_json(what, body)
}

/// Parses a collection body.
pub fn parse_collection(what: &str, body: &[u8]) -> Result<Collection, ProviderError> {
    parse_json(what, body)
}

/// A page of contacts with its continuation.
pub fn parse_contacts_page(body: &[u8]) -> Result<Page<Contact>, ProviderError> {
    let collection = parse_collection("contacts", body)?;
    Ok(Page {
        items: collection
            .value
            .iter()
            .map(|record| contact(record, &[]))
            .collect::<Result<_, _>>()?,
        next: collection.next_link,
    })
}

/// The GUID at the end of `OData-EntityId: …/contacts(<guid>)`.
pub fn entity_id(header: &str) -> Option<String> {
    let inner = header.trim().strip_suffix(')')?;
    let id = &inner[inner.rfind('(')? + 1..];
    super::odata::is_guid(id).then(|| id.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: Value) -> Record {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_contacts_parent_contact_is_not_its_company() {
        let row = record(json!({
            "@odata.etag": "W/\"1\"", "contactid": "c", "fullname": "A B",
            "_parentcustomerid_value": "p",
            "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact",
        }));
        assert_eq!(contact(&row, &[]).unwrap().account, None);
    }

    #[test]
    fn rows_without_key_or_top_level_etag_are_malformed() {
        assert!(contact(&record(json!({"fullname": "x", "@odata.etag": "e"})), &[]).is_err());
        assert!(contact(&record(json!({"contactid": "c"})), &[]).is_err());
        assert!(account(&record(json!({"name": "x"}))).is_err());
    }

    #[test]
    fn an_expanded_row_is_versioned_by_its_versionnumber() {
        let expanded = account(&record(
            json!({"accountid": "a", "versionnumber": 81359849}),
        ))
        .unwrap()
        .version;
        assert_eq!(expanded.0, "versionnumber:81359849");
        assert_eq!(
            ExpectedVersion::of(&expanded),
            ExpectedVersion::RowVersion(81359849)
        );
        let top = account(&record(
            json!({"accountid": "a", "@odata.etag": "W/\"7\"", "versionnumber": 7}),
        ))
        .unwrap()
        .version;
        assert_eq!(
            ExpectedVersion::of(&top),
            ExpectedVersion::Etag("W/\"7\"".into())
        );
        let bare = opportunity(&record(json!({"opportunityid": "o"})))
            .unwrap()
            .version;
        assert_eq!(ExpectedVersion::of(&bare), ExpectedVersion::Unknown);
    }

    #[test]
    fn entity_ids_come_from_the_header() {
        assert_eq!(
            entity_id("https://org/api/data/v9.0/accounts(7EB682F1-CA75-E511-80D4-00155D2A68D1)")
                .as_deref(),
            Some("7eb682f1-ca75-e511-80d4-00155d2a68d1")
        );
        assert_eq!(entity_id("https://org/api/data/v9.0/accounts"), None);
    }

    #[test]
    fn stage_falls_back_to_the_sales_stage_label_and_amounts_may_be_strings() {
        let row = record(json!({
            "@odata.etag": "W/\"1\"", "opportunityid": "o", "name": "n", "statecode": 1,
            "salesstage": 2, "salesstage@OData.Community.Display.V1.FormattedValue": "Propose",
            "estimatedvalue": "48000.00", "estimatedclosedate": "2026-12-15T00:00:00Z",
        }));
        let deal = opportunity(&row).unwrap();
        assert_eq!(deal.stage.as_deref(), Some("Propose"));
        assert_eq!(deal.amount, Some(48_000.0));
        assert_eq!(deal.close_date.as_deref(), Some("2026-12-15"));
        assert!(!deal.is_open);
        assert_eq!(deal.currency, None, "no currency expanded, none guessed");
    }

    #[test]
    fn the_currency_is_the_expanded_rows_iso_code() {
        let row = record(json!({
            "opportunityid": "o", "estimatedvalue": 42000,
            "_transactioncurrencyid_value": "c",
            "transactioncurrencyid": {"isocurrencycode": "EUR", "transactioncurrencyid": "c"},
        }));
        let deal = opportunity(&row).unwrap();
        assert_eq!(deal.currency.as_deref(), Some("EUR"));
        assert!(!deal.extra.contains_key("transactioncurrencyid"));
        let without = record(json!({"opportunityid": "o", "transactioncurrencyid": null}));
        assert_eq!(opportunity(&without).unwrap().currency, None);
    }
}
