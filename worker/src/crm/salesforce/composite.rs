//! Several records created in one round trip: `POST /composite/` with `allOrNone`, later
//! sub-requests naming earlier records as `@{referenceId.id}`; a failure rolls every write back
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm).
//! The top-level answer is 200 even when a sub-request failed, so each sub-response is mapped
//! through the one error function.

use super::client::{Kind, SalesforceClient};
use super::error::{error_for, parse_error_body};
use super::records::{CompositeItem, CompositeResult};
use super::refresh::SessionRefresher;
use super::request::with_json;
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use serde_json::{Value, json};

/// One composite sub-request.
pub(crate) struct SubRequest {
    pub reference: String,
    pub sobject: &'static str,
    pub body: Value,
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// Creates `requests` in order with `allOrNone`; `@{ref.id}` in a body names an earlier
    /// record. Returns the first record's id. A failed sub-request is mapped like any REST
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
        let body = json!({ "allOrNone": true, "compositeRequest": composite });
        let url = self.config().data_url("composite");
        let result: CompositeResult = self
            .send_json(
                what,
                Kind::Write,
                with_json(http::Method::POST, &url, &body, &[]),
            )
            .await?;
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
