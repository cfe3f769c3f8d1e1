//! Reads: the user (`/services/oauth2/userinfo`), contacts by email in one SOQL query, records
//! by id (sObject rows with `fields=`), an account's open opportunities, contact pages
//! (`Sforce-Query-Options: batchSize` + `nextRecordsUrl`), the fields an admin may add to a card
//! (the object's describe), and the URL that opens a record in Lightning Experience.
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm

use super::client::{Kind, SalesforceClient};
use super::records::{
    ACCOUNT_FIELDS, AccountRow, CONTACT_ROW_FIELDS, CONTACT_SOQL_FIELDS, ContactRow,
    OpportunityRow, QueryResult, UserInfo,
};
use super::refresh::SessionRefresher;
use super::request::{encode, get};
use super::soql::{in_list_chunks, soql_string};
use super::writes::sobject_of;
use crate::crm::{Account, Contact, CrmUser, Opportunity, Page, RecordRef};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use serde::de::DeserializeOwned;

/// A query's batches are followed at most this far (2,000 rows each in a real org): far past
/// any answer the pane shows, and a bound on what one pane request may cost.
const MAX_BATCHES: usize = 10;

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// `GET {instance}/services/oauth2/userinfo`: the user's id, name, email and org. The id is
    /// remembered for `owned_by_me` searches.
    pub(super) async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        let url = format!("{}/services/oauth2/userinfo", self.config().instance_url());
        let info: UserInfo = self.send_json("user", Kind::Read, get(&url, &[])).await?;
        let user = CrmUser::from(info);
        self.remember_user_id(&user.id);
        Ok(user)
    }

    /// The signed-in user's id, asking Salesforce only when the edge did not say.
    pub(super) async fn user_id(&self) -> Result<String, ProviderError> {
        match self.known_user_id() {
            Some(id) => Ok(id),
            None => Ok(self.current_user().await?.id),
        }
    }

    /// The `…/query?q=` URL of a SOQL statement.
    pub(super) fn query_url(&self, soql: &str) -> String {
        self.config().data_url(&format!("query?q={}", encode(soql)))
    }

    /// Every row of `soql`, following `nextRecordsUrl` (bounded by [`MAX_BATCHES`]).
    pub(super) async fn query_all<Row: DeserializeOwned>(
        &self,
        what: &str,
        soql: &str,
    ) -> Result<Vec<Row>, ProviderError> {
        let mut batch: QueryResult<Row> = self
            .send_json(what, Kind::Read, get(&self.query_url(soql), &[]))
            .await?;
        let mut rows = std::mem::take(&mut batch.records);
        let mut batches = 1;
        while let (false, Some(next)) = (batch.done, batch.next_records_url.take()) {
            if batches >= MAX_BATCHES {
                break;
            }
            let url = self.config().follow(&next)?;
            batch = self.send_json(what, Kind::Read, get(&url, &[])).await?;
            rows.append(&mut batch.records);
            batches += 1;
        }
        Ok(rows)
    }

    /// Contacts whose `Email` is one of `emails`: one `IN (…)` query, split only when the URL
    /// would pass the configured limit. SOQL compares strings without regard to case.
    pub(super) async fn contacts_by_emails(
        &self,
        emails: &[String],
    ) -> Result<Vec<Contact>, ProviderError> {
        let mut seen = std::collections::HashSet::new();
        let literals: Vec<String> = emails
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty() && seen.insert(e.to_lowercase()))
            .map(soql_string)
            .collect();
        let prefix = format!("SELECT {CONTACT_SOQL_FIELDS} FROM Contact WHERE Email IN (");
        let fixed = self.query_url(&format!("{prefix})")).len();
        let budget = self.config().max_url_bytes().saturating_sub(fixed);
        let mut contacts: Vec<Contact> = Vec::new();
        for chunk in in_list_chunks(&literals, budget) {
            let soql = format!("{prefix}{})", chunk.join(", "));
            let rows: Vec<ContactRow> = self.query_all("contact", &soql).await?;
            for contact in rows.into_iter().map(|row| row.into_contact(&[])) {
                if !contacts.iter().any(|c| c.id == contact.id) {
                    contacts.push(contact);
                }
            }
        }
        Ok(contacts)
    }

    /// `GET /sobjects/{sobject}/{id}?fields=…`: one row, 404 `NOT_FOUND` when there is none.
    pub(super) async fn row<Row: DeserializeOwned>(
        &self,
        what: &str,
        sobject: &str,
        id: &str,
        fields: &[&str],
    ) -> Result<Row, ProviderError> {
        let url = self.config().data_url(&format!(
            "sobjects/{sobject}/{}?fields={}",
            encode(id),
            encode(&fields.join(","))
        ));
        self.send_json(what, Kind::Read, get(&url, &[])).await
    }

    pub(super) async fn contact(
        &self,
        id: &str,
        extra_fields: &[String],
    ) -> Result<Contact, ProviderError> {
        let mut fields: Vec<&str> = CONTACT_ROW_FIELDS.to_vec();
        fields.extend(
            extra_fields
                .iter()
                .map(String::as_str)
                .filter(|extra| !fields_contain(CONTACT_ROW_FIELDS, extra)),
        );
        let row: ContactRow = self.row("contact", "Contact", id, &fields).await?;
        Ok(row.into_contact(extra_fields))
    }

    pub(super) async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        let row: AccountRow = self.row("account", "Account", id, ACCOUNT_FIELDS).await?;
        Ok(row.into())
    }

    pub(super) async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        let fields = self.config().opportunity_fields();
        let row: OpportunityRow = self.row("opportunity", "Opportunity", id, &fields).await?;
        Ok(row.into_opportunity(self.config().org_currency()))
    }

    pub(super) async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        let soql = format!(
            "SELECT {} FROM Opportunity WHERE AccountId = {} AND IsClosed = false ORDER BY CloseDate DESC",
            self.config().opportunity_fields().join(", "),
            soql_string(account_id)
        );
        let rows: Vec<OpportunityRow> = self.query_all("opportunity", &soql).await?;
        let currency = self.config().org_currency();
        Ok(rows
            .into_iter()
            .map(|row| row.into_opportunity(currency))
            .collect())
    }

    /// One batch of all contacts. The batch size is a request, not a promise: a real org uses
    /// at least 200 and at most 2,000 rows per batch, and may use fewer
    /// (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm);
    /// `next` (a `nextRecordsUrl`) is followed as given, without the header.
    pub(super) async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        let request = match next {
            Some(next) => get(&self.config().follow(next)?, &[]),
            None => {
                let soql = format!(
                    "SELECT {CONTACT_SOQL_FIELDS} FROM Contact ORDER BY LastName, FirstName, Id"
                );
                let options = format!("batchSize={}", page_size.max(1));
                get(
                    &self.query_url(&soql),
                    &[("Sforce-Query-Options", options.as_str())],
                )
            }
        };
        let batch: QueryResult<ContactRow> = self.send_json("contact", Kind::Read, request).await?;
        Ok(Page {
            items: batch
                .records
                .into_iter()
                .map(|row| row.into_contact(&[]))
                .collect(),
            next: if batch.done {
                None
            } else {
                batch.next_records_url
            },
        })
    }

    /// The fields of `card`'s object an admin may add to the card, from its describe
    /// ([`crate::crm::metadata`]).
    pub(super) async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        let object = match card {
            closer_wire::CardKind::Contact => "Contact",
            closer_wire::CardKind::Account => "Account",
            closer_wire::CardKind::Opportunity => "Opportunity",
        };
        let url = self
            .config()
            .data_url(&format!("sobjects/{object}/describe"));
        let describe: serde_json::Value = self
            .send_json("describe", Kind::Read, get(&url, &[]))
            .await?;
        crate::crm::metadata::salesforce_fields(describe.to_string().as_bytes())
    }

    /// The Lightning Experience URL, `{instance}/lightning/r/{Type}/{Id}/view`.
    pub(super) fn record_url(&self, record: &RecordRef) -> String {
        format!(
            "{}/lightning/r/{}/{}/view",
            self.config().instance_url(),
            sobject_of(record),
            encode(&record.id)
        )
    }
}

fn fields_contain(fields: &[&str], name: &str) -> bool {
    fields.iter().any(|field| field.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use crate::crm::salesforce::client::tests::{Fake, client, config};
    use crate::crm::salesforce::{SalesforceClient, SalesforceConfig};
    use crate::crm::{RecordKind, RecordRef};
    use secrecy::SecretString;

    const EMPTY: &str = r#"{"totalSize":0,"done":true,"records":[]}"#;

    fn decoded_q(uri: &str) -> String {
        let url = url::Url::parse(uri).unwrap();
        url.query_pairs()
            .find(|(name, _)| name == "q")
            .map(|(_, value)| value.into_owned())
            .unwrap()
    }

    #[tokio::test]
    async fn emails_are_looked_up_in_one_escaped_query() {
        let fake = Fake::answering(&[(200, EMPTY)]);
        let emails = [
            "sean.o'brien@fabrikam.com".to_owned(),
            "ravi+x@w.com".to_owned(),
        ];
        client(&fake).contacts_by_emails(&emails).await.unwrap();
        let uris = fake.uris();
        assert_eq!(uris.len(), 1);
        assert!(uris[0].contains("ravi%2Bx%40w.com"), "{}", uris[0]);
        assert_eq!(
            decoded_q(&uris[0]),
            "SELECT Id, Name, FirstName, LastName, Email, Title, Phone, AccountId, Account.Name, \
             OwnerId, LastModifiedDate FROM Contact WHERE Email IN ('sean.o\\'brien@fabrikam.com', 'ravi+x@w.com')"
        );
    }

    #[tokio::test]
    async fn no_addresses_no_request() {
        let fake = Fake::answering(&[(200, EMPTY)]);
        assert!(
            client(&fake)
                .contacts_by_emails(&[])
                .await
                .unwrap()
                .is_empty()
        );
        assert!(fake.sent().is_empty());
    }

    #[tokio::test]
    async fn long_lists_are_split_under_the_url_limit() {
        let fake = Fake::answering(&[(200, EMPTY)]);
        let emails: Vec<String> = (0..400)
            .map(|i| format!("person.{i}@example.com"))
            .collect();
        client(&fake).contacts_by_emails(&emails).await.unwrap();
        let uris = fake.uris();
        assert!(uris.len() >= 2, "{} queries", uris.len());
        assert!(
            uris.iter()
                .all(|u| u.len() <= crate::crm::salesforce::MAX_QUERY_URL_BYTES)
        );
        let asked: usize = uris
            .iter()
            .map(|u| decoded_q(u).matches("@example.com").count())
            .sum();
        assert_eq!(asked, 400);
    }

    #[tokio::test]
    async fn pages_ask_for_a_batch_size_and_follow_next_records_urls_bare() {
        let fake = Fake::answering(&[(
            200,
            r#"{"totalSize":9,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gX-5","records":[]}"#,
        )]);
        let client = SalesforceClient::new(&fake, config(), SecretString::from("t"));
        let page = client.contacts_page(5, None).await.unwrap();
        assert_eq!(
            page.next.as_deref(),
            Some("/services/data/v62.0/query/01gX-5")
        );
        client.contacts_page(5, page.next.as_deref()).await.unwrap();
        let sent = fake.sent();
        assert_eq!(sent[0].headers()["sforce-query-options"], "batchSize=5");
        assert_eq!(
            sent[1].uri(),
            "https://org.example/services/data/v62.0/query/01gX-5"
        );
        assert!(sent[1].headers().get("sforce-query-options").is_none());
    }

    #[tokio::test]
    async fn a_continuation_off_the_instance_is_refused_unsent() {
        let fake = Fake::answering(&[(200, EMPTY)]);
        let result = client(&fake)
            .contacts_page(5, Some("https://evil.example/services/data/v62.0/query/x"))
            .await;
        assert!(result.is_err());
        assert!(fake.sent().is_empty());
    }

    #[test]
    fn record_urls_open_lightning() {
        let client = client(Fake::default());
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Opportunity, "006x")),
            "https://org.example/lightning/r/Opportunity/006x/view"
        );
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Email, "00Tx")),
            "https://org.example/lightning/r/Task/00Tx/view"
        );
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Appointment, "00Ux")),
            "https://org.example/lightning/r/Event/00Ux/view"
        );
    }

    #[tokio::test]
    async fn the_user_comes_from_userinfo() {
        let fake = Fake::answering(&[(
            200,
            r#"{"sub":"https://login.example/id/00D/005","user_id":"005me","organization_id":"00Dorg",
                "name":"Megan Bowen","email":"megan@northwind.com","preferred_username":"megan"}"#,
        )]);
        let user = client(&fake).current_user().await.unwrap();
        assert_eq!(user.id, "005me");
        assert_eq!(user.name, "Megan Bowen");
        assert_eq!(user.organization_id.as_deref(), Some("00Dorg"));
        assert_eq!(
            fake.uris(),
            ["https://org.example/services/oauth2/userinfo"]
        );
    }

    #[tokio::test]
    async fn records_by_id_name_their_fields() {
        let fake = Fake::answering(&[(404, r#"[{"errorCode":"NOT_FOUND","message":"gone"}]"#)]);
        let config = SalesforceConfig::new(&url::Url::parse("https://org.example").unwrap());
        let client = SalesforceClient::new(&fake, config, SecretString::from("t"));
        let err = client
            .contact("003x", &["Department".into()])
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), "salesforce has no such contact");
        assert_eq!(
            fake.uris()[0],
            "https://org.example/services/data/v62.0/sobjects/Contact/003x?fields=Id%2CName%2CFirstName%2CLastName%2CEmail%2CTitle%2CPhone%2CAccountId%2COwnerId%2CLastModifiedDate%2CDepartment"
        );
    }
}
