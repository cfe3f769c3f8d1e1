//! `GET /api/me` at the edge: who the signed-in user is, from Graph.

use super::Ctx;
use super::body::signed_in_route;
use crate::routes;
use worker::{Request, Response};

/// `GET /api/me`.
pub async fn me(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let graph = session.graph().await?;
        routes::me::me(&session.user, &graph).await
    })
    .await
}
