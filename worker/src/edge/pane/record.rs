//! `POST /api/pane/record` at the edge: inline edit of a contact or an opportunity in the user's
//! CRM; `POST /api/pane/record/stages`: the stages the stage select offers.
//!
//! Builds the user's connection as the other pane routes do (`SignedIn::connected`), runs
//! [`routes::pane::record::update_record`] over that CRM, keeps a renewed Salesforce session, and
//! answers. A success and any failure go through [`respond`]; a conflict is the one
//! answer built here: the `409` and [`closer_wire::ApiError`] that [`ApiFailure`] maps it to,
//! with the record's current values beside it ([`RecordConflict`]). It is not logged: a record
//! changed in the CRM is an outcome the seller acts on, not a fault. Never logs field values.

use crate::edge::body::{json, json_route};
use crate::edge::{Ctx, SignedIn, correlation_id, respond};
use crate::error::ApiFailure;
use crate::routes;
use crate::routes::pane::cards::Redact;
use crate::routes::pane::record::EditOutcome;
use closer_wire::{CardField, RecordCard, RecordConflict, StagesRequest, UpdateRecord, Updated};
use worker::{Request, Response};

/// `POST /api/pane/record`: change a contact's or an opportunity's editable fields, unless the
/// record changed in the CRM since the pane read it.
pub async fn update(mut req: Request, ctx: Ctx) -> worker::Result<Response> {
    let request = json::<UpdateRecord>(&mut req).await;
    let outcome = async {
        let session = SignedIn::from_request(&req, &ctx.env).await?;
        let request = request?;
        let connected = session.connected().await?;
        routes::pane::record::allowed_by_admin(&connected.settings, &request)?;
        let extra =
            routes::settings::extra_update(&connected.settings, request.kind, &request.extra)?;
        let result = routes::pane::record::update_record_with(&connected.crm, request, extra).await;
        session.keep_session(&connected).await?;
        result.map(|mut outcome| {
            match &mut outcome {
                EditOutcome::Updated(record) => record.redact(&connected.settings.cards),
                EditOutcome::Conflict { current, .. } => current.redact(&connected.settings.cards),
            }
            outcome
        })
    }
    .await;
    match outcome {
        Ok(EditOutcome::Updated(record)) => respond(Ok(Updated { record })),
        Ok(EditOutcome::Conflict { failure, current }) => conflict(&failure, current),
        Err(failure) => respond(Err::<Updated, _>(failure)),
    }
}

/// `POST /api/pane/record/stages`: the stages the user's CRM allows for one opportunity now.
pub async fn stages(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: StagesRequest| {
        let connected = session.connected().await?;
        routes::settings::field_editable(&connected.settings, CardField::Stage)?;
        let result = routes::pane::record::opportunity_stages(&connected.crm, request).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}

/// The conflict's status and error body, with the current record beside the error.
fn conflict(failure: &ApiFailure, current: RecordCard) -> worker::Result<Response> {
    let body = RecordConflict {
        error: failure.to_wire(&correlation_id()),
        current,
    };
    Ok(Response::from_json(&body)?.with_status(failure.status()))
}
