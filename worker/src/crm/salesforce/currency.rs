//! The currency of a Salesforce org's amounts, so the pane shows the CRM's currency.
//!
//! `CurrencyIsoCode` exists on records only in orgs with multiple currencies enabled ("available
//! only for organizations with the multicurrency feature enabled",
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm);
//! selecting it elsewhere is `INVALID_FIELD`. A single-currency org states its one currency in
//! `Organization.DefaultCurrencyIsoCode`
//! (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_organization.htm).
//! Which of the two an org is shows in the `Opportunity` describe: the field is listed or not.
//!
//! That is org configuration, not a CRM record: [`remembered`] reads it once per tenant (a
//! describe and, for a single-currency org, one SOQL query) and keeps it in Closer's store as a
//! tenant-wide setting row ([`CURRENCY_KEY`]) for [`KEPT_SECONDS`], so a pane open sends no
//! extra request. It must not touch records: the opportunity reads only add the field or the
//! code this module decided.

use super::client::{Kind, SalesforceClient};
use super::refresh::SessionRefresher;
use super::request;
use super::stages::Describe;
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use crate::store::{CloserStore, Row, RowKind, Scope, StoreError};
use serde::{Deserialize, Serialize};

/// The record field holding a record's currency in a multi-currency org.
pub(crate) const CURRENCY_FIELD: &str = "CurrencyIsoCode";
/// The store key of the org's currency (a tenant-wide [`RowKind::Setting`] row).
pub const CURRENCY_KEY: &str = "salesforce-org-currency";
/// How long the stored currency is trusted: an admin may change the corporate currency or turn
/// multiple currencies on (which cannot be undone), so it is read again once a week.
pub const KEPT_SECONDS: u64 = 7 * 24 * 3600;

/// The currency of an org's amounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OrgCurrency {
    /// One currency for every amount (`Organization.DefaultCurrencyIsoCode`).
    Single {
        /// Its ISO 4217 code.
        code: String,
    },
    /// Multiple currencies: each record says its own in `CurrencyIsoCode`.
    Multi,
}

#[derive(Debug, Deserialize)]
struct OrganizationRow {
    #[serde(rename = "DefaultCurrencyIsoCode", default)]
    default_currency_iso_code: Option<String>,
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// Asks the org which currency its amounts are in: the `Opportunity` describe (does it
    /// list `CurrencyIsoCode`?), then, for a single-currency org,
    /// `SELECT DefaultCurrencyIsoCode FROM Organization`.
    pub async fn read_org_currency(&self) -> Result<OrgCurrency, ProviderError> {
        let url = self.config().data_url("sobjects/Opportunity/describe");
        let describe: Describe = self
            .send_json("opportunity", Kind::Read, request::get(&url, &[]))
            .await?;
        if describe.fields.iter().any(|f| f.name == CURRENCY_FIELD) {
            return Ok(OrgCurrency::Multi);
        }
        let rows: Vec<OrganizationRow> = self
            .query_all(
                "organization",
                "SELECT DefaultCurrencyIsoCode FROM Organization",
            )
            .await?;
        let code = rows
            .into_iter()
            .find_map(|row| row.default_currency_iso_code)
            .filter(|code| !code.trim().is_empty())
            .ok_or_else(|| {
                ProviderError::malformed(
                    crate::provider::Provider::Salesforce,
                    "organization without DefaultCurrencyIsoCode",
                )
            })?;
        Ok(OrgCurrency::Single { code })
    }
}

/// Why the org's currency is unknown.
#[derive(Debug, thiserror::Error)]
pub enum CurrencyError {
    /// Salesforce did not answer.
    #[error("the org's currency could not be read")]
    Crm(#[source] ProviderError),
    /// Closer's store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The org's currency for `tenant_id`: the stored one while it is kept, else read from the org
/// with `crm` and stored (a stored row that does not parse is read again).
pub async fn remembered<St, T, S, R>(
    store: &St,
    tenant_id: &str,
    crm: &SalesforceClient<T, S, R>,
    now: u64,
) -> Result<OrgCurrency, CurrencyError>
where
    St: CloserStore,
    T: HttpTransport,
    S: Sleeper,
    R: SessionRefresher,
{
    let scope = Scope {
        tenant_id: tenant_id.to_owned(),
        user_id: None,
    };
    let stored = store
        .get(&scope, RowKind::Setting, CURRENCY_KEY, now)
        .await?
        .and_then(|row| serde_json::from_str::<OrgCurrency>(&row.value).ok());
    if let Some(currency) = stored {
        return Ok(currency);
    }
    let currency = crm.read_org_currency().await.map_err(CurrencyError::Crm)?;
    let row = Row {
        value: serde_json::to_string(&currency).unwrap_or_default(),
        expires_at: Some(now + KEPT_SECONDS),
    };
    store
        .put(&scope, RowKind::Setting, CURRENCY_KEY, &row)
        .await?;
    Ok(currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_names_its_kind() {
        let single = OrgCurrency::Single { code: "EUR".into() };
        let text = serde_json::to_string(&single).unwrap();
        assert_eq!(text, r#"{"kind":"single","code":"EUR"}"#);
        assert_eq!(serde_json::from_str::<OrgCurrency>(&text).unwrap(), single);
        assert_eq!(
            serde_json::from_str::<OrgCurrency>(r#"{"kind":"multi"}"#).unwrap(),
            OrgCurrency::Multi
        );
    }
}
