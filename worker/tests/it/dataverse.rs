//! Dataverse-specific tests beyond the shared CRM contract: the documented payloads in
//! `fixtures/dataverse/` replayed through the connector's parsers, its request builders compared
//! field by field with the composed request fixtures, every error class against the sandbox,
//! Global Discovery of the sandbox's two orgs, and Closer's store in a Dataverse table.

use crate::support::ReqwestTransport;
use bytes::Bytes;
use closer_sandbox::Sandbox;
use closer_sandbox::authority::{GRAPH_RESOURCE, issue_downstream_token};
use closer_sandbox::crm_seed::dataverse_id;
use closer_sandbox::dataverse::discovery::DISCOVERY_RESOURCE;
use closer_sandbox::demo::USERS;
use closer_worker::crm::dataverse::body::{self, Seller};
use closer_worker::crm::dataverse::{
    DataverseClient, DataverseStore, discover_orgs, discovery, error, model, odata,
};
use closer_worker::crm::{
    CrmConnector, FieldUpdate, NewAppointment, NewEmailActivity, NewTask, Party, RecordKind,
    RecordRef, SearchQuery,
};
use closer_worker::http::{HttpTransport, TransportError};
use closer_worker::provider::{Provider, ProviderError};
use closer_worker::store::{CloserStore, Row, RowKind, Scope};
use closer_worker::testing::{Answer, ScriptedTransport};
use rstest::rstest;
use secrecy::SecretString;
use serde_json::{Value, json};
use std::time::Duration;
use url::Url;

const MEGAN: usize = 0;
const DIEGO: usize = 2;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/dataverse/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

fn response(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from(body)).unwrap()
}

// ---- documented payloads through the parsers -------------------------------------------------

#[test]
fn whoami_fixture_parses() {
    let who = model::parse_who_am_i(&fixture("whoami.response.json")).unwrap();
    assert_eq!(who.user_id, "22cc22cc-dd33-ee44-ff55-66aa66aa66aa");
    assert_eq!(who.business_unit_id, "11bb11bb-cc22-dd33-ee44-55ff55ff55ff");
    assert_eq!(who.organization_id, "00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
}

#[test]
fn contacts_page_fixture_keeps_its_next_link_verbatim() {
    let body = fixture("contacts-page-maxpagesize.response.json");
    let page = model::parse_contacts_page(&body).unwrap();
    let names: Vec<&str> = page.items.iter().map(|c| c.full_name.as_str()).collect();
    assert_eq!(
        names,
        ["Yvonne McKay (sample)", "Susanna Stubberod (sample)"]
    );
    assert_eq!(page.items[0].id, "49b0be2e-d01c-ed11-b83e-000d3a572421");
    assert_eq!(page.items[0].version.0, "W/\"72201545\"");
    let expected = fixture_json("contacts-page-maxpagesize.response.json")["@odata.nextLink"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(page.next.as_deref(), Some(expected.as_str()));
    assert!(expected.contains("$skiptoken=%3Ccookie%20pagenumber=%222%22"));
}

#[test]
fn formatted_values_fixture_gives_labels_and_names() {
    let body = model::parse_collection(
        "account",
        &fixture("accounts-formatted-values.response.json"),
    )
    .unwrap();
    let row = &body.value[0];
    let account = model::account(row).unwrap();
    assert_eq!(account.name, "Litware, Inc. (sample)");
    assert_eq!(account.id, "78914942-34cb-ed11-b596-0022481d68cd");
    assert_eq!(account.version.0, "W/\"81359849\"");
    assert_eq!(
        model::formatted(row, "revenue").as_deref(),
        Some("$20,000.00")
    );
    assert_eq!(
        model::formatted(row, "_primarycontactid_value").as_deref(),
        Some("Susanna Stubberod (sample)")
    );
    assert_eq!(
        model::formatted(row, "customertypecode").as_deref(),
        Some("Competitor")
    );
}

#[test]
fn lookup_annotations_fixture_tells_which_table_an_owner_is() {
    let body = model::parse_collection(
        "account",
        &fixture("accounts-lookup-annotations.response.json"),
    )
    .unwrap();
    let tables: Vec<String> = body
        .value
        .iter()
        .map(|row| {
            model::text(
                row,
                "_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname",
            )
            .unwrap()
        })
        .collect();
    assert_eq!(tables, ["team", "systemuser"]);
    let owners: Vec<Option<String>> = body
        .value
        .iter()
        .map(|row| model::account(row).unwrap().owner_id)
        .collect();
    assert_eq!(
        owners[1].as_deref(),
        Some("4026be43-6b69-e111-8f65-78e7d1620f5e")
    );
}

#[test]
fn create_response_fixture_gives_the_new_id() {
    let text = String::from_utf8(fixture("create-account-basic.response.http")).unwrap();
    let header = text
        .lines()
        .find_map(|line| line.strip_prefix("OData-EntityId: "))
        .unwrap();
    assert_eq!(
        model::entity_id(header).as_deref(),
        Some("7eb682f1-ca75-e511-80d4-00155d2a68d1")
    );
}

#[test]
fn error_shapes_parse_and_the_invalid_annotated_sample_still_maps_by_status() {
    let basic = error::parse_error_body(&fixture("error-basic.shape.json")).unwrap();
    assert!(basic.code.starts_with("<This code"), "{basic:?}");
    let fixed = error::parse_error_body(&fixture("error-annotated.fixed.json")).unwrap();
    assert_eq!(fixed.code, "0x80040265");
    assert_eq!(fixed.message, "Example Error Message.");
    assert_eq!(fixed.sub_error_code.as_deref(), Some("12345"));
    assert_eq!(
        fixed.inner_message.as_deref(),
        Some("Example Error Message.")
    );
    assert!(
        fixed
            .help_link
            .unwrap()
            .starts_with("http://go.microsoft.com/")
    );
    assert_eq!(
        error::error_for(
            "account",
            &response(400, &[], fixture("error-annotated.fixed.json"))
        ),
        ProviderError::Rejected {
            provider: Provider::Dataverse,
            status: 400,
            code: "0x80040265".into()
        }
    );
    // The documented sample is not valid JSON: no code, but still the right variant.
    let verbatim = fixture("error-annotated.verbatim.json");
    assert!(error::parse_error_body(&verbatim).is_none());
    assert_eq!(
        error::error_for("account", &response(400, &[], verbatim)),
        ProviderError::Rejected {
            provider: Provider::Dataverse,
            status: 400,
            code: String::new()
        }
    );
}

#[test]
fn service_protection_fixture_is_throttled_with_retry_after() {
    let text = String::from_utf8(fixture("error-429-service-protection.codes.txt")).unwrap();
    let body = text.lines().last().unwrap().as_bytes().to_vec();
    assert_eq!(error::parse_error_body(&body).unwrap().code, "0x80072322");
    assert_eq!(
        error::error_for("contact", &response(429, &[("Retry-After", "12")], body)),
        ProviderError::Throttled {
            provider: Provider::Dataverse,
            retry_after: Some(Duration::from_secs(12)),
        }
    );
}

#[test]
fn global_discovery_fixture_parses_into_orgs_with_their_web_api() {
    let orgs = discovery::parse_instances(response(
        200,
        &[],
        fixture("globaldisco-instances.response.json"),
    ))
    .unwrap();
    assert_eq!(orgs.len(), 1);
    let org = &orgs[0];
    assert_eq!(
        (org.unique_name.as_str(), org.friendly_name.as_str()),
        ("myorg", "My Org")
    );
    assert!(org.is_enabled());
    assert_eq!(
        org.web_api_base().unwrap().as_str(),
        "https://orgurlname.api.crm.dynamics.com/api/data/v9.2/"
    );
    assert_eq!(
        org.app_url().unwrap().as_str(),
        "https://orgurlname.crm.dynamics.com/"
    );
    assert!(matches!(
        discovery::parse_instances(response(200, &[], b"{\"nope\":1}".to_vec())),
        Err(ProviderError::Malformed { .. })
    ));
}

/// Answers every request with one canned response and keeps what it was sent.
#[tokio::test]
async fn batch_fixture_replays_as_people_with_deals_and_a_throttled_saved_check() {
    let transport =
        ScriptedTransport::script([
            Answer::http(200, fixture("batch-lookup.response.multipart")).header(
                "Content-Type",
                "multipart/mixed; boundary=batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f",
            ),
        ]);
    let client = DataverseClient::new(
        &transport,
        Url::parse("https://org.crm.dynamics.com/api/data/v9.2/").unwrap(),
        SecretString::from("token"),
    );
    let key = closer_worker::crm::ActivityKey::InternetMessageId("<a@example.com>".into());
    let lookup = client
        .email_lookup(&["someone_a@example.com".to_owned()], Some(&key))
        .await
        .unwrap();

    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method(), http::Method::POST);
    assert_eq!(
        sent[0].uri().to_string(),
        "https://org.crm.dynamics.com/api/data/v9.2/$batch"
    );
    let body = std::str::from_utf8(sent[0].body()).unwrap();
    assert_eq!(
        body.matches("GET https://org.crm.dynamics.com/api/data/v9.2/")
            .count(),
        2
    );
    assert!(body.contains("/contacts?"), "{body}");
    assert!(body.contains("/emails?"), "{body}");

    let people = lookup.people.unwrap();
    assert_eq!(people.contacts.len(), 1);
    assert_eq!(people.contacts[0].full_name, "Yvonne McKay (sample)");
    let litware = &people.accounts[0];
    assert_eq!(litware.account.name, "Litware, Inc. (sample)");
    assert_eq!(litware.account.industry.as_deref(), Some("Consulting"));
    // An expanded row has no etag (join-tables): its version is its `versionnumber`.
    assert_eq!(litware.account.version.0, "versionnumber:81359849");
    assert_eq!(
        litware.open_opportunities[0].version.0,
        "versionnumber:81360001"
    );
    let deals: Vec<(&str, Option<&str>)> = litware
        .open_opportunities
        .iter()
        .map(|d| (d.name.as_str(), d.close_date.as_deref()))
        .collect();
    assert_eq!(
        deals,
        [
            ("10 Airpot XL Coffee Makers (sample)", Some("2027-03-20")),
            ("6 Orders of Product SKU JJ202 (sample)", Some("2026-12-31")),
        ],
        "newest close date first"
    );
    assert_eq!(
        lookup.saved,
        Err(ProviderError::Throttled {
            provider: Provider::Dataverse,
            retry_after: Some(Duration::from_secs(12)),
        })
    );
}

// ---- request builders against the composed request fixtures -----------------------------------

const C1: &str = "00000000-0000-0000-0000-0000000000c1";
const C2: &str = "00000000-0000-0000-0000-0000000000c2";

fn party(address: &str, contact: Option<&str>) -> Party {
    Party {
        address: address.into(),
        name: None,
        contact_id: contact.map(str::to_owned),
    }
}

/// Every field of `documented` is in `built` with the same value; returns `built`'s extras.
fn extras_beyond(documented: &Value, built: &Value, skip: &[&str]) -> Vec<String> {
    let documented = documented.as_object().unwrap();
    let built = built.as_object().unwrap();
    for (name, value) in documented {
        if skip.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(built.get(name), Some(value), "field {name}");
    }
    built
        .keys()
        .filter(|name| !documented.contains_key(*name))
        .cloned()
        .collect()
}

#[test]
fn email_activity_body_matches_the_composed_fixture_field_by_field() {
    let documented = fixture_json("create-email-activity.request.json");
    let email = NewEmailActivity {
        subject: "Re: Pricing for Contoso renewal".into(),
        html_body: "<p>HTML body of the Outlook message…</p>".into(),
        from: party("buyer@contoso.com", Some(C1)),
        to: vec![party("Seller@Northwind.example", None)],
        cc: vec![party("someone-not-in-crm@example.com", None)],
        sent_at: "2025-03-03T09:00:00Z".into(),
        incoming: true,
        internet_message_id: "<m1@contoso.com>".into(),
        regarding: Some(RecordRef::new(
            RecordKind::Opportunity,
            "00000000-0000-0000-0000-0000000000a1",
        )),
    };
    let seller = Seller {
        id: "00000000-0000-0000-0000-0000000000b1".into(),
        email: Some("seller@northwind.example".into()),
    };
    let built = body::email(&email, Some(&seller)).unwrap();
    let extras = extras_beyond(&documented, &built, &[]);
    assert_eq!(extras, ["actualend", "messageid"]);
    assert_eq!(built["messageid"], "<m1@contoso.com>");
}

#[test]
fn appointment_body_matches_the_composed_fixture_field_by_field() {
    let documented = fixture_json("create-appointment.request.json");
    let meeting = NewAppointment {
        subject: "Contoso renewal sync".into(),
        start: "2025-03-04T16:00:00Z".into(),
        end: "2025-03-04T16:30:00Z".into(),
        location: Some("Microsoft Teams Meeting".into()),
        description: None,
        attendees: vec![
            party("a@contoso.com", Some(C1)),
            party("b@contoso.com", Some(C2)),
            party("seller@northwind.example", None),
        ],
        ical_uid: "040000008200E00074C5B7101A82E008".into(),
        regarding: Some(RecordRef::new(
            RecordKind::Account,
            "00000000-0000-0000-0000-0000000000a2",
        )),
    };
    let seller = Seller {
        id: "00000000-0000-0000-0000-000000000001".into(),
        email: Some("seller@northwind.example".into()),
    };
    let built = body::appointment(&meeting, &seller).unwrap();
    let extras = extras_beyond(&documented, &built, &["appointment_activity_parties"]);
    assert_eq!(extras, [body::ICAL_UID_COLUMN]);
    let documented_parties = documented["appointment_activity_parties"]
        .as_array()
        .unwrap();
    let built_parties = built["appointment_activity_parties"].as_array().unwrap();
    // The organizer and the required attendee exactly; the seller is not listed twice.
    assert_eq!(built_parties.len(), 3);
    assert_eq!(built_parties[..2], documented_parties[..2]);
    // Closer's vocabulary has no optional flag: the fixture's optional attendee (6) is required.
    assert_eq!(
        built_parties[2]["partyid_contact@odata.bind"],
        documented_parties[2]["partyid_contact@odata.bind"]
    );
    assert_eq!(built_parties[2]["participationtypemask"], 5);
}

#[test]
fn task_body_matches_the_composed_fixture_field_by_field() {
    let documented = fixture_json("create-task.request.json");
    let task = NewTask {
        subject: "Send revised quote to Contoso".into(),
        description: Some("Follow-up generated from meeting recap".into()),
        due_date: Some("2025-03-07T17:00:00Z".into()),
        regarding: Some(RecordRef::new(
            RecordKind::Opportunity,
            "00000000-0000-0000-0000-0000000000a1",
        )),
    };
    let built = body::task(&task).unwrap();
    // Priority is not in Closer's vocabulary; the org's default applies.
    assert!(extras_beyond(&documented, &built, &["prioritycode"]).is_empty());
    let date_only = body::task(&NewTask {
        due_date: Some("2026-12-01".into()),
        ..task
    })
    .unwrap();
    assert_eq!(date_only["scheduledend"], "2026-12-01T12:00:00Z");
}

// ---- against the sandbox ----------------------------------------------------------------------

struct Org {
    sandbox: Sandbox,
}

impl Org {
    async fn start() -> Self {
        Self {
            sandbox: Sandbox::start(0).await.unwrap(),
        }
    }

    fn token(&self, user: usize, resource: &str) -> SecretString {
        SecretString::from(issue_downstream_token(
            self.sandbox.state(),
            USERS[user].id,
            resource,
        ))
    }

    fn base(&self) -> Url {
        Url::parse(&self.sandbox.urls().crm).unwrap()
    }

    fn client_with(
        &self,
        token: SecretString,
        timeout: Duration,
    ) -> DataverseClient<ReqwestTransport> {
        DataverseClient::new(ReqwestTransport::new(timeout), self.base(), token)
    }

    fn client(&self) -> DataverseClient<ReqwestTransport> {
        let token = self.token(MEGAN, &self.sandbox.urls().origin);
        self.client_with(token, Duration::from_secs(5))
    }

    async fn fault(&self, rule: Value) {
        reqwest::Client::new()
            .post(format!("{}/_sandbox/faults", self.sandbox.urls().origin))
            .json(&rule)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap();
    }

    fn requests(&self) -> u32 {
        let state = self.sandbox.state().lock();
        state
            .request_counts
            .get("/dataverse/northwind")
            .copied()
            .unwrap_or(0)
    }
}

fn contoso() -> String {
    dataverse_id("account", "contoso")
}

#[tokio::test]
async fn a_token_for_another_resource_is_unauthorized() {
    let org = Org::start().await;
    let client = org.client_with(org.token(MEGAN, GRAPH_RESOURCE), Duration::from_secs(5));
    let result = client.account(&contoso()).await;
    assert!(
        matches!(
            result,
            Err(ProviderError::Unauthorized {
                provider: Provider::Dataverse,
                ..
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_user_outside_the_org_is_forbidden() {
    let org = Org::start().await;
    let client = org.client_with(
        org.token(DIEGO, &org.sandbox.urls().origin),
        Duration::from_secs(5),
    );
    let result = client.current_user().await;
    assert!(
        matches!(&result, Err(ProviderError::Forbidden { code, .. }) if code == "0x80072560"),
        "{result:?}"
    );
}

#[rstest]
#[case(403, "Forbidden")]
#[case(404, "NotFound")]
#[case(412, "Conflict")]
#[case(429, "Throttled")]
#[case(500, "Server")]
#[case(503, "Server")]
#[case(400, "Rejected")]
#[tokio::test]
async fn each_injected_status_maps_to_one_variant(#[case] status: u16, #[case] variant: &str) {
    let org = Org::start().await;
    let prefix = "/dataverse/northwind/api/data/v9.2/";
    org.fault(json!({ "path_prefix": prefix, "status": status, "retry_after": "30" }))
        .await;
    let err = org.client().account(&contoso()).await.unwrap_err();
    assert!(format!("{err:?}").starts_with(variant), "{status}: {err:?}");
    if status == 429 {
        assert!(matches!(
            err,
            ProviderError::Throttled { retry_after: Some(wait), .. } if wait == Duration::from_secs(30)
        ));
    }
}

#[tokio::test]
async fn a_transient_failure_of_a_read_is_retried_once() {
    let org = Org::start().await;
    org.fault(json!({ "path_prefix": "/dataverse/northwind/", "status": 503, "times": 1 }))
        .await;
    let before = org.requests();
    let account = org.client().account(&contoso()).await.unwrap();
    assert_eq!(account.name, "Contoso Ltd");
    assert_eq!(org.requests() - before, 2);
}

#[tokio::test]
async fn a_failed_write_is_not_retried() {
    let org = Org::start().await;
    org.fault(json!({ "path_prefix": "/dataverse/northwind/", "method": "POST", "status": 503, "times": 1 }))
        .await;
    let before = org.requests();
    let task = NewTask {
        subject: "x".into(),
        ..NewTask::default()
    };
    let result = org.client().create_task(&task).await;
    assert!(matches!(
        result,
        Err(ProviderError::Server { status: 503, .. })
    ));
    assert_eq!(org.requests() - before, 1);
    assert_eq!(org.sandbox.state().lock().dataverse.count("tasks"), 0);
}

#[rstest]
#[case("malformed")]
#[case("truncated")]
#[tokio::test]
async fn damaged_bodies_are_malformed(#[case] body: &str) {
    let org = Org::start().await;
    org.fault(json!({ "path_prefix": "/dataverse/northwind/", "body": body }))
        .await;
    let result = org
        .client()
        .opportunity(&dataverse_id("opportunity", "contoso-edi"))
        .await;
    assert!(
        matches!(result, Err(ProviderError::Malformed { .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_hanging_org_times_out() {
    let org = Org::start().await;
    org.fault(json!({ "path_prefix": "/dataverse/northwind/", "hang": true }))
        .await;
    let client = org.client_with(
        org.token(MEGAN, &org.sandbox.urls().origin),
        Duration::from_millis(200),
    );
    let result = client.current_user().await;
    assert!(
        matches!(
            result,
            Err(ProviderError::Transport {
                source: TransportError::Timeout { .. },
                ..
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn many_addresses_are_looked_up_in_a_few_chunked_requests() {
    let org = Org::start().await;
    let mut addresses: Vec<String> = (0..60)
        .map(|i| format!("unknown.person{i}@example.com"))
        .collect();
    addresses.push("PRIYA.RAMAN@contoso.com".into());
    addresses.push("priya.raman@contoso.com".into());
    let before = org.requests();
    let found = org.client().contacts_by_emails(&addresses).await.unwrap();
    let requests = org.requests() - before;
    assert!((2..=5).contains(&requests), "{requests} requests");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].full_name, "Priya Raman");
    assert_eq!(
        found[0].account.as_ref().and_then(|a| a.name.as_deref()),
        Some("Contoso Ltd"),
        "the company name comes from the lookup's formatted value"
    );
}

#[tokio::test]
async fn extra_fields_are_read_and_unknown_ones_are_refused_by_the_org() {
    let org = Org::start().await;
    let id = dataverse_id("contact", "priya");
    let contact = org
        .client()
        .contact(&id, &["emailaddress2".into(), "statecode".into()])
        .await
        .unwrap();
    // As the user sees it: the choice's label (its formatted value), not its number.
    assert_eq!(contact.extra["statecode"], json!("Active"));
    assert_eq!(contact.extra["emailaddress2"], Value::Null);
    let unknown = org.client().contact(&id, &["nosuchcolumn".into()]).await;
    assert!(
        matches!(unknown, Err(ProviderError::Rejected { status: 400, .. })),
        "{unknown:?}"
    );
    let hostile = org.client().contact(&id, &["fullname&$top=1".into()]).await;
    assert!(
        matches!(hostile, Err(ProviderError::Rejected { status: 400, .. })),
        "{hostile:?}"
    );
}

#[tokio::test]
async fn a_next_link_outside_the_org_is_never_followed() {
    let org = Org::start().await;
    let before = org.requests();
    let result = org
        .client()
        .contacts_page(
            5,
            Some("https://evil.example/api/data/v9.2/contacts?$skiptoken=x"),
        )
        .await;
    assert!(
        matches!(result, Err(ProviderError::Malformed { .. })),
        "{result:?}"
    );
    assert_eq!(org.requests(), before);
}

#[tokio::test]
async fn who_am_i_is_asked_once_per_client() {
    let org = Org::start().await;
    let client = org.client();
    let query = SearchQuery {
        text: "Contoso".into(),
        kinds: vec![RecordKind::Opportunity],
        active_only: true,
        owned_by_me: true,
        top: 10,
    };
    let before = org.requests();
    let first = client.search(&query).await.unwrap();
    let second = client.search(&query).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(
        org.requests() - before,
        3,
        "WhoAmI once, then one search each"
    );
    let names: Vec<&str> = first.iter().map(|hit| hit.title.as_str()).collect();
    assert_eq!(
        names,
        [
            "Contoso – EDI integration add-on",
            "Contoso – Fulfillment Cloud rollout"
        ]
    );
}

#[tokio::test]
async fn search_text_wildcards_match_only_themselves() {
    let org = Org::start().await;
    let query = |text: &str| SearchQuery {
        text: text.into(),
        kinds: vec![RecordKind::Account],
        active_only: false,
        owned_by_me: false,
        top: 10,
    };
    let all = org.client().search(&query("%")).await.unwrap();
    assert!(
        all.is_empty(),
        "a literal % matches no account name: {all:?}"
    );
    let quoted = org.client().search(&query("o'brien")).await.unwrap();
    assert!(quoted.is_empty());
}

#[tokio::test]
async fn deep_links_open_the_record_in_the_sandbox_org() {
    let org = Org::start().await;
    let url = org
        .client()
        .record_url(&RecordRef::new(RecordKind::Account, contoso()));
    assert_eq!(
        url,
        format!(
            "{}/dataverse/northwind/main.aspx?pagetype=entityrecord&etn=account&id={}",
            org.sandbox.urls().origin,
            contoso()
        )
    );
    let page = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert!(page.contains("Contoso Ltd"), "{page}");
}

#[tokio::test]
async fn discovery_lists_both_orgs_and_the_second_one_is_usable() {
    let org = Org::start().await;
    let urls = org.sandbox.urls();
    let disco = Url::parse(&format!("{}/globaldisco/", urls.origin)).unwrap();
    let transport = ReqwestTransport::default();
    let orgs = discover_orgs(&transport, &disco, &org.token(MEGAN, DISCOVERY_RESOURCE))
        .await
        .unwrap();
    let names: Vec<&str> = orgs.iter().map(|o| o.unique_name.as_str()).collect();
    assert_eq!(names, ["northwind", "northwind-emea"]);
    assert!(orgs.iter().all(|o| o.is_enabled()));
    assert_eq!(orgs[0].web_api_base().unwrap().as_str(), urls.crm);

    let emea = &orgs[1];
    let client = DataverseClient::new(
        ReqwestTransport::default(),
        emea.web_api_base().unwrap(),
        org.token(MEGAN, &urls.origin),
    )
    .with_app_url(emea.app_url().unwrap());
    let me = client.current_user().await.unwrap();
    assert_eq!(me.name, "Megan Bowen");
    assert_eq!(me.id, dataverse_id("systemuser", "emea/megan"));
    let hits = client
        .search(&SearchQuery {
            text: "Contoso".into(),
            kinds: vec![RecordKind::Account],
            active_only: false,
            owned_by_me: false,
            top: 10,
        })
        .await
        .unwrap();
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Contoso GmbH"]);
    assert!(
        client
            .record_url(&hits[0].record)
            .contains("/dataverse/northwind-emea/main.aspx")
    );

    // A discovery token is for discovery only; other tenants' users see no org.
    let wrong = discover_orgs(&transport, &disco, &org.token(MEGAN, &urls.origin)).await;
    assert!(
        matches!(wrong, Err(ProviderError::Unauthorized { .. })),
        "{wrong:?}"
    );
    let diego = discover_orgs(&transport, &disco, &org.token(DIEGO, DISCOVERY_RESOURCE))
        .await
        .unwrap();
    assert!(diego.is_empty());
}

// ---- Closer's store in a Dataverse table ------------------------------------------------------

fn store(org: &Org) -> DataverseStore<ReqwestTransport> {
    DataverseStore::new(
        ReqwestTransport::default(),
        org.base(),
        org.token(MEGAN, &org.sandbox.urls().origin),
    )
}

fn scope(tenant: &str, user: Option<&str>) -> Scope {
    Scope {
        tenant_id: tenant.into(),
        user_id: user.map(str::to_owned),
    }
}

fn row(value: &str, expires_at: Option<u64>) -> Row {
    Row {
        value: value.into(),
        expires_at,
    }
}

/// The tenant's admin settings live in the org's table for Dynamics tenants: versioned, with
/// their audit log in the same row, which stays under the column's length as it grows.
#[tokio::test]
async fn admin_settings_round_trip_through_the_org_table() {
    use closer_wire::{SaveSettings, TenantSettings};
    use closer_worker::identity::UserContext;
    use closer_worker::settings::{self, SettingsError};
    let org = Org::start().await;
    let store = store(&org);
    let alex = UserContext {
        tenant_id: "tenant-a".into(),
        object_id: "alex".into(),
        name: "Alex Wilber".into(),
        username: "alex@example.com".into(),
        roles: vec!["Closer.Admin".into()],
        groups: Vec::new(),
    };
    let defaults = TenantSettings::default();
    let mut version = 0;
    // Long tracker lists, changed over and over: the audit keeps the newest changes that fit.
    for round in 0..60u64 {
        let mut edit = defaults.clone();
        edit.trackers.competitors = (0..100)
            .map(|i| format!("Competitor {round} {i} {}", "x".repeat(40)))
            .collect();
        let saved = settings::save(
            &store,
            &alex,
            &defaults,
            SaveSettings {
                version,
                settings: edit,
            },
            1_800_000_000 + round,
        )
        .await
        .unwrap();
        version = saved.version;
    }
    let stored = settings::load(&store, "tenant-a", &defaults, 0)
        .await
        .unwrap();
    assert_eq!(stored.version, 60);
    assert_eq!(stored.audit[0].version, 60, "newest first");
    assert!(stored.audit.len() < 60, "the oldest entries made room");
    assert!(serde_json::to_string(&stored).unwrap().len() <= settings::MAX_ROW_CHARS);
    let stale = settings::save(
        &store,
        &alex,
        &defaults,
        SaveSettings {
            version: 59,
            settings: defaults.clone(),
        },
        1_800_000_100,
    )
    .await;
    assert!(matches!(
        stale,
        Err(SettingsError::Conflict { current: 60 })
    ));
    let rows = org
        .sandbox
        .state()
        .lock()
        .dataverse
        .records("osc_closerrows");
    assert_eq!(rows.len(), 1, "one row holds settings and audit");
    assert_eq!(rows[0]["osc_scope"], "tenant-a");
    assert_eq!(rows[0]["osc_kind"], "setting");
}

#[tokio::test]
async fn store_round_trips_overwrites_and_deletes() {
    let org = Org::start().await;
    let store = store(&org);
    let megan = scope("tenant-a", Some("megan"));
    let key = "<CAF=abc'1+x@mail.contoso.com>";
    assert_eq!(
        store
            .get(&megan, RowKind::SavedActivity, key, 0)
            .await
            .unwrap(),
        None
    );
    store
        .put(&megan, RowKind::SavedActivity, key, &row("email-1", None))
        .await
        .unwrap();
    store
        .put(&megan, RowKind::SavedActivity, key, &row("email-2", None))
        .await
        .unwrap();
    assert_eq!(
        store
            .get(&megan, RowKind::SavedActivity, key, 0)
            .await
            .unwrap(),
        Some(row("email-2", None))
    );
    assert_eq!(
        org.sandbox.state().lock().dataverse.count("osc_closerrows"),
        1
    );
    let stored = org
        .sandbox
        .state()
        .lock()
        .dataverse
        .records("osc_closerrows");
    assert_eq!(stored[0]["osc_scope"], "tenant-a:megan");
    assert_eq!(stored[0]["osc_kind"], "saved_activity");
    assert_eq!(stored[0]["osc_key"], key);
    // Another kind with the same key is another row.
    assert_eq!(
        store
            .get(&megan, RowKind::ContactMatch, key, 0)
            .await
            .unwrap(),
        None
    );
    store
        .delete(&megan, RowKind::SavedActivity, key)
        .await
        .unwrap();
    store
        .delete(&megan, RowKind::SavedActivity, key)
        .await
        .unwrap();
    assert_eq!(
        store
            .get(&megan, RowKind::SavedActivity, key, 0)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        org.sandbox.state().lock().dataverse.count("osc_closerrows"),
        0
    );
}

#[tokio::test]
async fn expired_rows_are_invisible_and_purged() {
    let org = Org::start().await;
    let store = store(&org);
    let a = scope("tenant-a", None);
    let b = scope("tenant-b", Some("u1"));
    store
        .put(&a, RowKind::Insight, "i1", &row("old", Some(100)))
        .await
        .unwrap();
    store
        .put(&b, RowKind::Insight, "i2", &row("older", Some(50)))
        .await
        .unwrap();
    store
        .put(&a, RowKind::Insight, "i3", &row("fresh", Some(1_000)))
        .await
        .unwrap();
    store
        .put(&a, RowKind::Setting, "s", &row("{}", None))
        .await
        .unwrap();
    assert_eq!(
        store.get(&a, RowKind::Insight, "i1", 99).await.unwrap(),
        Some(row("old", Some(100)))
    );
    assert_eq!(
        store.get(&a, RowKind::Insight, "i1", 100).await.unwrap(),
        None
    );
    assert_eq!(store.purge_expired(100).await.unwrap(), 2);
    assert_eq!(
        org.sandbox.state().lock().dataverse.count("osc_closerrows"),
        2
    );
    assert_eq!(
        store.get(&a, RowKind::Insight, "i1", 0).await.unwrap(),
        None
    );
    assert!(
        store
            .get(&a, RowKind::Insight, "i3", 100)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .get(&a, RowKind::Setting, "s", u64::MAX)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.purge_expired(100).await.unwrap(), 0);
}

#[tokio::test]
async fn tenants_never_see_each_others_rows() {
    let org = Org::start().await;
    let store = store(&org);
    let a = scope("tenant-a", None);
    let b = scope("tenant-b", None);
    let a_user = scope("tenant-a", Some("u1"));
    store
        .put(&a, RowKind::Setting, "llm", &row("a-secret", None))
        .await
        .unwrap();
    assert_eq!(
        store.get(&b, RowKind::Setting, "llm", 0).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .get(&a_user, RowKind::Setting, "llm", 0)
            .await
            .unwrap(),
        None
    );
    store
        .put(&b, RowKind::Setting, "llm", &row("b-value", None))
        .await
        .unwrap();
    store.delete(&b, RowKind::Setting, "llm").await.unwrap();
    assert_eq!(
        store.get(&a, RowKind::Setting, "llm", 0).await.unwrap(),
        Some(row("a-secret", None)),
        "b's put and delete never touched a's row"
    );
    // A hostile scope cannot widen the filter.
    let hostile = scope("x' or osc_scope ne 'x", None);
    assert_eq!(
        store
            .get(&hostile, RowKind::Setting, "llm", 0)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_tables_alternate_key_refuses_a_duplicate_row() {
    let org = Org::start().await;
    let store = store(&org);
    let a = scope("tenant-a", None);
    store
        .put(&a, RowKind::Setting, "k", &row("1", None))
        .await
        .unwrap();
    // A second POST of the same key, as a racing writer would send it.
    let url = Url::parse(&format!("{}osc_closerrows", org.base())).unwrap();
    let body = json!({ "osc_name": "setting:k", "osc_scope": "tenant-a", "osc_kind": "setting", "osc_key": "k", "osc_value": "2" });
    let request = odata::request(
        http::Method::POST,
        &url,
        &org.token(MEGAN, &org.sandbox.urls().origin),
        &[],
        &[],
        Some(&body),
    )
    .unwrap();
    let answer = ReqwestTransport::default().send(request).await.unwrap();
    // As Dataverse refuses a duplicate alternate key: 412, `DuplicateRecordEntityKey`.
    assert_eq!(answer.status(), 412);
    let refusal = error::parse_error_body(answer.body()).unwrap();
    assert_eq!(refusal.code, "0x80060892");
    assert!(
        refusal
            .message
            .starts_with("Entity Key osc_closerrowkey violated."),
        "{}",
        refusal.message
    );
    assert!(matches!(
        error::classify("osc_closerrow", answer),
        Err(ProviderError::Conflict { .. })
    ));
    assert_eq!(
        store.get(&a, RowKind::Setting, "k", 0).await.unwrap(),
        Some(row("1", None))
    );
}

#[tokio::test]
async fn a_delete_at_a_stale_version_is_refused_and_keeps_the_row() {
    let org = Org::start().await;
    let store = store(&org);
    let a = scope("tenant-a", None);
    store
        .put(&a, RowKind::Setting, "k", &row("1", None))
        .await
        .unwrap();
    let (id, etag) = {
        let state = org.sandbox.state().lock();
        let rows = state.dataverse.records("osc_closerrows");
        (
            rows[0]["osc_closerrowid"].as_str().unwrap().to_owned(),
            rows[0]["@odata.etag"].as_str().unwrap().to_owned(),
        )
    };
    // Bumps the row's version: an etag read before is stale now.
    store
        .put(&a, RowKind::Setting, "k", &row("2", None))
        .await
        .unwrap();
    let url = Url::parse(&format!("{}osc_closerrows({id})", org.base())).unwrap();
    let token = org.token(MEGAN, &org.sandbox.urls().origin);
    let delete = |if_match: &str| {
        odata::request(
            http::Method::DELETE,
            &url,
            &token,
            &[],
            &[("If-Match", if_match)],
            None,
        )
        .unwrap()
    };
    let answer = ReqwestTransport::default()
        .send(delete(&etag))
        .await
        .unwrap();
    assert_eq!(answer.status(), 412);
    assert_eq!(
        error::parse_error_body(answer.body()).unwrap().code,
        "0x80060882"
    );
    assert_eq!(
        store.get(&a, RowKind::Setting, "k", 0).await.unwrap(),
        Some(row("2", None))
    );
    let answer = ReqwestTransport::default().send(delete("*")).await.unwrap();
    assert_eq!(answer.status(), 204);
    assert_eq!(store.get(&a, RowKind::Setting, "k", 0).await.unwrap(), None);
}

#[tokio::test]
async fn a_create_only_write_takes_an_absent_or_expired_key_and_never_a_live_one() {
    let org = Org::start().await;
    let store = store(&org);
    let tenant = scope("tenant-a", None);
    // Live: the alternate key refuses the POST; expired: deleted at the version read and
    // created again, so one row holds the key.
    let key = "lock:<CAF=abc'1+x@mail.contoso.com>";
    crate::support::create_only::takes_an_absent_or_expired_key_and_never_a_live_one(
        &store, &tenant, key, 100,
    )
    .await;
    let rows = org.sandbox.state().lock().dataverse.count("osc_closerrows");
    assert_eq!(rows, 2, "one row holds the key, one the kept row");
}

#[tokio::test]
async fn create_only_writes_at_once_let_exactly_one_writer_take_the_key() {
    let org = Org::start().await;
    let store = store(&org);
    let tenant = scope("tenant-a", None);
    let writers = (0..6).map(|n| {
        let (store, tenant) = (&store, &tenant);
        async move {
            store
                .put_if_absent(
                    tenant,
                    RowKind::SavedActivity,
                    "lock:k",
                    &row(&format!("writer-{n}"), Some(1_000)),
                    100,
                )
                .await
                .unwrap()
        }
    });
    let taken = futures::future::join_all(writers).await;
    assert_eq!(taken.iter().filter(|took| **took).count(), 1, "{taken:?}");
    assert_eq!(
        org.sandbox.state().lock().dataverse.count("osc_closerrows"),
        1
    );
}

// ---- rows read through `$expand` (no `@odata.etag`, join-tables) ---------------------------------

/// Priya's lookup as the pane sends it: her company and its open deals, read through `$expand`.
async fn priya_lookup(org: &Org) -> closer_worker::crm::AccountDeals {
    let lookup = org
        .client()
        .email_lookup(&["priya.raman@contoso.com".to_owned()], None)
        .await
        .unwrap();
    let people = lookup.people.unwrap();
    assert_eq!(people.contacts[0].full_name, "Priya Raman");
    people.accounts.into_iter().next().expect("Contoso")
}

fn stored(org: &Org, set: &str, id: &str) -> Value {
    org.sandbox
        .state()
        .lock()
        .dataverse
        .record(set, id)
        .unwrap()
}

#[tokio::test]
async fn the_sandbox_puts_no_etag_on_expanded_rows_and_the_lookup_still_reads_them() {
    let org = Org::start().await;
    let company = priya_lookup(&org).await;
    assert_eq!(company.account.id, contoso());
    assert!(!company.open_opportunities.is_empty());
    let stored_version = stored(&org, "accounts", &contoso())["versionnumber"].clone();
    assert_eq!(
        company.account.version.0,
        format!("versionnumber:{stored_version}")
    );
    for deal in &company.open_opportunities {
        assert!(deal.version.0.starts_with("versionnumber:"), "{deal:?}");
    }
}

#[tokio::test]
async fn an_expanded_account_is_edited_with_a_re_read_etag_as_if_match() {
    let org = Org::start().await;
    let company = priya_lookup(&org).await;
    let before = org.requests();
    let version = org
        .client()
        .update(&FieldUpdate {
            record: RecordRef::new(RecordKind::Account, contoso()),
            expected_version: company.account.version.clone(),
            fields: [("telephone1".to_owned(), json!("+1 425 555 0199"))]
                .into_iter()
                .collect(),
        })
        .await
        .unwrap();
    assert_eq!(org.requests() - before, 2, "one GET of the etag, one PATCH");
    let row = stored(&org, "accounts", &contoso());
    assert_eq!(row["telephone1"], "+1 425 555 0199");
    assert_eq!(version.0, row["@odata.etag"].as_str().unwrap());
}

#[tokio::test]
async fn an_expanded_deal_changed_meanwhile_is_a_conflict_and_nothing_is_written() {
    let org = Org::start().await;
    let company = priya_lookup(&org).await;
    let deal = &company.open_opportunities[0];
    org.sandbox
        .state()
        .lock()
        .dataverse
        .touch("opportunities", &deal.id);
    let before = stored(&org, "opportunities", &deal.id);
    let result = org
        .client()
        .update(&FieldUpdate {
            record: RecordRef::new(RecordKind::Opportunity, deal.id.clone()),
            expected_version: deal.version.clone(),
            fields: [("estimatedvalue".to_owned(), json!(1))]
                .into_iter()
                .collect(),
        })
        .await;
    assert!(
        matches!(result, Err(ProviderError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(stored(&org, "opportunities", &deal.id), before);
}

#[tokio::test]
async fn an_edit_without_any_version_is_a_conflict_and_never_an_unconditional_patch() {
    let org = Org::start().await;
    let before = stored(&org, "accounts", &contoso());
    let requests = org.requests();
    let result = org
        .client()
        .update(&FieldUpdate {
            record: RecordRef::new(RecordKind::Account, contoso()),
            expected_version: closer_worker::crm::RecordVersion(String::new()),
            fields: [("telephone1".to_owned(), json!("0"))]
                .into_iter()
                .collect(),
        })
        .await;
    assert!(
        matches!(result, Err(ProviderError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(org.requests(), requests, "nothing sent");
    assert_eq!(stored(&org, "accounts", &contoso()), before);
}

// ---- saved activities: completed state and subject lengths (email / appointment references) --------

fn priya() -> String {
    dataverse_id("contact", "priya")
}

fn saved_email(incoming: bool, subject: &str, message_id: &str) -> NewEmailActivity {
    let (buyer, seller) = (
        party("priya.raman@contoso.com", Some(&priya())),
        party(USERS[MEGAN].email, None),
    );
    let (from, to) = if incoming {
        (buyer, seller)
    } else {
        (seller, buyer)
    };
    NewEmailActivity {
        subject: subject.into(),
        html_body: "<p>Body</p>".into(),
        from,
        to: vec![to],
        cc: Vec::new(),
        sent_at: "2026-11-03T09:00:00Z".into(),
        incoming,
        internet_message_id: message_id.into(),
        regarding: Some(RecordRef::new(RecordKind::Contact, priya())),
    }
}

fn meeting(subject: &str, start: &str, end: &str, uid: &str) -> NewAppointment {
    NewAppointment {
        subject: subject.into(),
        start: start.into(),
        end: end.into(),
        location: None,
        description: None,
        attendees: vec![party("priya.raman@contoso.com", Some(&priya()))],
        ical_uid: uid.into(),
        regarding: Some(RecordRef::new(RecordKind::Contact, priya())),
    }
}

fn state_of(org: &Org, set: &str, id: &str) -> (Value, Value) {
    let row = stored(org, set, id);
    (row["statecode"].clone(), row["statuscode"].clone())
}

#[rstest]
#[case::received(true, 4)]
#[case::sent(false, 3)]
#[tokio::test]
async fn a_saved_email_is_completed_as_received_or_sent(
    #[case] incoming: bool,
    #[case] status: i64,
) {
    let org = Org::start().await;
    let saved = org
        .client()
        .create_email_activity(&saved_email(incoming, "Pricing", "<state@contoso.com>"))
        .await
        .unwrap();
    assert_eq!(
        state_of(&org, "emails", &saved.id),
        (json!(1), json!(status)),
        "Completed, not a draft"
    );
}

#[tokio::test]
async fn a_meeting_that_is_over_is_completed_and_a_future_one_stays_open() {
    let org = Org::start().await;
    let past = org
        .client()
        .create_appointment(&meeting(
            "Kick-off",
            "2020-01-06T09:00:00Z",
            "2020-01-06T09:30:00Z",
            "uid-past",
        ))
        .await
        .unwrap();
    assert_eq!(
        state_of(&org, "appointments", &past.id),
        (json!(1), json!(3))
    );
    let future = org
        .client()
        .create_appointment(&meeting(
            "Renewal review",
            "2099-01-06T09:00:00Z",
            "2099-01-06T09:30:00Z",
            "uid-future",
        ))
        .await
        .unwrap();
    assert_eq!(
        state_of(&org, "appointments", &future.id),
        (json!(0), json!(1))
    );
}

#[tokio::test]
async fn long_subjects_are_cut_with_a_marker_to_what_the_org_accepts() {
    let org = Org::start().await;
    let email = org
        .client()
        .create_email_activity(&saved_email(true, &"é".repeat(900), "<long@contoso.com>"))
        .await
        .unwrap();
    let subject = stored(&org, "emails", &email.id)["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(subject.chars().count(), 800);
    assert!(subject.ends_with("é…"), "{subject}");

    let appointment = org
        .client()
        .create_appointment(&meeting(
            &"x".repeat(250),
            "2099-01-06T09:00:00Z",
            "2099-01-06T09:30:00Z",
            "uid-long",
        ))
        .await
        .unwrap();
    let subject = stored(&org, "appointments", &appointment.id)["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(subject.chars().count(), 200);
    assert!(subject.ends_with("x…"));

    // Outlook allows locations longer than `appointment.location`'s 200 (several rooms).
    let mut many_rooms = meeting(
        "Rooms",
        "2099-01-07T09:00:00Z",
        "2099-01-07T09:30:00Z",
        "uid-long-location",
    );
    many_rooms.location = Some("Conference Room Adams; ".repeat(12));
    let appointment = org.client().create_appointment(&many_rooms).await.unwrap();
    let location = stored(&org, "appointments", &appointment.id)["location"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(location.chars().count(), 200);
    assert!(location.ends_with('…'));
}

#[tokio::test]
async fn the_org_refuses_a_subject_over_its_max_length_and_a_closed_status_on_create() {
    let org = Org::start().await;
    let token = org.token(MEGAN, &org.sandbox.urls().origin);
    let post = |body: Value| {
        let url = format!("{}appointments", org.base());
        let token = secrecy::ExposeSecret::expose_secret(&token).to_owned();
        async move {
            let response = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, body) = post(json!({"subject": "x".repeat(201)})).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "0x80044331");
    let (status, body) = post(json!({"subject": "ok", "statuscode": 3})).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "0x80048408");
}

#[tokio::test]
async fn a_person_listed_twice_among_the_attendees_is_one_activity_party() {
    let org = Org::start().await;
    let mut twice = meeting(
        "Pricing",
        "2099-01-06T09:00:00Z",
        "2099-01-06T09:30:00Z",
        "uid-twice",
    );
    // The regarding contact again, in another case, and the same contact under a raw address.
    twice
        .attendees
        .push(party("Priya.Raman@Contoso.com", Some(&priya())));
    twice.attendees.push(party("PRIYA.RAMAN@CONTOSO.COM", None));
    twice.attendees.push(party("luca@alpineskihouse.com", None));
    let saved = org.client().create_appointment(&twice).await.unwrap();
    let parties = org
        .sandbox
        .state()
        .lock()
        .dataverse
        .activity_parties(&saved.id);
    let attendees: Vec<String> = parties
        .iter()
        .filter(|party| party["participationtypemask"] == 5)
        .map(|party| {
            party["_partyid_value"]
                .as_str()
                .or_else(|| party["addressused"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(attendees, [priya(), "luca@alpineskihouse.com".to_owned()]);
}

#[tokio::test]
async fn the_pane_edits_a_deal_from_the_lookup_and_answers_409_once_it_changed_meanwhile() {
    use closer_wire::{EditableField, EditableKind, FieldChange, UpdateRecord};
    use closer_worker::routes::pane::record::{EditOutcome, update_record};

    let org = Org::start().await;
    let client = org.client();
    let company = priya_lookup(&org).await;
    let deal = company.open_opportunities[0].clone();
    let edit = |version: &str, amount: &str| UpdateRecord {
        kind: EditableKind::Opportunity,
        id: deal.id.clone(),
        version: version.to_owned(),
        fields: vec![FieldChange {
            field: EditableField::Amount,
            value: amount.to_owned(),
        }],
        extra: Vec::new(),
    };
    let outcome = update_record(&client, edit(&deal.version.0, "51000"))
        .await
        .unwrap();
    assert!(matches!(outcome, EditOutcome::Updated(_)), "{outcome:?}");
    assert_eq!(
        stored(&org, "opportunities", &deal.id)["estimatedvalue"],
        51000.0
    );

    // The lookup's version is now stale (the edit above moved the row on).
    let outcome = update_record(&client, edit(&deal.version.0, "1"))
        .await
        .unwrap();
    let EditOutcome::Conflict { failure, .. } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(failure.status(), 409);
    assert_eq!(
        stored(&org, "opportunities", &deal.id)["estimatedvalue"],
        51000.0
    );
}

#[tokio::test]
async fn long_task_and_note_titles_are_cut_to_their_max_length() {
    let org = Org::start().await;
    let deal = RecordRef::new(
        RecordKind::Opportunity,
        dataverse_id("opportunity", "contoso-fulfillment"),
    );
    let task = org
        .client()
        .create_task(&NewTask {
            subject: "t".repeat(300),
            description: None,
            due_date: None,
            regarding: Some(deal.clone()),
        })
        .await
        .unwrap();
    let subject = stored(&org, "tasks", &task.id)["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(subject.chars().count(), 200);
    assert!(subject.ends_with('…'));
    let note = org
        .client()
        .create_note(&closer_worker::crm::NewNote {
            title: "n".repeat(600),
            body: "Summary".into(),
            regarding: deal,
        })
        .await
        .unwrap();
    let title = stored(&org, "annotations", &note.id)["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(title.chars().count(), 500);
}
