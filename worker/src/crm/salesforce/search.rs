//! Search across accounts, contacts and opportunities with one SOSL query:
//! `FIND {…} IN ALL FIELDS RETURNING Account(…), Contact(…), Opportunity(…)`, the seller's text
//! escaped by [`sosl_term`], filters as `WHERE` clauses inside each object's field list.
//! https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_syntax.htm
//!
//! `active_only`: opportunities `IsClosed = false`; accounts and contacts on the org's "active"
//! checkbox when one is configured ([`SalesforceConfig::with_active_field`]).
//! `owned_by_me`: `OwnerId = '<user id>'`, the id from the token response (given to the client
//! by the edge) or else from `/services/oauth2/userinfo`, asked once per client.
//!
//! [`SalesforceConfig::with_active_field`]: super::SalesforceConfig::with_active_field

use super::client::{Kind, SalesforceClient};
use super::records::SearchResult;
use super::refresh::SessionRefresher;
use super::request::{encode, get};
use super::soql::{soql_string, sosl_term};
use crate::crm::{RecordKind, RecordRef, SearchHit, SearchQuery};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use serde_json::{Map, Value};

/// SOSL returns at most 2,000 rows.
const MAX_ROWS: u32 = 2_000;

/// The sObject of a searchable kind and the fields its hits show.
fn returning(kind: RecordKind) -> Option<(&'static str, &'static str)> {
    match kind {
        RecordKind::Account => Some(("Account", "Id, Name, Industry, Website")),
        RecordKind::Contact => Some(("Contact", "Id, Name, Email, Title")),
        RecordKind::Opportunity => Some(("Opportunity", "Id, Name, StageName, IsClosed")),
        _ => None,
    }
}

fn text(fields: &Map<String, Value>, name: &str) -> Option<String> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// The SOSL statement for `query`, or `None` when there is nothing to search (no supported
    /// kind, or text shorter than SOSL's two characters).
    pub(super) async fn sosl_for(
        &self,
        query: &SearchQuery,
    ) -> Result<Option<String>, ProviderError> {
        let mut kinds: Vec<RecordKind> = Vec::new();
        for kind in &query.kinds {
            if returning(*kind).is_some() && !kinds.contains(kind) {
                kinds.push(*kind);
            }
        }
        if kinds.is_empty() || query.text.trim().chars().count() < 2 {
            return Ok(None);
        }
        let owner = if query.owned_by_me {
            Some(format!("OwnerId = {}", soql_string(&self.user_id().await?)))
        } else {
            None
        };
        let top = query.top.clamp(1, MAX_ROWS);
        let objects: Vec<String> = kinds
            .iter()
            .filter_map(|kind| {
                let (sobject, fields) = returning(*kind)?;
                let mut conditions: Vec<String> = Vec::new();
                if query.active_only {
                    match kind {
                        RecordKind::Opportunity => conditions.push("IsClosed = false".into()),
                        _ => conditions.extend(
                            self.config()
                                .active_field()
                                .map(|field| format!("{field} = true")),
                        ),
                    }
                }
                conditions.extend(owner.clone());
                let filter = if conditions.is_empty() {
                    String::new()
                } else {
                    format!(" WHERE {}", conditions.join(" AND "))
                };
                Some(format!("{sobject}({fields}{filter} LIMIT {top})"))
            })
            .collect();
        Ok(Some(format!(
            "FIND {{{}}} IN ALL FIELDS RETURNING {} LIMIT {top}",
            sosl_term(&query.text),
            objects.join(", ")
        )))
    }

    pub(super) async fn search(
        &self,
        query: &SearchQuery,
    ) -> Result<Vec<SearchHit>, ProviderError> {
        let Some(sosl) = self.sosl_for(query).await? else {
            return Ok(Vec::new());
        };
        let url = self
            .config()
            .data_url(&format!("search/?q={}", encode(&sosl)));
        let result: SearchResult = self.send_json("search", Kind::Read, get(&url, &[])).await?;
        let hits = result
            .into_records()
            .into_iter()
            .filter_map(|record| {
                let fields = &record.fields;
                let (kind, subtitle) = match record.attributes.sobject.as_str() {
                    "Account" => (
                        RecordKind::Account,
                        text(fields, "Industry").or_else(|| text(fields, "Website")),
                    ),
                    "Contact" => (
                        RecordKind::Contact,
                        text(fields, "Email").or_else(|| text(fields, "Title")),
                    ),
                    "Opportunity" => (RecordKind::Opportunity, text(fields, "StageName")),
                    _ => return None,
                };
                Some(SearchHit {
                    title: text(fields, "Name").unwrap_or_else(|| record.id.clone()),
                    record: RecordRef::new(kind, record.id),
                    subtitle,
                })
            })
            .take(top_usize(query.top))
            .collect();
        Ok(hits)
    }
}

fn top_usize(top: u32) -> usize {
    usize::try_from(top.clamp(1, MAX_ROWS)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use crate::crm::salesforce::SalesforceClient;
    use crate::crm::salesforce::client::tests::{Fake, client, config};
    use crate::crm::{RecordKind, SearchQuery};
    use secrecy::SecretString;

    fn query(text: &str, active_only: bool, owned_by_me: bool) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            kinds: vec![
                RecordKind::Account,
                RecordKind::Opportunity,
                RecordKind::Task,
            ],
            active_only,
            owned_by_me,
            top: 5,
        }
    }

    #[tokio::test]
    async fn filters_become_where_clauses_per_object() {
        let fake = Fake::default();
        let client = SalesforceClient::new(
            &fake,
            config().with_active_field("Active__c"),
            SecretString::from("t"),
        )
        .with_user_id("005me");
        let sosl = client
            .sosl_for(&query("O'Brien {x}", true, true))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            sosl,
            "FIND {O\\'Brien \\{x\\}} IN ALL FIELDS RETURNING \
             Account(Id, Name, Industry, Website WHERE Active__c = true AND OwnerId = '005me' LIMIT 5), \
             Opportunity(Id, Name, StageName, IsClosed WHERE IsClosed = false AND OwnerId = '005me' LIMIT 5) LIMIT 5"
        );
        assert!(fake.sent().is_empty(), "the known user id needs no call");
    }

    #[tokio::test]
    async fn owned_by_me_asks_who_i_am_once() {
        let fake = Fake::answering(&[
            (
                200,
                r#"{"user_id":"005me","name":"Megan","organization_id":"00D"}"#,
            ),
            (200, r#"{"searchRecords":[]}"#),
        ]);
        let client = client(&fake);
        client.search(&query("Contoso", false, true)).await.unwrap();
        client.search(&query("Contoso", false, true)).await.unwrap();
        let uris = fake.uris();
        assert_eq!(uris.len(), 3);
        assert!(uris[0].ends_with("/services/oauth2/userinfo"));
        assert!(uris[1].contains("/search/?q=FIND%20%7BContoso%7D"));
    }

    #[tokio::test]
    async fn hits_are_typed_and_capped() {
        let fake = Fake::answering(&[(
            200,
            r#"{"searchRecords":[
              {"attributes":{"type":"Account"},"Id":"001a","Name":"Contoso Ltd","Industry":"Retail"},
              {"attributes":{"type":"Opportunity"},"Id":"006a","Name":"Deal","StageName":"Propose","IsClosed":false},
              {"attributes":{"type":"Lead"},"Id":"00Qa","Name":"Lead"}]}"#,
        )]);
        let hits = client(&fake)
            .search(&query("Contoso", false, false))
            .await
            .unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].subtitle.as_deref(), Some("Retail"));
        assert_eq!(hits[1].record.kind, RecordKind::Opportunity);
    }

    #[tokio::test]
    async fn nothing_to_search_sends_nothing() {
        let fake = Fake::default();
        let client = client(&fake);
        assert!(
            client
                .search(&query("C", false, false))
                .await
                .unwrap()
                .is_empty()
        );
        let mut tasks_only = query("Contoso", false, false);
        tasks_only.kinds = vec![RecordKind::Task];
        assert!(client.search(&tasks_only).await.unwrap().is_empty());
        assert!(fake.sent().is_empty());
    }
}
