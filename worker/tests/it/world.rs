//! The pane tests' world: a fresh sandbox, Megan Bowen's Graph client, her CRM connection for
//! one vendor as the edge builds it ([`AnyCrm`] + the store that goes with it: the org's
//! Dataverse table for Dynamics, SQLite-as-D1 for Salesforce), every CRM request recorded, and
//! ways to look inside the sandbox's CRM with each vendor's own field names.
//!
//! [`both_vendors!`] instantiates a suite's tests for both CRMs, so none can be skipped for one
//! of them.

use crate::support::sqlite::Sqlite;
use crate::support::tenant::{MEGAN, control, megan_graph};
use crate::support::{Recording, ReqwestTransport, Sent, TokioSleeper};
use closer_sandbox::Sandbox;
use closer_sandbox::authority::issue_downstream_token;
use closer_sandbox::crm_seed::{self, dataverse_id, salesforce_id};
use closer_sandbox::demo::USERS;
use closer_sandbox::salesforce::{SANDBOX_SF_CLIENT_ID, SANDBOX_SF_CLIENT_SECRET};
use closer_wire::EmailContextRequest;
use closer_worker::crm::any::{AnyCrm, AnyStore};
use closer_worker::crm::dataverse::{DataverseClient, DataverseStore, odata};
use closer_worker::crm::salesforce::{
    DEFAULT_API_VERSION, OAuthRefresher, SalesforceClient, SalesforceConfig, SalesforceOAuth,
};
use closer_worker::crm::{RecordKind, RecordRef};
use closer_worker::graph::{GraphClient, Message};
use closer_worker::provider::NoWait;
use closer_worker::routes::crm::user_scope;
use closer_worker::routes::request::RequestContext;
use closer_worker::store::save_once::SaveLock;
use closer_worker::store::sql::SqlStore;
use secrecy::SecretString;
use url::Url;

/// Which CRM the world runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    /// Dynamics 365 over the sandbox's `northwind` Dataverse org.
    Dataverse,
    /// Salesforce over the sandbox's org.
    Salesforce,
}

/// Instantiates each named `async fn test(vendor: Vendor)` of the including suite (at its
/// root) as two tokio tests, `against_dataverse::test` and `against_salesforce::test`.
macro_rules! both_vendors {
    ($($test:ident),* $(,)?) => {
        mod against_dataverse {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::world::Vendor::Dataverse).await;
                }
            )*
        }
        mod against_salesforce {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(crate::world::Vendor::Salesforce).await;
                }
            )*
        }
    };
}
pub(crate) use both_vendors;

/// The connector and store types the tests drive (the edge's, over a recording transport).
pub type Crm = AnyCrm<Recording, NoWait>;
pub type Store = AnyStore<Recording, NoWait, Sqlite>;

/// Megan's world for one vendor.
pub struct World {
    pub vendor: Vendor,
    pub sandbox: Sandbox,
    pub graph: GraphClient<ReqwestTransport>,
    pub crm: Crm,
    pub store: Store,
    pub internal_domains: Vec<String>,
    /// The tenant's admin settings the handlers see (defaults unless a test changes them).
    pub settings: closer_wire::TenantSettings,
    recording: Recording,
}

impl World {
    /// A fresh sandbox and Megan's connections to it.
    pub async fn start(vendor: Vendor) -> Self {
        let sandbox = Sandbox::start(0).await.unwrap();
        let graph = megan_graph(&sandbox);
        let recording = Recording::default();
        let (crm, store) = match vendor {
            Vendor::Dataverse => {
                // The worker's OBO asks for `{org origin}/.default`: the sandbox's audience is
                // its origin.
                let token = SecretString::from(issue_downstream_token(
                    sandbox.state(),
                    megan_crm_user().entra_id,
                    &sandbox.urls().origin,
                ));
                let base = Url::parse(&sandbox.urls().crm).unwrap();
                (
                    AnyCrm::Dataverse(DataverseClient::new(
                        recording.clone(),
                        base.clone(),
                        token.clone(),
                    )),
                    AnyStore::Dataverse(DataverseStore::new(recording.clone(), base, token)),
                )
            }
            Vendor::Salesforce => {
                let session = sandbox
                    .state()
                    .lock()
                    .salesforce
                    .issue_session(crm_seed::OWNER_MEGAN)
                    .unwrap();
                let instance = format!("{}/salesforce", sandbox.urls().origin);
                let oauth = SalesforceOAuth::new(
                    &Url::parse(&instance).unwrap(),
                    SANDBOX_SF_CLIENT_ID,
                    SecretString::from(SANDBOX_SF_CLIENT_SECRET),
                    "http://127.0.0.1:8787/api/crm/salesforce/callback",
                );
                let refresher = OAuthRefresher::new(
                    recording.clone(),
                    oauth,
                    SecretString::from(session.refresh_token),
                );
                let config = SalesforceConfig::new(&Url::parse(&instance).unwrap())
                    .with_active_field("Active__c");
                (
                    AnyCrm::Salesforce(
                        SalesforceClient::new(
                            recording.clone(),
                            config,
                            SecretString::from(session.access_token),
                        )
                        .with_user_id(session.user_id)
                        .with_refresher(refresher),
                    ),
                    AnyStore::Sql(SqlStore::new(Sqlite::migrated())),
                )
            }
        };
        let internal_domains = graph.organization().await.unwrap().internal_domains();
        Self {
            vendor,
            sandbox,
            graph,
            crm,
            store,
            internal_domains,
            settings: Default::default(),
            recording,
        }
    }

    /// The handlers' view, as the edge builds it for Megan.
    pub fn pane(&self) -> RequestContext<'_, Crm, Store> {
        let megan = &USERS[MEGAN];
        RequestContext {
            crm: &self.crm,
            store: &self.store,
            scope: user_scope(megan.tenant_id, megan.id),
            internal_domains: &self.internal_domains,
            settings: self.settings.clone(),
            row_key: Some(
                closer_worker::routes::pane::email::contacts::RowKey::derive(b"test vault key"),
            ),
            answer_language: Default::default(),
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
        }
    }

    /// A save lock with a token of its own.
    pub fn lock(token: &str) -> SaveLock<'static, TokioSleeper> {
        SaveLock {
            token: token.to_owned(),
            sleeper: &TokioSleeper,
        }
    }

    /// Megan's address (`from` her own mail is outgoing).
    pub fn megan_address() -> &'static str {
        USERS[MEGAN].email
    }

    /// The newest of Megan's inbox messages whose subject contains `subject` and that `accept`s.
    pub async fn message(&self, subject: &str, accept: impl Fn(&Message) -> bool) -> Message {
        self.graph
            .inbox(50)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.subject.contains(subject) && accept(m))
            .unwrap_or_else(|| panic!("no inbox message about {subject}"))
    }

    /// What the host sends for `message` (ids and participants, no body).
    pub fn request_for(message: &Message) -> EmailContextRequest {
        let item = closer_worker::routes::mail::to_item(message.clone());
        EmailContextRequest {
            message_id: item.id,
            internet_message_id: item.internet_message_id,
            from: item.from,
            to: item.to,
            cc: item.cc,
        }
    }

    /// Forgets the requests recorded so far.
    pub fn clear_log(&self) {
        self.recording.clear();
    }

    /// The requests recorded since the last clear.
    pub fn sent(&self) -> Vec<Sent> {
        self.recording.sent()
    }

    /// Whether a recorded request is Closer's own table (Dynamics keeps its store in the org).
    pub fn is_store_request(sent: &Sent) -> bool {
        sent.url.contains("/osc_closerrows")
    }

    /// Recorded requests to the CRM's data, Closer's table excluded.
    pub fn crm_requests(&self) -> Vec<Sent> {
        self.sent()
            .into_iter()
            .filter(|s| !Self::is_store_request(s))
            .collect()
    }

    /// Recorded contact lookups by email (`contacts?$filter=emailaddress1 …` / SOQL on Contact),
    /// sent alone or inside a `$batch` / Composite request.
    pub fn contact_lookups(&self) -> usize {
        self.sent()
            .iter()
            .filter(|s| {
                // A lookup is a GET, or a part of the one POST (`$batch` / Composite).
                let text = match s.method.as_str() {
                    "GET" => s.url.clone(),
                    _ => s.body.clone(),
                };
                match self.vendor {
                    Vendor::Dataverse => {
                        text.contains("/contacts?") && text.contains("emailaddress1 eq")
                    }
                    Vendor::Salesforce => text.contains("FROM Contact WHERE Email IN"),
                }
            })
            .count()
    }

    /// The path of the one request a pane open makes (`$batch` / Composite), for fault rules
    /// that fail the lookup as a whole.
    pub fn lookup_request_path(&self) -> String {
        match self.vendor {
            Vendor::Dataverse => "/dataverse/northwind/api/data/v9.2/$batch".into(),
            Vendor::Salesforce => {
                format!("/salesforce/services/data/{DEFAULT_API_VERSION}/composite")
            }
        }
    }

    /// The path prefix of the vendor's contact lookup (for fault rules: inside a batch it fails
    /// the people part only; on Salesforce every query matches, the contacts query first).
    pub fn lookup_path(&self) -> String {
        match self.vendor {
            Vendor::Dataverse => "/dataverse/northwind/api/data/v9.2/contacts".into(),
            Vendor::Salesforce => format!("/salesforce/services/data/{DEFAULT_API_VERSION}/query"),
        }
    }

    /// The path prefix of the vendor's email-activity create (for fault rules).
    pub fn create_email_path(&self) -> String {
        match self.vendor {
            Vendor::Dataverse => "/dataverse/northwind/api/data/v9.2/emails".into(),
            Vendor::Salesforce => {
                format!("/salesforce/services/data/{DEFAULT_API_VERSION}/composite")
            }
        }
    }

    /// Adds a sandbox fault rule.
    pub async fn fault(&self, rule: serde_json::Value) {
        control(&self.sandbox, "faults", rule).await;
    }

    /// Removes every fault rule.
    pub async fn clear_faults(&self) {
        reqwest::Client::new()
            .delete(format!("{}/_sandbox/faults", self.sandbox.urls().origin))
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }

    /// The CRM id of a seeded record.
    pub fn seed_id(&self, kind: RecordKind, key: &str) -> String {
        match self.vendor {
            Vendor::Dataverse => dataverse_id(odata::table(kind).logical, key),
            Vendor::Salesforce => {
                let prefix = match kind {
                    RecordKind::Contact => "003",
                    RecordKind::Account => "001",
                    RecordKind::Opportunity => "006",
                    _ => unreachable!("only people and deals are seeded here"),
                };
                salesforce_id(prefix, key)
            }
        }
    }

    fn sobject(record: &RecordRef) -> &'static str {
        match record.kind {
            RecordKind::Contact => "Contact",
            RecordKind::Email => "EmailMessage",
            _ => unreachable!("the pane writes contacts and emails"),
        }
    }

    /// How many contacts or saved emails the CRM holds.
    pub fn count(&self, kind: RecordKind) -> usize {
        let state = self.sandbox.state().lock();
        match self.vendor {
            Vendor::Dataverse => state.dataverse.count(odata::table(kind).set),
            Vendor::Salesforce => state
                .salesforce
                .count(Self::sobject(&RecordRef::new(kind, ""))),
        }
    }

    /// The record as the CRM stores it, with the vendor's field names.
    pub fn stored(&self, record: &RecordRef) -> Option<serde_json::Value> {
        let state = self.sandbox.state().lock();
        match self.vendor {
            Vendor::Dataverse => state
                .dataverse
                .record(odata::table(record.kind).set, &record.id),
            Vendor::Salesforce => state.salesforce.record(Self::sobject(record), &record.id),
        }
    }

    /// The vendor's names for a contact's first name, last name, email, title and phone.
    pub fn contact_fields(&self) -> [&'static str; 5] {
        match self.vendor {
            Vendor::Dataverse => [
                "firstname",
                "lastname",
                "emailaddress1",
                "jobtitle",
                "telephone1",
            ],
            Vendor::Salesforce => ["FirstName", "LastName", "Email", "Title", "Phone"],
        }
    }

    /// The contacts a saved email is linked to, as (role, contact id): Dataverse activity
    /// parties pointing at contacts; Salesforce `EmailMessageRelation`s and `ToIds`/`CcIds`.
    pub fn contact_parties(&self, activity: &RecordRef) -> Vec<(String, String)> {
        let state = self.sandbox.state().lock();
        let mut parties = Vec::new();
        match self.vendor {
            Vendor::Dataverse => {
                for party in state.dataverse.activity_parties(&activity.id) {
                    let role = match party["participationtypemask"].as_u64() {
                        Some(1) => "from",
                        Some(2) => "to",
                        Some(3) => "cc",
                        _ => continue,
                    };
                    if party["partyid_logicalname"] != "contact" {
                        continue;
                    }
                    if let Some(who) = party["_partyid_value"].as_str() {
                        parties.push((role.to_owned(), who.to_owned()));
                    }
                }
            }
            Vendor::Salesforce => {
                for (relation, who) in state.salesforce.email_relations(&activity.id) {
                    let role = match relation.as_str() {
                        "FromAddress" => "from",
                        "ToAddress" => "to",
                        "CcAddress" => "cc",
                        _ => continue,
                    };
                    if who.starts_with("003") {
                        parties.push((role.to_owned(), who));
                    }
                }
            }
        }
        parties.sort();
        parties.dedup();
        parties
    }

    /// The id of the record a saved email is regarding.
    pub fn regarding(&self, activity: &RecordRef) -> Option<String> {
        let stored = self.stored(activity)?;
        ["_regardingobjectid_value", "RelatedToId"]
            .iter()
            .find_map(|field| stored.get(*field)?.as_str().map(str::to_owned))
    }
}

fn megan_crm_user() -> &'static crm_seed::SeedUser {
    crm_seed::USERS
        .iter()
        .find(|user| user.key == crm_seed::OWNER_MEGAN)
        .unwrap()
}
