//! The Salesforce fixture for the CRM contract suite: the production `SalesforceClient` (with
//! its refresh-token refresher) acting as Megan Bowen over a fresh sandbox, signed in the way
//! the edge signs a seller in: the sandbox's OAuth authorize page, the code, and the token
//! exchange with PKCE, all over HTTP with the worker's own OAuth functions.

use crate::support::ReqwestTransport;
use closer_sandbox::Sandbox;
use closer_sandbox::crm_seed::salesforce_id;
use closer_sandbox::salesforce::{SANDBOX_SF_CLIENT_ID, SANDBOX_SF_CLIENT_SECRET, user_id};
use closer_worker::crm::salesforce::oauth::{self, pkce_challenge, pkce_verifier};
use closer_worker::crm::salesforce::{
    DEFAULT_API_VERSION, OAuthRefresher, SalesforceClient, SalesforceConfig, SalesforceOAuth,
    TokenGrant,
};
use closer_worker::crm::{RecordKind, RecordRef};
use closer_worker::http::HttpTransport;
use closer_worker::provider::NoWait;
use secrecy::SecretString;
use std::time::Duration;
use url::Url;

/// Where the sandbox's connected app sends the browser back (the worker's callback route).
pub const REDIRECT_URI: &str = "http://127.0.0.1:8787/api/salesforce/callback";

/// The connector type under test.
pub type Connector = SalesforceClient<ReqwestTransport, NoWait, OAuthRefresher<ReqwestTransport>>;

/// Megan's session on a fresh sandbox org.
pub struct SalesforceFixture {
    sandbox: Sandbox,
    oauth: SalesforceOAuth,
    grant: TokenGrant,
    connector: Connector,
}

/// The connected app as the worker would configure it for the sandbox.
pub fn sandbox_oauth(sandbox: &Sandbox) -> SalesforceOAuth {
    SalesforceOAuth::new(
        &Url::parse(&format!("{}/salesforce", sandbox.urls().origin)).unwrap(),
        SANDBOX_SF_CLIENT_ID,
        SecretString::from(SANDBOX_SF_CLIENT_SECRET),
        REDIRECT_URI,
    )
}

/// Signs `user_key` in through the sandbox's authorize page, as a browser would: open the page,
/// press the user's button, follow the redirect's code into the token exchange with PKCE.
pub async fn sign_in(sandbox: &Sandbox, oauth: &SalesforceOAuth, user_key: &str) -> TokenGrant {
    let verifier = pkce_verifier(&[42; 32]);
    let authorize =
        Url::parse(&oauth.authorize_url(&pkce_challenge(&verifier), "state-1")).unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser.get(authorize.clone()).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("data-testid=\"sf-sign-in-as-{user_key}\"")),
        "{html}"
    );
    let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
    form.push(("user".into(), user_key.into()));
    let redirect = browser
        .post(format!(
            "{}/salesforce/services/oauth2/authorize",
            sandbox.urls().origin
        ))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(redirect.status().is_redirection(), "{}", redirect.status());
    let location = Url::parse(redirect.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(REDIRECT_URI));
    let query = |name: &str| {
        location
            .query_pairs()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    assert_eq!(query("state"), "state-1");
    let request = oauth
        .code_exchange_request(&query("code"), &verifier)
        .unwrap();
    let response = ReqwestTransport::default().send(request).await.unwrap();
    oauth::parse_token_response(&response).unwrap()
}

/// The production client for `grant`'s session, refreshing with its refresh token.
pub fn connector_for(
    oauth: &SalesforceOAuth,
    grant: &TokenGrant,
    transport: ReqwestTransport,
) -> Connector {
    let config = SalesforceConfig::new(&grant.instance_url).with_active_field("Active__c");
    let refresher = OAuthRefresher::new(
        ReqwestTransport::default(),
        oauth.clone(),
        grant.refresh_token.clone().expect("a refresh token"),
    );
    SalesforceClient::new(transport, config, grant.access_token.clone())
        .with_user_id(grant.user_id().expect("a user id"))
        .with_refresher(refresher)
}

impl SalesforceFixture {
    fn sobject(record: &RecordRef) -> &'static str {
        match record.kind {
            RecordKind::Contact => "Contact",
            RecordKind::Account => "Account",
            RecordKind::Opportunity => "Opportunity",
            RecordKind::Task => "Task",
            RecordKind::Note => "Note",
            RecordKind::Email if record.id.starts_with("00T") => "Task",
            RecordKind::Email => "EmailMessage",
            RecordKind::Appointment => "Event",
        }
    }

    fn text(value: &serde_json::Value, field: &str) -> Option<String> {
        value
            .get(field)
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }
}

impl crate::crm_contract::suite::CrmFixture for SalesforceFixture {
    type Connector = Connector;

    async fn start() -> Self {
        let sandbox = Sandbox::start(0).await.unwrap();
        let oauth = sandbox_oauth(&sandbox);
        let grant = sign_in(&sandbox, &oauth, "megan").await;
        // As the edge does on a tenant's first request: the org's currency, read once.
        let reader = connector_for(&oauth, &grant, ReqwestTransport::default());
        let currency = reader.read_org_currency().await.unwrap();
        let connector =
            connector_for(&oauth, &grant, ReqwestTransport::default()).with_org_currency(currency);
        Self {
            sandbox,
            oauth,
            grant,
            connector,
        }
    }

    fn connector(&self) -> &Self::Connector {
        &self.connector
    }

    fn connector_with_timeout(&self, timeout: Duration) -> Self::Connector {
        connector_for(&self.oauth, &self.grant, ReqwestTransport::new(timeout))
    }

    fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    fn api_prefix(&self) -> String {
        "/salesforce/services/data/".into()
    }

    fn people_part_prefix(&self) -> String {
        format!("/salesforce/services/data/{DEFAULT_API_VERSION}/query")
    }

    fn seed_id(&self, kind: RecordKind, key: &str) -> String {
        let prefix = match kind {
            RecordKind::Contact => "003",
            RecordKind::Account => "001",
            RecordKind::Opportunity => "006",
            RecordKind::Task => "00T",
            RecordKind::Note => "002",
            RecordKind::Email => "02s",
            RecordKind::Appointment => "00U",
        };
        salesforce_id(prefix, key)
    }

    fn seed_user_id(&self, key: &str) -> String {
        user_id(key)
    }

    fn stored(&self, record: &RecordRef) -> Option<serde_json::Value> {
        let state = self.sandbox.state().lock();
        state.salesforce.record(Self::sobject(record), &record.id)
    }

    fn count(&self, kind: RecordKind) -> usize {
        let sobject = Self::sobject(&RecordRef::new(kind, ""));
        self.sandbox.state().lock().salesforce.count(sobject)
    }

    fn change_in_crm(&self, record: &RecordRef) {
        let mut state = self.sandbox.state().lock();
        assert!(state.salesforce.touch(Self::sobject(record), &record.id));
    }

    fn complete_task_in_crm(&self, task: &RecordRef) {
        assert!(
            self.sandbox
                .state()
                .lock()
                .salesforce
                .complete_task(&task.id)
        );
    }

    fn api_requests(&self) -> u32 {
        let state = self.sandbox.state().lock();
        state
            .request_counts
            .get("/salesforce/services")
            .copied()
            .unwrap_or(0)
    }

    fn activity_parties(&self, activity: &RecordRef) -> Vec<(String, String)> {
        let state = self.sandbox.state().lock();
        let org = &state.salesforce;
        let Some(stored) = org.record(Self::sobject(activity), &activity.id) else {
            return Vec::new();
        };
        let mut parties = Vec::new();
        match Self::sobject(activity) {
            "EmailMessage" => {
                for (relation, who) in org.email_relations(&activity.id) {
                    let role = match relation.as_str() {
                        "FromAddress" => "from",
                        "ToAddress" => "to",
                        "CcAddress" => "cc",
                        _ => "bcc",
                    };
                    parties.push((role.to_owned(), who));
                }
                if !parties.iter().any(|(role, _)| role == "from")
                    && let Some(from) = Self::text(&stored, "FromAddress")
                {
                    parties.push(("from".into(), from));
                }
                for (field, role) in [("ToAddress", "to"), ("CcAddress", "cc")] {
                    for address in Self::text(&stored, field).unwrap_or_default().split(';') {
                        if !address.trim().is_empty() {
                            parties.push((role.into(), address.trim().to_owned()));
                        }
                    }
                }
            }
            "Event" => {
                parties
                    .extend(Self::text(&stored, "WhoId").map(|who| ("attendee".to_owned(), who)));
                for who in org.event_relations(&activity.id) {
                    parties.push(("attendee".into(), who));
                }
            }
            _ => parties.extend(Self::text(&stored, "WhoId").map(|who| ("to".to_owned(), who))),
        }
        parties
    }

    fn activity_regarding(&self, activity: &RecordRef) -> Option<String> {
        let stored = self.stored(activity)?;
        ["RelatedToId", "WhatId", "ParentId", "WhoId"]
            .iter()
            .find_map(|field| Self::text(&stored, field))
    }
}
