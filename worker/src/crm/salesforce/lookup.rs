//! The pane's one Salesforce request per open email ([`SalesforceClient::email_lookup`]): a
//! Composite call (`POST /composite/`, `allOrNone: false`) of up to four SOQL queries, which
//! Salesforce runs in order and answers with one sub-response each, a failing query answering
//! its own error array
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm):
//! 1. `contacts`: `Contact`s whose `Email` is one of the addresses (with `Account.Name`);
//! 2. `accounts`: the `Account`s of those contacts, by a semi-join
//!    (`Id IN (SELECT AccountId FROM Contact WHERE Email IN (…))`);
//! 3. `deals`: those accounts' open `Opportunity`s by the same semi-join, newest close first;
//! 4. `saved`: the activity already saved under the Internet Message-ID.
//!
//! Four queries stay within Composite's limit of 5 query sub-requests (of 25 in all).
//! The semi-joins keep the accounts and deals in the same round trip as the contacts (a
//! composite reference `@{contacts.records[0].AccountId}` names one value, not a list).
//! Each query is bounded (at most 2,000 rows per batch in a real org, far past any email's
//! participants); a `nextRecordsUrl` inside a composite answer is not followed.

use super::client::{Kind, SalesforceClient};
use super::currency::OrgCurrency;
use super::error::error_for;
use super::records::{
    ACCOUNT_FIELDS, AccountRow, CONTACT_SOQL_FIELDS, CompositeItem, CompositeResult, ContactRow,
    IdOnly, OpportunityRow, QueryResult,
};
use super::refresh::SessionRefresher;
use super::request::{encode, with_json};
use super::soql::soql_string;
use crate::crm::{
    Account, AccountDeals, ActivityKey, CardColumns, EmailLookup, Opportunity, PeopleFound,
    RecordRef,
};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

const CONTACTS: &str = "contacts";
const ACCOUNTS: &str = "accounts";
const DEALS: &str = "deals";
const SAVED: &str = "saved";

/// The SOQL `IN (…)` list of the addresses, trimmed, de-duplicated without regard to case
/// (SOQL compares strings that way) and escaped; `None` for no address.
fn email_list(emails: &[String]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    let literals: Vec<String> = emails
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty() && seen.insert(e.to_lowercase()))
        .map(soql_string)
        .collect();
    (!literals.is_empty()).then(|| literals.join(", "))
}

/// The three people queries for an `IN` list.
pub(crate) fn people_queries(
    list: &str,
    columns: &CardColumns,
    opportunity_fields: &[&str],
) -> [(&'static str, String); 3] {
    let semi_join = format!("(SELECT AccountId FROM Contact WHERE Email IN ({list}))");
    let fields = |standard: String, extra: &[String]| {
        let extra = CardColumns::extra_of(extra, &standard.replace(' ', ""));
        if extra.is_empty() {
            standard
        } else {
            format!("{standard}, {}", extra.join(", "))
        }
    };
    [
        (
            CONTACTS,
            format!(
                "SELECT {} FROM Contact WHERE Email IN ({list})",
                fields(CONTACT_SOQL_FIELDS.to_owned(), &columns.contact)
            ),
        ),
        (
            ACCOUNTS,
            format!(
                "SELECT {} FROM Account WHERE Id IN {semi_join}",
                fields(ACCOUNT_FIELDS.join(", "), &columns.account)
            ),
        ),
        (
            DEALS,
            format!(
                "SELECT {} FROM Opportunity WHERE IsClosed = false AND AccountId IN {semi_join} ORDER BY CloseDate DESC",
                fields(opportunity_fields.join(", "), &columns.opportunity)
            ),
        ),
    ]
}

/// One sub-response's rows, or its error mapped like any REST error.
fn rows<Row: DeserializeOwned>(
    what: &str,
    item: Option<&CompositeItem>,
) -> Result<Vec<Row>, ProviderError> {
    let item = item.ok_or_else(|| {
        ProviderError::malformed(Provider::Salesforce, format!("composite without {what}"))
    })?;
    let body = serde_json::to_vec(&item.body).unwrap_or_default();
    if item.http_status_code >= 300 {
        return Err(error_for(what, item.http_status_code, &body, None));
    }
    let result: QueryResult<Row> = super::records::parse_json(what, &body)?;
    Ok(result.records)
}

fn people(
    result: &CompositeResult,
    columns: &CardColumns,
    currency: Option<&OrgCurrency>,
) -> Result<PeopleFound, ProviderError> {
    let item = |reference: &str| {
        result
            .composite_response
            .iter()
            .find(|item| item.reference_id == reference)
    };
    let contacts: Vec<ContactRow> = rows("contact", item(CONTACTS))?;
    let accounts: Vec<AccountRow> = rows("account", item(ACCOUNTS))?;
    let deals: Vec<OpportunityRow> = rows("opportunity", item(DEALS))?;
    let deals: Vec<Opportunity> = deals
        .into_iter()
        .map(|row| row.into_opportunity(currency))
        .collect();
    let mut found = PeopleFound::default();
    for contact in contacts
        .into_iter()
        .map(|row| row.into_contact(&columns.contact))
    {
        if !found.contacts.iter().any(|seen| seen.id == contact.id) {
            found.contacts.push(contact);
        }
    }
    for account in accounts.into_iter().map(Account::from) {
        let open_opportunities = deals
            .iter()
            .filter(|deal| deal.account_id.as_deref() == Some(account.id.as_str()))
            .cloned()
            .collect();
        found.accounts.push(AccountDeals {
            account,
            open_opportunities,
        });
    }
    Ok(found)
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// [`CrmConnector::email_lookup`](crate::crm::CrmConnector::email_lookup) for Salesforce.
    pub(super) async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        let mut queries: Vec<(&str, String)> = Vec::new();
        if let Some(list) = email_list(emails) {
            queries.extend(people_queries(
                &list,
                self.config().card_columns(),
                &self.config().opportunity_fields(),
            ));
        }
        let saved = saved_key.map(|key| self.saved_query(key));
        if let Some((_, _, soql)) = &saved {
            queries.push((SAVED, soql.clone()));
        }
        if queries.is_empty() {
            return Ok(EmailLookup {
                people: Ok(PeopleFound::default()),
                saved: Ok(None),
            });
        }
        let composite: Vec<Value> = queries
            .iter()
            .map(|(reference, soql)| {
                json!({
                    "method": "GET",
                    "url": self.config().data_path(&format!("query?q={}", encode(soql))),
                    "referenceId": reference,
                })
            })
            .collect();
        // Reads only: nothing to roll back, and one query failing must not halt the others.
        let body = json!({ "allOrNone": false, "compositeRequest": composite });
        let url = self.config().data_url("composite");
        let result: CompositeResult = self
            .send_json(
                "composite",
                Kind::Read,
                with_json(http::Method::POST, &url, &body, &[]),
            )
            .await?;
        let people = if queries[0].0 == CONTACTS {
            people(
                &result,
                self.config().card_columns(),
                self.config().org_currency(),
            )
        } else {
            Ok(PeopleFound::default())
        };
        let saved = match saved {
            Some((kind, what, _)) => {
                let item = result
                    .composite_response
                    .iter()
                    .find(|item| item.reference_id == SAVED);
                rows::<IdOnly>(what, item).map(|rows| {
                    rows.into_iter()
                        .next()
                        .map(|row| RecordRef::new(kind, row.id))
                })
            }
            None => Ok(None),
        };
        Ok(EmailLookup { people, saved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_escaped_and_deduplicated() {
        let emails = vec![
            "A@Contoso.com".to_owned(),
            " a@contoso.com ".to_owned(),
            "o'brien@x.com".to_owned(),
        ];
        assert_eq!(
            email_list(&emails).unwrap(),
            "'A@Contoso.com', 'o\\'brien@x.com'"
        );
        assert_eq!(email_list(&[" ".to_owned()]), None);
    }

    #[test]
    fn accounts_and_deals_come_from_semi_joins_on_the_same_addresses() {
        let [contacts, accounts, deals] = people_queries(
            "'a@x.com'",
            &CardColumns::default(),
            super::super::records::OPPORTUNITY_FIELDS,
        );
        assert!(
            contacts
                .1
                .ends_with("FROM Contact WHERE Email IN ('a@x.com')")
        );
        assert!(accounts.1.ends_with(
            "FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email IN ('a@x.com'))"
        ));
        assert!(deals.1.contains(
            "FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Email IN ('a@x.com')) ORDER BY CloseDate DESC"
        ));
    }
}
