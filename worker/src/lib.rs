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

/// The `/api/*` routes.
#[cfg(target_arch = "wasm32")]
async fn api(req: worker::Request, env: worker::Env) -> worker::Result<worker::Response> {
    let req = match edge::admit(req, &env).await? {
        Ok(admitted) => admitted,
        Err(refused) => return Ok(refused),
    };
    worker::Router::with_data(())
        .get_async("/api/health", |_req, route| async move {
            edge::health(&route.env).await
        })
        .get_async("/api/settings", |req, route| async move {
            edge::admin::seller_settings(&req, &route.env).await
        })
        .get_async("/api/admin/settings", |req, route| async move {
            edge::admin::settings(&req, &route.env).await
        })
        .put_async("/api/admin/settings", |req, route| async move {
            edge::admin::save_settings(req, &route.env).await
        })
        .get_async("/api/admin/fields", |req, route| async move {
            edge::admin::fields(&req, &route.env).await
        })
        .get_async("/api/admin/audit", |req, route| async move {
            edge::admin::audit(&req, &route.env).await
        })
        .get_async("/api/admin/audit.csv", |req, route| async move {
            edge::admin::audit_csv(&req, &route.env).await
        })
        .get_async("/api/admin/health", |req, route| async move {
            edge::admin::admin_health(&req, &route.env).await
        })
        .get("/api/auth/config", |_req, route| {
            edge::auth_config(&route.env)
        })
        .get_async("/api/me", |req, route| async move {
            edge::me(&req, &route.env).await
        })
        .get_async("/api/mail/inbox", |req, route| async move {
            edge::inbox(&req, &route.env).await
        })
        .get_async("/api/crm/connection", |req, route| async move {
            edge::crm_connection(&req, &route.env).await
        })
        .delete_async("/api/crm/connection", |req, route| async move {
            edge::crm_disconnect(&req, &route.env).await
        })
        .get_async("/api/crm/orgs", |req, route| async move {
            edge::crm_orgs(&req, &route.env).await
        })
        .put_async("/api/crm/connection/dynamics", |req, route| async move {
            edge::crm_connect_dynamics(req, &route.env).await
        })
        .post_async("/api/crm/connection/salesforce", |req, route| async move {
            edge::crm_start_salesforce(&req, &route.env).await
        })
        .post_async(
            "/api/crm/connection/salesforce/finish",
            |req, route| async move { edge::crm_finish_salesforce(&req, &route.env).await },
        )
        .get_async("/api/crm/salesforce/callback", |req, route| async move {
            edge::crm_salesforce_callback(&req, &route.env).await
        })
        .post_async("/api/pane/task", |req, route| async move {
            edge::work::create_task(req, &route.env).await
        })
        .post_async("/api/search", |req, route| async move {
            edge::work::search(req, &route.env).await
        })
        .post_async("/api/pane/email", |req, route| async move {
            edge::pane::email_context(req, &route.env).await
        })
        .post_async("/api/pane/email/choose", |req, route| async move {
            edge::pane::choose_contact(req, &route.env).await
        })
        .post_async("/api/pane/email/contact", |req, route| async move {
            edge::pane::add_contact(req, &route.env).await
        })
        .post_async("/api/pane/email/save", |req, route| async move {
            edge::pane::save_email(req, &route.env).await
        })
        .post_async("/api/pane/meeting", |req, route| async move {
            edge::meeting::meeting_context(req, &route.env).await
        })
        .post_async("/api/pane/meeting/save", |req, route| async move {
            edge::meeting::save_meeting(req, &route.env).await
        })
        .post_async("/api/pane/meeting/from-chat", |req, route| async move {
            edge::meeting::meeting_for_chat(req, &route.env).await
        })
        .post_async("/api/pane/meeting/transcript", |req, route| async move {
            edge::meeting::meeting_transcript(req, &route.env).await
        })
        .get_async("/api/mail/calendar", |req, route| async move {
            edge::meeting::calendar(&req, &route.env).await
        })
        .post_async("/api/pane/record", |req, route| async move {
            edge::edit::update_record(req, &route.env).await
        })
        .post_async("/api/pane/record/stages", |req, route| async move {
            edge::edit::stages(req, &route.env).await
        })
        .post_async("/api/ai/summary", |req, route| async move {
            edge::ai::summary(req, &route.env).await
        })
        .post_async("/api/ai/recap", |req, route| async move {
            edge::ai::recap(req, &route.env).await
        })
        .post_async("/api/ai/summary/note", |req, route| async move {
            edge::ai::summary_note(req, &route.env).await
        })
        .post_async("/api/ai/meeting-prep", |req, route| async move {
            edge::meeting::meeting_prep(req, &route.env).await
        })
        .post_async("/api/ai/opportunity", |req, route| async move {
            edge::opportunity::opportunity_summary(req, &route.env).await
        })
        .post_async("/api/ai/draft", |req, route| async move {
            edge::draft::draft(req, &route.env).await
        })
        .or_else_any_method_async("/api/*rest", |_req, _route| async move {
            edge::respond(Err::<(), _>(error::ApiFailure::RouteNotFound))
        })
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
