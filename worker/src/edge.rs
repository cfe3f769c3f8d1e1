//! The wasm32 edge: the only module (besides the entry in `lib.rs`) that names `worker::` types.
//!
//! Builds the services for one request from `Env` (config from vars, the D1 store, the fetch
//! transport behind the allow-list), runs a route handler, and turns its result into a
//! `worker::Response`. Logs failures with a correlation id; never logs tokens or bodies.
//!
//! Here: the request pipeline every `/api/*` call goes through ([`admit`]: token, rate limits,
//! a bounded JSON body; [`respond`]; [`with_api_headers`]) and the static files ([`asset`]).
//! The infrastructure beside it: `signed_in` (the services of a signed-in request), `body` (the
//! one body extractor), `fetch` (the `worker::Fetch` transport), `d1` (D1 behind the store's
//! SQL seam, the cron purge).
//!
//! **The route modules are named like their URLs**, and each calls the `routes` module of the
//! same name: `GET /api/mail/calendar` is `edge::mail::calendar` → `routes::mail`,
//! `POST /api/pane/email/save` is `edge::pane::email::save` → `routes::pane::email`,
//! `POST /api/ai/draft` is `edge::ai::draft::draft` → `routes::ai::draft`. The router in
//! `lib.rs` names one handler per line.

pub mod admin;
pub mod ai;
pub mod auth;
mod body;
pub mod crm;
mod d1;
mod fetch;
pub mod health;
pub mod mail;
pub mod me;
pub mod pane;
pub mod search;
pub mod settings;
mod signed_in;

use crate::config::Config;
use crate::error::ApiFailure;
use crate::graph::MailboxLimiter;
use crate::http::AllowListed;
use crate::identity::jwks::JwksCache;
use crate::identity::obo::OboCache;
use crate::provider::Sleeper;
use crate::quota;
use crate::routes::admission;
use crate::security_headers;
use secrecy::SecretString;
use serde::Serialize;
use std::rc::Rc;
use std::time::Duration;
use worker::{Delay, Env, Headers, Method, RequestInit, Response};

use d1::D1MetaStore;
pub use d1::purge_expired;
use fetch::FetchTransport;
use signed_in::SignedIn;

/// What every route handler gets from the router besides the request: the `Env`.
pub type Ctx = worker::RouteContext<()>;

/// The D1 binding name in `wrangler.toml`.
const D1_BINDING: &str = "DB";

thread_local! {
    // Per-isolate caches: an isolate serves many requests, interleaved at await points.
    // Keys include the user key; values never leave the worker.
    static JWKS: Rc<JwksCache> = Rc::new(JwksCache::default());
    static OBO: Rc<OboCache> = Rc::new(OboCache::default());
    // Salesforce sessions (access tokens) by user key; never stored, refreshed on a miss.
    static SF_SESSIONS: std::cell::RefCell<std::collections::HashMap<String, SecretString>> =
        std::cell::RefCell::default();
}

/// One limiter per isolate: at most 4 concurrent Graph requests per mailbox.
static GRAPH_LIMITER: MailboxLimiter = MailboxLimiter::new();

/// Seconds since the epoch, from the JS clock.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Waits with a JS timer between read retries.
pub struct EdgeSleeper;

impl Sleeper for EdgeSleeper {
    async fn sleep(&self, duration: Duration) {
        Delay::from(duration).await;
    }
}

pub(crate) type EdgeTransport<'a> = &'a AllowListed<FetchTransport>;

/// The Rate Limiting bindings (`[[ratelimits]]` in `wrangler.toml`) behind [`quota::check`].
const USER_RATE_LIMIT: &str = "USER_RATE_LIMIT";
const TENANT_RATE_LIMIT: &str = "TENANT_RATE_LIMIT";

struct EdgeRateLimit(worker::RateLimiter);

impl EdgeRateLimit {
    fn binding(env: &Env, name: &'static str) -> Result<Self, ApiFailure> {
        env.rate_limiter(name)
            .map(Self)
            .map_err(|_| ApiFailure::NotConfigured { what: name })
    }
}

impl quota::RateLimit for EdgeRateLimit {
    async fn allow(&self, key: &str) -> bool {
        match self.0.limit(key.to_owned()).await {
            Ok(outcome) => outcome.success,
            Err(error) => {
                worker::console_warn!("rate limiter failed, request let through: {error:?}");
                true
            }
        }
    }
}

/// API routes anyone may call: no token, no body.
const PUBLIC_ROUTES: &[&str] = &[
    "/api/health",
    "/api/auth/config",
    "/api/crm/salesforce/callback",
];

/// The admission of an `/api/*` request, before any route runs: the bearer token is validated
/// from the headers alone, the caller's rate limits counted, and only then is a body read, at
/// most [`admission::MAX_BODY_BYTES`], as JSON only. Answers the request to route (its body
/// already read and bounded), or the refusal to send.
pub async fn admit(
    mut req: worker::Request,
    env: &Env,
) -> worker::Result<Result<worker::Request, Response>> {
    let path = req.path();
    if PUBLIC_ROUTES.contains(&path.as_str()) {
        return Ok(Ok(req));
    }
    let checked = async {
        let user = SignedIn::from_request(&req, env).await?.user;
        quota::check(
            &EdgeRateLimit::binding(env, USER_RATE_LIMIT)?,
            &EdgeRateLimit::binding(env, TENANT_RATE_LIMIT)?,
            &user,
        )
        .await
        .map_err(ApiFailure::RateLimited)
    }
    .await;
    if let Err(failure) = checked {
        return respond(Err::<(), _>(failure)).map(Err);
    }
    if matches!(
        req.method(),
        Method::Get | Method::Head | Method::Delete | Method::Options
    ) {
        return Ok(Ok(req));
    }
    let declared = req
        .headers()
        .get("Content-Length")?
        .and_then(|length| length.trim().parse::<u64>().ok());
    if let Err(failure) = admission::check_declared_length(declared) {
        return respond(Err::<(), _>(failure)).map(Err);
    }
    let mut body = Vec::new();
    if let Ok(mut chunks) = req.stream() {
        while let Some(chunk) = futures::StreamExt::next(&mut chunks).await {
            body.extend_from_slice(&chunk?);
            if let Err(failure) = admission::check_read_length(body.len()) {
                return respond(Err::<(), _>(failure)).map(Err);
            }
        }
    }
    let kind = req.headers().get("Content-Type")?;
    if let Err(failure) = admission::check_content_type(kind.as_deref(), body.len()) {
        return respond(Err::<(), _>(failure)).map(Err);
    }
    let mut init = RequestInit::new();
    init.with_method(req.method())
        .with_headers(req.headers().clone());
    if !body.is_empty() {
        init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
    }
    Ok(Ok(worker::Request::new_with_init(
        req.url()?.as_str(),
        &init,
    )?))
}

fn required<T: Clone>(value: &Option<T>, what: &'static str) -> Result<T, ApiFailure> {
    value.clone().ok_or(ApiFailure::NotConfigured { what })
}

/// A secret (`wrangler secret put`). The runtime gives secrets and plain vars the same type,
/// so it cannot refuse a secret set as a plain var; `worker/tests/it/config_files.rs` makes sure
/// `wrangler.toml` never declares one (only `wrangler dev --var` does, locally).
fn secret(env: &Env, name: &'static str) -> Result<SecretString, ApiFailure> {
    env.secret(name)
        .map(|s| SecretString::from(s.to_string()))
        .map_err(|_| ApiFailure::NotConfigured { what: name })
}

/// The binding of the pane's static files (`[assets]` in wrangler.toml).
const ASSETS_BINDING: &str = "ASSETS";

/// A static file of the pane, from the assets binding (which also answers unknown paths with
/// the pane's `index.html`), with the security headers; the pane's document gets its CSP.
pub async fn asset(req: worker::Request, env: &Env) -> worker::Result<Response> {
    let fetched = env.assets(ASSETS_BINDING)?.fetch_request(req).await?;
    let headers = copied(fetched.headers())?;
    for (name, value) in security_headers::ALWAYS {
        headers.set(name, value)?;
    }
    let is_document = headers
        .get("Content-Type")?
        .is_some_and(|kind| kind.starts_with("text/html"));
    if is_document {
        let authority = config(env).ok().and_then(|config| config.authority_url);
        headers.set(
            "Content-Security-Policy",
            &security_headers::pane_policy(authority.as_ref()),
        )?;
    }
    Ok(fetched.with_headers(headers))
}

/// A mutable copy of `headers`: those of a fetched response, or of a redirect made by
/// `Response::redirect`, are immutable.
fn copied(headers: &Headers) -> worker::Result<Headers> {
    let copy = Headers::new();
    for (name, value) in headers.entries() {
        copy.append(&name, &value)?;
    }
    Ok(copy)
}

/// Adds the headers every `/api/*` answer carries.
pub fn with_api_headers(response: Response) -> worker::Result<Response> {
    let headers = copied(response.headers())?;
    for (name, value) in security_headers::ALWAYS.iter().chain(security_headers::API) {
        headers.set(name, value)?;
    }
    Ok(response.with_headers(headers))
}

/// Any other `/api/*` path: 404 with the wire error.
pub async fn route_not_found(_req: worker::Request, _ctx: Ctx) -> worker::Result<Response> {
    respond(Err::<(), _>(ApiFailure::RouteNotFound))
}

/// Turns a route result into a response: JSON on success, the wire error otherwise.
pub fn respond<T: Serialize>(result: Result<T, ApiFailure>) -> worker::Result<Response> {
    match result {
        Ok(value) => Response::from_json(&value),
        Err(failure) => {
            let correlation_id = correlation_id();
            // The Debug form carries the internal cause chain; it never holds tokens or bodies
            // because no error type in the worker stores them.
            worker::console_error!("[{correlation_id}] {failure}: {failure:?}");
            let mut response = Response::from_json(&failure.to_wire(&correlation_id))?
                .with_status(failure.status());
            for (name, value) in failure.headers() {
                response.headers_mut().set(name, &value)?;
            }
            Ok(response)
        }
    }
}

fn config(env: &Env) -> Result<Config, ApiFailure> {
    Ok(Config::from_lookup(|name| {
        env.var(name).ok().map(|v| v.to_string())
    })?)
}

fn transport(config: &Config) -> AllowListed<FetchTransport> {
    AllowListed::new(
        FetchTransport {
            timeout: config.upstream_timeout,
        },
        config.allowed_origins(),
    )
}

/// Random bytes from the platform (WebCrypto), for tokens and nonces.
fn fill_random(buffer: &mut [u8]) -> Result<(), ApiFailure> {
    getrandom::getrandom(buffer).map_err(|_| ApiFailure::NotConfigured {
        what: "a source of randomness",
    })
}

fn correlation_id() -> String {
    format!(
        "{:08x}",
        (js_sys::Math::random() * f64::from(u32::MAX)) as u32
    )
}
