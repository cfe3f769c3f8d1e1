//! The pane's work beside the open email, end to end below HTTP: a follow-up task and CRM
//! search, the production handlers over the production connectors, against the sandbox, as
//! Megan Bowen, once with Dynamics (Dataverse) and once with Salesforce. `both_vendors!`
//! instantiates every test for both CRMs, so none can be skipped for one of them.

use crate::world::{Vendor, World, both_vendors};
use closer_sandbox::demo::USERS;
use closer_wire::{CreateTask, SearchRequest, SearchResult};
use closer_worker::crm::RecordKind;
use closer_worker::crm::dataverse::odata;
use closer_worker::error::ApiFailure;
use closer_worker::routes::pane::task::{create_task, create_task_once};
use closer_worker::routes::search::search;
use serde_json::Value;

both_vendors!(
    task_regarding_the_deal_lands_with_subject_due_date_and_regarding,
    invalid_task_writes_nothing,
    a_task_with_a_key_is_created_once_whatever_the_clicks,
    search_finds_the_account_and_the_deals,
    active_only_hides_the_closed_pilot,
    owned_by_me_hides_alexs_woodgrove,
    invalid_search_sends_nothing,
);

/// How many tasks the sandbox CRM holds.
fn task_count(world: &World) -> usize {
    let state = world.sandbox.state().lock();
    match world.vendor {
        Vendor::Dataverse => state.dataverse.count(odata::table(RecordKind::Task).set),
        Vendor::Salesforce => state.salesforce.count("Task"),
    }
}

/// A task as the CRM stores it: (subject, due date `YYYY-MM-DD`, regarding id), read with the
/// vendor's own field names.
fn stored_task(world: &World, id: &str) -> (String, String, String) {
    let state = world.sandbox.state().lock();
    let (record, fields) = match world.vendor {
        Vendor::Dataverse => (
            state
                .dataverse
                .record(odata::table(RecordKind::Task).set, id),
            ["subject", "scheduledend", "_regardingobjectid_value"],
        ),
        Vendor::Salesforce => (
            state.salesforce.record("Task", id),
            ["Subject", "ActivityDate", "WhatId"],
        ),
    };
    let record = record.unwrap_or_else(|| panic!("no task {id} in the CRM"));
    let text = |field: &str| {
        record
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    (
        text(fields[0]).to_owned(),
        text(fields[1]).chars().take(10).collect(),
        text(fields[2]).to_ascii_lowercase(),
    )
}

fn searching(text: &str, active_only: bool, owned_by_me: bool) -> SearchRequest {
    SearchRequest {
        text: text.into(),
        kinds: vec![],
        active_only,
        owned_by_me,
    }
}

fn names(results: &[SearchResult]) -> Vec<String> {
    results.iter().map(|r| r.record.name.clone()).collect()
}

async fn task_regarding_the_deal_lands_with_subject_due_date_and_regarding(vendor: Vendor) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let before = task_count(&world);
    let created = create_task(
        &world.crm,
        CreateTask {
            subject: "Follow up: proposal for Contoso".into(),
            due_date: Some("2026-12-04".into()),
            regarding_kind: "opportunity".into(),
            regarding_id: deal.clone(),
            idempotency_key: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(task_count(&world), before + 1, "exactly one new task");
    assert_eq!(created.kind, "task");
    assert_eq!(created.name, "Follow up: proposal for Contoso");
    assert!(
        created.url.starts_with("http") && created.url.contains(&created.id),
        "{}",
        created.url
    );
    assert_eq!(
        stored_task(&world, &created.id),
        (
            "Follow up: proposal for Contoso".to_owned(),
            "2026-12-04".to_owned(),
            deal.to_ascii_lowercase()
        )
    );
}

async fn invalid_task_writes_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = task_count(&world);
    world.clear_log();
    let refused = create_task(
        &world.crm,
        CreateTask {
            subject: "Follow up".into(),
            due_date: Some("2026-02-30".into()),
            regarding_kind: "opportunity".into(),
            regarding_id: world.seed_id(RecordKind::Opportunity, "contoso-fulfillment"),
            idempotency_key: None,
        },
    )
    .await;
    assert!(matches!(refused, Err(ApiFailure::BadRequest { .. })));
    assert!(
        world.crm_requests().is_empty(),
        "{:?}",
        world.crm_requests()
    );
    assert_eq!(task_count(&world), before);
}

async fn search_finds_the_account_and_the_deals(vendor: Vendor) {
    let world = World::start(vendor).await;
    let results = search(&world.crm, searching("Contoso", false, false))
        .await
        .unwrap();
    let account = results
        .iter()
        .find(|r| r.record.kind == "account")
        .expect("the account is found");
    assert_eq!(account.record.name, "Contoso Ltd");
    assert_eq!(
        account.record.id,
        world.seed_id(RecordKind::Account, "contoso")
    );
    assert!(account.record.url.contains(&account.record.id));
    let deals: Vec<&str> = results
        .iter()
        .filter(|r| r.record.kind == "opportunity")
        .map(|r| r.record.name.as_str())
        .collect();
    for open in [
        "Contoso – Fulfillment Cloud rollout",
        "Contoso – EDI integration add-on",
    ] {
        assert!(deals.contains(&open), "{open} in {deals:?}");
    }
    assert!(
        deals.contains(&"Contoso – 2025 pilot"),
        "closed deals appear without the filter: {deals:?}"
    );
    assert!(
        results.iter().any(|r| r.record.kind == "contact"),
        "contacts are searched too: {:?}",
        names(&results)
    );
    assert!(results.len() <= 25);
}

async fn active_only_hides_the_closed_pilot(vendor: Vendor) {
    let world = World::start(vendor).await;
    let results = search(&world.crm, searching("Contoso", true, false))
        .await
        .unwrap();
    let found = names(&results);
    assert!(found.contains(&"Contoso Ltd".to_owned()), "{found:?}");
    assert!(
        found.contains(&"Contoso – Fulfillment Cloud rollout".to_owned()),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|name| name.contains("2025 pilot")),
        "{found:?}"
    );
}

async fn owned_by_me_hides_alexs_woodgrove(vendor: Vendor) {
    let world = World::start(vendor).await;
    let everyone = search(&world.crm, searching("Woodgrove", false, false))
        .await
        .unwrap();
    assert!(
        names(&everyone).contains(&"Woodgrove Bank".to_owned()),
        "{:?}",
        names(&everyone)
    );
    let mine = search(&world.crm, searching("Woodgrove", false, true))
        .await
        .unwrap();
    assert!(mine.is_empty(), "Woodgrove is Alex's: {:?}", names(&mine));
}

async fn invalid_search_sends_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    world.clear_log();
    for request in [
        searching("C", false, false),
        SearchRequest {
            kinds: vec!["task".into()],
            ..searching("Contoso", false, false)
        },
    ] {
        let refused = search(&world.crm, request).await;
        assert!(matches!(refused, Err(ApiFailure::BadRequest { .. })));
    }
    assert!(
        world.crm_requests().is_empty(),
        "{:?}",
        world.crm_requests()
    );
}

async fn a_task_with_a_key_is_created_once_whatever_the_clicks(vendor: Vendor) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let task = |key: &str| CreateTask {
        subject: "Send the revised quote".into(),
        due_date: Some("2026-12-05".into()),
        regarding_kind: "opportunity".into(),
        regarding_id: deal.clone(),
        idempotency_key: Some(key.into()),
    };
    let before = task_count(&world);
    let pane = world.pane();
    // A double click: two requests with one key at once, then a retry.
    let (tab_1, tab_2) = (World::lock("tab-1"), World::lock("tab-2"));
    let (first, second) = futures::join!(
        create_task_once(&pane, &tab_1, task("form-7f3a")),
        create_task_once(&pane, &tab_2, task("form-7f3a")),
    );
    let retried = create_task_once(&pane, &World::lock("tab-3"), task("form-7f3a"))
        .await
        .unwrap();
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(task_count(&world), before + 1, "one task for one key");
    assert_eq!(first.id, second.id);
    assert_eq!(first.id, retried.id);
    // Another key is another intended task.
    let other = create_task_once(&pane, &World::lock("tab-1"), task("form-0b21"))
        .await
        .unwrap();
    assert_ne!(other.id, first.id);
    assert_eq!(task_count(&world), before + 2);
    // The same key for a different task is a conflict: nothing created, the first untouched.
    let mut changed = task("form-7f3a");
    changed.subject = "Something else entirely".into();
    let reused = create_task_once(&pane, &World::lock("tab-4"), changed).await;
    assert!(matches!(reused, Err(ApiFailure::KeyReused)), "{reused:?}");
    assert_eq!(reused.unwrap_err().status(), 409);
    assert_eq!(task_count(&world), before + 2);
    // A colleague using the same key makes their own task: keys are per seller, so nobody can
    // pre-claim another's.
    let mut colleague = world.pane();
    colleague.scope.user_id = Some(USERS[1].id.into());
    let theirs = create_task_once(&colleague, &World::lock("tab-5"), task("form-7f3a"))
        .await
        .unwrap();
    assert_ne!(theirs.id, first.id);
    assert_eq!(task_count(&world), before + 3);
    // A key that could smuggle anything into Closer's store is refused before the CRM.
    let refused = create_task_once(&pane, &World::lock("tab-1"), task("../../other tenant")).await;
    assert!(
        matches!(refused, Err(ApiFailure::BadRequest { .. })),
        "{refused:?}"
    );
    assert_eq!(task_count(&world), before + 3);
}
