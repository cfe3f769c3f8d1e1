//! `POST /api/pane/task` at the edge: a follow-up task in the user's CRM, created once per the
//! pane's idempotency key (Closer's store keeps the key and the task's id). Needs no Graph.

use crate::edge::Ctx;
use crate::edge::body::json_route;
use crate::edge::signed_in::save_lock;
use crate::routes;
use closer_wire::CreateTask;
use worker::{Request, Response};

/// `POST /api/pane/task`.
pub async fn create(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: CreateTask| {
        let connected = session.connected().await?;
        let lock = save_lock()?;
        let pane = session.pane(&connected, &[]);
        let result = routes::pane::task::create_task_once(&pane, &lock, request).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}
