//! The meeting routes at the edge: `POST /api/pane/meeting` (the attendees' cards and the saved
//! state), `POST /api/pane/meeting/save` (save to the CRM, once) and `GET /api/mail/calendar`
//! (the preview's calendar), `POST /api/pane/meeting/transcript` (talk time from the
//! meeting's transcript), `POST /api/ai/meeting-prep` (the prep before a meeting, its brief
//! gated by the meeting-recap setting).
//!
//! Same scaffolding as `edge::pane` (its `SignedIn::with_graph_pane`): sign the user in, build
//! Graph, the tenant's domains and the user's CRM connection with its store, run the handler in
//! [`routes::meeting`], keep a renewed Salesforce session, answer through [`respond`]. Logs
//! nothing but failures (through [`respond`]), never an invitation's text.

use super::pane::{body, save_lock};
use super::{SignedIn, respond};
use crate::error::ApiFailure;
use crate::routes;
use closer_wire::{
    AiFeature, MeetingContextRequest, MeetingForChat, MeetingPrepRequest, MeetingTranscriptRequest,
    SaveMeeting,
};
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

/// `POST /api/pane/meeting/transcript`: talk time per speaker from the meeting's transcript
/// (part of the meeting recap: off when the admin turned the recap off).
pub async fn meeting_transcript(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<MeetingTranscriptRequest, _> = body(&mut req, "{\"event_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let (graph, settings) = futures::join!(session.graph(), session.tenant_settings());
            routes::admin::feature_on(&settings?, AiFeature::MeetingRecap)?;
            routes::meeting::meeting_transcript(&graph?, request).await
        }
        .await,
    )
}

/// `POST /api/ai/meeting-prep`: the emails, tasks and recap before a meeting, and its brief
/// unless the admin turned the meeting AI off or no model can answer (then the rest comes
/// with one sentence on why there is no brief).
pub async fn meeting_prep(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<MeetingPrepRequest, _> = body(&mut req, "{\"event_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            session
                .with_graph_pane(async |pane, graph| {
                    let model =
                        match routes::admin::feature_on(&pane.settings, AiFeature::MeetingRecap) {
                            Ok(()) => session.model().await.map_err(|failure| no_model(&failure)),
                            Err(_) => Err("Your admin turned the meeting AI off.".to_owned()),
                        };
                    let model = model.as_ref().map_err(String::clone);
                    routes::meeting::meeting_prep(pane, graph, model, request).await
                })
                .await
        }
        .await,
    )
}

/// Why no model can write the brief, for the seller; the cause is logged.
fn no_model(failure: &ApiFailure) -> String {
    worker::console_warn!("meeting prep without a brief: {failure}");
    match failure {
        ApiFailure::AiBudgetSpent(_) => "Today's AI budget is spent; the brief is back tomorrow.",
        ApiFailure::NotConfigured { .. } => "No AI model is configured for Closer.",
        _ => "The AI model could not be reached. Try again.",
    }
    .to_owned()
}

/// `POST /api/pane/meeting/from-chat`: the user's calendar event for a Teams meeting chat.
pub async fn meeting_for_chat(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<MeetingForChat, _> = body(&mut req, "{\"chat_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let graph = session.graph().await?;
            routes::meeting::meeting_for_chat(&graph, request, super::now()).await
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
