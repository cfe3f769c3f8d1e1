//! `POST /api/ai/opportunity` at the edge: signs the user in, builds their CRM (the same
//! connection as the pane's) and the configured model, runs
//! [`routes::ai::opportunity::summarize`], keeps a renewed Salesforce session, and answers. A model
//! failure is logged here with a correlation id and handed to the pane beside the CRM facts,
//! which stay valid; only a CRM or sign-in failure fails the request. Logs no note text.

use crate::edge::body::json_route;
use crate::edge::{Ctx, correlation_id};
use crate::routes;
use closer_wire::{AiFeature, OpportunitySummaryRequest};
use worker::{Request, Response};

/// Today in UTC, `YYYY-MM-DD`, from the JS clock (for due dates written without a year).
fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// `POST /api/ai/opportunity`.
pub async fn summary(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(
        req,
        &ctx,
        async |session, body: OpportunitySummaryRequest| {
            let connected = session.connected().await?;
            routes::settings::feature_on(&connected.settings, AiFeature::OpportunitySummary)?;
            let built = session.model().await;
            // A model that is not configured is an analysis failure, not the request's.
            let model = match built {
                Ok(ref model) => Ok(model),
                Err(failure) => Err(failure),
            };
            let language = session.answer_language();
            let outcome = routes::ai::opportunity::summarize(
                &connected.crm,
                model,
                &body,
                language,
                &today(),
            )
            .await;
            session.keep_session(&connected).await?;
            let mut outcome = outcome?;
            if let Some(failure) = outcome.analysis_failure.take() {
                let correlation_id = correlation_id();
                worker::console_error!(
                    "[{correlation_id}] opportunity analysis: {failure}: {failure:?}"
                );
                outcome.summary.analysis_error = Some(failure.to_wire(&correlation_id));
            }
            Ok(outcome.summary)
        },
    )
    .await
}
