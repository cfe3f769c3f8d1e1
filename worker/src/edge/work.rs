//! The pane's work beside the open email, at the edge: `POST /api/pane/task` (a follow-up task)
//! and `POST /api/search` (CRM search).
//!
//! Both need only the user's CRM and (tasks, for their idempotency key) Closer's store, no
//! Graph. They use the same connection
//! `edge::pane` builds (the default Dynamics org from `CRM_URL`, an org the user switched to,
//! or Salesforce), run the handler in [`routes::pane`], keep a renewed Salesforce session, and
//! answer through [`respond`]. Never
//! logs the search text or the task subject (failures are logged by [`respond`] without them).

use super::pane::save_lock;
use super::{EdgeSleeper, EdgeTransport, SignedIn, respond};
use crate::crm::any::AnyCrm;
use crate::error::ApiFailure;
use crate::routes;
use closer_wire::{CreateTask, SearchRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Env, Response};

type EdgeCrm<'a> = AnyCrm<EdgeTransport<'a>, EdgeSleeper>;

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
            let connected = session.connected().await?;
            let result = handler(&connected.crm, body).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}

/// `POST /api/pane/task`: create a follow-up task in the user's CRM, once per the pane's
/// idempotency key (Closer's store keeps the key and the task's id).
pub async fn create_task(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let body: Result<CreateTask, _> = req.json().await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = body.map_err(|_| ApiFailure::BadRequest {
                reason: "Expected {\"subject\", \"due_date\", \"regarding_kind\", \"regarding_id\"} as JSON."
                    .into(),
            })?;
            let connected = session.connected().await?;
            let lock = save_lock()?;
            let pane = session.pane(&connected, &[]);
            let result = routes::pane::task::create_task_once(&pane, &lock, request).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
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
