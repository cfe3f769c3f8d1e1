//! `GET /api/health` at the edge (anonymous): up or degraded, and the version, from probes at
//! most [`HEALTH_TTL_SECONDS`] old per isolate, so anonymous callers cannot make the worker
//! fan out. The details (URLs, reasons) are for admins: `GET /api/admin/health`.

use super::{Ctx, D1MetaStore, config, now, respond, transport};
use crate::error::ApiFailure;
use crate::routes;
use closer_wire::Health;
use std::cell::RefCell;
use worker::{Env, Request, Response};

/// How long the anonymous health status reuses its last probes.
pub const HEALTH_TTL_SECONDS: u64 = 60;

thread_local! {
    // The last probes: (probed at, report). Shared with the admin's probe, which refreshes it.
    pub(super) static HEALTH: RefCell<Option<(u64, Health)>> = RefCell::default();
}

/// The upstream probes and the store's schema, probed now.
pub(super) async fn probe(env: &Env) -> Result<Health, ApiFailure> {
    let config = config(env)?;
    let transport = transport(&config);
    let store = D1MetaStore { env };
    routes::health::health(&config, &transport, &store).await
}

/// `GET /api/health`.
pub async fn health(_req: Request, ctx: Ctx) -> worker::Result<Response> {
    let at = now();
    let cached = HEALTH.with(|cache| {
        cache
            .borrow()
            .as_ref()
            .filter(|(probed_at, _)| at.saturating_sub(*probed_at) < HEALTH_TTL_SECONDS)
            .map(|(_, report)| report.clone())
    });
    let report = match cached {
        Some(report) => Ok(report),
        None => probe(&ctx.env).await.inspect(|report| {
            HEALTH.with(|cache| *cache.borrow_mut() = Some((at, report.clone())));
        }),
    };
    respond(report.map(|report| routes::health::status(&report)))
}
