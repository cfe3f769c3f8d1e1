//! `/api/crm/*` at the edge: which CRM and org the user works in, switching Dynamics orgs,
//! connecting Salesforce through its OAuth pages, and disconnecting. The user's CRM clients
//! are built from the stored connection in `signed_in::connection`.

use super::body::{json_route, signed_in_route};
use super::signed_in::{keep_sf_session, salesforce_app};
use super::{Ctx, SF_SESSIONS, fill_random, now, required};
use crate::config::var;
use crate::routes;
use crate::routes::crm::salesforce_connect;
use crate::routes::crm::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection};
use crate::store::CloserStore;
use closer_wire::{ConnectDynamics, FinishSalesforce};
use worker::{Request, Response};

/// `GET /api/crm/connection`.
pub async fn connection(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        session
            .describe_connection(session.stored_connection().await?)
            .await
    })
    .await
}

/// `GET /api/crm/orgs`.
pub async fn orgs(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let orgs = session.discovered_orgs().await?;
        let current = match session.stored_connection().await? {
            Some(StoredConnection::Dynamics { api_base, .. }) => api_base,
            _ => required(&session.config.crm_url, var::CRM_URL)?.to_string(),
        };
        Ok(routes::crm::org_choices(&orgs, &current))
    })
    .await
}

/// `PUT /api/crm/connection/dynamics`.
pub async fn connect_dynamics(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: ConnectDynamics| {
        let orgs = session.discovered_orgs().await?;
        let chosen = routes::crm::pick_org(&orgs, &body.api_url)?;
        // Refused before it is stored when its host is not a CRM host.
        session.crm_target(Some(chosen.clone()))?;
        let previous = session.stored_connection().await?;
        session.save_connection(&chosen).await?;
        if let Some(previous @ StoredConnection::Salesforce { .. }) = &previous {
            SF_SESSIONS.with(|s| s.borrow_mut().remove(&session.user.user_key()));
            let app = salesforce_app(&ctx.env, &session.config, session.request)?;
            session.revoke_quietly(&app, previous).await;
        }
        session.describe_connection(Some(chosen)).await
    })
    .await
}

/// `DELETE /api/crm/connection`: back to the configured default org.
pub async fn disconnect(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let previous = session.stored_connection().await?;
        session
            .store()
            .delete(&session.scope(), CONNECTION_KIND, CONNECTION_KEY)
            .await?;
        SF_SESSIONS.with(|s| s.borrow_mut().remove(&session.user.user_key()));
        if let Some(previous @ StoredConnection::Salesforce { .. }) = &previous {
            let app = salesforce_app(&ctx.env, &session.config, session.request)?;
            session.revoke_quietly(&app, previous).await;
        }
        session.describe_connection(None).await
    })
    .await
}

/// `POST /api/crm/connection/salesforce`: start the Salesforce sign-in.
pub async fn start_salesforce(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        let app = salesforce_app(&ctx.env, &session.config, session.request)?;
        let mut random = salesforce_connect::Randomness {
            verifier: [0; 32],
            state: [0; 16],
        };
        fill_random(&mut random.verifier)?;
        fill_random(&mut random.state)?;
        salesforce_connect::start(&session.store(), &app, &session.user, &random, now()).await
    })
    .await
}

/// `GET /api/crm/salesforce/callback`: where Salesforce sends the browser back. A navigation
/// without a bearer token, so it completes nothing: it hands Salesforce's answer to the pane
/// (in the fragment), which finishes through `POST /api/crm/connection/salesforce/finish` as
/// the signed-in user (`salesforce_connect::callback_target`).
pub async fn salesforce_callback(req: Request, _ctx: Ctx) -> worker::Result<Response> {
    let url = req.url()?;
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let target = url.join(&salesforce_connect::callback_target(&query))?;
    Response::redirect_with_status(target, 302)
}

/// `POST /api/crm/connection/salesforce/finish`: completes the Salesforce sign-in the signed-in
/// user started; the connection it replaces has its refresh token revoked at Salesforce.
pub async fn finish_salesforce(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, body: FinishSalesforce| {
        let app = salesforce_app(&ctx.env, &session.config, session.request)?;
        let mut nonce = [0u8; 12];
        fill_random(&mut nonce)?;
        let connected = salesforce_connect::finish(
            &session.transport,
            &session.store(),
            &app,
            &session.user,
            &body.state,
            &body.code,
            nonce,
            now(),
        )
        .await?;
        keep_sf_session(connected.user_key.clone(), connected.access_token.clone());
        if let Some(replaced) = &connected.replaced {
            session.revoke_quietly(&app, replaced).await;
        }
        session
            .describe_connection(Some(connected.connection))
            .await
    })
    .await
}
