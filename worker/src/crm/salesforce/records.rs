//! Salesforce's JSON shapes (query results, sObject rows, create results, user info) and their
//! conversion to the CRM vocabulary. Parsing is lenient where Salesforce is (unknown fields are
//! ignored, `null` is absent) and strict where Closer depends on a value (`Id`,
//! `LastModifiedDate`): a body without them is [`ProviderError::Malformed`], never a default.
//! Public: the envelopes ([`QueryResult`], [`CreateResult`]) and [`parse_json`], for replaying
//! documented payloads; the row shapes stay private to the connector.

use crate::crm::{Account, Contact, CrmUser, Opportunity, RecordLink, RecordVersion};
use crate::provider::{Provider, ProviderError};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The contact fields every read selects (SOQL form, with the account's name).
pub(crate) const CONTACT_SOQL_FIELDS: &str = "Id, Name, FirstName, LastName, Email, Title, Phone, AccountId, Account.Name, OwnerId, LastModifiedDate";
/// The contact fields of an sObject-rows read: `fields=` takes the object's own fields only, so
/// the account's name is not there (the pane reads the account by id when it shows it).
pub(crate) const CONTACT_ROW_FIELDS: &[&str] = &[
    "Id",
    "Name",
    "FirstName",
    "LastName",
    "Email",
    "Title",
    "Phone",
    "AccountId",
    "OwnerId",
    "LastModifiedDate",
];
/// The account fields every read selects.
pub(crate) const ACCOUNT_FIELDS: &[&str] = &[
    "Id",
    "Name",
    "Website",
    "Phone",
    "Industry",
    "OwnerId",
    "LastModifiedDate",
];
/// The opportunity fields every read selects. `CurrencyIsoCode` exists only in multi-currency
/// orgs (selecting it elsewhere is `INVALID_FIELD`), so it is added only for those
/// ([`super::SalesforceConfig::opportunity_fields`], [`super::currency`]).
pub(crate) const OPPORTUNITY_FIELDS: &[&str] = &[
    "Id",
    "Name",
    "StageName",
    "Amount",
    "CloseDate",
    "IsClosed",
    "AccountId",
    "OwnerId",
    "LastActivityDate",
    "LastModifiedDate",
];

/// Parses a Salesforce JSON body. The error names what was read and where parsing stopped, never
/// the body's text (it holds customer data).
pub fn parse_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|err| {
        ProviderError::malformed(
            Provider::Salesforce,
            format!(
                "{what}: {:?} error at line {} column {}",
                err.classify(),
                err.line(),
                err.column()
            ),
        )
    })
}

/// One batch of a SOQL answer (`/query`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de>"))]
pub struct QueryResult<T> {
    /// Rows in the whole result (not this batch).
    #[serde(default)]
    pub total_size: u64,
    /// Whether this is the last batch.
    pub done: bool,
    /// This batch's rows.
    pub records: Vec<T>,
    /// The next batch, relative to the instance URL, when `done` is false.
    #[serde(default)]
    pub next_records_url: Option<String>,
}

/// A record reduced to its id (activity lookups).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct IdOnly {
    #[serde(rename = "Id")]
    pub id: String,
}

/// The `201` of an sObject create: `{"id","success","errors"}` (errors come as a 4xx array).
#[derive(Debug, Clone, Deserialize)]
pub struct CreateResult {
    /// The new record's id.
    pub id: String,
    /// Whether Salesforce reports success.
    #[serde(default = "yes")]
    pub success: bool,
}

fn yes() -> bool {
    true
}

/// A related record's name (`"Account": {"attributes": …, "Name": "…"}`).
#[derive(Debug, Clone, Deserialize)]
struct Related {
    #[serde(rename = "Name", default)]
    name: Option<String>,
}

/// A contact as Salesforce returns it; the other fields are kept for the admin's extras.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ContactRow {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    account: Option<Related>,
    #[serde(default)]
    owner_id: Option<String>,
    last_modified_date: String,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl ContactRow {
    /// The contact, with those of `extra_fields` Salesforce returned (matched without regard to
    /// case, as Salesforce field names are; reported under the name asked for).
    pub(crate) fn into_contact(self, extra_fields: &[String]) -> Contact {
        let extra: BTreeMap<String, Value> = extra_fields
            .iter()
            .filter_map(|wanted| {
                self.other
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
                    .map(|(_, value)| (wanted.clone(), value.clone()))
            })
            .collect();
        let full_name = self.name.clone().unwrap_or_else(|| {
            [self.first_name.as_deref(), self.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        });
        Contact {
            id: self.id,
            full_name,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email,
            job_title: self.title,
            phone: self.phone,
            account: self.account_id.map(|id| RecordLink {
                id,
                name: self.account.and_then(|a| a.name),
            }),
            owner_id: self.owner_id,
            version: RecordVersion(self.last_modified_date),
            extra,
        }
    }
}

/// An account as Salesforce returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AccountRow {
    id: String,
    name: String,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    industry: Option<String>,
    #[serde(default)]
    owner_id: Option<String>,
    last_modified_date: String,
    /// The other fields returned (the admin's extras among them).
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// The fields of `other` beside `attributes` (Salesforce's type and URL of the row).
fn extras(other: Map<String, Value>) -> BTreeMap<String, Value> {
    other
        .into_iter()
        .filter(|(name, _)| name != "attributes")
        .collect()
}

impl From<AccountRow> for Account {
    fn from(row: AccountRow) -> Self {
        Account {
            id: row.id,
            name: row.name,
            website: row.website,
            phone: row.phone,
            industry: row.industry,
            owner_id: row.owner_id,
            version: RecordVersion(row.last_modified_date),
            extra: extras(row.other),
        }
    }
}

/// An opportunity as Salesforce returns it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct OpportunityRow {
    id: String,
    name: String,
    #[serde(default)]
    stage_name: Option<String>,
    #[serde(default)]
    amount: Option<f64>,
    #[serde(default)]
    close_date: Option<String>,
    is_closed: bool,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    owner_id: Option<String>,
    #[serde(default)]
    last_activity_date: Option<String>,
    last_modified_date: String,
    /// Only in a multi-currency org.
    #[serde(default)]
    currency_iso_code: Option<String>,
    /// The other fields returned (the admin's extras among them).
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl OpportunityRow {
    /// The opportunity, its amount in the record's currency (multi-currency org) or the org's
    /// one currency; unknown while the org's currency is.
    pub(crate) fn into_opportunity(
        self,
        org: Option<&super::currency::OrgCurrency>,
    ) -> Opportunity {
        let currency = self.currency_iso_code.clone().or_else(|| match org {
            Some(super::currency::OrgCurrency::Single { code }) => Some(code.clone()),
            _ => None,
        });
        Opportunity {
            currency,
            ..Opportunity::from(self)
        }
    }
}

impl From<OpportunityRow> for Opportunity {
    fn from(row: OpportunityRow) -> Self {
        Opportunity {
            id: row.id,
            name: row.name,
            stage: row.stage_name,
            amount: row.amount,
            currency: row.currency_iso_code,
            close_date: row.close_date,
            is_open: !row.is_closed,
            account_id: row.account_id,
            owner_id: row.owner_id,
            last_activity: row.last_activity_date,
            version: RecordVersion(row.last_modified_date),
            extra: extras(row.other),
        }
    }
}

/// `LastModifiedDate` alone (the read-back after an update).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct VersionRow {
    #[serde(rename = "LastModifiedDate")]
    pub last_modified_date: String,
}

/// `GET /services/oauth2/userinfo` (OpenID Connect UserInfo plus Salesforce's ids).
/// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct UserInfo {
    user_id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    organization_id: Option<String>,
}

impl From<UserInfo> for CrmUser {
    fn from(info: UserInfo) -> Self {
        CrmUser {
            name: info
                .name
                .or(info.preferred_username)
                .unwrap_or_else(|| info.user_id.clone()),
            id: info.user_id,
            email: info.email,
            organization_id: info.organization_id,
        }
    }
}

/// One record of a SOSL answer: its type and the fields the search returned.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SearchRecord {
    pub attributes: Attributes,
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// `attributes` of every record Salesforce returns.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Attributes {
    #[serde(rename = "type")]
    pub sobject: String,
}

/// `{"searchRecords":[…]}`; API versions before 37.0 answered a bare array, read as well.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum SearchResult {
    Wrapped {
        #[serde(rename = "searchRecords")]
        search_records: Vec<SearchRecord>,
    },
    Bare(Vec<SearchRecord>),
}

impl SearchResult {
    pub(crate) fn into_records(self) -> Vec<SearchRecord> {
        match self {
            Self::Wrapped { search_records } => search_records,
            Self::Bare(records) => records,
        }
    }
}

/// A composite answer: one sub-response per sub-request, top-level 200 even when one failed.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompositeResult {
    pub composite_response: Vec<CompositeItem>,
}

/// A composite graph answer: one entry per graph (Closer sends one).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct GraphResult {
    pub graphs: Vec<GraphItem>,
}

/// One graph's answer: its sub-responses, as a composite request's.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GraphItem {
    pub graph_response: CompositeResult,
}

/// One sub-response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompositeItem {
    #[serde(default)]
    pub body: Value,
    pub http_status_code: u16,
    pub reference_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &[u8] = include_bytes!("../../../tests/fixtures/salesforce/query.response.json");

    #[test]
    fn the_documented_query_answer_parses() {
        #[derive(Deserialize)]
        struct Named {
            #[serde(rename = "Name")]
            name: String,
        }
        let result: QueryResult<Named> = parse_json("query", QUERY).unwrap();
        assert!(result.done);
        assert_eq!(result.total_size, 14);
        let names: Vec<&str> = result.records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Test 1", "Test 2"]);
        assert_eq!(result.next_records_url, None);
    }

    #[test]
    fn a_contact_row_keeps_account_name_and_requested_extras() {
        let row: ContactRow = serde_json::from_value(serde_json::json!({
            "attributes": {"type": "Contact", "url": "/services/data/v62.0/sobjects/Contact/003x"},
            "Id": "003x", "Name": "Priya Raman", "FirstName": "Priya", "LastName": "Raman",
            "Email": "priya@contoso.com", "Title": null, "Phone": null,
            "AccountId": "001x", "Account": {"attributes": {"type": "Account"}, "Name": "Contoso Ltd"},
            "OwnerId": "005x", "LastModifiedDate": "2026-11-20T10:00:00.000+0000",
            "Department": "Ops", "Unasked__c": 1
        }))
        .unwrap();
        let contact = row.into_contact(&["department".into(), "Missing__c".into()]);
        assert_eq!(
            contact.account.unwrap().name.as_deref(),
            Some("Contoso Ltd")
        );
        assert_eq!(contact.job_title, None);
        assert_eq!(contact.version.0, "2026-11-20T10:00:00.000+0000");
        assert_eq!(contact.extra.len(), 1);
        assert_eq!(contact.extra["department"], "Ops");
    }

    #[test]
    fn a_row_without_its_version_is_malformed() {
        let err = parse_json::<AccountRow>("account", br#"{"Id":"001x","Name":"A"}"#).unwrap_err();
        assert!(matches!(err, ProviderError::Malformed { .. }));
        assert!(!err.to_string().contains("001x"));
    }

    #[test]
    fn both_search_answer_shapes_parse() {
        let wrapped: SearchResult = serde_json::from_str(
            r#"{"searchRecords":[{"attributes":{"type":"Account","url":"u"},"Id":"001x","Name":"A"}]}"#,
        )
        .unwrap();
        let bare: SearchResult =
            serde_json::from_str(r#"[{"attributes":{"type":"Account"},"Id":"001x"}]"#).unwrap();
        assert_eq!(wrapped.into_records()[0].fields["Name"], "A");
        assert_eq!(bare.into_records()[0].attributes.sobject, "Account");
    }
}
