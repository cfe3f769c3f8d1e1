//! The pane's routes at the edge: `POST /api/pane/email`, `/api/pane/email/choose`,
//! `/api/pane/email/contact` and `/api/pane/email/save`.
//!
//! Builds, for the signed-in user's one connection, the CRM client ([`AnyCrm`]: the default
//! Dynamics org from `CRM_URL`, an org the user switched to, or Salesforce) and the store that
//! goes with it ([`AnyStore`]: the org's Dataverse table, or D1), runs the handler in
//! [`routes::pane`], keeps a renewed Salesforce session, and answers through [`respond`]. Caches
//! each tenant's verified domains per isolate. Never sees a message body (the handlers read it
//! from Graph and drop it) and logs nothing but failures (through [`respond`], or per failed
//! section of the email's cards). The seller's
//! own address, for "incoming or outgoing", is their sign-in name (UPN), which is their primary
//! SMTP address in most tenants.

use super::crm::CrmTarget;
use super::{
    D1Sql, EdgeSleeper, EdgeTransport, SignedIn, correlation_id, fill_random, now, respond,
};
use crate::crm::any::{AnyCrm, AnyStore};
use crate::crm::dataverse::DataverseStore;
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes;
use crate::routes::pane::Pane;
use crate::routes::pane::contacts::RowKey;
use crate::store::save_once::SaveLock;
use closer_wire::{AddContact, ChooseContact, EmailContextRequest, SaveEmail, TenantSettings};
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::collections::HashMap;
use url::Url;
use worker::{Env, Response};

/// How long a tenant's verified domains are trusted before Graph is asked again: domains change
/// rarely, and a stale list only means a newly verified domain is looked up for an hour.
const DOMAINS_TTL_SECONDS: u64 = 3600;

thread_local! {
    // Tenant id -> (fetched at, verified domains). Tenant-wide, public facts; never a user's.
    static TENANT_DOMAINS: RefCell<HashMap<String, (u64, Vec<String>)>> = RefCell::default();
}

type EdgeCrm<'a> = AnyCrm<EdgeTransport<'a>, EdgeSleeper>;
pub(super) type EdgeStore<'a, 'e> = AnyStore<EdgeTransport<'a>, EdgeSleeper, D1Sql<'e>>;

/// The user's connection for one request: the CRM, its store, and (Salesforce) the instance
/// the session belongs to.
pub(super) struct Connected<'a, 'e> {
    pub(super) crm: EdgeCrm<'a>,
    pub(super) store: EdgeStore<'a, 'e>,
    /// The tenant's admin settings, from that store (cached per isolate).
    pub(super) settings: TenantSettings,
    salesforce_instance: Option<String>,
}

impl<'e> SignedIn<'e> {
    /// The CRM and store of the user's stored connection (the default org when none).
    pub(super) async fn connected(&self) -> Result<Connected<'_, 'e>, ApiFailure> {
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
                    .with_card_columns(routes::admin::card_columns(&settings));
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
            .with_card_columns(routes::admin::card_columns(&settings));
        Ok(Connected {
            crm: AnyCrm::Dataverse(crm),
            store,
            settings,
            salesforce_instance: None,
        })
    }

    /// After the handler: keeps a renewed Salesforce session (and a rotated refresh token).
    pub(super) async fn keep_session(
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
    pub(super) async fn graph_and_connection(
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
    pub(super) async fn with_graph_pane<R>(
        &self,
        handler: impl AsyncFnOnce(
            &Pane<'_, EdgeCrm<'_>, EdgeStore<'_, 'e>>,
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
    pub(super) fn pane<'p>(
        &self,
        connected: &'p Connected<'p, 'e>,
        internal_domains: &'p [String],
    ) -> Pane<'p, EdgeCrm<'p>, EdgeStore<'p, 'e>> {
        Pane {
            crm: &connected.crm,
            store: &connected.store,
            scope: self.scope(),
            internal_domains,
            settings: connected.settings.clone(),
            row_key: self.row_key(),
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

/// The request's JSON body; `expected` names its fields in the refusal.
pub(super) async fn body<B: DeserializeOwned>(
    req: &mut worker::Request,
    expected: &str,
) -> Result<B, ApiFailure> {
    req.json().await.map_err(|_| ApiFailure::BadRequest {
        reason: format!("Expected {expected} as JSON."),
    })
}

/// This request's identity for the save lock: a random token, JS timers between checks.
pub(super) fn save_lock() -> Result<SaveLock<'static, EdgeSleeper>, ApiFailure> {
    let mut random = [0u8; 16];
    fill_random(&mut random)?;
    Ok(SaveLock {
        token: random.iter().map(|b| format!("{b:02x}")).collect(),
        sleeper: &EdgeSleeper,
    })
}

/// `POST /api/pane/email`: the cards for the open email.
pub async fn email_context(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<EmailContextRequest, _> = body(&mut req, "an email context request").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let result = session
                .with_graph_pane(async |pane, graph| {
                    routes::pane::email_cards(pane, graph, request).await
                })
                .await;
            // A section that failed is logged like a failed route, under its own correlation
            // id, and shown in its card; the rest of the answer stands.
            Ok(result?.into_wire(|section, failure| {
                let correlation_id = correlation_id();
                worker::console_error!("[{correlation_id}] {section:?}: {failure}: {failure:?}");
                correlation_id
            }))
        }
        .await,
    )
}

/// `POST /api/pane/email/choose`: remember the seller's pick among several contacts.
pub async fn choose_contact(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<ChooseContact, _> = body(&mut req, "{\"address\", \"contact_id\"}").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let connected = session.connected().await?;
            let pane = session.pane(&connected, &[]);
            let result = routes::pane::choose_contact(&pane, request).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}

/// `POST /api/pane/email/contact`: create the contact for an unknown participant.
pub async fn add_contact(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<AddContact, _> = body(&mut req, "a new contact").await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            // Graph only for the tenant's domains: colleagues are not added as contacts.
            session
                .with_graph_pane(async |pane, _| routes::pane::add_contact(pane, request).await)
                .await
        }
        .await,
    )
}

/// `POST /api/pane/email/save`: save the email to the CRM, once.
pub async fn save_email(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let request: Result<SaveEmail, _> = body(
        &mut req,
        "{\"message_id\", \"regarding_kind\", \"regarding_id\"}",
    )
    .await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let request = request?;
            let seller = &session.user.username;
            session
                .with_graph_pane(async |pane, graph| {
                    let lock = save_lock()?;
                    routes::pane::save_email(pane, graph, seller, lock, request).await
                })
                .await
        }
        .await,
    )
}
