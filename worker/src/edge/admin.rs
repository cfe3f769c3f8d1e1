//! The admin layer at the edge: `GET /api/settings` (every seller), `/api/admin/*` (admins:
//! settings, audit log and its CSV, upstream health), and the anonymous `GET /api/health`.
//!
//! Owns the per-isolate caches of the tenant's settings and of the upstream probes. Settings
//! are read from the store that goes with the user's CRM (the org's table for Dynamics, D1 for
//! Salesforce) at most every [`SETTINGS_TTL_SECONDS`] per isolate and tenant, so honouring them
//! costs no CRM request on a pane open; a save in this isolate replaces the cached value at
//! once, other isolates follow within the TTL.

use super::crm::CrmTarget;
use super::pane::EdgeStore;
use super::{D1MetaStore, EdgeSleeper, SignedIn, config, now, respond, transport};
use crate::crm::any::AnyStore;
use crate::crm::dataverse::DataverseStore;
use crate::error::ApiFailure;
use crate::routes;
use crate::settings::{self, Stored};
use closer_wire::{CrmVendor, Health, SaveSettings, TenantSettings};
use std::cell::RefCell;
use std::collections::HashMap;
use worker::{Env, Response};

/// How long an isolate trusts its copy of a tenant's settings.
pub const SETTINGS_TTL_SECONDS: u64 = 30;
/// How long the anonymous health status reuses its last probes.
pub const HEALTH_TTL_SECONDS: u64 = 60;
/// Tenants (and orgs) whose settings an isolate keeps at most.
const SETTINGS_CACHED: usize = 1024;

thread_local! {
    // "tenant|store" -> (read at, settings). Tenant-wide values, no user's data.
    static SETTINGS: RefCell<HashMap<String, (u64, TenantSettings)>> = RefCell::default();
    // The last probes for the anonymous status: (probed at, report).
    static HEALTH: RefCell<Option<(u64, Health)>> = RefCell::default();
}

fn remember(key: String, settings: &TenantSettings, at: u64) {
    SETTINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= SETTINGS_CACHED && !cache.contains_key(&key) {
            cache.retain(|_, (read_at, _)| at.saturating_sub(*read_at) < SETTINGS_TTL_SECONDS);
            if cache.len() >= SETTINGS_CACHED {
                cache.clear();
            }
        }
        cache.insert(key, (at, settings.clone()));
    });
}

impl<'e> SignedIn<'e> {
    /// Closer's store for the user's CRM, the vendor, and the cache key of the tenant's
    /// settings in it.
    pub(super) async fn settings_store(
        &self,
    ) -> Result<(EdgeStore<'_, 'e>, CrmVendor, String), ApiFailure> {
        let tenant = &self.user.tenant_id;
        match self.crm_target(self.stored_connection().await?)? {
            CrmTarget::Dynamics { base, .. } => {
                let token = self.org_token(&base).await?;
                let key = format!("{tenant}|{base}");
                let store =
                    DataverseStore::new(&self.transport, base, token).with_sleeper(EdgeSleeper);
                Ok((AnyStore::Dataverse(store), CrmVendor::Dynamics, key))
            }
            CrmTarget::Salesforce { .. } => Ok((
                AnyStore::Sql(self.store()),
                CrmVendor::Salesforce,
                format!("{tenant}|d1"),
            )),
        }
    }

    /// The tenant's settings in `store` (cached per isolate, [`SETTINGS_TTL_SECONDS`]).
    pub(super) async fn settings_in(
        &self,
        store: &EdgeStore<'_, 'e>,
        key: &str,
    ) -> Result<TenantSettings, ApiFailure> {
        let at = now();
        let cached = SETTINGS.with(|cache| {
            cache
                .borrow()
                .get(key)
                .filter(|(read_at, _)| at.saturating_sub(*read_at) < SETTINGS_TTL_SECONDS)
                .map(|(_, settings)| settings.clone())
        });
        if let Some(settings) = cached {
            return Ok(settings);
        }
        let defaults = routes::admin::defaults(&self.config);
        let stored = settings::load(store, &self.user.tenant_id, &defaults, at).await?;
        remember(key.to_owned(), &stored.settings, at);
        Ok(stored.settings)
    }

    /// The tenant's settings for the user's CRM.
    pub(super) async fn tenant_settings(&self) -> Result<TenantSettings, ApiFailure> {
        let (store, _, key) = self.settings_store().await?;
        self.settings_in(&store, &key).await
    }
}

/// `GET /api/settings`: what the seller's pane honours, and whether the caller is an admin.
pub async fn seller_settings(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            let settings = session.tenant_settings().await?;
            Ok(routes::admin::seller_settings(
                &settings,
                &session.user,
                &session.config,
            ))
        }
        .await,
    )
}

/// `GET /api/admin/settings`.
pub async fn settings(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            routes::admin::require_admin(&session.user, &session.config)?;
            let (store, vendor, _) = session.settings_store().await?;
            routes::admin::settings_view(&store, &session.user, &session.config, vendor, now())
                .await
        }
        .await,
    )
}

/// `PUT /api/admin/settings`.
pub async fn save_settings(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    // Parsed by serde_json from the text: `Request::json` goes through a JS object, where
    // serde-wasm-bindgen looks up the known fields only and never sees an unknown one.
    let edit = req
        .text()
        .await
        .map_err(|_| "the body is not text".to_owned())
        .and_then(|text| {
            serde_json::from_str::<SaveSettings>(&text).map_err(|error| plain(&error))
        });
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            routes::admin::require_admin(&session.user, &session.config)?;
            let edit = edit.map_err(|error| ApiFailure::BadRequest {
                reason: format!("These settings cannot be read: {error}."),
            })?;
            let mut edit = edit;
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
            remember(key, &stored.settings, now());
            Ok(view)
        }
        .await,
    )
}

/// A JSON error in words an admin can act on (serde names the unknown field or variant and
/// the expected ones), without echoing the body.
fn plain(error: &serde_json::Error) -> String {
    let text = error.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

/// `GET /api/admin/fields`: the CRM's fields an admin may add to each card.
pub async fn fields(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            routes::admin::require_admin(&session.user, &session.config)?;
            let connected = session.connected().await?;
            let result =
                routes::admin::crm_fields(&connected.crm, &session.user, &session.config).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}

/// `GET /api/admin/audit`.
pub async fn audit(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            routes::admin::require_admin(&session.user, &session.config)?;
            let (store, _, _) = session.settings_store().await?;
            routes::admin::audit(&store, &session.user, &session.config, now()).await
        }
        .await,
    )
}

/// `GET /api/admin/audit.csv`: the audit log as a CSV download.
pub async fn audit_csv(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    let result = async {
        let session = SignedIn::from_request(req, env).await?;
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

/// The upstream probes and the store's schema, probed now.
async fn probe(env: &Env) -> Result<Health, ApiFailure> {
    let config = config(env)?;
    let transport = transport(&config);
    let store = D1MetaStore { env };
    routes::health::health(&config, &transport, &store).await
}

/// `GET /api/admin/health`: every upstream's base URL and state, probed now.
pub async fn admin_health(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            routes::admin::require_admin(&session.user, &session.config)?;
            let report = probe(env).await?;
            HEALTH.with(|cache| *cache.borrow_mut() = Some((now(), report.clone())));
            Ok(report)
        }
        .await,
    )
}

/// `GET /api/health` (anonymous): up or degraded, and the version; from probes at most
/// [`HEALTH_TTL_SECONDS`] old, so anonymous callers cannot make the worker fan out.
pub async fn health(env: &Env) -> worker::Result<Response> {
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
        None => probe(env).await.inspect(|report| {
            HEALTH.with(|cache| *cache.borrow_mut() = Some((at, report.clone())));
        }),
    };
    respond(report.map(|report| routes::health::status(&report)))
}
