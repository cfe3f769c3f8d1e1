//! The meeting routes at the edge: `POST /api/pane/meeting` (the attendees' cards and the saved
//! state), `POST /api/pane/meeting/save` (save to the CRM, once) and `GET /api/mail/calendar`
//! (the preview's calendar).
//!
//! Same shape as `edge::pane`: sign the user in, build Graph, the tenant's domains and the
//! user's CRM connection with its store, run the handler in [`routes::meeting`], keep a renewed
//! Salesforce session, answer through [`respond`]. Logs nothing but failures (through
//! [`respond`]), never an invitation's text.

use super::{EdgeSleeper, SignedIn, fill_random, respond};
use crate::error::ApiFailure;
use crate::routes;
use crate::routes::pane::SaveLock;
use closer_wire::{MeetingContextRequest, SaveMeeting};
use serde::de::DeserializeOwned;
use worker::{Env, Response};

async fn body<B: DeserializeOwned>(
    req: &mut worker::Request,
    expected: &str,
) -> Result<B, ApiFailure> {
    req.json().await.map_err(|_| ApiFailure::BadRequest {
        reason: format!("Expected {expected} as JSON."),
    })
}

/// `POST /api/pane/meeting`: the cards for the open meeting.
pub async fn meeting_context(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<MeetingContextRequest, _> = body(&mut req, "{\"event_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let (graph, domains, connected) = session.graph_and_connection().await?;
            let pane = session.pane(&connected.crm, &connected.store, &domains);
            let result = routes::meeting::meeting_context(&pane, &graph, request).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}

/// `POST /api/pane/meeting/save`: save the meeting to the CRM, once.
pub async fn save_meeting(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<SaveMeeting, _> = body(
        &mut req,
        "{\"event_id\", \"regarding_kind\", \"regarding_id\"}",
    )
    .await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let (graph, domains, connected) = session.graph_and_connection().await?;
            let mut random = [0u8; 16];
            fill_random(&mut random)?;
            let lock = SaveLock {
                token: random.iter().map(|b| format!("{b:02x}")).collect(),
                sleeper: &EdgeSleeper,
            };
            let pane = session.pane(&connected.crm, &connected.store, &domains);
            let result = routes::meeting::save_meeting(&pane, &graph, lock, request).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}

/// `GET /api/mail/calendar?start=…&end=…`: the preview's calendar.
pub async fn calendar(req: &worker::Request, env: &Env) -> worker::Result<Response> {
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
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            let graph = session.graph().await?;
            routes::meeting::calendar(&graph, param("start"), param("end")).await
        }
        .await,
    )
}
