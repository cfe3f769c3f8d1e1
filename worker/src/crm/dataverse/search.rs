//! Search across record kinds, Quick-Find-like: `contains` on each table's name column (e-mail
//! too for contacts), one OData request per kind. It works in every org, whereas the Dataverse
//! search API (`api/search/v2.0/query`) needs Dataverse search switched on per environment and
//! is limited to one request per second per user (PROTOCOLS §1.5).
//!
//! `active_only` is `statecode eq 0` (Active/Open in every searched table but notes, which
//! have no state); `owned_by_me` is `_ownerid_value eq <WhoAmI's user id>`.

use super::client::DataverseClient;
use super::model;
use super::odata::{like_literal, table};
use crate::crm::{RecordKind, RecordRef, SearchHit, SearchQuery};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};

/// Which column each kind is searched and subtitled by.
fn search_columns(kind: RecordKind) -> (&'static [&'static str], Option<&'static str>) {
    match kind {
        RecordKind::Contact => (&["fullname", "emailaddress1"], Some("emailaddress1")),
        RecordKind::Account => (&["name"], Some("websiteurl")),
        RecordKind::Opportunity => (&["name"], Some("stepname")),
        _ => (&["subject"], None),
    }
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    async fn search_kind(
        &self,
        kind: RecordKind,
        query: &SearchQuery,
    ) -> Result<Vec<SearchHit>, ProviderError> {
        let table = table(kind);
        let (columns, subtitle) = search_columns(kind);
        let literal = like_literal(query.text.trim());
        let text = columns
            .iter()
            .map(|column| format!("contains({column},{literal})"))
            .collect::<Vec<_>>()
            .join(" or ");
        let mut clauses = vec![format!("({text})")];
        // Notes have no state; every other searched table's statecode 0 is Active/Open.
        if query.active_only && kind != RecordKind::Note {
            clauses.push("statecode eq 0".into());
        }
        if query.owned_by_me {
            clauses.push(format!(
                "_ownerid_value eq {}",
                self.who_am_i().await?.user_id
            ));
        }
        let mut select = vec![table.name];
        select.extend(subtitle);
        let url = self.endpoint(
            table.set,
            &[
                ("$select", select.join(",")),
                ("$filter", clauses.join(" and ")),
                ("$orderby", table.name.into()),
                ("$top", query.top.max(1).to_string()),
            ],
        )?;
        let collection = self.read_collection(table.logical, &url, &[]).await?;
        collection
            .value
            .iter()
            .map(|record| {
                Ok(SearchHit {
                    record: RecordRef::new(kind, model::key(record, table.logical, table.key)?),
                    title: model::text(record, table.name).unwrap_or_default(),
                    subtitle: subtitle.and_then(|column| model::text(record, column)),
                })
            })
            .collect()
    }

    pub(super) async fn search(
        &self,
        query: &SearchQuery,
    ) -> Result<Vec<SearchHit>, ProviderError> {
        if query.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut hits = Vec::new();
        for kind in &query.kinds {
            hits.extend(self.search_kind(*kind, query).await?);
        }
        hits.truncate(query.top as usize);
        Ok(hits)
    }
}
