//! The wasm32 edge: the only module (besides the entry in `lib.rs`) that names `worker::` types.
//!
//! Builds the services for one request from `Env` (config from vars, the D1 store, the fetch
//! transport behind the allow-list), runs a route handler, and turns its result into a
//! `worker::Response`. Logs failures with a correlation id; never logs tokens or bodies.

use crate::config::{Config, var};
use crate::error::ApiFailure;
use crate::graph::{GraphClient, MailboxLimiter};
use crate::http::{
    AllowListed, HttpTransport, TransportError, UpstreamRequest, UpstreamResponse, origin_of,
};
use crate::identity::jwks::JwksCache;
use crate::identity::obo::{self, OboCache, OboConfig};
use crate::identity::{IdentityConfig, UserContext, validate_bearer};
use crate::provider::Sleeper;
use crate::routes;
use crate::store::sql::{SqlDatabase, SqlStore, SqlValue};
use crate::store::{CloserStore, MetaStore, StoreError};
use bytes::Bytes;
use futures::future::{Either, select};
use secrecy::SecretString;
use serde::Serialize;
use std::rc::Rc;
use std::time::Duration;
use worker::{AbortController, Delay, Env, Fetch, Headers, Method, RequestInit, Response};

/// The D1 binding name in `wrangler.toml`.
const D1_BINDING: &str = "DB";

thread_local! {
    // Per-isolate caches: an isolate serves many requests, interleaved at await points.
    // Keys include the user key; values never leave the worker.
    static JWKS: Rc<JwksCache> = Rc::new(JwksCache::default());
    static OBO: Rc<OboCache> = Rc::new(OboCache::default());
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

/// `GET /api/auth/config`.
pub fn auth_config(env: &Env) -> worker::Result<Response> {
    respond(config(env).and_then(|c| routes::auth::auth_config(&c)))
}

/// `GET /api/me`.
pub async fn me(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    let result = async {
        let session = SignedIn::from_request(req, env).await?;
        let graph = session.graph().await?;
        routes::me::me(&session.user, &graph).await
    }
    .await;
    respond(result)
}

/// `GET /api/mail/inbox`.
pub async fn inbox(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    let result = async {
        let session = SignedIn::from_request(req, env).await?;
        let graph = session.graph().await?;
        routes::mail::inbox(&graph).await
    }
    .await;
    respond(result)
}

/// The services for one signed-in request: configuration, the allow-listed transport, the
/// validated user and their raw token (kept only to exchange it on their behalf).
struct SignedIn<'a> {
    env: &'a Env,
    config: Config,
    transport: AllowListed<FetchTransport>,
    user: UserContext,
    assertion: String,
}

impl<'a> SignedIn<'a> {
    async fn from_request(req: &worker::Request, env: &'a Env) -> Result<Self, ApiFailure> {
        let config = config(env)?;
        let transport = transport(&config);
        let identity = IdentityConfig {
            authority: required(&config.authority_url, var::AUTHORITY_URL)?,
            client_id: required(&config.client_id, var::CLIENT_ID)?,
            allowed_tenants: config.allowed_tenants.clone(),
        };
        let header = req.headers().get("Authorization").ok().flatten();
        let keys = JWKS.with(Rc::clone);
        let user = validate_bearer(
            &identity,
            &keys,
            &transport,
            &EdgeSleeper,
            header.as_deref(),
            now(),
        )
        .await?;
        let assertion = header
            .as_deref()
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or_default()
            .trim()
            .to_owned();
        Ok(Self {
            env,
            config,
            transport,
            user,
            assertion,
        })
    }

    /// A token for `scope` on the user's behalf (cached per user and scope).
    async fn token_for(&self, scope: &str) -> Result<SecretString, ApiFailure> {
        let obo_config = OboConfig {
            authority: required(&self.config.authority_url, var::AUTHORITY_URL)?,
            client_id: required(&self.config.client_id, var::CLIENT_ID)?,
            client_secret: secret(self.env, var::CLIENT_SECRET)?,
        };
        let cache = OBO.with(Rc::clone);
        Ok(obo::token_for(
            &obo_config,
            &cache,
            &self.transport,
            &self.user,
            &self.assertion,
            scope,
            now(),
        )
        .await?)
    }

    /// A Graph client acting as the user.
    async fn graph(
        &self,
    ) -> Result<GraphClient<&AllowListed<FetchTransport>, EdgeSleeper>, ApiFailure> {
        let base = required(&self.config.graph_url, var::GRAPH_URL)?;
        let token = self.token_for(&self.config.graph_scope).await?;
        let permits = GRAPH_LIMITER.permits(&self.user.tenant_id, &self.user.object_id);
        Ok(GraphClient::new(&self.transport, base, token, permits).with_sleeper(EdgeSleeper))
    }
}

fn required<T: Clone>(value: &Option<T>, what: &'static str) -> Result<T, ApiFailure> {
    value.clone().ok_or(ApiFailure::NotConfigured { what })
}

/// A secret (`wrangler secret put`); in local dev a `--var` of the same name serves.
fn secret(env: &Env, name: &'static str) -> Result<SecretString, ApiFailure> {
    env.secret(name)
        .map(|s| SecretString::from(s.to_string()))
        .or_else(|_| env.var(name).map(|v| SecretString::from(v.to_string())))
        .map_err(|_| ApiFailure::NotConfigured { what: name })
}

/// `GET /api/health`.
pub async fn health(env: &Env) -> worker::Result<Response> {
    let result = async {
        let config = config(env)?;
        let transport = transport(&config);
        let store = D1MetaStore { env };
        routes::health::health(&config, &transport, &store).await
    }
    .await;
    respond(result)
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

fn correlation_id() -> String {
    format!(
        "{:08x}",
        (js_sys::Math::random() * f64::from(u32::MAX)) as u32
    )
}

/// `worker::Fetch` with a timeout on every call.
pub struct FetchTransport {
    timeout: Duration,
}

impl HttpTransport for FetchTransport {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let origin = origin_of(request.uri())?.ascii_serialization();
        let connect = |err: worker::Error| TransportError::Connect {
            origin: origin.clone(),
            reason: err.to_string(),
        };
        let (parts, body) = request.into_parts();
        let headers = Headers::new();
        for (name, value) in &parts.headers {
            let value = value.to_str().map_err(|_| TransportError::InvalidRequest {
                reason: format!("header {name} is not visible ASCII"),
            })?;
            headers.append(name.as_str(), value).map_err(connect)?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.as_str().to_owned()))
            .with_headers(headers);
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_ref()).into()));
        }
        let request =
            worker::Request::new_with_init(&parts.uri.to_string(), &init).map_err(connect)?;

        let controller = AbortController::default();
        let signal = controller.signal();
        let exchange = async {
            let fetch = Fetch::Request(request);
            let mut response = fetch.send_with_signal(&signal).await?;
            let body = response.bytes().await?;
            Ok::<_, worker::Error>((response.status_code(), response.headers().clone(), body))
        };
        let deadline = Delay::from(self.timeout);
        futures::pin_mut!(exchange, deadline);
        let (status, response_headers, body) = match select(exchange, deadline).await {
            Either::Left((result, _)) => result.map_err(connect)?,
            Either::Right(((), _)) => {
                controller.abort();
                return Err(TransportError::Timeout {
                    origin,
                    timeout_ms: self.timeout.as_millis() as u64,
                });
            }
        };
        let mut builder = http::Response::builder().status(status);
        for (name, value) in response_headers.entries() {
            builder = builder.header(name, value);
        }
        builder
            .body(Bytes::from(body))
            .map_err(|e| TransportError::Connect {
                origin,
                reason: format!("unreadable response head: {e}"),
            })
    }
}

/// The D1 database behind the store's SQL seam.
pub struct D1Sql<'a> {
    env: &'a Env,
}

impl D1Sql<'_> {
    fn statement(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<worker::D1PreparedStatement, StoreError> {
        let db = self.env.d1(D1_BINDING).map_err(unavailable)?;
        let values: Vec<wasm_bindgen::JsValue> = params
            .iter()
            .map(|p| match p {
                SqlValue::Null => wasm_bindgen::JsValue::NULL,
                // Seconds since the epoch and counts fit f64's 53-bit mantissa.
                SqlValue::Integer(i) => wasm_bindgen::JsValue::from_f64(*i as f64),
                SqlValue::Text(t) => wasm_bindgen::JsValue::from_str(t),
            })
            .collect();
        db.prepare(sql).bind(&values).map_err(unavailable)
    }
}

fn unavailable(e: worker::Error) -> StoreError {
    StoreError::Unavailable {
        reason: e.to_string(),
    }
}

impl SqlDatabase for D1Sql<'_> {
    async fn execute(&self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError> {
        let result = self
            .statement(sql, params)?
            .run()
            .await
            .map_err(unavailable)?;
        let changes = result
            .meta()
            .map_err(unavailable)?
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(changes as u64)
    }

    async fn query(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<serde_json::Map<String, serde_json::Value>>, StoreError> {
        self.statement(sql, params)?
            .all()
            .await
            .map_err(unavailable)?
            .results()
            .map_err(unavailable)
    }
}

/// The scheduled purge: deletes expired rows (opt-in insights) in every tenant.
pub async fn purge_expired(env: &Env) {
    let store = SqlStore::new(D1Sql { env });
    match store.purge_expired(now()).await {
        Ok(purged) => worker::console_log!("purged {purged} expired rows"),
        Err(e) => worker::console_error!("purge failed: {e}"),
    }
}

/// Closer's metadata in D1 (the table `closer_meta`, created by the migrations).
struct D1MetaStore<'a> {
    env: &'a Env,
}

impl MetaStore for D1MetaStore<'_> {
    async fn schema_version(&self) -> Result<String, StoreError> {
        #[derive(serde::Deserialize)]
        struct Row {
            value: String,
        }
        let unavailable = |e: worker::Error| StoreError::Unavailable {
            reason: e.to_string(),
        };
        let db = self.env.d1(D1_BINDING).map_err(unavailable)?;
        let row: Option<Row> = db
            .prepare("SELECT value FROM closer_meta WHERE key = ?1")
            .bind(&["schema_version".into()])
            .map_err(unavailable)?
            .first(None)
            .await
            .map_err(unavailable)?;
        row.map(|r| r.value).ok_or(StoreError::NotInitialised {
            key: "schema_version".into(),
        })
    }
}
