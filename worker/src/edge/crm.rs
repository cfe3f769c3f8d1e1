//! The CRM connection at the edge: `/api/crm/*` (which CRM and org the user works in, switching
//! Dynamics orgs, connecting Salesforce through its OAuth pages) and the [`SignedIn`] helpers
//! that build the user's CRM clients from their stored connection.

use super::*;
use crate::http::is_crm_host;

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
            // Refused before it is stored when its host is not a CRM host.
            session.crm_target(Some(chosen.clone()))?;
            let previous = session.stored_connection().await?;
            session.save_connection(&chosen).await?;
            if let Some(previous @ StoredConnection::Salesforce { .. }) = &previous {
                SF_SESSIONS.with(|s| s.borrow_mut().remove(&session.user.user_key()));
                let app = salesforce_app(env, &session.config, &req)?;
                session.revoke_quietly(&app, previous).await;
            }
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
            let previous = session.stored_connection().await?;
            session
                .store()
                .delete(&session.scope(), CONNECTION_KIND, CONNECTION_KEY)
                .await?;
            SF_SESSIONS.with(|s| s.borrow_mut().remove(&session.user.user_key()));
            if let Some(previous @ StoredConnection::Salesforce { .. }) = &previous {
                let app = salesforce_app(env, &session.config, req)?;
                session.revoke_quietly(&app, previous).await;
            }
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

/// `GET /api/crm/salesforce/callback`: where Salesforce sends the browser back. A navigation
/// without a bearer token, so it completes nothing: it hands Salesforce's answer to the pane
/// (in the fragment), which finishes through `POST /api/crm/connection/salesforce/finish` as
/// the signed-in user (`salesforce_connect::callback_target`).
pub async fn crm_salesforce_callback(
    req: &worker::Request,
    _env: &Env,
) -> worker::Result<Response> {
    let url = req.url()?;
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    let target = url.join(&salesforce_connect::callback_target(&query))?;
    Response::redirect_with_status(target, 302)
}

/// `POST /api/crm/connection/salesforce/finish`: completes the Salesforce sign-in the signed-in
/// user started; the connection it replaces has its refresh token revoked at Salesforce.
pub async fn crm_finish_salesforce(req: &worker::Request, env: &Env) -> worker::Result<Response> {
    let mut body_request = req.clone()?;
    respond(
        async {
            let session = SignedIn::from_request(req, env).await?;
            let body: FinishSalesforce =
                body_request
                    .json()
                    .await
                    .map_err(|_| ApiFailure::BadRequest {
                        reason: "Expected {\"code\": \"...\", \"state\": \"...\"}.".into(),
                    })?;
            let app = salesforce_app(env, &session.config, req)?;
            let mut nonce = [0u8; 12];
            fill_random(&mut nonce)?;
            let connected = salesforce_connect::finish(
                &session.transport,
                &session.store(),
                &app,
                &session.user,
                &body.state,
                &body.code,
                nonce,
                now(),
            )
            .await?;
            keep_sf_session(connected.user_key.clone(), connected.access_token.clone());
            if let Some(replaced) = &connected.replaced {
                session.revoke_quietly(&app, replaced).await;
            }
            session
                .describe_connection(Some(connected.connection))
                .await
        }
        .await,
    )
}

/// How many Salesforce sessions one isolate keeps (each is one refresh away from coming back).
const MAX_SF_SESSIONS: usize = 4_096;

/// Caches a user's Salesforce session for the isolate, bounded.
fn keep_sf_session(user_key: String, session: SecretString) {
    SF_SESSIONS.with(|sessions| {
        let mut sessions = sessions.borrow_mut();
        if sessions.len() >= MAX_SF_SESSIONS {
            sessions.clear();
        }
        sessions.insert(user_key, session);
    });
}

pub(super) fn fill_random(buffer: &mut [u8]) -> Result<(), ApiFailure> {
    getrandom::getrandom(buffer).map_err(|_| ApiFailure::NotConfigured {
        what: "a source of randomness",
    })
}

pub(super) fn salesforce_app(
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
pub(super) enum CrmTarget {
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
    pub(super) async fn revoke_quietly(
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

    pub(super) fn scope(&self) -> crate::store::Scope {
        routes::crm::user_scope(&self.user.tenant_id, &self.user.object_id)
    }

    pub(super) fn store(&self) -> SqlStore<D1Sql<'a>> {
        SqlStore::new(D1Sql { env: self.env })
    }

    pub(super) async fn stored_connection(&self) -> Result<Option<StoredConnection>, ApiFailure> {
        let row = self
            .store()
            .get(&self.scope(), CONNECTION_KIND, CONNECTION_KEY, now())
            .await?;
        Ok(StoredConnection::from_row(row))
    }

    pub(super) async fn save_connection(
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
    pub(super) fn crm_target(
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
    pub(super) async fn describe_connection(
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
    pub(super) async fn org_token(&self, api_base: &Url) -> Result<SecretString, ApiFailure> {
        let scope = format!("{}/.default", api_base.origin().ascii_serialization());
        self.token_for(&scope).await
    }

    /// A Dataverse client for the org at `api_base`, with an OBO token for that org.
    pub(super) async fn dataverse(
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
    pub(super) async fn discovered_orgs(&self) -> Result<Vec<DataverseOrg>, ApiFailure> {
        let discovery = required(&self.config.discovery_url, var::DISCOVERY_URL)?;
        let token = self.token_for(&self.config.discovery_scope).await?;
        Ok(discover_orgs(&self.transport, &discovery, &token).await?)
    }

    /// A Salesforce client for the stored connection: the isolate's cached session, refreshed
    /// from the sealed refresh token when absent or when Salesforce says it expired.
    pub(super) async fn salesforce(
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
    pub(super) async fn keep_salesforce_session<S: Sleeper>(
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
