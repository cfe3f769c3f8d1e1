//! The Salesforce connector's vendor-specific behaviour: documented payloads replayed through
//! its parsers, its request bodies compared field by field with the documented request shapes,
//! the OAuth web-server flow with PKCE against the sandbox's login host, the refresh-once rule,
//! each error class, the Enhanced Email fallback and the refresh-token vault. The behaviour both
//! CRMs share is in `crm_contract.rs`.

use crate::crm_contract::salesforce as fixture;
use crate::support;
use closer_worker::testing::{Answer, ScriptedTransport};

use crate::support::ReqwestTransport;
use bytes::Bytes;
use closer_sandbox::Sandbox;
use closer_sandbox::crm_seed::salesforce_id;
use closer_worker::crm::salesforce::oauth::{self, pkce_challenge, pkce_verifier};
use closer_worker::crm::salesforce::records::{CreateResult, QueryResult, parse_json};
use closer_worker::crm::salesforce::{
    SalesforceClient, SalesforceConfig, SalesforceOAuth, TokenGrant, vault, versions,
};
use closer_worker::crm::{
    ActivityKey, CrmConnector, FieldUpdate, NewAppointment, NewContact, NewEmailActivity, NewTask,
    Party, RecordKind, RecordRef, SearchQuery,
};
use closer_worker::http::{HttpTransport, TransportError, UpstreamResponse};
use closer_worker::provider::{Provider, ProviderError};
use fixture::{Connector, REDIRECT_URI, connector_for, sandbox_oauth, sign_in};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;
use url::Url;

const VERSIONS: &[u8] = include_bytes!("../fixtures/salesforce/versions.response.json");
const QUERY: &[u8] = include_bytes!("../fixtures/salesforce/query.response.json");
const CREATED: &[u8] = include_bytes!("../fixtures/salesforce/create-record.response.json");
const INVALID_FIELD: &[u8] =
    include_bytes!("../fixtures/salesforce/error-invalid-field.response.json");
const TOKEN: &[u8] = include_bytes!("../fixtures/salesforce/oauth-token.response.json");
const EMAIL_REQUEST: &[u8] =
    include_bytes!("../fixtures/salesforce/create-emailmessage.request.json");
const TASK_REQUEST: &[u8] = include_bytes!("../fixtures/salesforce/create-task.request.json");
const EVENT_REQUEST: &[u8] = include_bytes!("../fixtures/salesforce/create-event.request.json");
const COMPOSITE_LOOKUP: &[u8] =
    include_bytes!("../fixtures/salesforce/composite-lookup.response.json");

/// The unit tests' scripted upstream, answering these documented payloads in order.
fn script_of(answers: &[(u16, &[u8])]) -> ScriptedTransport {
    ScriptedTransport::script(
        answers
            .iter()
            .map(|(status, body)| Answer::http(*status, body.to_vec())),
    )
}

fn org() -> SalesforceConfig {
    SalesforceConfig::new(&Url::parse("https://mydomainname.my.salesforce.com").unwrap())
}

fn scripted(script: &ScriptedTransport) -> SalesforceClient<&ScriptedTransport> {
    SalesforceClient::new(script, org(), SecretString::from("00D!token"))
}

fn response(status: u16, body: &[u8]) -> UpstreamResponse {
    http::Response::builder()
        .status(status)
        .body(Bytes::copy_from_slice(body))
        .unwrap()
}

fn fixture_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// Every field of the documented request `documented` is in `built` with the same value, but
/// for `omitted` (fields Closer deliberately leaves out) and `differs` (fields whose value
/// Closer composes differently; they must still be sent).
fn assert_fields_match(documented: &Value, built: &Value, omitted: &[&str], differs: &[&str]) {
    for (name, value) in documented.as_object().unwrap() {
        if omitted.contains(&name.as_str()) {
            assert!(
                built.get(name).is_none(),
                "{name} was to be omitted: {built}"
            );
            continue;
        }
        if differs.contains(&name.as_str()) {
            assert!(
                built.get(name).is_some_and(|v| v.is_string()),
                "{name} missing: {built}"
            );
            continue;
        }
        assert_eq!(built.get(name), Some(value), "field {name} in {built}");
    }
}

// ---------------------------------------------------------------------------------------------
// Documented payloads through the parsers.

#[tokio::test]
async fn composite_lookup_fixture_replays_as_people_with_deals_and_a_throttled_saved_check() {
    let script = script_of(&[(200, COMPOSITE_LOOKUP)]);
    let client = scripted(&script);
    let key = ActivityKey::InternetMessageId("<a@contoso.com>".into());
    let lookup = client
        .email_lookup(&["jane@contoso.com".to_owned()], Some(&key))
        .await
        .unwrap();

    let sent = script.sent();
    assert_eq!(sent.len(), 1, "one composite request");
    assert_eq!(sent[0].method(), http::Method::POST);
    assert!(
        sent[0].uri().to_string().ends_with("/composite"),
        "{}",
        sent[0].uri()
    );
    let body = script.bodies().remove(0);
    assert_eq!(body["allOrNone"], json!(false));
    let references: Vec<&str> = body["compositeRequest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sub| {
            assert_eq!(sub["method"], "GET");
            sub["referenceId"].as_str().unwrap()
        })
        .collect();
    assert_eq!(references, ["contacts", "accounts", "deals", "saved"]);

    let people = lookup.people.unwrap();
    assert_eq!(people.contacts[0].full_name, "Jane Doe");
    assert_eq!(
        people.contacts[0].account.as_ref().unwrap().name.as_deref(),
        Some("Test 1")
    );
    assert_eq!(people.accounts.len(), 1);
    let account = &people.accounts[0];
    assert_eq!(account.account.industry.as_deref(), Some("Retail"));
    let deals: Vec<&str> = account
        .open_opportunities
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(deals, ["Test 1 – Expansion", "Test 1 – Renewal"]);
    assert_eq!(
        lookup.saved,
        Err(ProviderError::Throttled {
            provider: Provider::Salesforce,
            retry_after: None,
        })
    );
}

#[test]
fn documented_versions_parse_and_the_pin_is_checked() {
    let list = versions::parse_versions(response(200, VERSIONS)).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].version, "31.0");
    assert!(versions::offers(&list, "v32.0"));
    assert!(!versions::offers(&list, "v62.0"));
}

#[test]
fn documented_query_answer_parses() {
    let result: QueryResult<Value> = parse_json("query", QUERY).unwrap();
    assert!(result.done);
    assert_eq!(result.total_size, 14);
    assert_eq!(result.records.len(), 2);
    assert_eq!(result.records[0]["attributes"]["type"], "Account");
    assert_eq!(result.next_records_url, None);
}

#[tokio::test]
async fn documented_query_rows_without_our_fields_are_malformed() {
    let script = script_of(&[(200, QUERY)]);
    let err = scripted(&script)
        .contacts_page(200, None)
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::Malformed { .. }), "{err:?}");
    assert!(!err.to_string().contains("Test 1"), "{err}");
}

#[tokio::test]
async fn documented_create_answer_gives_the_new_id() {
    let parsed: CreateResult = parse_json("create", CREATED).unwrap();
    assert!(parsed.success);
    let script = script_of(&[(201, CREATED)]);
    let created = scripted(&script)
        .create_contact(&NewContact {
            last_name: "Fischer".into(),
            ..NewContact::default()
        })
        .await
        .unwrap();
    assert_eq!(
        created,
        RecordRef::new(RecordKind::Contact, "001D000000IqhSLIAZ")
    );
    assert_eq!(
        script.sent()[0].uri(),
        "https://mydomainname.my.salesforce.com/services/data/v62.0/sobjects/Contact/"
    );
}

#[tokio::test]
async fn documented_invalid_field_error_is_rejected_with_its_code() {
    let script = script_of(&[(400, INVALID_FIELD)]);
    let err = scripted(&script)
        .create_contact(&NewContact {
            last_name: "X".into(),
            ..NewContact::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ProviderError::Rejected {
            provider: Provider::Salesforce,
            status: 400,
            code: "INVALID_FIELD".into()
        }
    );
}

#[test]
fn documented_token_answer_parses_into_a_grant() {
    let grant = oauth::parse_token_response(&response(200, TOKEN)).unwrap();
    assert_eq!(grant.user_id(), Some("005xx000001SwiUAAS"));
    assert_eq!(grant.organization_id(), Some("00Dxx0000001gPLEAY"));
    assert_eq!(
        grant.instance_url.host_str(),
        Some("mydomainname.my.salesforce.com")
    );
    assert_eq!(grant.scope.as_deref(), Some("refresh_token api"));
    assert!(grant.signature.is_some());
    assert!(
        grant
            .refresh_token
            .unwrap()
            .expose_secret()
            .starts_with("5Aep8614")
    );
}

// ---------------------------------------------------------------------------------------------
// Built requests against the documented request shapes.

fn party(address: &str, name: Option<&str>, contact: Option<&str>) -> Party {
    Party {
        address: address.into(),
        name: name.map(str::to_owned),
        contact_id: contact.map(str::to_owned),
    }
}

fn documented_email(sent_at: &str) -> NewEmailActivity {
    NewEmailActivity {
        subject: "Re: Pricing for Contoso renewal".into(),
        html_body: "<p>…</p>".into(),
        from: party("seller@contoso.com", Some("Seller Name"), None),
        to: vec![
            party("buyer@fabrikam.com", None, None),
            party("known@fabrikam.com", None, Some("003D000000QV9n2IAD")),
        ],
        cc: vec![],
        sent_at: sent_at.into(),
        incoming: false,
        internet_message_id: "<doc@contoso.com>".into(),
        regarding: Some(RecordRef::new(
            RecordKind::Opportunity,
            "006D000000CvQk1IAF",
        )),
    }
}

const ONE_CREATED: &[u8] =
    br#"{"compositeResponse":[{"body":{"id":"02s000000000001AAA","success":true,"errors":[]},"httpHeaders":{},"httpStatusCode":201,"referenceId":"email"}]}"#;

#[tokio::test]
async fn email_message_body_matches_the_documented_request() {
    let script = script_of(&[(200, ONE_CREATED)]);
    scripted(&script)
        .create_email_activity(&documented_email("2025-03-04T16:45:00.000+0000"))
        .await
        .unwrap();
    let composite = script.bodies().remove(0);
    let message = &composite["compositeRequest"][0]["body"];
    // TextBody is not sent: Closer saves only the HTML the seller chose.
    assert_fields_match(&fixture_json(EMAIL_REQUEST), message, &["TextBody"], &[]);
    assert_eq!(message["MessageIdentifier"], "<doc@contoso.com>");
    assert_eq!(
        composite["compositeRequest"].as_array().unwrap().len(),
        1,
        "no sender contact"
    );
}

#[tokio::test]
async fn email_task_body_matches_the_documented_request() {
    let script = script_of(&[(
        201,
        br#"{"id":"00T000000000001AAA","success":true,"errors":[]}"#,
    )]);
    let client = SalesforceClient::new(
        &script,
        org().with_enhanced_email(false),
        SecretString::from("t"),
    );
    let saved = client
        .create_email_activity(&documented_email("2025-03-07T09:00:00Z"))
        .await
        .unwrap();
    assert_eq!(
        saved,
        RecordRef::new(RecordKind::Email, "00T000000000001AAA")
    );
    let task = script.bodies().remove(0);
    // Priority is left to the org's default; the description carries the parties and the text.
    assert_fields_match(
        &fixture_json(TASK_REQUEST),
        &task,
        &["Priority"],
        &["Description"],
    );
    let description = task["Description"].as_str().unwrap();
    assert!(description.starts_with(
        "From: Seller Name <seller@contoso.com>\nTo: buyer@fabrikam.com, known@fabrikam.com"
    ));
}

#[tokio::test]
async fn event_body_matches_the_documented_request() {
    let script = script_of(&[(
        201,
        br#"{"id":"00U000000000001AAA","success":true,"errors":[]}"#,
    )]);
    scripted(&script)
        .create_appointment(&NewAppointment {
            subject: "Contoso renewal sync".into(),
            start: "2025-03-04T16:00:00.000+0000".into(),
            end: "2025-03-04T16:30:00.000+0000".into(),
            location: Some("Microsoft Teams Meeting".into()),
            description: None,
            attendees: vec![party(
                "buyer@fabrikam.com",
                None,
                Some("003D000000QV9n2IAD"),
            )],
            ical_uid: "040000008200E00074C5B7101A82E008".into(),
            regarding: Some(RecordRef::new(
                RecordKind::Opportunity,
                "006D000000CvQk1IAF",
            )),
        })
        .await
        .unwrap();
    let event = script.bodies().remove(0);
    assert_fields_match(&fixture_json(EVENT_REQUEST), &event, &[], &[]);
    assert_eq!(
        event["Closer_ICalUId__c"],
        "040000008200E00074C5B7101A82E008"
    );
}

// ---------------------------------------------------------------------------------------------
// OAuth against the sandbox's login host.

async fn sandbox() -> Sandbox {
    Sandbox::start(0).await.unwrap()
}

/// A code for Megan, issued for `challenge`.
async fn code_for(sandbox: &Sandbox, oauth: &SalesforceOAuth, challenge: &str) -> String {
    let (_, query) =
        support::tenant::salesforce_allows(sandbox, &oauth.authorize_url(challenge, "s"), "megan")
            .await;
    query["code"].clone()
}

async fn exchange(
    oauth: &SalesforceOAuth,
    code: &str,
    verifier: &str,
) -> Result<TokenGrant, ProviderError> {
    let request = oauth.code_exchange_request(code, verifier).unwrap();
    let response = ReqwestTransport::default().send(request).await.unwrap();
    oauth::parse_token_response(&response)
}

#[tokio::test]
async fn sign_in_with_pkce_yields_a_working_session() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let grant = sign_in(&sandbox, &oauth, "megan").await;
    assert_eq!(
        grant.instance_url.as_str(),
        format!("{}/salesforce", sandbox.urls().origin)
    );
    assert_eq!(
        grant.user_id(),
        Some(closer_sandbox::salesforce::user_id("megan").as_str())
    );
    assert_eq!(grant.token_type, "Bearer");
    let client = connector_for(&oauth, &grant, ReqwestTransport::default());
    let me = client.current_user().await.unwrap();
    assert_eq!(
        me.email.as_deref(),
        Some("megan.bowen@northwindtraders.com")
    );
    assert_eq!(
        me.organization_id,
        grant.organization_id().map(str::to_owned)
    );
    let versions = versions::parse_versions(
        ReqwestTransport::default()
            .send(versions::versions_request(&grant.instance_url).unwrap())
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(versions::offers(&versions, client.config().api_version()));
}

#[tokio::test]
async fn the_authorize_page_offers_each_crm_user() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let url = oauth.authorize_url(&pkce_challenge(&pkce_verifier(&[1; 32])), "s");
    let html = reqwest::get(url).await.unwrap().text().await.unwrap();
    for key in ["megan", "alex"] {
        assert!(
            html.contains(&format!("data-testid=\"sf-sign-in-as-{key}\"")),
            "{html}"
        );
    }
    let foreign = SalesforceOAuth::new(
        &Url::parse(&format!("{}/salesforce", sandbox.urls().origin)).unwrap(),
        "someone-else",
        SecretString::from("x"),
        REDIRECT_URI,
    );
    let refused = reqwest::get(foreign.authorize_url(&pkce_challenge("v"), "s"))
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}

#[tokio::test]
async fn a_wrong_or_missing_verifier_and_a_replayed_code_are_refused() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let verifier = pkce_verifier(&[9; 32]);
    let code = code_for(&sandbox, &oauth, &pkce_challenge(&verifier)).await;
    let wrong = exchange(&oauth, &code, &pkce_verifier(&[8; 32]))
        .await
        .unwrap_err();
    assert!(
        matches!(wrong, ProviderError::Rejected { ref code, .. } if code == "invalid_request"),
        "{wrong:?}"
    );
    // A code is redeemable once, right or wrong.
    let replayed = exchange(&oauth, &code, &verifier).await.unwrap_err();
    assert!(
        matches!(replayed, ProviderError::Unauthorized { ref code, .. } if code == "invalid_grant")
    );
    let code = code_for(&sandbox, &oauth, &pkce_challenge(&verifier)).await;
    let missing = exchange(&oauth, &code, "").await.unwrap_err();
    assert!(
        matches!(missing, ProviderError::Unauthorized { ref code, .. } if code == "invalid_grant")
    );
}

#[tokio::test]
async fn a_wrong_client_secret_is_refused() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let verifier = pkce_verifier(&[3; 32]);
    let code = code_for(&sandbox, &oauth, &pkce_challenge(&verifier)).await;
    let impostor = SalesforceOAuth::new(
        &Url::parse(&format!("{}/salesforce", sandbox.urls().origin)).unwrap(),
        closer_sandbox::salesforce::SANDBOX_SF_CLIENT_ID,
        SecretString::from("guessed"),
        REDIRECT_URI,
    );
    let err = exchange(&impostor, &code, &verifier).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Rejected { ref code, .. } if code == "invalid_client"),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Sessions: refresh once, then give up with a typed error.

struct Signed {
    sandbox: Sandbox,
    client: Connector,
}

async fn signed_in() -> Signed {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let grant = sign_in(&sandbox, &oauth, "megan").await;
    let client = connector_for(&oauth, &grant, ReqwestTransport::default());
    Signed { sandbox, client }
}

async fn fault(sandbox: &Sandbox, rule: Value) {
    reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.urls().origin))
        .json(&rule)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

fn contoso() -> String {
    salesforce_id("001", "contoso")
}

#[tokio::test]
async fn an_expired_session_is_refreshed_once_and_the_call_succeeds() {
    let s = signed_in().await;
    let before = s.client.access_token().expose_secret().to_owned();
    s.sandbox.state().lock().salesforce.expire_sessions();
    let account = s.client.account(&contoso()).await.unwrap();
    assert_eq!(account.name, "Contoso Ltd");
    assert!(s.client.session_refreshed());
    assert_ne!(s.client.access_token().expose_secret(), before);
    assert!(s.client.refresher().rotated_refresh_token().is_none());
    // The new session is kept: the next call needs no refresh.
    s.client
        .opportunity(&salesforce_id("006", "contoso-edi"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_401_after_the_refresh_is_unauthorized() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "status": 401, "times": 2 }),
    )
    .await;
    let err = s.client.account(&contoso()).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Unauthorized { ref code, .. } if code == "INVALID_SESSION_ID"),
        "{err:?}"
    );
    assert!(
        s.client.session_refreshed(),
        "refreshed exactly once before giving up"
    );
}

#[tokio::test]
async fn a_failed_refresh_is_unauthorized_so_the_seller_reconnects() {
    let s = signed_in().await;
    {
        let mut state = s.sandbox.state().lock();
        state.salesforce.expire_sessions();
        state.salesforce.revoke_refresh_tokens();
    }
    let err = s.client.account(&contoso()).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Unauthorized {
            provider: Provider::Salesforce,
            code: "invalid_grant".into(),
            claims_challenge: None
        }
    );
    assert!(!s.client.session_refreshed());
}

// ---------------------------------------------------------------------------------------------
// Error classes.

#[tokio::test]
async fn request_limit_exceeded_is_throttling_without_retry_after() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "status": 403 }),
    )
    .await;
    let err = s.client.account(&contoso()).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Throttled {
            provider: Provider::Salesforce,
            retry_after: None
        }
    );
}

#[tokio::test]
async fn another_403_is_forbidden() {
    let script = script_of(&[(
        403,
        br#"[{"message":"insufficient access rights on object id","errorCode":"INSUFFICIENT_ACCESS_OR_READONLY"}]"#,
    )]);
    let err = scripted(&script).account("001x").await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Forbidden {
            provider: Provider::Salesforce,
            code: "INSUFFICIENT_ACCESS_OR_READONLY".into()
        }
    );
}

#[tokio::test]
async fn a_missing_record_is_not_found_naming_the_entity() {
    let s = signed_in().await;
    let err = s
        .client
        .opportunity(&salesforce_id("006", "no-such-deal"))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "salesforce has no such opportunity");
}

#[tokio::test]
async fn an_edit_in_salesforce_makes_the_update_a_conflict() {
    let s = signed_in().await;
    let id = salesforce_id("003", "hannah");
    let seen = s.client.contact(&id, &[]).await.unwrap();
    s.sandbox.state().lock().salesforce.touch("Contact", &id);
    let update = FieldUpdate {
        record: RecordRef::new(RecordKind::Contact, id.clone()),
        expected_version: seen.version,
        fields: BTreeMap::from([("Title".to_owned(), json!("CTO"))]),
    };
    let err = s.client.update(&update).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Conflict { ref code, .. } if code == "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK"),
        "{err:?}"
    );
    let stored = s
        .sandbox
        .state()
        .lock()
        .salesforce
        .record("Contact", &id)
        .unwrap();
    assert_eq!(stored["Title"], "Chief Technology Officer");
}

#[tokio::test]
async fn server_errors_are_retried_once_then_typed() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "status": 503 }),
    )
    .await;
    let before = s.sandbox.state().lock().request_counts["/salesforce/services"];
    let err = s.client.account(&contoso()).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Server {
            provider: Provider::Salesforce,
            status: 503
        }
    );
    assert_eq!(
        s.sandbox.state().lock().request_counts["/salesforce/services"] - before,
        2
    );
}

#[tokio::test]
async fn writes_are_not_retried() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "status": 503 }),
    )
    .await;
    let before = s.sandbox.state().lock().request_counts["/salesforce/services"];
    let err = s
        .client
        .create_contact(&NewContact {
            last_name: "Once".into(),
            ..NewContact::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::Server { status: 503, .. }));
    assert_eq!(
        s.sandbox.state().lock().request_counts["/salesforce/services"] - before,
        1
    );
}

#[tokio::test]
async fn a_hanging_org_times_out() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "hang": true }),
    )
    .await;
    let oauth = sandbox_oauth(&s.sandbox);
    let grant = sign_in(&s.sandbox, &oauth, "megan").await;
    let client = connector_for(
        &oauth,
        &grant,
        ReqwestTransport::new(Duration::from_millis(200)),
    );
    let err = client.account(&contoso()).await.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::Transport {
                source: TransportError::Timeout { .. },
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_malformed_body_is_typed_without_echoing_it() {
    let s = signed_in().await;
    fault(
        &s.sandbox,
        json!({ "path_prefix": "/salesforce/services/data/", "body": "malformed" }),
    )
    .await;
    let err = s.client.account(&contoso()).await.unwrap_err();
    assert!(matches!(err, ProviderError::Malformed { .. }), "{err:?}");
    assert!(!err.to_string().contains("this is not json"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Queries and writes against the emulated org.

#[tokio::test]
async fn many_addresses_are_split_into_few_queries_and_all_matched() {
    let s = signed_in().await;
    let mut emails: Vec<String> = (0..400)
        .map(|i| format!("nobody.{i}@unknown-company.example"))
        .collect();
    emails.push("priya.raman@contoso.com".into());
    emails.push("ravi+procurement@woodgrovebank.com".into());
    let before = s.sandbox.state().lock().request_counts["/salesforce/services"];
    let found = s.client.contacts_by_emails(&emails).await.unwrap();
    let queries = s.sandbox.state().lock().request_counts["/salesforce/services"] - before;
    assert!((2..=4).contains(&queries), "{queries} queries");
    let mut names: Vec<&str> = found.iter().map(|c| c.full_name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Priya Raman", "Ravi Patel"]);
}

#[tokio::test]
async fn hostile_search_text_is_searched_literally() {
    let s = signed_in().await;
    for text in [
        "a@b.com} RETURNING Contact(Id) FIND {*",
        "Contoso OR Fabrikam",
        "x' OR Name != '",
    ] {
        let hits = s
            .client
            .search(&SearchQuery {
                text: text.into(),
                kinds: vec![RecordKind::Contact, RecordKind::Account],
                active_only: false,
                owned_by_me: false,
                top: 10,
            })
            .await
            .unwrap();
        assert!(hits.is_empty(), "{text}: {hits:?}");
    }
}

#[tokio::test]
async fn inactive_accounts_are_left_out_of_active_searches() {
    let s = signed_in().await;
    let query = |active_only| SearchQuery {
        text: "Tailwind".into(),
        kinds: vec![RecordKind::Account],
        active_only,
        owned_by_me: false,
        top: 10,
    };
    assert_eq!(s.client.search(&query(false)).await.unwrap().len(), 1);
    assert!(s.client.search(&query(true)).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_sender_relation_rolls_the_whole_email_back() {
    let s = signed_in().await;
    let mut email = documented_email("2026-11-27T16:45:00Z");
    email.to.clear();
    email.regarding = None;
    email.from.contact_id = Some(salesforce_id("003", "deleted-long-ago"));
    let err = s.client.create_email_activity(&email).await.unwrap_err();
    assert!(
        matches!(err, ProviderError::Rejected { ref code, .. } if code == "INVALID_CROSS_REFERENCE_KEY"),
        "{err:?}"
    );
    let state = s.sandbox.state().lock();
    assert_eq!(state.salesforce.count("EmailMessage"), 0);
    assert_eq!(state.salesforce.count("EmailMessageRelation"), 0);
}

#[tokio::test]
async fn meetings_with_several_contacts_relate_each_one() {
    let s = signed_in().await;
    let attendees = ["priya", "daniel", "amelia"].map(|key| {
        party(
            &format!("{key}@contoso.com"),
            None,
            Some(&salesforce_id("003", key)),
        )
    });
    let saved = s
        .client
        .create_appointment(&NewAppointment {
            subject: "Pricing review".into(),
            start: "2026-11-30T17:00:00Z".into(),
            end: "2026-11-30T17:45:00Z".into(),
            location: None,
            description: None,
            attendees: attendees.to_vec(),
            ical_uid: "uid-several".into(),
            regarding: None,
        })
        .await
        .unwrap();
    let state = s.sandbox.state().lock();
    let event = state.salesforce.record("Event", &saved.id).unwrap();
    assert_eq!(event["WhoId"], salesforce_id("003", "priya"));
    assert_eq!(event["StartDateTime"], "2026-11-30T17:00:00.000+0000");
    assert_eq!(
        state.salesforce.event_relations(&saved.id),
        [
            salesforce_id("003", "daniel"),
            salesforce_id("003", "amelia")
        ]
    );
}

#[tokio::test]
async fn without_enhanced_email_emails_are_saved_and_found_as_tasks() {
    let s = signed_in().await;
    s.sandbox
        .state()
        .lock()
        .salesforce
        .set_enhanced_email(false);
    // The org's switch is what the connector must be configured with; a mismatch is typed.
    let err = s
        .client
        .find_activity(&ActivityKey::InternetMessageId("<x@y>".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Rejected { ref code, .. } if code == "INVALID_TYPE"),
        "{err:?}"
    );

    let oauth = sandbox_oauth(&s.sandbox);
    let grant = sign_in(&s.sandbox, &oauth, "megan").await;
    let client = SalesforceClient::new(
        ReqwestTransport::default(),
        SalesforceConfig::new(&grant.instance_url).with_enhanced_email(false),
        grant.access_token.clone(),
    );
    let mut email = documented_email("2026-11-27T16:45:00Z");
    email.from = party(
        "priya.raman@contoso.com",
        Some("Priya Raman"),
        Some(&salesforce_id("003", "priya")),
    );
    email.to = vec![party("megan.bowen@northwindtraders.com", None, None)];
    email.regarding = Some(RecordRef::new(
        RecordKind::Opportunity,
        salesforce_id("006", "contoso-fulfillment"),
    ));
    email.incoming = true;
    let saved = client.create_email_activity(&email).await.unwrap();
    assert_eq!(saved.kind, RecordKind::Email);
    assert!(saved.id.starts_with("00T"), "{}", saved.id);
    let task = s
        .sandbox
        .state()
        .lock()
        .salesforce
        .record("Task", &saved.id)
        .unwrap();
    assert_eq!(task["TaskSubtype"], "Email");
    assert_eq!(task["Status"], "Completed");
    assert_eq!(task["WhoId"], salesforce_id("003", "priya"));
    assert_eq!(task["WhatId"], salesforce_id("006", "contoso-fulfillment"));
    assert_eq!(task["ActivityDate"], "2026-11-27");
    let key = ActivityKey::InternetMessageId("<doc@contoso.com>".into());
    assert_eq!(
        client.find_activity(&key).await.unwrap(),
        Some(saved.clone())
    );
    assert!(
        client
            .record_url(&saved)
            .ends_with(&format!("/lightning/r/Task/{}/view", saved.id))
    );
}

// ---------------------------------------------------------------------------------------------
// The vault with a real refresh token.

const MEGAN_KEY: &str = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d:4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e";
const ALEX_KEY: &str = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d:7c2d9e3b-8f4a-4b6c-a0d1-2e3f4a5b6c7d";

#[tokio::test]
async fn a_sealed_refresh_token_opens_for_its_user_only_and_still_refreshes() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let grant = sign_in(&sandbox, &oauth, "megan").await;
    let key = vault::key_from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").unwrap();
    let refresh_token = grant.refresh_token.clone().unwrap();
    let sealed = vault::encrypt(&key, [5; 12], MEGAN_KEY, &refresh_token);
    assert!(!sealed.contains(refresh_token.expose_secret()));
    assert_eq!(
        vault::decrypt(&key, ALEX_KEY, &sealed).unwrap_err(),
        vault::VaultError::DoesNotOpen
    );
    assert_eq!(
        vault::decrypt(&[0; 32], MEGAN_KEY, &sealed).unwrap_err(),
        vault::VaultError::DoesNotOpen
    );
    let mut tampered = sealed.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_eq!(
        vault::decrypt(&key, MEGAN_KEY, &tampered).unwrap_err(),
        vault::VaultError::DoesNotOpen
    );

    let opened = vault::decrypt(&key, MEGAN_KEY, &sealed).unwrap();
    let refresher = closer_worker::crm::salesforce::OAuthRefresher::new(
        ReqwestTransport::default(),
        oauth,
        opened,
    );
    sandbox.state().lock().salesforce.expire_sessions();
    let client = SalesforceClient::new(
        ReqwestTransport::default(),
        SalesforceConfig::new(&grant.instance_url),
        grant.access_token.clone(),
    )
    .with_refresher(refresher);
    assert_eq!(client.current_user().await.unwrap().name, "Megan Bowen");
}

// ---------------------------------------------------------------------------------------------
// Conformance with the object reference: lookup types, field lengths, one relation per person,
// composite limits, ownership.

/// What a shortened value ends with (the connector's marker).
const CUT: &str = "[…truncated by Closer]";

/// Sends `body` to `path` (under the data URL) as the signed-in user, bypassing the connector:
/// what the org answers to a request the connector no longer builds.
async fn raw_post(s: &Signed, path: &str, body: &Value) -> (u16, Value) {
    let url = format!(
        "{}/salesforce/services/data/{}/{path}",
        s.sandbox.urls().origin,
        closer_worker::crm::salesforce::DEFAULT_API_VERSION
    );
    let response = reqwest::Client::new()
        .post(url)
        .bearer_auth(s.client.access_token().expose_secret())
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_org_refuses_a_contact_as_an_emails_related_to() {
    let s = signed_in().await;
    let (status, body) = raw_post(
        &s,
        "sobjects/EmailMessage/",
        &json!({"Subject": "Re: Pricing", "Status": "3",
                "RelatedToId": salesforce_id("003", "priya")}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body[0]["errorCode"], "FIELD_INTEGRITY_EXCEPTION");
    assert_eq!(body[0]["fields"], json!(["RelatedToId"]));
    let (status, body) = raw_post(
        &s,
        "sobjects/Task/",
        &json!({"Subject": "Call", "WhatId": salesforce_id("003", "priya")}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body[0]["errorCode"], "FIELD_INTEGRITY_EXCEPTION");
    assert_eq!(s.sandbox.state().lock().salesforce.count("EmailMessage"), 0);
}

#[tokio::test]
async fn an_email_regarding_a_contact_relates_the_contact_as_a_person() {
    let s = signed_in().await;
    let priya = salesforce_id("003", "priya");
    let daniel = salesforce_id("003", "daniel");
    // Priya is not on the message: she is related as a recipient.
    let mut email = documented_email("2026-11-27T16:45:00Z");
    email.to = vec![party("buyer@fabrikam.com", None, None)];
    email.regarding = Some(RecordRef::new(RecordKind::Contact, priya.clone()));
    let saved = s.client.create_email_activity(&email).await.unwrap();
    {
        let state = s.sandbox.state().lock();
        let stored = state.salesforce.record("EmailMessage", &saved.id).unwrap();
        assert!(
            stored.get("RelatedToId").is_none_or(Value::is_null),
            "{stored}"
        );
        assert_eq!(
            state.salesforce.email_relations(&saved.id),
            [("ToAddress".to_owned(), priya.clone())]
        );
    }
    // Daniel sent it: he is its sender, once, and nothing else.
    let mut email = documented_email("2026-11-28T09:00:00Z");
    email.internet_message_id = "<from-daniel@contoso.com>".into();
    email.from = party("daniel@contoso.com", None, Some(&daniel));
    email.to = vec![party("megan.bowen@northwindtraders.com", None, None)];
    email.incoming = true;
    email.regarding = Some(RecordRef::new(RecordKind::Contact, daniel.clone()));
    let saved = s.client.create_email_activity(&email).await.unwrap();
    let state = s.sandbox.state().lock();
    assert_eq!(
        state.salesforce.email_relations(&saved.id),
        [("FromAddress".to_owned(), daniel)]
    );
}

#[tokio::test]
async fn text_longer_than_salesforce_allows_is_cut_with_a_marker() {
    let s = signed_in().await;
    // The org refuses it as Salesforce does...
    let (status, body) = raw_post(&s, "sobjects/Task/", &json!({"Subject": "x".repeat(256)})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body[0]["errorCode"], "STRING_TOO_LONG");
    assert_eq!(body[0]["fields"], json!(["Subject"]));

    // ...so the connector fits each field and says so.
    let mut email = documented_email("2026-11-27T16:45:00Z");
    email.to = vec![party("buyer@fabrikam.com", None, None)];
    email.regarding = Some(RecordRef::new(
        RecordKind::Opportunity,
        salesforce_id("006", "contoso-fulfillment"),
    ));
    email.subject = "Re: ".to_owned() + &"s".repeat(4_000);
    email.html_body = format!("<p>{}</p>", "é".repeat(140_000));
    let email_id = s.client.create_email_activity(&email).await.unwrap().id;
    let task_id = s
        .client
        .create_task(&NewTask {
            subject: "t".repeat(300),
            description: Some("d".repeat(40_000)),
            due_date: None,
            regarding: Some(RecordRef::new(
                RecordKind::Contact,
                salesforce_id("003", "priya"),
            )),
        })
        .await
        .unwrap()
        .id;
    let event_id = s
        .client
        .create_appointment(&NewAppointment {
            subject: "m".repeat(300),
            start: "2026-12-01T10:00:00Z".into(),
            end: "2026-12-01T11:00:00Z".into(),
            location: Some("l".repeat(300)),
            description: Some("d".repeat(40_000)),
            attendees: vec![],
            ical_uid: "uid-long".into(),
            regarding: None,
        })
        .await
        .unwrap()
        .id;
    let state = s.sandbox.state().lock();
    let org = &state.salesforce;
    for (sobject, id, field, max) in [
        ("EmailMessage", &email_id, "Subject", 3_000),
        ("EmailMessage", &email_id, "HtmlBody", 131_072),
        ("Task", &task_id, "Subject", 255),
        ("Task", &task_id, "Description", 32_000),
        ("Event", &event_id, "Subject", 255),
        ("Event", &event_id, "Location", 255),
        ("Event", &event_id, "Description", 32_000),
    ] {
        let stored = org.record(sobject, id).unwrap();
        let text = stored[field].as_str().unwrap();
        assert_eq!(text.chars().count(), max, "{sobject}.{field}");
        assert!(text.ends_with(CUT), "{sobject}.{field}");
    }
    let html = org.record("EmailMessage", &email_id).unwrap()["HtmlBody"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(html.starts_with("<p>éé"));
}

#[tokio::test]
async fn meeting_attendees_named_twice_are_related_once() {
    let s = signed_in().await;
    let priya = salesforce_id("003", "priya");
    let daniel = salesforce_id("003", "daniel");
    let saved = s
        .client
        .create_appointment(&NewAppointment {
            subject: "Pricing review".into(),
            start: "2026-11-30T17:00:00Z".into(),
            end: "2026-11-30T17:45:00Z".into(),
            location: None,
            description: None,
            attendees: vec![
                party("daniel@contoso.com", None, Some(&daniel)),
                party("priya.raman@contoso.com", None, Some(&priya)),
                party("Daniel@Contoso.com", None, Some(&daniel)),
                party("daniel@contoso.com", None, Some(&daniel)),
                party("guest@example.com", None, None),
            ],
            ical_uid: "uid-twice".into(),
            regarding: Some(RecordRef::new(RecordKind::Contact, priya.clone())),
        })
        .await
        .unwrap();
    let state = s.sandbox.state().lock();
    let event = state.salesforce.record("Event", &saved.id).unwrap();
    assert_eq!(event["WhoId"], priya);
    assert_eq!(state.salesforce.event_relations(&saved.id), [daniel]);
}

/// `count` new contacts in the org, as attendees of a meeting.
async fn new_attendees(s: &Signed, count: usize) -> Vec<Party> {
    let mut attendees = Vec::new();
    for i in 0..count {
        let address = format!("guest{i}@tailspintoys.example");
        let contact = s
            .client
            .create_contact(&NewContact {
                last_name: format!("Guest {i}"),
                email: Some(address.clone()),
                ..NewContact::default()
            })
            .await
            .unwrap();
        attendees.push(party(&address, None, Some(&contact.id)));
    }
    attendees
}

#[tokio::test]
async fn the_org_refuses_more_than_25_composite_subrequests() {
    let s = signed_in().await;
    let requests: Vec<Value> = (0..26)
        .map(|i| {
            json!({"method": "POST", "referenceId": format!("c{i}"),
                   "url": format!("/services/data/{}/sobjects/Contact", closer_worker::crm::salesforce::DEFAULT_API_VERSION),
                   "body": {"LastName": format!("C{i}")}})
        })
        .collect();
    let before = s.sandbox.state().lock().salesforce.count("Contact");
    let (status, body) = raw_post(
        &s,
        "composite",
        &json!({"allOrNone": true, "compositeRequest": requests}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body[0]["errorCode"], "INVALID_INPUT");
    assert_eq!(s.sandbox.state().lock().salesforce.count("Contact"), before);
}

#[tokio::test]
async fn a_meeting_with_forty_contacts_is_saved_whole_in_one_call() {
    let s = signed_in().await;
    let attendees = new_attendees(&s, 40).await;
    let before = s.sandbox.state().lock().request_counts["/salesforce/services"];
    let saved = s
        .client
        .create_appointment(&NewAppointment {
            subject: "All-hands demo".into(),
            start: "2026-12-02T16:00:00Z".into(),
            end: "2026-12-02T17:00:00Z".into(),
            location: None,
            description: None,
            attendees: attendees.clone(),
            ical_uid: "uid-forty".into(),
            regarding: Some(RecordRef::new(
                RecordKind::Opportunity,
                salesforce_id("006", "contoso-fulfillment"),
            )),
        })
        .await
        .unwrap();
    {
        let state = s.sandbox.state().lock();
        assert_eq!(state.request_counts["/salesforce/services"] - before, 1);
        let event = state.salesforce.record("Event", &saved.id).unwrap();
        let ids: Vec<String> = attendees
            .iter()
            .map(|a| a.contact_id.clone().unwrap())
            .collect();
        assert_eq!(event["WhoId"], ids[0]);
        assert_eq!(state.salesforce.event_relations(&saved.id), ids[1..]);
    }
    let key = ActivityKey::ICalUid("uid-forty".into());
    assert_eq!(s.client.find_activity(&key).await.unwrap(), Some(saved));
}

#[tokio::test]
async fn a_large_meeting_that_fails_leaves_nothing_saved() {
    let s = signed_in().await;
    let mut attendees = new_attendees(&s, 30).await;
    attendees.push(party(
        "gone@contoso.com",
        None,
        Some(&salesforce_id("003", "deleted-long-ago")),
    ));
    let events = s.sandbox.state().lock().salesforce.count("Event");
    let err = s
        .client
        .create_appointment(&NewAppointment {
            subject: "All-hands demo".into(),
            start: "2026-12-02T16:00:00Z".into(),
            end: "2026-12-02T17:00:00Z".into(),
            location: None,
            description: None,
            attendees,
            ical_uid: "uid-thirty-one".into(),
            regarding: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Rejected { ref code, .. } if code == "INVALID_CROSS_REFERENCE_KEY"),
        "{err:?}"
    );
    {
        let state = s.sandbox.state().lock();
        assert_eq!(state.salesforce.count("Event"), events);
        assert_eq!(state.salesforce.count("EventRelation"), 0);
    }
    let key = ActivityKey::ICalUid("uid-thirty-one".into());
    assert_eq!(s.client.find_activity(&key).await.unwrap(), None);
}

#[tokio::test]
async fn owned_by_me_finds_the_records_the_signed_in_user_owns() {
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let search = |text: &str| SearchQuery {
        text: text.into(),
        kinds: vec![RecordKind::Account, RecordKind::Opportunity],
        active_only: false,
        owned_by_me: true,
        top: 20,
    };
    for (user, mine, theirs) in [
        ("megan", "Contoso", "Woodgrove"),
        ("alex", "Woodgrove", "Contoso"),
    ] {
        let grant = sign_in(&sandbox, &oauth, user).await;
        let client = connector_for(&oauth, &grant, ReqwestTransport::default());
        let hits = client.search(&search(mine)).await.unwrap();
        assert!(
            hits.iter()
                .any(|h| h.record.kind == RecordKind::Account && h.title.contains(mine)),
            "{user} owns {mine}: {hits:?}"
        );
        assert!(
            hits.iter()
                .any(|h| h.record.kind == RecordKind::Opportunity),
            "{user} owns {mine}'s deals: {hits:?}"
        );
        for hit in &hits {
            let sobject = match hit.record.kind {
                RecordKind::Account => "Account",
                _ => "Opportunity",
            };
            let row = sandbox
                .state()
                .lock()
                .salesforce
                .record(sobject, &hit.record.id)
                .unwrap();
            assert_eq!(
                row["OwnerId"],
                closer_sandbox::salesforce::user_id(user),
                "{hit:?}"
            );
        }
        let others = client.search(&search(theirs)).await.unwrap();
        assert!(
            others.is_empty(),
            "{user} does not own {theirs}: {others:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The org's currency (`crm::salesforce::currency`).

fn salesforce_requests(sandbox: &Sandbox) -> u32 {
    let state = sandbox.state().lock();
    state
        .request_counts
        .get("/salesforce/services")
        .copied()
        .unwrap_or(0)
}

#[tokio::test]
async fn the_org_currency_is_read_once_per_tenant_and_then_kept_in_closers_store() {
    use closer_worker::crm::CrmConnector;
    use closer_worker::crm::salesforce::currency::{self, OrgCurrency};
    use closer_worker::testing::MemoryStore;
    let sandbox = sandbox().await;
    // A single-currency org in euros: the code comes from the org, not a default.
    sandbox.state().lock().salesforce.set_currency(false, "EUR");
    let oauth = sandbox_oauth(&sandbox);
    let grant = sign_in(&sandbox, &oauth, "megan").await;
    let store = MemoryStore::default();
    let crm = connector_for(&oauth, &grant, ReqwestTransport::default());
    let before = salesforce_requests(&sandbox);
    let first = currency::remembered(&store, "tenant-a", &crm, 1_000)
        .await
        .unwrap();
    assert_eq!(first, OrgCurrency::Single { code: "EUR".into() });
    let read = salesforce_requests(&sandbox) - before;
    assert_eq!(read, 2, "the describe and the Organization query, once");
    for at in [1_001, 50_000, 600_000] {
        let again = currency::remembered(&store, "tenant-a", &crm, at)
            .await
            .unwrap();
        assert_eq!(again, first);
    }
    assert_eq!(
        salesforce_requests(&sandbox) - before,
        read,
        "kept in the store: no more requests"
    );
    // Another tenant reads its own; an expired row is read again.
    currency::remembered(&store, "tenant-b", &crm, 1_000)
        .await
        .unwrap();
    assert_eq!(salesforce_requests(&sandbox) - before, 2 * read);
    currency::remembered(&store, "tenant-a", &crm, 1_000 + currency::KEPT_SECONDS)
        .await
        .unwrap();
    assert_eq!(salesforce_requests(&sandbox) - before, 3 * read);

    // Opportunities then carry it, without a request of their own.
    let crm = connector_for(&oauth, &grant, ReqwestTransport::default()).with_org_currency(first);
    let deal = crm
        .opportunity(&salesforce_id("006", "contoso-fulfillment"))
        .await
        .unwrap();
    assert_eq!(deal.currency.as_deref(), Some("EUR"));
}

#[tokio::test]
async fn a_single_currency_org_refuses_currency_iso_code_and_a_multi_currency_org_has_it() {
    use closer_worker::crm::CrmConnector;
    use closer_worker::crm::salesforce::currency::OrgCurrency;
    let sandbox = sandbox().await;
    let oauth = sandbox_oauth(&sandbox);
    let grant = sign_in(&sandbox, &oauth, "megan").await;
    let opportunity = salesforce_id("006", "contoso-fulfillment");

    // Selecting the field in a single-currency org is INVALID_FIELD, as the object reference
    // says; so a connector told the org is multi-currency fails there, rather than guessing.
    let wrong = connector_for(&oauth, &grant, ReqwestTransport::default())
        .with_org_currency(OrgCurrency::Multi);
    match wrong.opportunity(&opportunity).await {
        Err(ProviderError::Rejected { code, .. }) => assert_eq!(code, "INVALID_FIELD"),
        other => panic!("expected INVALID_FIELD, got {other:?}"),
    }

    // With multiple currencies on, records carry their own code and the connector selects it.
    sandbox.state().lock().salesforce.set_currency(true, "USD");
    let crm = connector_for(&oauth, &grant, ReqwestTransport::default());
    assert_eq!(crm.read_org_currency().await.unwrap(), OrgCurrency::Multi);
    let crm = crm.with_org_currency(OrgCurrency::Multi);
    assert_eq!(
        crm.opportunity(&opportunity)
            .await
            .unwrap()
            .currency
            .as_deref(),
        Some("USD")
    );
    let lookup = crm
        .email_lookup(&["priya.raman@contoso.com".to_owned()], None)
        .await
        .unwrap();
    let people = lookup.people.unwrap();
    assert!(
        people
            .accounts
            .iter()
            .flat_map(|a| &a.open_opportunities)
            .all(|deal| deal.currency.as_deref() == Some("USD"))
    );
}
