//! Which CRM and org a user works in (their stored connection, or the configured default), and
//! the CRM clients built for it: Dataverse with an org token, Salesforce with a session kept
//! per isolate and refreshed from the sealed refresh token.

use super::SignedIn;
use crate::config::{Config, var};
use crate::crm::dataverse::{DataverseClient, DataverseOrg, discover_orgs};
use crate::crm::salesforce::{
    OAuthRefresher, SalesforceClient, SalesforceConfig, SalesforceOAuth, SessionRefresher, vault,
};
use crate::edge::d1::D1Sql;
use crate::edge::{
    EdgeSleeper, EdgeTransport, SF_SESSIONS, correlation_id, fill_random, now, required, secret,
};
use crate::error::ApiFailure;
use crate::http::is_crm_host;
use crate::provider::Sleeper;
use crate::routes;
use crate::routes::crm::salesforce_connect;
use crate::routes::crm::{CONNECTION_KEY, CONNECTION_KIND, StoredConnection};
use crate::store::CloserStore;
use crate::store::sql::SqlStore;
use closer_wire::CrmVendor;
use secrecy::{ExposeSecret, SecretString};
use url::Url;
use worker::Env;

/// How many Salesforce sessions one isolate keeps (each is one refresh away from coming back).
const MAX_SF_SESSIONS: usize = 4_096;

/// Caches a user's Salesforce session for the isolate, bounded.
pub(crate) fn keep_sf_session(user_key: String, session: SecretString) {
    SF_SESSIONS.with(|sessions| {
        let mut sessions = sessions.borrow_mut();
        if sessions.len() >= MAX_SF_SESSIONS {
            sessions.clear();
        }
        sessions.insert(user_key, session);
    });
}

pub(crate) fn salesforce_app(
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
    // During a rotation the previous key still opens what it sealed.
    let previous_vault_key = secret(env, var::VAULT_KEY_PREVIOUS)
        .ok()
        .map(|key| vault::key_from_base64(key.expose_secret()))
        .transpose()
        .map_err(|_| ApiFailure::NotConfigured {
            what: var::VAULT_KEY_PREVIOUS,
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
        previous_vault_key,
    })
}

/// The CRM and org a user works in, decided by [`SignedIn::crm_target`].
pub(crate) enum CrmTarget {
    /// A Dynamics org: the Web API base and, when the user picked it, its display name.
    Dynamics { base: Url, org_name: Option<String> },
    /// The configured Salesforce org, with the user's sealed refresh token.
    Salesforce {
        instance_url: String,
        sealed_refresh_token: String,
    },
}

impl<'a> SignedIn<'a> {
    /// Revokes the refresh token of a connection Closer just let go of. Closer no longer holds
    /// the token either way, so a failure is logged (without the token) rather than undoing
    /// the user's disconnect or switch.
    pub(crate) async fn revoke_quietly(
        &self,
        app: &salesforce_connect::SalesforceApp,
        connection: &StoredConnection,
    ) {
        let user_key = self.user.user_key();
        if let Err(failure) =
            salesforce_connect::revoke(&self.transport, app, &user_key, connection).await
        {
            worker::console_warn!(
                "[{}] salesforce token revocation failed: {failure}",
                correlation_id()
            );
        }
    }

    pub(crate) fn scope(&self) -> crate::store::Scope {
        routes::crm::user_scope(&self.user.tenant_id, &self.user.object_id)
    }

    pub(crate) fn store(&self) -> SqlStore<D1Sql<'a>> {
        SqlStore::new(D1Sql { env: self.env })
    }

    pub(crate) async fn stored_connection(&self) -> Result<Option<StoredConnection>, ApiFailure> {
        let row = self
            .store()
            .get(&self.scope(), CONNECTION_KIND, CONNECTION_KEY, now())
            .await?;
        Ok(StoredConnection::from_row(row))
    }

    pub(crate) async fn save_connection(
        &self,
        connection: &StoredConnection,
    ) -> Result<(), ApiFailure> {
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

    /// Which CRM and org a stored connection means: the configured default org when none is
    /// stored. The one place that decides it, for the handlers ([`SignedIn::connected`]) and for
    /// describing the connection.
    pub(crate) fn crm_target(
        &self,
        stored: Option<StoredConnection>,
    ) -> Result<CrmTarget, ApiFailure> {
        match stored {
            None => Ok(CrmTarget::Dynamics {
                base: required(&self.config.crm_url, var::CRM_URL)?,
                org_name: None,
            }),
            Some(StoredConnection::Dynamics { api_base, org_name }) => {
                let invalid = || ApiFailure::BadRequest {
                    reason: "The stored Dynamics org is invalid; switch org again.".into(),
                };
                let base = Url::parse(&api_base).map_err(|_| invalid())?;
                // An org discovery listed for the user (checked when they switched), on a CRM
                // host: the only Dynamics origin this request may call besides the configured.
                let configured = self.config.allowed_origins().contains(&base.origin());
                if !configured && !is_crm_host(&base, &self.config.dataverse_host_suffixes) {
                    return Err(invalid());
                }
                self.transport.allow(base.origin());
                Ok(CrmTarget::Dynamics { base, org_name })
            }
            Some(StoredConnection::Salesforce {
                instance_url,
                refresh_token,
                ..
            }) => Ok(CrmTarget::Salesforce {
                instance_url,
                sealed_refresh_token: refresh_token,
            }),
        }
    }

    /// Who the user is in their connected CRM (the configured default org when none is stored).
    pub(crate) async fn describe_connection(
        &self,
        stored: Option<StoredConnection>,
    ) -> Result<closer_wire::CrmConnection, ApiFailure> {
        match self.crm_target(stored)? {
            CrmTarget::Dynamics { base, org_name } => {
                let crm = self.dataverse(&base).await?;
                routes::crm::describe(CrmVendor::Dynamics, org_name, base.as_str(), &crm).await
            }
            CrmTarget::Salesforce {
                instance_url,
                sealed_refresh_token,
            } => {
                // Describing the connection saves nothing: the deploy's Enhanced Email default.
                let crm = self
                    .salesforce(
                        &instance_url,
                        &sealed_refresh_token,
                        self.config.salesforce_enhanced_email,
                    )
                    .await?;
                let result =
                    routes::crm::describe(CrmVendor::Salesforce, None, &instance_url, &crm).await;
                self.keep_salesforce_session(&crm, &instance_url).await?;
                result
            }
        }
    }

    /// The user's OBO token for the Dynamics org at `api_base` (cached per user and scope).
    pub(crate) async fn org_token(&self, api_base: &Url) -> Result<SecretString, ApiFailure> {
        let scope = format!("{}/.default", api_base.origin().ascii_serialization());
        self.token_for(&scope).await
    }

    /// A Dataverse client for the org at `api_base`, with an OBO token for that org.
    pub(crate) async fn dataverse(
        &self,
        api_base: &Url,
    ) -> Result<DataverseClient<EdgeTransport<'_>, EdgeSleeper>, ApiFailure> {
        let token = self.org_token(api_base).await?;
        Ok(
            DataverseClient::new(&self.transport, api_base.clone(), token)
                .with_sleeper(EdgeSleeper),
        )
    }

    /// The Dynamics orgs Global Discovery lists for the user.
    pub(crate) async fn discovered_orgs(&self) -> Result<Vec<DataverseOrg>, ApiFailure> {
        let discovery = required(&self.config.discovery_url, var::DISCOVERY_URL)?;
        let token = self.token_for(&self.config.discovery_scope).await?;
        Ok(discover_orgs(&self.transport, &discovery, &token).await?)
    }

    /// A Salesforce client for the stored connection: the isolate's cached session, refreshed
    /// from the sealed refresh token when absent or when Salesforce says it expired.
    pub(crate) async fn salesforce(
        &self,
        instance_url: &str,
        sealed_refresh_token: &str,
        enhanced_email: bool,
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
        let refresh_token = vault::open(&app.vault_keys(), &user_key, sealed_refresh_token)
            .map_err(|_| ApiFailure::BadRequest {
                reason: "The Salesforce connection can no longer be read; connect again.".into(),
            })?;
        let refresher = OAuthRefresher::new(&self.transport, app.oauth, refresh_token);
        let cached = SF_SESSIONS.with(|s| s.borrow().get(&user_key).cloned());
        let access_token = match cached {
            Some(token) => token,
            None => refresher.refresh().await?,
        };
        let mut config = SalesforceConfig::new(&instance).with_enhanced_email(enhanced_email);
        if let Some(field) = &self.config.salesforce_active_field {
            config = config.with_active_field(field.clone());
        }
        Ok(SalesforceClient::new(&self.transport, config, access_token)
            .with_sleeper(EdgeSleeper)
            .with_refresher(refresher))
    }

    /// Caches the (possibly refreshed) session and stores a rotated refresh token.
    pub(crate) async fn keep_salesforce_session<S: Sleeper>(
        &self,
        crm: &SalesforceClient<EdgeTransport<'_>, S, OAuthRefresher<EdgeTransport<'_>>>,
        instance_url: &str,
    ) -> Result<(), ApiFailure> {
        let user_key = self.user.user_key();
        keep_sf_session(user_key.clone(), crm.access_token());
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
}
