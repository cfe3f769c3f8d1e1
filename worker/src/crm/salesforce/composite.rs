//! Several records created in one round trip: `POST /composite/` with `allOrNone`, later
//! sub-requests naming earlier records as `@{referenceId.id}`; a failure rolls every write back
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm).
//! The top-level answer is 200 even when a sub-request failed, so each sub-response is mapped
//! through the one error function.
//!
//! A composite request takes at most 25 sub-requests. A larger set (a meeting with many
//! contacts) is sent as one composite graph instead: the same sub-requests, all-or-none, up to
//! 500 nodes
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm,
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm).
//! Splitting into several composite calls would not be atomic: a failure after the first would
//! leave a meeting saved with only some of its people, which a retry would then take as saved.

use super::client::{Kind, SalesforceClient};
use super::error::{error_for, parse_error_body};
use super::records::{CompositeItem, CompositeResult, GraphResult};
use super::refresh::SessionRefresher;
use super::request::with_json;
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use serde_json::{Value, json};

/// Sub-requests one composite request takes.
pub(crate) const MAX_COMPOSITE: usize = 25;
/// Nodes one composite graph takes.
pub(crate) const MAX_GRAPH_NODES: usize = 500;

/// One composite sub-request.
pub(crate) struct SubRequest {
    pub reference: String,
    pub sobject: &'static str,
    pub body: Value,
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// Creates `requests` in order with `allOrNone` (as a composite graph past
    /// [`MAX_COMPOSITE`]); `@{ref.id}` in a body names an earlier record. Returns the first record's id. A failed sub-request is mapped like any REST
    /// error (the others answer `PROCESSING_HALTED`).
    pub(crate) async fn create_all(
        &self,
        what: &str,
        requests: Vec<SubRequest>,
    ) -> Result<String, ProviderError> {
        let composite: Vec<Value> = requests
            .iter()
            .map(|r| {
                json!({
                    "method": "POST",
                    "url": self.config().data_path(&format!("sobjects/{}", r.sobject)),
                    "referenceId": r.reference,
                    "body": r.body,
                })
            })
            .collect();
        if requests.len() > MAX_GRAPH_NODES {
            return Err(ProviderError::malformed(
                Provider::Salesforce,
                format!("{what}: more records than one composite graph takes"),
            ));
        }
        let result: CompositeResult = if requests.len() <= MAX_COMPOSITE {
            let body = json!({ "allOrNone": true, "compositeRequest": composite });
            let url = self.config().data_url("composite");
            self.send_json(
                what,
                Kind::Write,
                with_json(http::Method::POST, &url, &body, &[]),
            )
            .await?
        } else {
            let body = json!({ "graphs": [{ "graphId": "g1", "compositeRequest": composite }] });
            let url = self.config().data_url("composite/graph");
            let graphs: GraphResult = self
                .send_json(
                    what,
                    Kind::Write,
                    with_json(http::Method::POST, &url, &body, &[]),
                )
                .await?;
            graphs
                .graphs
                .into_iter()
                .next()
                .map(|graph| graph.graph_response)
                .ok_or_else(|| {
                    ProviderError::malformed(
                        Provider::Salesforce,
                        format!("{what}: composite graph answered no graph"),
                    )
                })?
        };
        let failures: Vec<&CompositeItem> = result
            .composite_response
            .iter()
            .filter(|item| item.http_status_code >= 300)
            .collect();
        let halted = |item: &&CompositeItem| {
            let body = serde_json::to_vec(&item.body).unwrap_or_default();
            parse_error_body(&body)
                .iter()
                .all(|error| error.error_code == "PROCESSING_HALTED")
        };
        if let Some(item) = failures
            .iter()
            .find(|item| !halted(item))
            .or(failures.first())
        {
            let body = serde_json::to_vec(&item.body).unwrap_or_default();
            return Err(error_for(what, item.http_status_code, &body, None));
        }
        let first = &requests[0].reference;
        result
            .composite_response
            .iter()
            .find(|item| &item.reference_id == first)
            .and_then(|item| item.body.get("id")?.as_str().map(str::to_owned))
            .ok_or_else(|| {
                ProviderError::malformed(
                    Provider::Salesforce,
                    format!("{what}: composite without the new id"),
                )
            })
    }
}
