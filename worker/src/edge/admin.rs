//! `/api/admin/*` at the edge, for admins only: the tenant's settings (read and save), the CRM
//! fields an admin may add to cards, the audit log and its CSV, the upstreams' health, and the
//! sellers' votes on AI answers.
//!
//! Settings are read from and saved to the store that goes with the user's CRM (the org's
//! table for Dynamics, D1 for Salesforce); a save replaces this isolate's cached copy at once
//! (`signed_in::settings`), other isolates follow within `SETTINGS_TTL_SECONDS`.

use super::body::{json_route, signed_in_route};
use super::health::{HEALTH, probe};
use super::signed_in::remember_settings;
use super::{Ctx, now, respond};
use crate::routes;
use crate::settings::{self, Stored};
use closer_wire::SaveSettings;
use worker::{Request, Response};

/// `GET /api/admin/settings`.
pub async fn settings(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        routes::admin::require_admin(&session.user, &session.config)?;
        let (store, vendor, _) = session.settings_store().await?;
        routes::admin::settings_view(&store, &session.user, &session.config, vendor, now()).await
    })
    .await
}

/// `PUT /api/admin/settings`. Unknown fields are refused by name (`SaveSettings` denies them;
/// the body extractor parses the text, so it sees them).
pub async fn save_settings(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, mut edit: SaveSettings| {
        routes::admin::require_admin(&session.user, &session.config)?;
        if !edit.settings.cards.extra.is_empty() {
            // Only fields the CRM's metadata lists, labelled as the CRM labels them.
            let connected = session.connected().await?;
            let catalogue =
                routes::admin::crm_fields(&connected.crm, &session.user, &session.config).await;
            session.keep_session(&connected).await?;
            routes::admin::check_extra(&mut edit.settings, &catalogue?)?;
        }
        let (store, vendor, key) = session.settings_store().await?;
        let (view, stored): (_, Stored) = routes::admin::save_settings(
            &store,
            &session.user,
            &session.config,
            vendor,
            edit,
            now(),
        )
        .await?;
        remember_settings(key, &stored.settings, now());
        Ok(view)
    })
    .await
}

/// `GET /api/admin/fields`: the CRM's fields an admin may add to each card.
pub async fn fields(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        routes::admin::require_admin(&session.user, &session.config)?;
        let connected = session.connected().await?;
        let result =
            routes::admin::crm_fields(&connected.crm, &session.user, &session.config).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}

/// `GET /api/admin/audit`.
pub async fn audit(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        routes::admin::require_admin(&session.user, &session.config)?;
        let (store, _, _) = session.settings_store().await?;
        routes::admin::audit(&store, &session.user, &session.config, now()).await
    })
    .await
}

/// `GET /api/admin/audit.csv`: the audit log as a CSV download.
pub async fn audit_csv(req: Request, ctx: Ctx) -> worker::Result<Response> {
    let result = async {
        let session = super::SignedIn::from_request(&req, &ctx.env).await?;
        routes::admin::require_admin(&session.user, &session.config)?;
        let (store, _, _) = session.settings_store().await?;
        routes::admin::audit(&store, &session.user, &session.config, now()).await
    }
    .await;
    match result {
        Ok(log) => {
            let mut response = Response::ok(settings::audit_csv(&log))?;
            let headers = response.headers_mut();
            headers.set("Content-Type", "text/csv; charset=utf-8")?;
            headers.set(
                "Content-Disposition",
                "attachment; filename=\"closer-audit.csv\"",
            )?;
            Ok(response)
        }
        Err(failure) => respond(Err::<(), _>(failure)),
    }
}

/// `GET /api/admin/health`: every upstream's base URL and state, probed now.
pub async fn health(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        routes::admin::require_admin(&session.user, &session.config)?;
        let report = probe(&ctx.env).await?;
        HEALTH.with(|cache| *cache.borrow_mut() = Some((now(), report.clone())));
        Ok(report)
    })
    .await
}

/// `GET /api/admin/feedback`: votes on AI answers per kind (the newest comments while insight
/// storage is on), from the store that goes with the admin's CRM.
pub async fn feedback(req: Request, ctx: Ctx) -> worker::Result<Response> {
    signed_in_route(req, &ctx, async |session| {
        routes::admin::require_admin(&session.user, &session.config)?;
        let (store, _, key) = session.settings_store().await?;
        let settings = session.settings_in(&store, &key).await?;
        routes::admin::feedback(&store, &session.user, &session.config, &settings, now()).await
    })
    .await
}
