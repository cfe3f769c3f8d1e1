//! The pane's work beside the open email, at the edge: `POST /api/pane/task` (a follow-up task)
//! and `POST /api/search` (CRM search).
//!
//! Both need only the user's CRM: no Graph, no Closer store. So this builds the [`AnyCrm`] of the
//! user's stored connection (the default Dynamics org from `CRM_URL`, an org the user switched
//! to, or Salesforce) without the store that `edge::pane` builds beside it, runs the handler in
//! [`routes::pane`], keeps a renewed Salesforce session, and answers through [`respond`]. Never
//! logs the search text or the task subject (failures are logged by [`respond`] without them).

use super::{EdgeSleeper, EdgeTransport, SignedIn, required, respond};
use crate::config::var;
use crate::crm::any::AnyCrm;
use crate::error::ApiFailure;
use crate::routes;
use crate::routes::crm::StoredConnection;
use closer_wire::{CreateTask, SearchRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;
use worker::{Env, Response};

type EdgeCrm<'a> = AnyCrm<EdgeTransport<'a>, EdgeSleeper>;

impl SignedIn<'_> {
    /// The CRM of the user's stored connection (the default org when none) and, for
    /// Salesforce, the instance its session belongs to.
    async fn crm(&self) -> Result<(EdgeCrm<'_>, Option<String>), ApiFailure> {
        match self.stored_connection().await? {
            None => {
                let base = required(&self.config.crm_url, var::CRM_URL)?;
                Ok((AnyCrm::Dataverse(self.dataverse(&base).await?), None))
            }
            Some(StoredConnection::Dynamics { api_base, .. }) => {
                let base = Url::parse(&api_base).map_err(|_| ApiFailure::BadRequest {
                    reason: "The stored Dynamics org is invalid; switch org again.".into(),
                })?;
                Ok((AnyCrm::Dataverse(self.dataverse(&base).await?), None))
            }
            Some(StoredConnection::Salesforce {
                instance_url,
                refresh_token,
                ..
            }) => {
                let crm = self.salesforce(&instance_url, &refresh_token).await?;
                Ok((AnyCrm::Salesforce(crm), Some(instance_url)))
            }
        }
    }
}

/// Reads the JSON body, signs the user in, runs `handler` over their CRM and keeps a renewed
/// Salesforce session whatever the handler's outcome.
async fn with_crm<B, T, H>(
    mut req: worker::Request,
    env: &Env,
    expected: &str,
    handler: H,
) -> worker::Result<Response>
where
    B: DeserializeOwned,
    T: Serialize,
    H: AsyncFnOnce(&EdgeCrm<'_>, B) -> Result<T, ApiFailure>,
{
    let body: Result<B, _> = req.json().await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let body = body.map_err(|_| ApiFailure::BadRequest {
                reason: format!("Expected {expected} as JSON."),
            })?;
            let (crm, instance) = session.crm().await?;
            let result = handler(&crm, body).await;
            if let (AnyCrm::Salesforce(client), Some(instance)) = (&crm, &instance) {
                session.keep_salesforce_session(client, instance).await?;
            }
            result
        }
        .await,
    )
}

/// `POST /api/pane/task`: create a follow-up task in the user's CRM.
pub async fn create_task(req: worker::Request, env: &Env) -> worker::Result<Response> {
    with_crm(
        req,
        env,
        "{\"subject\", \"due_date\", \"regarding_kind\", \"regarding_id\"}",
        async |crm, request: CreateTask| routes::pane::task::create_task(crm, request).await,
    )
    .await
}

/// `POST /api/search`: search the user's CRM.
pub async fn search(req: worker::Request, env: &Env) -> worker::Result<Response> {
    with_crm(
        req,
        env,
        "{\"text\", \"kinds\", \"active_only\", \"owned_by_me\"}",
        async |crm, request: SearchRequest| routes::pane::search::search(crm, request).await,
    )
    .await
}
