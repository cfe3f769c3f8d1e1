//! The contract: what every CRM connector must do, written once. Each function is run against
//! every vendor's fixture by `contract_suite!` in `crm_contract.rs`.

use closer_sandbox::Sandbox;
use closer_wire::EditableField;
use closer_worker::crm::{
    ActivityKey, CrmConnector, FieldUpdate, NewAppointment, NewContact, NewEmailActivity, NewNote,
    NewTask, Party, RecordKind, RecordRef, SearchQuery,
};
use closer_worker::http::TransportError;
use closer_worker::provider::ProviderError;
use std::collections::BTreeMap;
use std::time::Duration;

/// A CRM connector acting as Megan Bowen over a fresh sandbox, and ways to look inside the
/// sandbox's CRM (what the connector wrote, exactly).
#[allow(async_fn_in_trait, reason = "test-only trait, single-threaded use")]
pub trait CrmFixture: Sized {
    /// The connector under test.
    type Connector: CrmConnector;
    /// Starts a sandbox and builds the connector.
    async fn start() -> Self;
    /// The connector acting as Megan.
    fn connector(&self) -> &Self::Connector;
    /// A connector whose transport times out after `timeout`.
    fn connector_with_timeout(&self, timeout: Duration) -> Self::Connector;
    /// The sandbox.
    fn sandbox(&self) -> &Sandbox;
    /// The path prefix of this vendor's data API in the sandbox, for fault rules
    /// (e.g. `/dataverse/northwind/api/data/v9.2/` or `/salesforce/services/data/`).
    fn api_prefix(&self) -> String;
    /// The path prefix of the contact lookup's part inside the one pane request (a fault rule
    /// with it and `times: 1` fails that part only: it runs first).
    fn people_part_prefix(&self) -> String;
    /// The CRM id of a seeded record (`crm_seed` key).
    fn seed_id(&self, kind: RecordKind, key: &str) -> String;
    /// The CRM user id of a seeded user (`crm_seed::USERS` key).
    fn seed_user_id(&self, key: &str) -> String;
    /// The record as the CRM now stores it, with the vendor's field names; `None` if absent.
    fn stored(&self, record: &RecordRef) -> Option<serde_json::Value>;
    /// How many records of `kind` the CRM holds.
    fn count(&self, kind: RecordKind) -> usize;
    /// Someone changes `record` in the CRM's own UI (its version changes).
    fn change_in_crm(&self, record: &RecordRef);
    /// The seller marks the task `task` complete in the CRM's own UI.
    fn complete_task_in_crm(&self, task: &RecordRef);
    /// How many data-API requests the sandbox served for this vendor so far.
    fn api_requests(&self) -> u32;
    /// The parties the CRM stored for an activity, as (role, address or contact id), role one of
    /// `from`, `to`, `cc`, `attendee`.
    fn activity_parties(&self, activity: &RecordRef) -> Vec<(String, String)>;
    /// The id of the record an activity is regarding.
    fn activity_regarding(&self, activity: &RecordRef) -> Option<String>;
}

fn emails(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

async fn add_fault(sandbox: &Sandbox, rule: serde_json::Value) {
    reqwest::Client::new()
        .post(format!("{}/_sandbox/faults", sandbox.urls().origin))
        .json(&rule)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

pub async fn current_user_is_the_signed_in_seller<F: CrmFixture>() {
    let f = F::start().await;
    let user = f.connector().current_user().await.unwrap();
    assert_eq!(user.name, "Megan Bowen");
    assert_eq!(user.id, f.seed_user_id("megan"));
}

pub async fn contact_lookup_by_emails_is_one_query<F: CrmFixture>() {
    let f = F::start().await;
    let before = f.api_requests();
    let found = f
        .connector()
        .contacts_by_emails(&emails(&[
            "priya.raman@contoso.com",
            "DANIEL.BROOKS@contoso.com",
            "hannah.schmidt@litware.com",
            "sofia.alvarez@adventure-works.com",
            "noah@wingtiptoys.com",
        ]))
        .await
        .unwrap();
    assert_eq!(f.api_requests() - before, 1, "one query for all addresses");
    let mut names: Vec<&str> = found.iter().map(|c| c.full_name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Daniel Brooks",
            "Hannah Schmidt",
            "Priya Raman",
            "Sofia Alvarez"
        ]
    );
    let priya = found.iter().find(|c| c.full_name == "Priya Raman").unwrap();
    assert_eq!(priya.id, f.seed_id(RecordKind::Contact, "priya"));
    assert_eq!(priya.job_title.as_deref(), Some("VP of Operations"));
    assert_eq!(
        priya.account.as_ref().map(|a| a.id.clone()),
        Some(f.seed_id(RecordKind::Account, "contoso"))
    );
    assert!(!priya.version.0.is_empty());
}

pub async fn lookup_escapes_quotes_and_plus_signs<F: CrmFixture>() {
    let f = F::start().await;
    let found = f
        .connector()
        .contacts_by_emails(&emails(&[
            "sean.o'brien@fabrikam.com",
            "ravi+procurement@woodgrovebank.com",
        ]))
        .await
        .unwrap();
    let mut names: Vec<&str> = found.iter().map(|c| c.full_name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Ravi Patel", "Sean O'Brien"]);
}

pub async fn hostile_addresses_do_not_change_the_query<F: CrmFixture>() {
    let f = F::start().await;
    for hostile in [
        "x' or 1 eq 1 or emailaddress1 eq 'y@z.com",
        "x') or (Email != '",
        "a@b.com} RETURNING Contact(Id) FIND {*",
        "%27%20or%201%20eq%201@x.com",
    ] {
        let result = f.connector().contacts_by_emails(&emails(&[hostile])).await;
        match result {
            Ok(found) => assert!(found.is_empty(), "{hostile} matched {found:?}"),
            Err(ProviderError::Rejected { .. }) => {}
            Err(other) => panic!("{hostile}: unexpected {other:?}"),
        }
    }
}

pub async fn one_address_on_two_contacts_returns_both<F: CrmFixture>() {
    let f = F::start().await;
    let found = f
        .connector()
        .contacts_by_emails(&emails(&["marcus.chen@fabrikam.com"]))
        .await
        .unwrap();
    let mut ids: Vec<String> = found.iter().map(|c| c.id.clone()).collect();
    ids.sort();
    let mut expected = vec![
        f.seed_id(RecordKind::Contact, "marcus"),
        f.seed_id(RecordKind::Contact, "marcus-duplicate"),
    ];
    expected.sort();
    assert_eq!(ids, expected);
}

pub async fn unknown_addresses_match_nothing<F: CrmFixture>() {
    let f = F::start().await;
    let found = f
        .connector()
        .contacts_by_emails(&emails(&["noah@wingtiptoys.com", "nobody@nowhere.example"]))
        .await
        .unwrap();
    assert!(found.is_empty());
    assert!(
        f.connector()
            .contacts_by_emails(&[])
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn account_and_opportunity_by_id<F: CrmFixture>() {
    let f = F::start().await;
    let account = f
        .connector()
        .account(&f.seed_id(RecordKind::Account, "contoso"))
        .await
        .unwrap();
    assert_eq!(account.name, "Contoso Ltd");
    assert_eq!(account.industry.as_deref(), Some("Retail"));
    let deal = f
        .connector()
        .opportunity(&f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"))
        .await
        .unwrap();
    assert_eq!(deal.name, "Contoso – Fulfillment Cloud rollout");
    assert_eq!(deal.amount, Some(48_000.0));
    assert_eq!(deal.close_date.as_deref(), Some("2026-12-15"));
    assert_eq!(deal.stage.as_deref(), Some("Propose"));
    assert!(deal.is_open);
    let contact = f
        .connector()
        .contact(&f.seed_id(RecordKind::Contact, "hannah"), &[])
        .await
        .unwrap();
    assert_eq!(contact.email.as_deref(), Some("hannah.schmidt@litware.com"));
    assert_eq!(contact.phone.as_deref(), Some("+1 617 555 0158"));
}

/// Every read of an opportunity says its amount's currency, as the CRM keeps it (Dataverse:
/// the row's `transactioncurrencyid`; Salesforce: the org's currency), in the same requests as
/// before: the pane's lookup stays one request.
pub async fn opportunities_carry_the_crms_currency<F: CrmFixture>() {
    let f = F::start().await;
    let crm = f.connector();
    let deal = crm
        .opportunity(&f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"))
        .await
        .unwrap();
    assert_eq!(deal.currency.as_deref(), Some("USD"));
    let open = crm
        .open_opportunities(&f.seed_id(RecordKind::Account, "contoso"))
        .await
        .unwrap();
    assert!(!open.is_empty());
    assert!(
        open.iter()
            .all(|deal| deal.currency.as_deref() == Some("USD"))
    );
    let before = f.api_requests();
    let lookup = crm
        .email_lookup(&emails(&["priya.raman@contoso.com"]), None)
        .await
        .unwrap();
    assert_eq!(
        f.api_requests() - before,
        1,
        "still one request per pane open"
    );
    let people = lookup.people.unwrap();
    let deals: Vec<_> = people
        .accounts
        .iter()
        .flat_map(|account| &account.open_opportunities)
        .collect();
    assert!(!deals.is_empty());
    assert!(
        deals
            .iter()
            .all(|deal| deal.currency.as_deref() == Some("USD")),
        "{deals:?}"
    );
}

pub async fn open_opportunities_exclude_closed_ones<F: CrmFixture>() {
    let f = F::start().await;
    let deals = f
        .connector()
        .open_opportunities(&f.seed_id(RecordKind::Account, "contoso"))
        .await
        .unwrap();
    let names: Vec<&str> = deals.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Contoso – EDI integration add-on",
            "Contoso – Fulfillment Cloud rollout"
        ],
        "open only, newest close date first"
    );
    assert!(deals.iter().all(|d| d.is_open));
}

pub async fn contacts_page_through_the_whole_list<F: CrmFixture>() {
    let f = F::start().await;
    let total = f.count(RecordKind::Contact);
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = f
            .connector()
            .contacts_page(5, next.as_deref())
            .await
            .unwrap();
        assert!(page.items.len() <= 5);
        seen.extend(page.items.into_iter().map(|c| c.id));
        pages += 1;
        next = page.next;
        if next.is_none() || pages > 20 {
            break;
        }
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "every contact exactly once");
    assert!(pages >= 4, "paged in {pages} pages");
}

pub async fn create_contact_writes_the_fields<F: CrmFixture>() {
    let f = F::start().await;
    let before = f.count(RecordKind::Contact);
    let created = f
        .connector()
        .create_contact(&NewContact {
            first_name: Some("Noah".into()),
            last_name: "Fischer".into(),
            email: Some("noah@wingtiptoys.com".into()),
            job_title: Some("Owner".into()),
            phone: Some("+1 415 555 0196".into()),
            account_id: None,
        })
        .await
        .unwrap();
    assert_eq!(created.kind, RecordKind::Contact);
    assert_eq!(f.count(RecordKind::Contact), before + 1);
    let stored = f
        .stored(&created)
        .expect("the CRM has the new contact")
        .to_string();
    for value in [
        "Noah",
        "Fischer",
        "noah@wingtiptoys.com",
        "Owner",
        "+1 415 555 0196",
    ] {
        assert!(stored.contains(value), "{value} missing in {stored}");
    }
    let found = f
        .connector()
        .contacts_by_emails(&emails(&["noah@wingtiptoys.com"]))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, created.id);
}

/// The job title goes to the field the connector names for it (`editable_column`), and a
/// re-read shows it there.
pub async fn update_with_the_current_version_succeeds<F: CrmFixture>() {
    let f = F::start().await;
    let id = f.seed_id(RecordKind::Contact, "daniel");
    let contact = f.connector().contact(&id, &[]).await.unwrap();
    let mut fields = BTreeMap::new();
    fields.insert(
        f.connector()
            .editable_column(EditableField::Title)
            .expect("a job title is a field")
            .to_owned(),
        serde_json::json!("Head of Procurement"),
    );
    let new_version = f
        .connector()
        .update(&FieldUpdate {
            record: RecordRef::new(RecordKind::Contact, id.clone()),
            expected_version: contact.version.clone(),
            fields,
        })
        .await
        .unwrap();
    assert_ne!(new_version, contact.version);
    let reread = f.connector().contact(&id, &[]).await.unwrap();
    assert_eq!(reread.job_title.as_deref(), Some("Head of Procurement"));
    assert_eq!(reread.version, new_version);
}

pub async fn update_after_a_change_in_the_crm_is_a_conflict_and_writes_nothing<F: CrmFixture>() {
    let f = F::start().await;
    let id = f.seed_id(RecordKind::Contact, "priya");
    let record = RecordRef::new(RecordKind::Contact, id.clone());
    let seen = f.connector().contact(&id, &[]).await.unwrap();
    f.change_in_crm(&record);
    let stored_before = f.stored(&record);
    let mut fields = BTreeMap::new();
    fields.insert(
        f.connector()
            .editable_column(EditableField::Title)
            .expect("a job title is a field")
            .to_owned(),
        serde_json::json!("Overwritten"),
    );
    let result = f
        .connector()
        .update(&FieldUpdate {
            record: record.clone(),
            expected_version: seen.version,
            fields,
        })
        .await;
    assert!(
        matches!(result, Err(ProviderError::Conflict { .. })),
        "{result:?}"
    );
    assert_eq!(f.stored(&record), stored_before, "nothing was written");
}

fn email_to_save(f: &impl CrmFixture, message_id: &str) -> NewEmailActivity {
    NewEmailActivity {
        subject: "Re: Northwind Fulfillment Cloud – proposal for Contoso".into(),
        html_body: "<p>Thanks Priya, the revised quote is attached.</p>".into(),
        from: Party {
            address: "priya.raman@contoso.com".into(),
            name: Some("Priya Raman".into()),
            contact_id: Some(f.seed_id(RecordKind::Contact, "priya")),
        },
        to: vec![Party {
            address: "megan.bowen@northwindtraders.com".into(),
            name: Some("Megan Bowen".into()),
            contact_id: None,
        }],
        cc: vec![
            Party {
                address: "daniel.brooks@contoso.com".into(),
                name: Some("Daniel Brooks".into()),
                contact_id: Some(f.seed_id(RecordKind::Contact, "daniel")),
            },
            Party {
                address: "someone.new@contoso.com".into(),
                name: None,
                contact_id: None,
            },
        ],
        sent_at: "2026-11-27T16:45:00Z".into(),
        incoming: true,
        internet_message_id: message_id.into(),
        regarding: Some(RecordRef::new(
            RecordKind::Opportunity,
            f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"),
        )),
    }
}

pub async fn email_activity_carries_parties_and_regarding<F: CrmFixture>() {
    let f = F::start().await;
    let saved = f
        .connector()
        .create_email_activity(&email_to_save(&f, "<contract-1@contoso.com>"))
        .await
        .unwrap();
    assert_eq!(saved.kind, RecordKind::Email);
    assert_eq!(
        f.activity_regarding(&saved),
        Some(f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"))
    );
    let parties = f.activity_parties(&saved);
    let has = |role: &str, who: &str| parties.iter().any(|(r, w)| r == role && w == who);
    assert!(
        has("from", &f.seed_id(RecordKind::Contact, "priya")),
        "{parties:?}"
    );
    assert!(
        has("cc", &f.seed_id(RecordKind::Contact, "daniel")),
        "{parties:?}"
    );
    assert!(has("cc", "someone.new@contoso.com"), "{parties:?}");
    assert!(
        parties.iter().any(|(r, _)| r == "to"),
        "the seller is a recipient: {parties:?}"
    );
}

pub async fn saved_email_is_found_by_internet_message_id<F: CrmFixture>() {
    let f = F::start().await;
    let key = ActivityKey::InternetMessageId("<contract-2@contoso.com>".into());
    assert_eq!(f.connector().find_activity(&key).await.unwrap(), None);
    let saved = f
        .connector()
        .create_email_activity(&email_to_save(&f, "<contract-2@contoso.com>"))
        .await
        .unwrap();
    assert_eq!(
        f.connector().find_activity(&key).await.unwrap(),
        Some(saved)
    );
    let other = ActivityKey::InternetMessageId("<contract-3@contoso.com>".into());
    assert_eq!(f.connector().find_activity(&other).await.unwrap(), None);
}

pub async fn saved_meeting_is_found_by_ical_uid<F: CrmFixture>() {
    let f = F::start().await;
    let uid = "040000008200E00074C5B7101A82E00800000000contract";
    let key = ActivityKey::ICalUid(uid.into());
    assert_eq!(f.connector().find_activity(&key).await.unwrap(), None);
    let saved = f
        .connector()
        .create_appointment(&NewAppointment {
            subject: "Contoso pricing review".into(),
            start: "2026-11-30T17:00:00Z".into(),
            end: "2026-11-30T17:45:00Z".into(),
            location: Some("Microsoft Teams Meeting".into()),
            description: Some("Agreed $48,000; CFO sign-off Dec 1.".into()),
            attendees: vec![Party {
                address: "priya.raman@contoso.com".into(),
                name: Some("Priya Raman".into()),
                contact_id: Some(f.seed_id(RecordKind::Contact, "priya")),
            }],
            ical_uid: uid.into(),
            regarding: Some(RecordRef::new(
                RecordKind::Opportunity,
                f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"),
            )),
        })
        .await
        .unwrap();
    assert_eq!(saved.kind, RecordKind::Appointment);
    assert_eq!(
        f.connector().find_activity(&key).await.unwrap(),
        Some(saved.clone())
    );
    assert_eq!(
        f.activity_regarding(&saved),
        Some(f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"))
    );
}

pub async fn task_and_note_are_created_on_the_record<F: CrmFixture>() {
    let f = F::start().await;
    let deal = RecordRef::new(
        RecordKind::Opportunity,
        f.seed_id(RecordKind::Opportunity, "contoso-fulfillment"),
    );
    let task = f
        .connector()
        .create_task(&NewTask {
            subject: "Send revised quote to Priya".into(),
            description: Some("Include the EDI add-on".into()),
            due_date: Some("2026-12-01".into()),
            regarding: Some(deal.clone()),
        })
        .await
        .unwrap();
    assert_eq!(task.kind, RecordKind::Task);
    let stored = f.stored(&task).expect("task stored").to_string();
    assert!(
        stored.contains("Send revised quote to Priya") && stored.contains("2026-12-01"),
        "{stored}"
    );
    assert_eq!(f.activity_regarding(&task), Some(deal.id.clone()));

    let note = f
        .connector()
        .create_note(&NewNote {
            title: "Email summary".into(),
            body: "Priya confirmed the $48,000 price.".into(),
            regarding: deal.clone(),
        })
        .await
        .unwrap();
    assert_eq!(note.kind, RecordKind::Note);
    let stored = f.stored(&note).expect("note stored").to_string();
    assert!(
        stored.contains("Priya confirmed the $48,000 price."),
        "{stored}"
    );
}

pub async fn search_finds_records_across_kinds<F: CrmFixture>() {
    let f = F::start().await;
    let hits = f
        .connector()
        .search(&SearchQuery {
            text: "Contoso".into(),
            kinds: vec![
                RecordKind::Account,
                RecordKind::Opportunity,
                RecordKind::Contact,
            ],
            active_only: false,
            owned_by_me: false,
            top: 20,
        })
        .await
        .unwrap();
    assert!(hits.iter().any(|h| h.record
        == RecordRef::new(
            RecordKind::Account,
            f.seed_id(RecordKind::Account, "contoso")
        )));
    assert!(
        hits.iter()
            .any(|h| h.record.kind == RecordKind::Opportunity
                && h.title.contains("Fulfillment Cloud"))
    );
}

pub async fn search_filters_active_only_and_owned_by_me<F: CrmFixture>() {
    let f = F::start().await;
    let query = |active_only, owned_by_me| SearchQuery {
        text: "Contoso".into(),
        kinds: vec![RecordKind::Opportunity],
        active_only,
        owned_by_me,
        top: 20,
    };
    let all = f.connector().search(&query(false, false)).await.unwrap();
    assert!(
        all.iter().any(|h| h.title.contains("2025 pilot")),
        "closed deals appear without the filter"
    );
    let active = f.connector().search(&query(true, false)).await.unwrap();
    assert!(!active.iter().any(|h| h.title.contains("2025 pilot")));
    assert!(active.iter().any(|h| h.title.contains("Fulfillment Cloud")));

    let woodgrove = SearchQuery {
        text: "Woodgrove".into(),
        kinds: vec![RecordKind::Opportunity, RecordKind::Account],
        active_only: false,
        owned_by_me: true,
        top: 20,
    };
    let mine = f.connector().search(&woodgrove).await.unwrap();
    assert!(mine.is_empty(), "Woodgrove is Alex's: {mine:?}");
}

pub async fn record_urls_open_the_crm<F: CrmFixture>() {
    let f = F::start().await;
    let id = f.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let url = f
        .connector()
        .record_url(&RecordRef::new(RecordKind::Opportunity, id.clone()));
    assert!(url.starts_with("http"), "{url}");
    assert!(url.contains(&id), "{url}");
}

pub async fn missing_record_is_not_found<F: CrmFixture>() {
    let f = F::start().await;
    let missing = f.seed_id(RecordKind::Contact, "no-such-contact");
    let result = f.connector().contact(&missing, &[]).await;
    assert!(
        matches!(result, Err(ProviderError::NotFound { .. })),
        "{result:?}"
    );
}

pub async fn throttling_is_typed_with_retry_after<F: CrmFixture>() {
    let f = F::start().await;
    add_fault(
        f.sandbox(),
        serde_json::json!({ "path_prefix": f.api_prefix(), "status": 429, "retry_after": "30" }),
    )
    .await;
    let result = f
        .connector()
        .account(&f.seed_id(RecordKind::Account, "contoso"))
        .await;
    match result {
        Err(ProviderError::Throttled { retry_after, .. }) => {
            // Salesforce signals limits with 403 REQUEST_LIMIT_EXCEEDED and no Retry-After;
            // Dataverse with 429 + Retry-After. The sandbox sends each vendor's own shape.
            if let Some(wait) = retry_after {
                assert_eq!(wait, Duration::from_secs(30));
            }
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
}

pub async fn server_errors_are_typed<F: CrmFixture>() {
    let f = F::start().await;
    add_fault(
        f.sandbox(),
        serde_json::json!({ "path_prefix": f.api_prefix(), "status": 500 }),
    )
    .await;
    let result = f
        .connector()
        .opportunity(&f.seed_id(RecordKind::Opportunity, "contoso-edi"))
        .await;
    assert!(
        matches!(result, Err(ProviderError::Server { status: 500, .. })),
        "{result:?}"
    );
}

pub async fn malformed_bodies_are_typed<F: CrmFixture>() {
    let f = F::start().await;
    for body in ["malformed", "truncated"] {
        add_fault(
            f.sandbox(),
            serde_json::json!({ "path_prefix": f.api_prefix(), "body": body, "times": 2 }),
        )
        .await;
        let result = f
            .connector()
            .contacts_by_emails(&emails(&["priya.raman@contoso.com"]))
            .await;
        assert!(
            matches!(result, Err(ProviderError::Malformed { .. })),
            "{body}: {result:?}"
        );
        reqwest::Client::new()
            .delete(format!("{}/_sandbox/faults", f.sandbox().urls().origin))
            .send()
            .await
            .unwrap();
    }
}

pub async fn hanging_crm_times_out<F: CrmFixture>() {
    let f = F::start().await;
    add_fault(
        f.sandbox(),
        serde_json::json!({ "path_prefix": f.api_prefix(), "hang": true }),
    )
    .await;
    let connector = f.connector_with_timeout(Duration::from_millis(300));
    let result = connector
        .account(&f.seed_id(RecordKind::Account, "contoso"))
        .await;
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

/// The seeded Contoso deal's timeline: two notes and two meetings, interleaved newest first,
/// each with its author and text; another deal's entries never leak in; the bound holds; and a
/// note and a task just written on the deal come first.
pub async fn opportunity_timeline_is_newest_first_bounded_and_fresh<F: CrmFixture>() {
    let f = F::start().await;
    let deal_id = f.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let timeline = f
        .connector()
        .opportunity_timeline(&deal_id, 10)
        .await
        .unwrap();
    let seen: Vec<(RecordKind, &str)> = timeline
        .entries
        .iter()
        .map(|entry| (entry.record.kind, entry.subject.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (RecordKind::Appointment, "Pricing call with Priya Raman"),
            (RecordKind::Note, "Competition"),
            (RecordKind::Note, "CFO approval"),
            (RecordKind::Appointment, "Discovery workshop"),
        ]
    );
    let pricing = &timeline.entries[0];
    assert_eq!(pricing.at, "2026-11-26T15:00:00Z");
    assert_eq!(pricing.author.as_deref(), Some("Megan Bowen"));
    assert!(pricing.text.contains("by December 5"), "{}", pricing.text);
    let cfo = &timeline.entries[2];
    assert_eq!(
        cfo.text,
        "Amelia Scott (CFO) must sign off on anything above $45,000. Budget cap is $50,000."
    );
    assert_eq!(cfo.record.id, f.seed_id(RecordKind::Note, "contoso-cfo"));
    assert!(cfo.at.starts_with("2026-11-20T"), "{}", cfo.at);

    let two = f
        .connector()
        .opportunity_timeline(&deal_id, 2)
        .await
        .unwrap();
    assert_eq!(two.entries, timeline.entries[..2]);

    let deal = RecordRef::new(RecordKind::Opportunity, deal_id.clone());
    let note = f
        .connector()
        .create_note(&NewNote {
            title: "Call with Priya".into(),
            body: "Priya needs the security questionnaire answered.".into(),
            regarding: deal.clone(),
        })
        .await
        .unwrap();
    let task = f
        .connector()
        .create_task(&NewTask {
            subject: "Answer the security questionnaire".into(),
            description: None,
            due_date: Some("2026-12-03".into()),
            regarding: Some(deal),
        })
        .await
        .unwrap();
    let fresh = f
        .connector()
        .opportunity_timeline(&deal_id, 10)
        .await
        .unwrap();
    let mut newest: Vec<&RecordRef> = fresh.entries[..2].iter().map(|e| &e.record).collect();
    newest.sort();
    let mut expected = vec![&task, &note];
    expected.sort();
    assert_eq!(newest, expected);
    assert_eq!(fresh.entries.len(), 6);
    // A task says whether it is open; other entries do not.
    let open_of = |timeline: &closer_worker::crm::Timeline, id: &RecordRef| {
        timeline
            .entries
            .iter()
            .find(|e| &e.record == id)
            .map(|e| e.open)
    };
    assert_eq!(open_of(&fresh, &task), Some(Some(true)));
    assert_eq!(open_of(&fresh, &note), Some(None));
    f.complete_task_in_crm(&task);
    let completed = f
        .connector()
        .opportunity_timeline(&deal_id, 10)
        .await
        .unwrap();
    assert_eq!(open_of(&completed, &task), Some(Some(false)));

    let fabrikam = f
        .connector()
        .opportunity_timeline(&f.seed_id(RecordKind::Opportunity, "fabrikam-security"), 10)
        .await
        .unwrap();
    assert_eq!(fabrikam.entries.len(), 2);
    assert!(
        fabrikam
            .entries
            .iter()
            .all(|entry| !entry.subject.contains("Priya") && entry.subject != "CFO approval")
    );
}

/// An id that names no opportunity (a hostile one included) reads nothing of other deals: the
/// answer is an empty timeline or not-found, never someone else's notes.
pub async fn timeline_of_an_unknown_or_hostile_id_reads_nothing<F: CrmFixture>() {
    let f = F::start().await;
    let closed = f.seed_id(RecordKind::Opportunity, "alpine-2026");
    for id in [
        closed.as_str(),
        "' OR ParentId != '",
        "00000000-0000-4000-a000-000000000000) or (statecode eq 0",
    ] {
        match f.connector().opportunity_timeline(id, 10).await {
            Ok(timeline) => assert!(timeline.entries.is_empty(), "{id}: {timeline:?}"),
            Err(error) => assert!(
                matches!(error, ProviderError::NotFound { .. }),
                "{id}: {error:?}"
            ),
        }
    }
}

/// Every address of a busy thread: known contacts at four companies, a duplicated contact, an
/// unknown sender, and many strangers, so the lookup cannot fit a URL.
fn many_participants() -> Vec<String> {
    let mut all = emails(&[
        "priya.raman@contoso.com",
        "DANIEL.BROOKS@contoso.com",
        "hannah.schmidt@litware.com",
        "sofia.alvarez@adventure-works.com",
        "marcus.chen@fabrikam.com",
        "noah@wingtiptoys.com",
    ]);
    all.extend((0..120).map(|i| format!("stranger.number.{i}@unknown-company-{i}.example")));
    all
}

pub async fn email_lookup_is_one_request_for_any_number_of_participants<F: CrmFixture>() {
    let f = F::start().await;
    let saved = f
        .connector()
        .create_email_activity(&email_to_save(&f, "<lookup-1@contoso.com>"))
        .await
        .unwrap();
    let key = ActivityKey::InternetMessageId("<lookup-1@contoso.com>".into());
    let before = f.api_requests();
    let lookup = f
        .connector()
        .email_lookup(&many_participants(), Some(&key))
        .await
        .unwrap();
    assert_eq!(f.api_requests() - before, 1, "one request for everything");
    assert_eq!(lookup.saved, Ok(Some(saved)));

    let people = lookup.people.unwrap();
    let mut names: Vec<&str> = people
        .contacts
        .iter()
        .map(|c| c.full_name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Daniel Brooks",
            "Hannah Schmidt",
            "Marcus Chen",
            "Marcus Chen",
            "Priya Raman",
            "Sofia Alvarez"
        ]
    );
    // Each contact's account comes once, with exactly its open deals, newest close first.
    let mut expected: Vec<String> = people
        .contacts
        .iter()
        .filter_map(|c| c.account.as_ref().map(|a| a.id.clone()))
        .collect();
    expected.sort();
    expected.dedup();
    let mut ids: Vec<String> = people
        .accounts
        .iter()
        .map(|a| a.account.id.clone())
        .collect();
    ids.sort();
    assert_eq!(ids, expected);
    let contoso_id = f.seed_id(RecordKind::Account, "contoso");
    let contoso = people
        .accounts
        .iter()
        .find(|a| a.account.id == contoso_id)
        .unwrap();
    assert_eq!(contoso.account.name, "Contoso Ltd");
    assert_eq!(contoso.account.industry.as_deref(), Some("Retail"));
    assert!(!contoso.account.version.0.is_empty());
    let deals: Vec<&str> = contoso
        .open_opportunities
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(
        deals,
        [
            "Contoso – EDI integration add-on",
            "Contoso – Fulfillment Cloud rollout"
        ],
        "open only, newest close date first, as open_opportunities answers"
    );
    // The same deals with the same values. Versions are compared apart: a Dataverse row read
    // through `$expand` carries no etag (join-tables), so the lookup versions it differently.
    let unversioned = |deals: &[closer_worker::crm::Opportunity]| {
        deals
            .iter()
            .cloned()
            .map(|mut deal| {
                deal.version = closer_worker::crm::RecordVersion(String::new());
                deal
            })
            .collect::<Vec<_>>()
    };
    for account in &people.accounts {
        let alone = f
            .connector()
            .open_opportunities(&account.account.id)
            .await
            .unwrap();
        assert_eq!(
            unversioned(&account.open_opportunities),
            unversioned(&alone),
            "{}",
            account.account.name
        );
        assert!(
            account
                .open_opportunities
                .iter()
                .all(|deal| !deal.version.0.is_empty()),
            "every deal can be edited"
        );
    }
}

pub async fn email_lookup_without_anything_to_ask_sends_nothing<F: CrmFixture>() {
    let f = F::start().await;
    let before = f.api_requests();
    let lookup = f.connector().email_lookup(&[], None).await.unwrap();
    assert_eq!(f.api_requests(), before);
    assert_eq!(lookup.people.unwrap().contacts.len(), 0);
    assert_eq!(lookup.saved, Ok(None));
    // Only the saved check: still one request, and no contact is read.
    let key = ActivityKey::InternetMessageId("<never-saved@contoso.com>".into());
    let lookup = f.connector().email_lookup(&[], Some(&key)).await.unwrap();
    assert_eq!(f.api_requests() - before, 1);
    assert_eq!(lookup.saved, Ok(None));
    assert!(lookup.people.unwrap().contacts.is_empty());
}

pub async fn email_lookup_keeps_a_failing_part_apart<F: CrmFixture>() {
    let f = F::start().await;
    let saved = f
        .connector()
        .create_email_activity(&email_to_save(&f, "<lookup-2@contoso.com>"))
        .await
        .unwrap();
    let key = ActivityKey::InternetMessageId("<lookup-2@contoso.com>".into());
    for (status, retry_after) in [(500, None), (429, Some("30"))] {
        add_fault(
            f.sandbox(),
            serde_json::json!({
                "path_prefix": f.people_part_prefix(),
                "method": "GET",
                "status": status,
                "retry_after": retry_after,
                "times": 1,
            }),
        )
        .await;
        let before = f.api_requests();
        let lookup = f
            .connector()
            .email_lookup(&emails(&["priya.raman@contoso.com"]), Some(&key))
            .await
            .unwrap();
        assert_eq!(
            f.api_requests() - before,
            1,
            "a failed part is not retried alone"
        );
        match (status, &lookup.people) {
            (500, Err(ProviderError::Server { status: 500, .. })) => {}
            (429, Err(ProviderError::Throttled { retry_after, .. })) => {
                // Dataverse's part carries `Retry-After`; Salesforce's sub-responses do not.
                if let Some(wait) = retry_after {
                    assert_eq!(*wait, Duration::from_secs(30));
                }
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(lookup.saved, Ok(Some(saved.clone())), "{status}");
    }
    // The rule was used up: the next lookup finds Priya.
    let lookup = f
        .connector()
        .email_lookup(&emails(&["priya.raman@contoso.com"]), Some(&key))
        .await
        .unwrap();
    assert_eq!(lookup.people.unwrap().contacts.len(), 1);
}

pub async fn email_lookup_failing_as_a_whole_is_typed<F: CrmFixture>() {
    let f = F::start().await;
    add_fault(
        f.sandbox(),
        serde_json::json!({ "path_prefix": f.api_prefix(), "status": 429, "retry_after": "30" }),
    )
    .await;
    let key = ActivityKey::InternetMessageId("<lookup-3@contoso.com>".into());
    let result = f
        .connector()
        .email_lookup(&emails(&["priya.raman@contoso.com"]), Some(&key))
        .await;
    assert!(
        matches!(result, Err(ProviderError::Throttled { .. })),
        "{result:?}"
    );
}
