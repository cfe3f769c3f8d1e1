//! Closer's edge worker: the `#[event]` entries and the router, nothing else.
//!
//! Everything below the router is plain Rust that builds and tests natively: services are
//! generic over [`http::HttpTransport`] and the store traits. Only [`edge`] and this file name
//! `worker::` types, and only on wasm32.

pub mod ai;
pub mod config;
pub mod crm;
pub mod error;
pub mod graph;
pub mod http;
pub mod identity;
pub mod llm;
pub mod odata;
pub mod provider;
pub mod quota;
pub mod routes;
pub mod security_headers;
pub mod settings;
pub mod store;
pub mod time;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(target_arch = "wasm32")]
mod edge;

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(
    req: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    // Every request comes here first (`run_worker_first = true`), so that every answer, API or
    // static file, carries the security headers (`security_headers`).
    if req.path().starts_with("/api/") {
        edge::with_api_headers(api(req, env).await?)
    } else {
        edge::asset(req, &env).await
    }
}

/// The `/api/*` routes, one line each: the URL, then the edge module named like it.
#[cfg(target_arch = "wasm32")]
async fn api(req: worker::Request, env: worker::Env) -> worker::Result<worker::Response> {
    let req = match edge::admit(req, &env).await? {
        Ok(admitted) => admitted,
        Err(refused) => return Ok(refused),
    };
    use edge::{admin, ai, auth, crm, health, mail, me, pane, search, settings};
    worker::Router::new()
        .get_async("/api/health", health::health)
        .get_async("/api/auth/config", auth::config_for_pane)
        .get_async("/api/me", me::me)
        .get_async("/api/settings", settings::settings)
        .get_async("/api/admin/settings", admin::settings)
        .put_async("/api/admin/settings", admin::save_settings)
        .get_async("/api/admin/fields", admin::fields)
        .get_async("/api/admin/audit", admin::audit)
        .get_async("/api/admin/audit.csv", admin::audit_csv)
        .get_async("/api/admin/health", admin::health)
        .get_async("/api/admin/feedback", admin::feedback)
        .get_async("/api/mail/inbox", mail::inbox)
        .get_async("/api/mail/calendar", mail::calendar)
        .get_async("/api/crm/connection", crm::connection)
        .delete_async("/api/crm/connection", crm::disconnect)
        .get_async("/api/crm/orgs", crm::orgs)
        .put_async("/api/crm/connection/dynamics", crm::connect_dynamics)
        .post_async("/api/crm/connection/salesforce", crm::start_salesforce)
        .post_async(
            "/api/crm/connection/salesforce/finish",
            crm::finish_salesforce,
        )
        .get_async("/api/crm/salesforce/callback", crm::salesforce_callback)
        .post_async("/api/search", search::search)
        .post_async("/api/pane/email", pane::email::context)
        .post_async("/api/pane/email/choose", pane::email::choose)
        .post_async("/api/pane/email/contact", pane::email::contact)
        .post_async("/api/pane/email/save", pane::email::save)
        .post_async("/api/pane/meeting", pane::meeting::context)
        .post_async("/api/pane/meeting/save", pane::meeting::save)
        .post_async("/api/pane/meeting/from-chat", pane::meeting::from_chat)
        .post_async("/api/pane/meeting/transcript", pane::meeting::transcript)
        .post_async("/api/pane/task", pane::task::create)
        .post_async("/api/pane/record", pane::record::update)
        .post_async("/api/pane/record/stages", pane::record::stages)
        .post_async("/api/ai/summary", ai::summary::summary)
        .post_async("/api/ai/summary/note", ai::summary::note)
        .post_async("/api/ai/recap", ai::recap::recap)
        .post_async("/api/ai/meeting-prep", ai::meeting_prep::prep)
        .post_async("/api/ai/opportunity", ai::opportunity::summary)
        .post_async("/api/ai/draft", ai::draft::draft)
        .post_async("/api/ai/draft/prepare", ai::draft::prepare)
        .post_async("/api/ai/feedback", ai::feedback::send)
        .or_else_any_method_async("/api/*rest", edge::route_not_found)
        .run(req, env)
        .await
}

/// Cron trigger (`[triggers]` in wrangler.toml): purges expired rows from Closer's store.
#[cfg(target_arch = "wasm32")]
#[worker::event(scheduled)]
async fn scheduled(
    _event: worker::ScheduledEvent,
    env: worker::Env,
    _ctx: worker::ScheduleContext,
) {
    edge::purge_expired(&env).await;
}
