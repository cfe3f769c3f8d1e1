//! Reads: the signed-in user (`WhoAmI` + `systemusers`), contacts by email (`$filter` on
//! `emailaddress1`, chunked only past the URL limit), rows by id (`$select`), an account's open
//! opportunities, contact pages (`Prefer: odata.maxpagesize` + `@odata.nextLink`), the columns
//! an admin may add to a card (`EntityDefinitions(...)/Attributes`), and the URL that opens a
//! record in the app.
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/overview

use super::client::DataverseClient;
use super::model::{self, ACCOUNT_SELECT, CONTACT_SELECT, OPPORTUNITY_EXPAND, OPPORTUNITY_SELECT};
use super::odata::{self, table};
use crate::crm::{Account, Contact, CrmUser, Opportunity, Page, RecordKind, RecordRef};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};

/// Extra field names go into `$select`: only plain column names are accepted, so a name cannot
/// add options of its own.
fn checked_field(name: &str) -> Result<&str, ProviderError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid
        .then_some(name)
        .ok_or_else(|| ProviderError::Rejected {
            provider: Provider::Dataverse,
            status: 400,
            code: "invalid column name".into(),
        })
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// One row of `kind` with the `select`ed columns.
    pub(super) async fn row(
        &self,
        kind: RecordKind,
        id: &str,
        select: &str,
    ) -> Result<model::Record, ProviderError> {
        let table = table(kind);
        let url = self.endpoint(&odata::row_path(&table, id)?, &[("$select", select.into())])?;
        self.read_record(table.logical, &url).await
    }

    pub(super) async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        self.user().await.cloned()
    }

    pub(super) async fn contacts_by_emails(
        &self,
        emails: &[String],
    ) -> Result<Vec<Contact>, ProviderError> {
        let urls = odata::email_lookup_urls(&self.base, CONTACT_SELECT, emails)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let mut found: Vec<Contact> = Vec::new();
        for url in urls {
            let collection = self.read_collection("contact", &url, &[]).await?;
            for record in &collection.value {
                let contact = model::contact(record, &[])?;
                if !found.iter().any(|seen| seen.id == contact.id) {
                    found.push(contact);
                }
            }
        }
        Ok(found)
    }

    pub(super) async fn contact(
        &self,
        id: &str,
        extra_fields: &[String],
    ) -> Result<Contact, ProviderError> {
        let mut select = vec![CONTACT_SELECT];
        for field in extra_fields {
            select.push(checked_field(field)?);
        }
        let record = self.row(RecordKind::Contact, id, &select.join(",")).await?;
        model::contact(&record, extra_fields)
    }

    pub(super) async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        model::account(&self.row(RecordKind::Account, id, ACCOUNT_SELECT).await?)
    }

    /// One opportunity with its currency's code, in one request ([`OPPORTUNITY_EXPAND`]).
    pub(super) async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        let table = table(RecordKind::Opportunity);
        let url = self.endpoint(
            &odata::row_path(&table, id)?,
            &[
                ("$select", OPPORTUNITY_SELECT.into()),
                ("$expand", OPPORTUNITY_EXPAND.into()),
            ],
        )?;
        model::opportunity(&self.read_record(table.logical, &url).await?)
    }

    pub(super) async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        if !odata::is_guid(account_id) {
            return Err(ProviderError::NotFound {
                provider: Provider::Dataverse,
                what: "account".into(),
            });
        }
        let url = self.endpoint(
            "opportunities",
            &[
                ("$select", OPPORTUNITY_SELECT.into()),
                ("$expand", OPPORTUNITY_EXPAND.into()),
                (
                    "$filter",
                    format!("statecode eq 0 and _parentaccountid_value eq {account_id}"),
                ),
                ("$orderby", "estimatedclosedate desc".into()),
            ],
        )?;
        let collection = self.read_collection("opportunity", &url, &[]).await?;
        collection.value.iter().map(model::opportunity).collect()
    }

    pub(super) async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        let url = match next {
            Some(link) => odata::next_link(&self.base, link)?,
            None => self.endpoint("contacts", &[("$select", CONTACT_SELECT.into())])?,
        };
        // Every page, the first and each next link, carries the same page size (page-results.md).
        let prefer = format!("odata.maxpagesize={}", page_size.clamp(1, 5_000));
        let response = self.read("contact", &url, &[&prefer]).await?;
        model::parse_contacts_page(response.body())
    }

    /// The columns of `card`'s table an admin may add to it, from the table's attribute
    /// metadata ([`crate::crm::metadata`]).
    pub(super) async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        let kind = match card {
            closer_wire::CardKind::Contact => RecordKind::Contact,
            closer_wire::CardKind::Account => RecordKind::Account,
            closer_wire::CardKind::Opportunity => RecordKind::Opportunity,
        };
        let url = self.endpoint(
            &format!(
                "EntityDefinitions(LogicalName='{}')/Attributes",
                table(kind).logical
            ),
            &[(
                "$select",
                "LogicalName,AttributeType,DisplayName,IsValidForRead,AttributeOf".into(),
            )],
        )?;
        let response = self.read("metadata", &url, &[]).await?;
        crate::crm::metadata::dataverse_fields(response.body())
    }

    /// The model-driven app's form of `record`: `main.aspx?pagetype=entityrecord&etn=…&id=…`.
    pub(super) fn record_url(&self, record: &RecordRef) -> String {
        format!(
            "{}main.aspx?pagetype=entityrecord&etn={}&id={}",
            self.app,
            table(record.kind).logical,
            odata::encode_query_value(&record.id)
        )
    }
}
