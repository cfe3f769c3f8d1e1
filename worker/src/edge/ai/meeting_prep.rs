//! `POST /api/ai/meeting-prep` at the edge: the emails, tasks and recap before a meeting, and
//! its brief unless the admin turned the meeting AI off or no model can answer (then the rest
//! comes with one sentence on why there is no brief).

use crate::edge::Ctx;
use crate::edge::body::json_route;
use crate::error::ApiFailure;
use crate::routes;
use closer_wire::{AiFeature, MeetingPrepRequest};
use worker::{Request, Response};

/// `POST /api/ai/meeting-prep`.
pub async fn prep(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: MeetingPrepRequest| {
        session
            .with_graph_pane(async |pane, graph| {
                let model =
                    match routes::settings::feature_on(&pane.settings, AiFeature::MeetingRecap) {
                        Ok(()) => session.model().await.map_err(|failure| no_model(&failure)),
                        Err(_) => Err("Your admin turned the meeting AI off.".to_owned()),
                    };
                let model = model.as_ref().map_err(String::clone);
                routes::ai::meeting_prep::meeting_prep(pane, graph, model, request).await
            })
            .await
    })
    .await
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
