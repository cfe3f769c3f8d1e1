//! `/api/mail/*` at the edge: the preview's mailbox (`GET /api/mail/inbox`) and calendar
//! (`GET /api/mail/calendar?start=…&end=…`), read from Graph as the user.

use super::Ctx;
use super::body::signed_in_route;
use crate::routes;
use worker::{Request, Response};

/// `GET /api/mail/inbox`.
pub async fn inbox(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let graph = session.graph().await?;
        routes::mail::inbox(&graph).await
    })
    .await
}

/// `GET /api/mail/calendar?start=…&end=…`: the preview's calendar.
pub async fn calendar(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let query: Vec<(String, String)> = req
        .url()
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default();
    let param = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    signed_in_route(req, &ctx, async |session| {
        let graph = session.graph().await?;
        routes::mail::calendar(&graph, param("start"), param("end")).await
    })
    .await
}
