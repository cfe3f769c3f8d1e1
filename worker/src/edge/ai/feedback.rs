//! `POST /api/ai/feedback` at the edge: a seller's vote on an AI answer, stored in the store
//! that goes with the user's CRM under the tenant's settings (the comment only while insight
//! storage is on). The body is never logged.

use crate::edge::body::json_route;
use crate::edge::{Ctx, fill_random, now};
use crate::routes;
use crate::routes::ai::feedback::vote_key;
use closer_wire::SendFeedback;
use worker::{Request, Response};

/// `POST /api/ai/feedback`.
pub async fn send(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: SendFeedback| {
        let (store, _, key) = session.settings_store().await?;
        let settings = session.settings_in(&store, &key).await?;
        let mut random = [0u8; 16];
        fill_random(&mut random)?;
        routes::ai::feedback::send(
            &store,
            &session.scope(),
            &settings,
            body,
            vote_key(&random),
            now(),
        )
        .await
    })
    .await
}
