//! The wasm32 edge: the only module (besides the entry in `lib.rs`) that names `worker::` types.
//!
//! Builds the services for one request from `Env` (config from vars, the D1 store, the fetch
//! transport behind the allow-list), runs a route handler, and turns its result into a
//! `worker::Response`. Logs failures with a correlation id; never logs tokens or bodies.

pub(crate) mod ai;
pub(crate) mod edit;
pub(crate) mod pane;
pub(crate) mod work;

use crate::config::{Config, var};
use crate::crm::dataverse::{DataverseClient, DataverseOrg, discover_orgs};
use crate::crm::salesforce::{
    OAuthRefresher, SalesforceClient, SalesforceConfig, SalesforceOAuth, SessionRefresher, vault,
};
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
use crate::routes::crm::salesforce_connect;
use crate::routes::crm::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection};
use crate::store::sql::{SqlDatabase, SqlStore, SqlValue};
use crate::store::{CloserStore, MetaStore, StoreError};
use bytes::Bytes;
use closer_wire::{ConnectDynamics, CrmVendor};
use futures::future::{Either, select};
use secrecy::ExposeSecret;
use secrecy::SecretString;
use serde::Serialize;
use std::rc::Rc;
use std::time::Duration;
use url::Url;
use worker::{AbortController, Delay, Env, Fetch, Headers, Method, RequestInit, Response};

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

/// `GET /api/crm/connection`.
pub async fn crm_connection(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            session
                .describe_connection(session.stored_connection().await?)
                .await
        }
        .await,
    )
}

/// `GET /api/crm/orgs`.
pub async fn crm_orgs(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            let orgs = session.discovered_orgs().await?;
            let current = match session.stored_connection().await? {
                Some(StoredConnection::Dynamics { api_base, .. }) => api_base,
                _ => required(&session.config.crm_url, var::CRM_URL)?.to_string(),
            };
            Ok(routes::crm::org_choices(&orgs, &current))
        }
        .await,
    )
}

/// `PUT /api/crm/connection/dynamics`.
pub async fn crm_connect_dynamics(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let body: Result<ConnectDynamics, _> = req.json().await;
    respond(
        async {
            let body = body.map_err(|_| ApiFailure::BadRequest {
                reason: "Expected {\"api_url\": \"...\"}.".into(),
            })?;
            let session = SignedIn::from_request(&req, env).await?;
            let orgs = session.discovered_orgs().await?;
            let chosen = routes::crm::pick_org(&orgs, &body.api_url)?;
            session.save_connection(&chosen).await?;
            session.describe_connection(Some(chosen)).await
        }
        .await,
    )
}

/// `DELETE /api/crm/connection`: back to the configured default org.
pub async fn crm_disconnect(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            session
                .store()
                .delete(&session.scope(), CONNECTION_KIND, CONNECTION_KEY)
                .await?;
            SF_SESSIONS.with(|s| s.borrow_mut().remove(&session.user.user_key()));
            session.describe_connection(None).await
        }
        .await,
    )
}

/// `POST /api/crm/connection/salesforce`: start the Salesforce sign-in.
pub async fn crm_start_salesforce(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            let app = salesforce_app(env, &session.config, req)?;
            let mut random = salesforce_connect::Randomness {
                verifier: [0; 32],
                state: [0; 16],
            };
            fill_random(&mut random.verifier)?;
            fill_random(&mut random.state)?;
            salesforce_connect::start(&session.store(), &app, &session.user, &random, now()).await
        }
        .await,
    )
}

/// `GET /api/crm/salesforce/callback`: where Salesforce sends the browser back. A navigation,
/// not an API call: it answers with a redirect to the pane, or a short page saying what failed.
pub async fn crm_salesforce_callback(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    let result = async {
        let url = req.url().map_err(|_| ApiFailure::BadRequest {
            reason: "unreadable callback".into(),
        })?;
        let query: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        if let Some(error) = query.get("error") {
            return Err(ApiFailure::BadRequest {
                reason: format!("Salesforce answered {error}"),
            });
        }
        let (Some(code), Some(state)) = (query.get("code"), query.get("state")) else {
            return Err(ApiFailure::BadRequest {
                reason: "the callback has no code".into(),
            });
        };
        let config = config(env)?;
        let app = salesforce_app(env, &config, req)?;
        let transport = transport(&config);
        let store = SqlStore::new(D1Sql { env });
        let mut nonce = [0u8; 12];
        fill_random(&mut nonce)?;
        let connected =
            salesforce_connect::finish(&transport, &store, &app, state, code, nonce, now()).await?;
        SF_SESSIONS.with(|s| {
            s.borrow_mut()
                .insert(connected.user_key, connected.access_token)
        });
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Response::redirect_with_status(req.url()?.join("/?crm=salesforce")?, 302),
        Err(failure) => {
            let message = failure.to_wire(&correlation_id()).message;
            let escaped = message
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            Ok(Response::from_html(format!(
                "<!doctype html><meta charset=\"utf-8\"><title>Closer</title>\
                 <p role=\"alert\">{escaped}</p><p><a href=\"/\">Back to Closer</a></p>"
            ))?
            .with_status(failure.status()))
        }
    }
}

fn fill_random(buffer: &mut [u8]) -> Result<(), ApiFailure> {
    getrandom::getrandom(buffer).map_err(|_| ApiFailure::NotConfigured {
        what: "a source of randomness",
    })
}

fn salesforce_app(
    env: &Env,
    config: &Config,
    req: &worker::Request,
) -> Result<salesforce_connect::SalesforceApp, ApiFailure> {
    let login = required(&config.salesforce_login_url, var::SALESFORCE_LOGIN_URL)?;
    let client_id = required(&config.salesforce_client_id, var::SALESFORCE_CLIENT_ID)?;
    let callback = req
        .url()
        .ok()
        .and_then(|u| u.join("/api/crm/salesforce/callback").ok())
        .ok_or(ApiFailure::NotConfigured {
            what: "the callback URL",
        })?;
    let vault_key =
        vault::key_from_base64(secret(env, var::VAULT_KEY)?.expose_secret()).map_err(|_| {
            ApiFailure::NotConfigured {
                what: var::VAULT_KEY,
            }
        })?;
    Ok(salesforce_connect::SalesforceApp {
        oauth: SalesforceOAuth::new(
            &login,
            client_id,
            secret(env, var::SALESFORCE_CLIENT_SECRET)?,
            callback.to_string(),
        ),
        instance_url: required(
            &config.salesforce_instance_url,
            var::SALESFORCE_INSTANCE_URL,
        )?,
        vault_key,
    })
}

type EdgeTransport<'a> = &'a AllowListed<FetchTransport>;

/// The services for one signed-in request: configuration, the allow-listed transport, the
/// validated user and their raw token (kept only to exchange it on their behalf).
struct SignedIn<'a> {
    env: &'a Env,
    request: &'a worker::Request,
    config: Config,
    transport: AllowListed<FetchTransport>,
    user: UserContext,
    assertion: String,
}

impl<'a> SignedIn<'a> {
    async fn from_request(req: &'a worker::Request, env: &'a Env) -> Result<Self, ApiFailure> {
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
            request: req,
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

    fn scope(&self) -> crate::store::Scope {
        routes::crm::user_scope(&self.user.tenant_id, &self.user.object_id)
    }

    fn store(&self) -> SqlStore<D1Sql<'a>> {
        SqlStore::new(D1Sql { env: self.env })
    }

    async fn stored_connection(&self) -> Result<Option<StoredConnection>, ApiFailure> {
        let row = self
            .store()
            .get(&self.scope(), CONNECTION_KIND, CONNECTION_KEY, now())
            .await?;
        Ok(StoredConnection::from_row(row))
    }

    async fn save_connection(&self, connection: &StoredConnection) -> Result<(), ApiFailure> {
        Ok(self
            .store()
            .put(
                &self.scope(),
                CONNECTION_KIND,
                CONNECTION_KEY,
                &connection.to_row(),
            )
            .await?)
    }

    /// Who the user is in their connected CRM (the configured default org when none is stored).
    async fn describe_connection(
        &self,
        stored: Option<StoredConnection>,
    ) -> Result<closer_wire::CrmConnection, ApiFailure> {
        match stored {
            None => {
                let base = required(&self.config.crm_url, var::CRM_URL)?;
                let crm = self.dataverse(&base).await?;
                routes::crm::describe(CrmVendor::Dynamics, None, base.as_str(), &crm).await
            }
            Some(StoredConnection::Dynamics { api_base, org_name }) => {
                let base = Url::parse(&api_base).map_err(|_| ApiFailure::BadRequest {
                    reason: "The stored Dynamics org is invalid; switch org again.".into(),
                })?;
                let crm = self.dataverse(&base).await?;
                routes::crm::describe(CrmVendor::Dynamics, org_name, base.as_str(), &crm).await
            }
            Some(StoredConnection::Salesforce {
                instance_url,
                refresh_token,
                ..
            }) => {
                let crm = self.salesforce(&instance_url, &refresh_token).await?;
                let result =
                    routes::crm::describe(CrmVendor::Salesforce, None, &instance_url, &crm).await;
                self.keep_salesforce_session(&crm, &instance_url).await?;
                result
            }
        }
    }

    /// A Dataverse client for the org at `api_base`, with an OBO token for that org.
    async fn dataverse(
        &self,
        api_base: &Url,
    ) -> Result<DataverseClient<EdgeTransport<'_>, EdgeSleeper>, ApiFailure> {
        let scope = format!("{}/.default", api_base.origin().ascii_serialization());
        let token = self.token_for(&scope).await?;
        Ok(
            DataverseClient::new(&self.transport, api_base.clone(), token)
                .with_sleeper(EdgeSleeper),
        )
    }

    /// The Dynamics orgs Global Discovery lists for the user.
    async fn discovered_orgs(&self) -> Result<Vec<DataverseOrg>, ApiFailure> {
        let discovery = required(&self.config.discovery_url, var::DISCOVERY_URL)?;
        let token = self.token_for(&self.config.discovery_scope).await?;
        Ok(discover_orgs(&self.transport, &discovery, &token).await?)
    }

    /// A Salesforce client for the stored connection: the isolate's cached session, refreshed
    /// from the sealed refresh token when absent or when Salesforce says it expired.
    async fn salesforce(
        &self,
        instance_url: &str,
        sealed_refresh_token: &str,
    ) -> Result<
        SalesforceClient<EdgeTransport<'_>, EdgeSleeper, OAuthRefresher<EdgeTransport<'_>>>,
        ApiFailure,
    > {
        let app = salesforce_app(self.env, &self.config, self.request)?;
        let instance = Url::parse(instance_url).map_err(|_| ApiFailure::BadRequest {
            reason: "The stored Salesforce org is invalid; connect again.".into(),
        })?;
        if instance.origin() != app.instance_url.origin() {
            return Err(ApiFailure::BadRequest {
                reason: "The stored Salesforce org is not the configured one; connect again."
                    .into(),
            });
        }
        let user_key = self.user.user_key();
        let refresh_token = vault::decrypt(&app.vault_key, &user_key, sealed_refresh_token)
            .map_err(|_| ApiFailure::BadRequest {
                reason: "The Salesforce connection can no longer be read; connect again.".into(),
            })?;
        let refresher = OAuthRefresher::new(&self.transport, app.oauth, refresh_token);
        let cached = SF_SESSIONS.with(|s| s.borrow().get(&user_key).cloned());
        let access_token = match cached {
            Some(token) => token,
            None => refresher.refresh().await?,
        };
        let mut config = SalesforceConfig::new(&instance)
            .with_enhanced_email(self.config.salesforce_enhanced_email);
        if let Some(field) = &self.config.salesforce_active_field {
            config = config.with_active_field(field.clone());
        }
        Ok(SalesforceClient::new(&self.transport, config, access_token)
            .with_sleeper(EdgeSleeper)
            .with_refresher(refresher))
    }

    /// Caches the (possibly refreshed) session and stores a rotated refresh token.
    async fn keep_salesforce_session<S: Sleeper>(
        &self,
        crm: &SalesforceClient<EdgeTransport<'_>, S, OAuthRefresher<EdgeTransport<'_>>>,
        instance_url: &str,
    ) -> Result<(), ApiFailure> {
        let user_key = self.user.user_key();
        SF_SESSIONS.with(|s| s.borrow_mut().insert(user_key.clone(), crm.access_token()));
        if let Some(rotated) = crm.refresher().rotated_refresh_token() {
            let app = salesforce_app(self.env, &self.config, self.request)?;
            let mut nonce = [0u8; 12];
            fill_random(&mut nonce)?;
            let current = self.stored_connection().await?;
            let user_id = match current {
                Some(StoredConnection::Salesforce { user_id, .. }) => user_id,
                _ => None,
            };
            self.save_connection(&StoredConnection::Salesforce {
                instance_url: instance_url.to_owned(),
                refresh_token: vault::encrypt(&app.vault_key, nonce, &user_key, &rotated),
                user_id,
            })
            .await?;
        }
        Ok(())
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
    .with_https_host_suffixes(config.dataverse_host_suffixes.clone())
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
