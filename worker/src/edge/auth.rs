//! `GET /api/auth/config` at the edge: what the pane needs to sign in (anonymous).

use super::{Ctx, config, respond};
use crate::routes;
use worker::{Request, Response};

/// `GET /api/auth/config`.
pub async fn config_for_pane(_req: Request, ctx: Ctx) -> worker::Result<Response> {
    respond(config(&ctx.env).and_then(|c| routes::auth::auth_config(&c)))
}
