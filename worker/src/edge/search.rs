//! `POST /api/search` at the edge: search the user's CRM (contacts, accounts, deals). Needs no
//! Graph and no store. Never logs the search text.

use super::Ctx;
use super::body::json_route;
use crate::routes;
use closer_wire::SearchRequest;
use worker::{Request, Response};

/// `POST /api/search`.
pub async fn search(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: SearchRequest| {
        let connected = session.connected().await?;
        let result = routes::search::search(&connected.crm, request).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}
