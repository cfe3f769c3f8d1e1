//! The meeting routes at the edge: `POST /api/pane/meeting` (the attendees' cards and the saved
//! state), `POST /api/pane/meeting/save` (save to the CRM, once) and `GET /api/mail/calendar`
//! (the preview's calendar).
//!
//! Same scaffolding as `edge::pane` (its `SignedIn::with_graph_pane`): sign the user in, build
//! Graph, the tenant's domains and the user's CRM connection with its store, run the handler in
//! [`routes::meeting`], keep a renewed Salesforce session, answer through [`respond`]. Logs
//! nothing but failures (through [`respond`]), never an invitation's text.

use super::pane::{body, save_lock};
use super::{SignedIn, respond};
use crate::routes;
use closer_wire::{MeetingContextRequest, SaveMeeting};
use worker::{Env, Response};

/// `POST /api/pane/meeting`: the cards for the open meeting.
pub async fn meeting_context(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<MeetingContextRequest, _> = body(&mut req, "{\"event_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            session
                .with_graph_pane(async |pane, graph| {
                    routes::meeting::meeting_context(pane, graph, request).await
                })
                .await
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
            session
                .with_graph_pane(async |pane, graph| {
                    let lock = save_lock()?;
                    routes::meeting::save_meeting(pane, graph, lock, request).await
                })
                .await
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
