//! The edge's one body extractor, and the scaffolding of a JSON route around it.
//!
//! Every `POST`/`PUT` route's body is read here as text and parsed by
//! [`admission::parse_body`] (one refusal wording for every route, never echoing a value).
//! [`json_route`] is what most routes are: read the body, sign the user in, run the handler,
//! answer through [`respond`]. A route with its own answer (a stream, a conflict body) uses
//! [`json`] and [`SignedIn::from_request`] itself.

use super::{SignedIn, respond};
use crate::error::ApiFailure;
use crate::routes::admission;
use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Request, Response, RouteContext};

/// The request's JSON body as `B`. The body was bounded and its type checked by
/// `edge::admit` before any route runs.
pub(super) async fn json<B: DeserializeOwned>(req: &mut Request) -> Result<B, ApiFailure> {
    let text = req.text().await.map_err(|_| ApiFailure::BadRequest {
        reason: "The request body is not text.".into(),
    })?;
    admission::parse_body(&text)
}

/// A JSON route: reads `B`, signs the user in, runs `handler` and answers. The sign-in is
/// checked first, so an unauthenticated caller learns nothing about the body.
pub(super) async fn json_route<B, T, H>(
    mut req: Request,
    ctx: &RouteContext<()>,
    handler: H,
) -> worker::Result<Response>
where
    B: DeserializeOwned,
    T: Serialize,
    H: AsyncFnOnce(&SignedIn<'_>, B) -> Result<T, ApiFailure>,
{
    let body = json::<B>(&mut req).await;
    respond(
        async {
            let session = SignedIn::from_request(&req, &ctx.env).await?;
            handler(&session, body?).await
        }
        .await,
    )
}

/// A route without a body: signs the user in, runs `handler` and answers.
pub(super) async fn signed_in_route<T, H>(
    req: Request,
    ctx: &RouteContext<()>,
    handler: H,
) -> worker::Result<Response>
where
    T: Serialize,
    H: AsyncFnOnce(&SignedIn<'_>) -> Result<T, ApiFailure>,
{
    respond(
        async {
            let session = SignedIn::from_request(&req, &ctx.env).await?;
            handler(&session).await
        }
        .await,
    )
}
