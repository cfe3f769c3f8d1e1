//! `POST /api/ai/recap` at the edge: a past meeting's recap from its transcript, with the
//! CRM updates it suggests; with insight storage on, kept as the deal's last recap.

use crate::ai::trackers::Trackers;
use crate::edge::body::json_route;
use crate::edge::{Ctx, now};
use crate::routes;
use closer_wire::{AiFeature, MeetingRecapRequest};
use worker::{Request, Response};

/// `POST /api/ai/recap`: a past meeting's recap from its transcript, with suggested CRM
/// updates (off when the admin turned the meeting recap off). The CRM is optional: without a
/// working connection the recap comes without deal suggestions.
pub async fn recap(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: MeetingRecapRequest| {
        let connected = session.connected().await.ok();
        let settings = match &connected {
            Some(connected) => connected.settings.clone(),
            None => routes::settings::defaults(&session.config),
        };
        routes::settings::feature_on(&settings, AiFeature::MeetingRecap)?;
        let trackers = Trackers::from_settings(&settings.trackers);
        let graph = session.graph().await?;
        let model = session.model().await?;
        let crm = connected.as_ref().map(|c| &c.crm);
        let language = session.answer_language();
        let result =
            routes::ai::recap::meeting_recap(&graph, &model, crm, &trackers, language, &body).await;
        if let Some(connected) = &connected {
            session.keep_session(connected).await?;
        }
        let recap = result?;
        // Insight storage (opt-in): the recap's points become the deal's last recap, which
        // the next meeting's prep shows.
        let kept = settings.retention.insight_days.zip(connected.as_ref());
        if let (closer_wire::MeetingRecap::Ready(ready), Some((days, connected)), Some(deal)) =
            (&recap, kept, body.opportunity_id.as_deref())
        {
            routes::ai::meeting_prep::recap::keep(
                &connected.store,
                &session.scope(),
                deal,
                &routes::ai::recap::as_last_recap(ready),
                days,
                now(),
            )
            .await;
        }
        Ok(recap)
    })
    .await
}
