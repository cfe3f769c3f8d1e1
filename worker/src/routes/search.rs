//! `POST /api/search`: the pane's search across contacts, accounts and opportunities, with
//! "active only" and "owned by me", answered as links that open each record in the CRM.
//!
//! Validates the request (text length, kinds from an allow-list) before the CRM is called and
//! caps the hits at [`MAX_RESULTS`] (a task pane shows a short list; the seller refines the
//! text). The connector owns the query language and its escaping (OData `contains`, SOSL
//! `FIND`). Pure over [`CrmConnector`]: no store, no HTTP, nothing kept or logged of the text.

use crate::crm::{CrmConnector, RecordKind, SearchQuery};
use crate::error::ApiFailure;
use crate::routes::pane::cards::link;
use closer_wire::{SearchRequest, SearchResult};

/// At most this many results per search.
pub const MAX_RESULTS: u32 = 25;

/// Search text length, in characters: SOSL needs two; more than a hundred is no search a seller
/// types.
pub const TEXT_CHARS: std::ops::RangeInclusive<usize> = 2..=100;

/// The kinds searched when the request names none, in the order results are listed.
const ALL_KINDS: [RecordKind; 3] = [
    RecordKind::Account,
    RecordKind::Opportunity,
    RecordKind::Contact,
];

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

/// Searches the user's CRM.
pub async fn search<C: CrmConnector>(
    crm: &C,
    request: SearchRequest,
) -> Result<Vec<SearchResult>, ApiFailure> {
    let query = query_of(request)?;
    let hits = crm.search(&query).await?;
    Ok(hits
        .into_iter()
        .take(MAX_RESULTS as usize)
        .map(|hit| SearchResult {
            record: link(crm, hit.record.kind, &hit.record.id, hit.title),
            subtitle: hit.subtitle,
        })
        .collect())
}

/// The connector's query for a valid request; a readable [`ApiFailure::BadRequest`] otherwise.
pub fn query_of(request: SearchRequest) -> Result<SearchQuery, ApiFailure> {
    let text = request.text.trim();
    if !TEXT_CHARS.contains(&text.chars().count()) {
        return Err(bad_request(&format!(
            "Type {} to {} characters to search.",
            TEXT_CHARS.start(),
            TEXT_CHARS.end()
        )));
    }
    let mut kinds = Vec::new();
    for name in &request.kinds {
        let kind = searchable(name)
            .ok_or_else(|| bad_request("Search contacts, accounts or opportunities."))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        kinds = ALL_KINDS.to_vec();
    }
    Ok(SearchQuery {
        text: text.to_owned(),
        kinds,
        active_only: request.active_only,
        owned_by_me: request.owned_by_me,
        top: MAX_RESULTS,
    })
}

fn searchable(name: &str) -> Option<RecordKind> {
    match name.trim().to_ascii_lowercase().as_str() {
        "contact" => Some(RecordKind::Contact),
        "account" => Some(RecordKind::Account),
        "opportunity" => Some(RecordKind::Opportunity),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::crm::{
        Account, ActivityKey, Contact, CrmUser, EmailLookup, FieldUpdate, NewAppointment,
        NewContact, NewEmailActivity, NewNote, NewTask, Opportunity, Page, RecordRef,
        RecordVersion, SalesStages, SearchHit,
    };
    use crate::provider::ProviderError;
    use rstest::rstest;
    use std::cell::RefCell;

    /// A CRM that records searches and task creations, answers searches with `hits`, and is
    /// never asked anything else by these routes.
    #[derive(Default)]
    pub(crate) struct RecordingCrm {
        pub hits: Vec<SearchHit>,
        pub queries: RefCell<Vec<SearchQuery>>,
        pub tasks: RefCell<Vec<NewTask>>,
    }

    impl CrmConnector for RecordingCrm {
        async fn current_user(&self) -> Result<CrmUser, ProviderError> {
            unreachable!()
        }
        async fn contacts_by_emails(&self, _: &[String]) -> Result<Vec<Contact>, ProviderError> {
            unreachable!()
        }
        async fn contact(&self, _: &str, _: &[String]) -> Result<Contact, ProviderError> {
            unreachable!()
        }
        async fn email_lookup(
            &self,
            _: &[String],
            _: Option<&ActivityKey>,
        ) -> Result<EmailLookup, ProviderError> {
            unreachable!()
        }
        async fn account(&self, _: &str) -> Result<Account, ProviderError> {
            unreachable!()
        }
        async fn opportunity(&self, _: &str) -> Result<Opportunity, ProviderError> {
            unreachable!()
        }
        async fn open_opportunities(&self, _: &str) -> Result<Vec<Opportunity>, ProviderError> {
            unreachable!()
        }
        async fn contacts_page(
            &self,
            _: u32,
            _: Option<&str>,
        ) -> Result<Page<Contact>, ProviderError> {
            unreachable!()
        }
        async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError> {
            self.queries.borrow_mut().push(query.clone());
            Ok(self.hits.clone())
        }
        async fn create_contact(&self, _: &NewContact) -> Result<RecordRef, ProviderError> {
            unreachable!()
        }
        async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
            let mut tasks = self.tasks.borrow_mut();
            tasks.push(task.clone());
            Ok(RecordRef::new(
                RecordKind::Task,
                format!("task-{}", tasks.len()),
            ))
        }
        async fn create_note(&self, _: &NewNote) -> Result<RecordRef, ProviderError> {
            unreachable!()
        }
        async fn update(&self, _: &FieldUpdate) -> Result<RecordVersion, ProviderError> {
            unreachable!()
        }
        fn editable_column(&self, _: closer_wire::EditableField) -> Option<&'static str> {
            unreachable!()
        }
        async fn sales_stages(&self, _: &str) -> Result<SalesStages, ProviderError> {
            unreachable!()
        }
        async fn move_stage(
            &self,
            _: &str,
            _: &RecordVersion,
            _: &str,
        ) -> Result<(), ProviderError> {
            unreachable!()
        }
        async fn create_email_activity(
            &self,
            _: &NewEmailActivity,
        ) -> Result<RecordRef, ProviderError> {
            unreachable!()
        }
        async fn create_appointment(&self, _: &NewAppointment) -> Result<RecordRef, ProviderError> {
            unreachable!()
        }
        async fn find_activity(&self, _: &ActivityKey) -> Result<Option<RecordRef>, ProviderError> {
            unreachable!()
        }
        async fn opportunity_timeline(
            &self,
            _: &str,
            _: u32,
        ) -> Result<crate::crm::Timeline, ProviderError> {
            unreachable!()
        }
        fn record_url(&self, record: &RecordRef) -> String {
            format!(
                "https://crm.example/{}/{}",
                crate::routes::pane::cards::kind_name(record.kind),
                record.id
            )
        }
    }

    fn request(text: &str, kinds: &[&str]) -> SearchRequest {
        SearchRequest {
            text: text.into(),
            kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
            active_only: true,
            owned_by_me: false,
        }
    }

    fn hit(kind: RecordKind, id: &str) -> SearchHit {
        SearchHit {
            record: RecordRef::new(kind, id),
            title: format!("Record {id}"),
            subtitle: Some("Retail".into()),
        }
    }

    #[rstest]
    #[case::too_short(request(" C ", &[]))]
    #[case::blank(request("   ", &[]))]
    #[case::too_long(request(&"x".repeat(101), &[]))]
    #[case::unknown_kind(request("Contoso", &["account", "email"]))]
    #[case::tasks_are_not_searched(request("Contoso", &["task"]))]
    fn invalid_searches_are_refused(#[case] request: SearchRequest) {
        assert!(matches!(
            query_of(request),
            Err(ApiFailure::BadRequest { .. })
        ));
    }

    #[rstest]
    #[case::no_kinds_means_all(&[], &ALL_KINDS)]
    #[case::named_kinds_once_in_order(
        &["Contact", "opportunity", "contact"],
        &[RecordKind::Contact, RecordKind::Opportunity]
    )]
    fn kinds_are_allow_listed(#[case] names: &[&str], #[case] expected: &[RecordKind]) {
        let query = query_of(request("Contoso", names)).unwrap();
        assert_eq!(query.kinds, expected);
    }

    #[test]
    fn the_query_is_trimmed_capped_and_keeps_its_filters() {
        let text = "é".repeat(100);
        let query = query_of(SearchRequest {
            text: format!("  {text} "),
            kinds: vec![],
            active_only: false,
            owned_by_me: true,
        })
        .unwrap();
        assert_eq!(query.text, text);
        assert_eq!(query.top, MAX_RESULTS);
        assert!(!query.active_only && query.owned_by_me);
    }

    #[tokio::test]
    async fn hits_become_links_and_at_most_the_cap_is_returned() {
        let crm = RecordingCrm {
            hits: (0..40)
                .map(|i| hit(RecordKind::Opportunity, &format!("o-{i}")))
                .collect(),
            ..RecordingCrm::default()
        };
        let results = search(&crm, request("Contoso", &["opportunity"]))
            .await
            .unwrap();
        assert_eq!(results.len(), MAX_RESULTS as usize);
        assert_eq!(results[0].record.kind, "opportunity");
        assert_eq!(results[0].record.name, "Record o-0");
        assert_eq!(results[0].record.url, "https://crm.example/opportunity/o-0");
        assert_eq!(results[0].subtitle.as_deref(), Some("Retail"));
        let queries = crm.queries.borrow();
        assert_eq!(queries.len(), 1);
        assert!(queries[0].active_only);
    }

    #[tokio::test]
    async fn an_invalid_search_never_reaches_the_crm() {
        let crm = RecordingCrm::default();
        assert!(search(&crm, request("x", &[])).await.is_err());
        assert!(crm.queries.borrow().is_empty());
    }
}
