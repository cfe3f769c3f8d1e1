//! `POST /api/ai/summary` at the edge: the open thread's summary and key facts, with the CRM's
//! context when the user's connection works (kept for the user when the admin turned insight
//! storage on); and `POST /api/ai/summary/note`: the seller's "Save as note", once.

use crate::ai::trackers::Trackers;
use crate::edge::body::json_route;
use crate::edge::signed_in::save_lock;
use crate::edge::{Ctx, now};
use crate::routes;
use closer_wire::{AiFeature, SaveSummaryNote, Summary, SummaryRequest, TenantSettings};
use worker::{Request, Response};

/// The summary as the tenant's settings show it: without facts and tracker hits when the
/// admin turned key facts off.
fn without_facts_if_off(mut summary: Summary, settings: &TenantSettings) -> Summary {
    if !settings.features.key_facts {
        summary.facts.clear();
        summary.trackers.clear();
    }
    summary
}

/// `POST /api/ai/summary`.
pub async fn summary(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: SummaryRequest| {
        // CRM context is optional: without a working CRM connection the summary is still
        // made from the thread alone (under the deploy's default settings).
        let connected = session.connected().await.ok();
        let settings = match &connected {
            Some(connected) => connected.settings.clone(),
            None => routes::settings::defaults(&session.config),
        };
        routes::settings::feature_on(&settings, AiFeature::ThreadSummary)?;
        let trackers = Trackers::from_settings(&settings.trackers);
        // Insight storage (opt-in): the summary kept for this user and message, if any.
        let kept = settings.retention.insight_days.zip(connected.as_ref());
        let language = session.answer_language();
        let insight_key = routes::ai::insights::key(&body.message_id, &settings.trackers, language);
        if let Some((_, connected)) = kept
            && let Some(summary) = routes::ai::insights::recalled(
                &connected.store,
                &session.scope(),
                &insight_key,
                now(),
            )
            .await
        {
            return Ok(without_facts_if_off(summary, &settings));
        }
        let graph = session.graph().await?;
        let model = session.model().await?;
        let crm = connected.as_ref().map(|c| &c.crm);
        let result = routes::ai::summary::summary(
            &graph,
            &model,
            crm,
            &session.user.username,
            &trackers,
            language,
            &body,
        )
        .await;
        if let Some(connected) = &connected {
            session.keep_session(connected).await?;
        }
        let summary = result?;
        if let Some((days, connected)) = kept {
            routes::ai::insights::keep(
                &connected.store,
                &session.scope(),
                &insight_key,
                &summary,
                days,
                now(),
            )
            .await;
        }
        Ok(without_facts_if_off(summary, &settings))
    })
    .await
}

/// `POST /api/ai/summary/note`: the seller's "Save as note".
pub async fn note(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: SaveSummaryNote| {
        let connected = session.connected().await?;
        let lock = save_lock()?;
        let pane = session.pane(&connected, &[]);
        let result = routes::ai::summary::note::save_note(&pane, lock, body).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}
