//! `GET /api/settings` at the edge: what the seller's pane honours of the tenant's settings,
//! and whether the caller is an admin. (Admins edit them through `/api/admin/settings`.)

use super::Ctx;
use super::body::signed_in_route;
use crate::routes;
use worker::{Request, Response};

/// `GET /api/settings`.
pub async fn settings(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let settings = session.tenant_settings().await?;
        Ok(routes::settings::seller_settings(
            &settings,
            &session.user,
            &session.config,
        ))
    })
    .await
}
