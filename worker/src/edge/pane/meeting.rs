//! `/api/pane/meeting*` at the edge: the attendees' cards and the saved state of the open
//! meeting, saving it to the CRM once, finding the user's event for a Teams meeting chat, and
//! talk time from the meeting's transcript.
//!
//! Same scaffolding as `pane::email` (`SignedIn::with_graph_pane`): Graph, the tenant's
//! domains and the user's CRM connection with its store. Logs nothing but failures (through
//! `respond`), never an invitation's or a transcript's text.

use crate::edge::body::json_route;
use crate::edge::signed_in::save_lock;
use crate::edge::{Ctx, now};
use crate::routes;
use closer_wire::{
    AiFeature, MeetingContextRequest, MeetingForChat, MeetingTranscriptRequest, SaveMeeting,
};
use worker::{Request, Response};

/// `POST /api/pane/meeting`: the cards for the open meeting.
pub async fn context(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(
        req,
        &ctx,
        async |session, request: MeetingContextRequest| {
            session
                .with_graph_pane(async |pane, graph| {
                    routes::pane::meeting::meeting_context(pane, graph, request).await
                })
                .await
        },
    )
    .await
}

/// `POST /api/pane/meeting/save`: save the meeting to the CRM, once.
pub async fn save(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: SaveMeeting| {
        session
            .with_graph_pane(async |pane, graph| {
                let lock = save_lock()?;
                routes::pane::meeting::save_meeting(pane, graph, lock, request).await
            })
            .await
    })
    .await
}

/// `POST /api/pane/meeting/from-chat`: the user's calendar event for a Teams meeting chat.
pub async fn from_chat(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: MeetingForChat| {
        let graph = session.graph().await?;
        routes::pane::meeting::meeting_for_chat(&graph, request, now()).await
    })
    .await
}

/// `POST /api/pane/meeting/transcript`: talk time per speaker from the meeting's transcript
/// (part of the meeting recap: off when the admin turned the recap off).
pub async fn transcript(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(
        req,
        &ctx,
        async |session, request: MeetingTranscriptRequest| {
            let (graph, settings) = futures::join!(session.graph(), session.tenant_settings());
            routes::settings::feature_on(&settings?, AiFeature::MeetingRecap)?;
            routes::pane::meeting::meeting_transcript(&graph?, request).await
        },
    )
    .await
}
