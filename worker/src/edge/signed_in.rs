//! [`SignedIn`]: the services of one signed-in request, built from `Env` at the edge: the
//! validated user and their token, the allow-listed transport, Graph acting as the user, and
//! (through [`SignedIn::connected`]) the user's CRM with the store that goes with it.
//!
//! Beside it: `connection` (which CRM and org the user works in, and its clients), `settings`
//! (the tenant's settings, cached per isolate) and `model` (the configured LLM, metered). The
//! route modules of the edge only compose these.

mod connection;
mod model;
mod settings;

pub(crate) use connection::{CrmTarget, keep_sf_session, salesforce_app};
pub(crate) use model::{EdgeModel, ModelBackend};
pub(crate) use settings::remember_settings;

use super::d1::D1Sql;
use super::fetch::FetchTransport;
use super::{
    EdgeSleeper, EdgeTransport, GRAPH_LIMITER, JWKS, OBO, config, fill_random, now, required,
    secret, transport,
};
use crate::ai::answer_language::AnswerLanguage;
use crate::config::{Config, var};
use crate::crm::any::{AnyCrm, AnyStore};
use crate::crm::dataverse::DataverseStore;
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::http::{AllowListed, HttpTransport};
use crate::identity::obo::{self, OboConfig};
use crate::identity::{IdentityConfig, UserContext, validate_bearer};
use crate::provider::Sleeper;
use crate::routes;
use crate::routes::pane::email::contacts::RowKey;
use crate::routes::request::RequestContext;
use crate::store::save_once::SaveLock;
use closer_wire::TenantSettings;
use secrecy::SecretString;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use url::Url;
use worker::Env;

/// The services for one signed-in request: configuration, the allow-listed transport, the
/// validated user and their raw token (kept only to exchange it on their behalf).
pub(crate) struct SignedIn<'a> {
    pub(crate) env: &'a Env,
    pub(crate) request: &'a worker::Request,
    pub(crate) config: Config,
    pub(crate) transport: AllowListed<FetchTransport>,
    pub(crate) user: UserContext,
    pub(crate) assertion: String,
}

impl<'a> SignedIn<'a> {
    pub(crate) async fn from_request(
        req: &'a worker::Request,
        env: &'a Env,
    ) -> Result<Self, ApiFailure> {
        let config = config(env)?;
        let transport = transport(&config);
        let client_id = required(&config.client_id, var::CLIENT_ID)?;
        let identity = IdentityConfig {
            authority: required(&config.authority_url, var::AUTHORITY_URL)?,
            allowed_client_apps: std::iter::once(client_id.clone())
                .chain(config.extra_client_apps.iter().cloned())
                .collect(),
            client_id,
            allowed_tenants: config.tenant_policy()?,
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
    pub(crate) async fn token_for(&self, scope: &str) -> Result<SecretString, ApiFailure> {
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

    /// The language AI answers are written in: the `Accept-Language` the pane sends (the host's
    /// language, not the browser's), reduced to Closer's allow-list; the header itself goes no
    /// further than this.
    pub(crate) fn answer_language(&self) -> AnswerLanguage {
        let header = self.request.headers().get("Accept-Language").ok().flatten();
        AnswerLanguage::from_accept_language(header.as_deref())
    }

    /// A Graph client acting as the user.
    pub(crate) async fn graph(
        &self,
    ) -> Result<GraphClient<&AllowListed<FetchTransport>, EdgeSleeper>, ApiFailure> {
        let base = required(&self.config.graph_url, var::GRAPH_URL)?;
        let token = self.token_for(&self.config.graph_scope).await?;
        let permits = GRAPH_LIMITER.permits(&self.user.tenant_id, &self.user.object_id);
        Ok(GraphClient::new(&self.transport, base, token, permits).with_sleeper(EdgeSleeper))
    }
}

/// How long a tenant's verified domains are trusted before Graph is asked again: domains change
/// rarely, and a stale list only means a newly verified domain is looked up for an hour.
const DOMAINS_TTL_SECONDS: u64 = 3600;

thread_local! {
    // Tenant id -> (fetched at, verified domains). Tenant-wide, public facts; never a user's.
    static TENANT_DOMAINS: RefCell<HashMap<String, (u64, Vec<String>)>> = RefCell::default();
}

pub(crate) type EdgeCrm<'a> = AnyCrm<EdgeTransport<'a>, EdgeSleeper>;
pub(crate) type EdgeStore<'a, 'e> = AnyStore<EdgeTransport<'a>, EdgeSleeper, D1Sql<'e>>;

/// The user's connection for one request: the CRM, its store, and (Salesforce) the instance
/// the session belongs to.
pub(crate) struct Connected<'a, 'e> {
    pub(crate) crm: EdgeCrm<'a>,
    pub(crate) store: EdgeStore<'a, 'e>,
    /// The tenant's admin settings, from that store (cached per isolate).
    pub(crate) settings: TenantSettings,
    salesforce_instance: Option<String>,
}

impl<'e> SignedIn<'e> {
    /// The CRM and store of the user's stored connection (the default org when none).
    pub(crate) async fn connected(&self) -> Result<Connected<'_, 'e>, ApiFailure> {
        match self.crm_target(self.stored_connection().await?)? {
            CrmTarget::Dynamics { base, .. } => self.dynamics(&base).await,
            CrmTarget::Salesforce {
                instance_url,
                sealed_refresh_token,
            } => {
                let store = AnyStore::Sql(self.store());
                let key = format!("{}|d1", self.user.tenant_id);
                let settings = self.settings_in(&store, &key).await?;
                let crm = self
                    .salesforce(
                        &instance_url,
                        &sealed_refresh_token,
                        settings.saving.salesforce_enhanced_email,
                    )
                    .await?
                    .with_card_columns(routes::settings::card_columns(&settings));
                // The org's currency, read once per tenant and kept in Closer's store; while
                // it cannot be read, amounts simply carry no currency.
                let crm = match crate::crm::salesforce::currency::remembered(
                    &self.store(),
                    &self.user.tenant_id,
                    &crm,
                    crate::edge::now(),
                )
                .await
                {
                    Ok(currency) => crm.with_org_currency(currency),
                    Err(err) => {
                        worker::console_warn!("salesforce org currency: {err}");
                        crm
                    }
                };
                Ok(Connected {
                    crm: AnyCrm::Salesforce(crm),
                    store,
                    settings,
                    salesforce_instance: Some(instance_url),
                })
            }
        }
    }

    /// Dynamics: Closer's rows live in the org's own table, written with the user's org token.
    async fn dynamics(&self, base: &Url) -> Result<Connected<'_, 'e>, ApiFailure> {
        // The same OBO token as the client's (cached per user and scope).
        let token = self.org_token(base).await?;
        let store = AnyStore::Dataverse(
            DataverseStore::new(&self.transport, base.clone(), token).with_sleeper(EdgeSleeper),
        );
        let key = format!("{}|{base}", self.user.tenant_id);
        let settings = self.settings_in(&store, &key).await?;
        let crm = self
            .dataverse(base)
            .await?
            .with_card_columns(routes::settings::card_columns(&settings));
        Ok(Connected {
            crm: AnyCrm::Dataverse(crm),
            store,
            settings,
            salesforce_instance: None,
        })
    }

    /// After the handler: keeps a renewed Salesforce session (and a rotated refresh token).
    pub(crate) async fn keep_session(
        &self,
        connected: &Connected<'_, 'e>,
    ) -> Result<(), ApiFailure> {
        match (&connected.crm, &connected.salesforce_instance) {
            (AnyCrm::Salesforce(crm), Some(instance)) => {
                self.keep_salesforce_session(crm, instance).await
            }
            _ => Ok(()),
        }
    }

    /// Graph with the tenant's domains, and the user's CRM connection, built concurrently.
    pub(crate) async fn graph_and_connection(
        &self,
    ) -> Result<
        (
            GraphClient<EdgeTransport<'_>, EdgeSleeper>,
            Vec<String>,
            Connected<'_, 'e>,
        ),
        ApiFailure,
    > {
        let graph = async {
            let graph = self.graph().await?;
            let domains = internal_domains(&self.user.tenant_id, &graph).await?;
            Ok::<_, ApiFailure>((graph, domains))
        };
        let (graph, connected) = futures::join!(graph, self.connected());
        let (graph, domains) = graph?;
        Ok((graph, domains, connected?))
    }

    /// Runs `handler` over the user's pane (with the tenant's domains) and Graph, then keeps a
    /// renewed Salesforce session: the scaffolding of every route that reads the mailbox.
    pub(crate) async fn with_graph_pane<R>(
        &self,
        handler: impl AsyncFnOnce(
            &RequestContext<'_, EdgeCrm<'_>, EdgeStore<'_, 'e>>,
            &GraphClient<EdgeTransport<'_>, EdgeSleeper>,
        ) -> Result<R, ApiFailure>,
    ) -> Result<R, ApiFailure> {
        let (graph, domains, connected) = self.graph_and_connection().await?;
        let pane = self.pane(&connected, &domains);
        let result = handler(&pane, &graph).await;
        self.keep_session(&connected).await?;
        result
    }

    /// The key of remembered contact choices, from the `VAULT_KEY` secret (none without it).
    fn row_key(&self) -> Option<RowKey> {
        let secret = self.env.secret(crate::config::var::VAULT_KEY).ok()?;
        Some(RowKey::derive(secret.to_string().trim().as_bytes()))
    }

    /// The handlers' view of the request.
    pub(crate) fn pane<'p>(
        &self,
        connected: &'p Connected<'p, 'e>,
        internal_domains: &'p [String],
    ) -> RequestContext<'p, EdgeCrm<'p>, EdgeStore<'p, 'e>> {
        RequestContext {
            crm: &connected.crm,
            store: &connected.store,
            scope: self.scope(),
            internal_domains,
            settings: connected.settings.clone(),
            row_key: self.row_key(),
            answer_language: self.answer_language(),
            now: now(),
        }
    }
}

/// The tenant's verified domains, from Graph `/organization` at most once an hour per isolate.
async fn internal_domains<T: HttpTransport, S: Sleeper>(
    tenant_id: &str,
    graph: &GraphClient<T, S>,
) -> Result<Vec<String>, ApiFailure> {
    let at = now();
    let cached = TENANT_DOMAINS.with(|cache| {
        cache
            .borrow()
            .get(tenant_id)
            .filter(|(fetched, _)| at < fetched + DOMAINS_TTL_SECONDS)
            .map(|(_, domains)| domains.clone())
    });
    if let Some(domains) = cached {
        return Ok(domains);
    }
    let domains = graph.organization().await?.internal_domains();
    TENANT_DOMAINS.with(|cache| {
        cache
            .borrow_mut()
            .insert(tenant_id.to_owned(), (at, domains.clone()))
    });
    Ok(domains)
}

/// This request's identity for the save lock: a random token, JS timers between checks.
pub(crate) fn save_lock() -> Result<SaveLock<'static, EdgeSleeper>, ApiFailure> {
    let mut random = [0u8; 16];
    fill_random(&mut random)?;
    Ok(SaveLock {
        token: random.iter().map(|b| format!("{b:02x}")).collect(),
        sleeper: &EdgeSleeper,
    })
}
