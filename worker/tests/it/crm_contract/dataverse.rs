//! The Dataverse fixture for the CRM contract suite: the production [`DataverseClient`] over a
//! native transport, acting as Megan Bowen against the sandbox's `northwind` org, and the
//! sandbox's stored rows read back with Dataverse's own column names.

use crate::crm_contract::suite::CrmFixture;
use crate::support::ReqwestTransport;
use closer_sandbox::Sandbox;
use closer_sandbox::authority::issue_downstream_token;
use closer_sandbox::crm_seed::{self, dataverse_id};
use closer_worker::crm::RecordKind;
use closer_worker::crm::RecordRef;
use closer_worker::crm::dataverse::{DataverseClient, odata};
use secrecy::SecretString;
use std::time::Duration;
use url::Url;

/// Megan's Dataverse session over a fresh sandbox.
pub struct DataverseFixture {
    sandbox: Sandbox,
    token: String,
    connector: DataverseClient<ReqwestTransport>,
}

impl DataverseFixture {
    fn client(&self, transport: ReqwestTransport) -> DataverseClient<ReqwestTransport> {
        DataverseClient::new(
            transport,
            Url::parse(&self.sandbox.urls().crm).unwrap(),
            SecretString::from(self.token.clone()),
        )
    }
}

fn megan_entra_id() -> &'static str {
    crm_seed::USERS
        .iter()
        .find(|user| user.key == crm_seed::OWNER_MEGAN)
        .unwrap()
        .entra_id
}

impl CrmFixture for DataverseFixture {
    type Connector = DataverseClient<ReqwestTransport>;

    async fn start() -> Self {
        let sandbox = Sandbox::start(0).await.unwrap();
        // The worker's OBO asks for `{org origin}/.default`; the authority strips the suffix,
        // so the sandbox orgs' audience is the sandbox origin.
        let token =
            issue_downstream_token(sandbox.state(), megan_entra_id(), &sandbox.urls().origin);
        let connector = DataverseClient::new(
            ReqwestTransport::default(),
            Url::parse(&sandbox.urls().crm).unwrap(),
            SecretString::from(token.clone()),
        );
        Self {
            sandbox,
            token,
            connector,
        }
    }

    fn connector(&self) -> &Self::Connector {
        &self.connector
    }

    fn connector_with_timeout(&self, timeout: Duration) -> Self::Connector {
        self.client(ReqwestTransport::new(timeout))
    }

    fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    fn api_prefix(&self) -> String {
        "/dataverse/northwind/api/data/v9.2/".into()
    }

    fn people_part_prefix(&self) -> String {
        "/dataverse/northwind/api/data/v9.2/contacts".into()
    }

    fn seed_id(&self, kind: RecordKind, key: &str) -> String {
        dataverse_id(odata::table(kind).logical, key)
    }

    fn seed_user_id(&self, key: &str) -> String {
        dataverse_id("systemuser", key)
    }

    fn stored(&self, record: &RecordRef) -> Option<serde_json::Value> {
        let state = self.sandbox.state().lock();
        state
            .dataverse
            .record(odata::table(record.kind).set, &record.id)
    }

    fn count(&self, kind: RecordKind) -> usize {
        self.sandbox
            .state()
            .lock()
            .dataverse
            .count(odata::table(kind).set)
    }

    fn change_in_crm(&self, record: &RecordRef) {
        let mut state = self.sandbox.state().lock();
        assert!(
            state
                .dataverse
                .touch(odata::table(record.kind).set, &record.id),
            "no such row to change"
        );
    }

    fn complete_task_in_crm(&self, task: &RecordRef) {
        assert!(
            self.sandbox
                .state()
                .lock()
                .dataverse
                .complete_task(&task.id)
        );
    }

    fn api_requests(&self) -> u32 {
        // The sandbox counts by the first two path segments.
        let state = self.sandbox.state().lock();
        state
            .request_counts
            .get("/dataverse/northwind")
            .copied()
            .unwrap_or(0)
    }

    fn activity_parties(&self, activity: &RecordRef) -> Vec<(String, String)> {
        let state = self.sandbox.state().lock();
        state
            .dataverse
            .activity_parties(&activity.id)
            .iter()
            .filter_map(|party| {
                let role = match party["participationtypemask"].as_u64()? {
                    1 => "from",
                    2 => "to",
                    3 => "cc",
                    5..=7 => "attendee",
                    _ => return None,
                };
                let who = party["_partyid_value"]
                    .as_str()
                    .or_else(|| party["addressused"].as_str())?;
                Some((role.to_owned(), who.to_owned()))
            })
            .collect()
    }

    fn activity_regarding(&self, activity: &RecordRef) -> Option<String> {
        let stored = self.stored(activity)?;
        stored
            .get("_regardingobjectid_value")
            .or_else(|| stored.get("_objectid_value"))
            .and_then(|value| value.as_str())
            .map(str::to_owned)
    }
}
