//! Stage edits as the real CRMs take them, against the sandbox's CRMs (as strict as the vendors):
//! the stages offered come from the CRM's metadata (Dynamics: the opportunity's business process
//! flow, one step either way; Salesforce: the active `StageName` picklist values), a stage move
//! in Dynamics moves the process instance (not the `stepname` label), any other value is
//! refused by the worker before the CRM is asked, and the sandbox refuses such values when they
//! are sent raw, as the vendors do.

use crate::world::{Vendor, World};
use closer_sandbox::authority::issue_downstream_token;
use closer_sandbox::crm_seed;
use closer_wire::{EditableField, EditableKind, FieldChange, RecordCard, UpdateRecord};
use closer_worker::crm::salesforce::DEFAULT_API_VERSION;
use closer_worker::crm::{CrmConnector, RecordKind};
use closer_worker::error::ApiFailure;
use closer_worker::routes::pane::record::{EditOutcome, update_record};
use serde_json::{Value, json};

fn stage_edit(id: &str, version: &str, stage: &str) -> UpdateRecord {
    UpdateRecord {
        kind: EditableKind::Opportunity,
        id: id.to_owned(),
        version: version.to_owned(),
        fields: vec![FieldChange {
            field: EditableField::Stage,
            value: stage.to_owned(),
        }],
        extra: Vec::new(),
    }
}

fn patches(world: &World) -> usize {
    world
        .crm_requests()
        .iter()
        .filter(|sent| sent.method == "PATCH")
        .count()
}

/// The opportunity's Opportunity Sales Process instance, as the sandbox stores it.
fn instance(world: &World, opportunity: &str) -> Value {
    let state = world.sandbox.state().lock();
    state
        .dataverse
        .records("opportunitysalesprocesses")
        .into_iter()
        .find(|row| row["_bpf_opportunityid_value"] == opportunity)
        .expect("every seeded opportunity runs the sales process")
}

/// The name of the stage `id`.
fn stage_name(world: &World, id: &str) -> String {
    let state = world.sandbox.state().lock();
    state
        .dataverse
        .record("processstages", id)
        .expect("a stage")["stagename"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Stages as (name, id).
type Stages = Vec<(String, String)>;

/// The ids of the Opportunity Sales Process's stages by name, and of the other process's.
fn stage_ids(world: &World) -> (Stages, Stages) {
    let state = world.sandbox.state().lock();
    let stages = state.dataverse.records("processstages");
    let process = |row: &Value| row["_processid_value"].as_str().unwrap().to_owned();
    let opportunity_process = {
        let deal = crm_seed::dataverse_id("opportunity", "contoso-fulfillment");
        let instances = state.dataverse.records("opportunitysalesprocesses");
        instances
            .iter()
            .find(|row| row["_bpf_opportunityid_value"] == deal.as_str())
            .map(|row| row["_processid_value"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let pick = |same: bool| {
        stages
            .iter()
            .filter(|row| (process(row) == opportunity_process) == same)
            .map(|row| {
                (
                    row["stagename"].as_str().unwrap().to_owned(),
                    row["processstageid"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<Vec<_>>()
    };
    (pick(true), pick(false))
}

fn id_of<'a>(stages: &'a [(String, String)], name: &str) -> &'a str {
    &stages.iter().find(|(n, _)| n == name).unwrap().1
}

#[tokio::test(flavor = "current_thread")]
async fn dynamics_offers_the_process_stages_one_step_away() {
    let world = World::start(Vendor::Dataverse).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let offered = world.crm.sales_stages(&deal).await.unwrap();
    assert_eq!(offered.stages, ["Develop", "Propose", "Close"]);
    assert_eq!(offered.current.as_deref(), Some("Propose"));
    let first = world.seed_id(RecordKind::Opportunity, "contoso-edi");
    let offered = world.crm.sales_stages(&first).await.unwrap();
    assert_eq!(offered.stages, ["Qualify", "Develop"]);
}

#[tokio::test(flavor = "current_thread")]
async fn salesforce_offers_the_active_picklist_values() {
    let world = World::start(Vendor::Salesforce).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let offered = world.crm.sales_stages(&deal).await.unwrap();
    assert_eq!(
        offered.stages,
        [
            "Qualify",
            "Develop",
            "Propose",
            "Negotiate",
            "Closed Won",
            "Closed Lost"
        ],
        "the retired value is not offered"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_dynamics_stage_edit_moves_the_business_process_flow() {
    let world = World::start(Vendor::Dataverse).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let read = world.crm.opportunity(&deal).await.unwrap();
    let before = instance(&world, &deal);
    let (stages, _) = stage_ids(&world);

    let outcome = update_record(&world.crm, stage_edit(&deal, &read.version.0, "Close"))
        .await
        .unwrap();

    let EditOutcome::Updated(RecordCard::Opportunity { opportunity }) = outcome else {
        panic!("expected the updated opportunity, got {outcome:?}");
    };
    let after = instance(&world, &deal);
    assert_eq!(
        stage_name(&world, after["_activestageid_value"].as_str().unwrap()),
        "Close",
        "the process instance is at the new stage"
    );
    let walked = ["Qualify", "Develop", "Propose", "Close"]
        .map(|name| id_of(&stages, name))
        .join(",");
    assert_eq!(after["traversedpath"], walked.as_str());
    assert_ne!(after["@odata.etag"], before["@odata.etag"]);
    assert_eq!(opportunity.stage.as_deref(), Some("Close"));
    assert_ne!(opportunity.version, read.version.0);

    // And back one stage.
    let outcome = update_record(
        &world.crm,
        stage_edit(&deal, &opportunity.version, "Propose"),
    )
    .await
    .unwrap();
    assert!(matches!(outcome, EditOutcome::Updated(_)), "{outcome:?}");
    let back = instance(&world, &deal);
    assert_eq!(
        stage_name(&world, back["_activestageid_value"].as_str().unwrap()),
        "Propose"
    );
    assert_eq!(
        back["traversedpath"],
        ["Qualify", "Develop", "Propose"]
            .map(|name| id_of(&stages, name))
            .join(",")
            .as_str()
    );
}

async fn stages_not_offered_are_refused_before_any_write(vendor: Vendor, asked: &[&str]) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let read = world.crm.opportunity(&deal).await.unwrap();
    world.clear_log();
    for stage in asked {
        let result = update_record(&world.crm, stage_edit(&deal, &read.version.0, stage)).await;
        let Err(ApiFailure::BadRequest { reason }) = result else {
            panic!("expected a refusal of {stage}, got {result:?}");
        };
        assert!(
            reason.starts_with(&format!(
                "“{stage}” is not a stage of this opportunity's sales process; choose one of "
            )),
            "{reason}"
        );
        assert!(reason.contains("Propose"), "{reason}");
    }
    assert_eq!(patches(&world), 0, "nothing was sent to be written");
    let now = world.crm.opportunity(&deal).await.unwrap();
    assert_eq!(now.stage.as_deref(), Some("Propose"));
    assert_eq!(now.version, read.version);
}

#[tokio::test(flavor = "current_thread")]
async fn dynamics_refuses_stages_outside_the_process_or_two_steps_away() {
    // `Qualify` is in the process but two stages back; the others are not stages at all.
    stages_not_offered_are_refused_before_any_write(
        Vendor::Dataverse,
        &["Negotiate", "Closed Won", "Qualify"],
    )
    .await;
}

#[tokio::test(flavor = "current_thread")]
async fn salesforce_refuses_values_outside_the_picklist() {
    stages_not_offered_are_refused_before_any_write(
        Vendor::Salesforce,
        &["Negotiation/Review", "Prospecting", "Close"],
    )
    .await;
}

/// The pane's deals come from the email lookup, where Dataverse puts no `@odata.etag` on the
/// expanded rows: the version the pane holds is the row's `versionnumber`, and a stage move
/// checks that (not an etag) against the opportunity as it is now.
#[tokio::test(flavor = "current_thread")]
async fn a_dynamics_stage_edit_of_a_deal_from_the_email_lookup_moves_it() {
    let world = World::start(Vendor::Dataverse).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let lookup = world
        .crm
        .email_lookup(&["priya.raman@contoso.com".to_owned()], None)
        .await
        .unwrap();
    let people = lookup.people.unwrap();
    let seen = people
        .accounts
        .iter()
        .flat_map(|account| &account.open_opportunities)
        .find(|opportunity| opportunity.id == deal)
        .expect("the lookup lists the deal")
        .version
        .clone();
    assert!(
        !seen.0.starts_with("W/"),
        "an expanded row carries no etag: {seen:?}"
    );

    let outcome = update_record(&world.crm, stage_edit(&deal, &seen.0, "Close"))
        .await
        .unwrap();
    assert!(matches!(outcome, EditOutcome::Updated(_)), "{outcome:?}");
    let after = instance(&world, &deal);
    assert_eq!(
        stage_name(&world, after["_activestageid_value"].as_str().unwrap()),
        "Close"
    );

    // The lookup's version is stale now that the stage moved the row on.
    let outcome = update_record(&world.crm, stage_edit(&deal, &seen.0, "Propose"))
        .await
        .unwrap();
    assert!(
        matches!(outcome, EditOutcome::Conflict { .. }),
        "{outcome:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_stage_edit_of_an_opportunity_changed_meanwhile_is_a_conflict() {
    for vendor in [Vendor::Dataverse, Vendor::Salesforce] {
        let world = World::start(vendor).await;
        let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
        let read = world.crm.opportunity(&deal).await.unwrap();
        {
            let mut state = world.sandbox.state().lock();
            let touched = match vendor {
                Vendor::Dataverse => state.dataverse.touch("opportunities", &deal),
                Vendor::Salesforce => state.salesforce.touch("Opportunity", &deal),
            };
            assert!(touched);
        }
        let outcome = update_record(&world.crm, stage_edit(&deal, &read.version.0, "Develop"))
            .await
            .unwrap();
        let EditOutcome::Conflict { failure, current } = outcome else {
            panic!("expected a conflict, got {outcome:?}");
        };
        assert_eq!(failure.status(), 409);
        let RecordCard::Opportunity { opportunity } = current else {
            panic!("expected the opportunity, got {current:?}");
        };
        assert_eq!(opportunity.stage.as_deref(), Some("Propose"));
        if vendor == Vendor::Dataverse {
            let instance = instance(&world, &deal);
            assert_eq!(
                stage_name(&world, instance["_activestageid_value"].as_str().unwrap()),
                "Propose",
                "the process did not move"
            );
        }
    }
}

/// A raw request to the sandbox as Megan.
async fn raw(
    world: &World,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let token = match world.vendor {
        Vendor::Dataverse => {
            let megan = crm_seed::USERS
                .iter()
                .find(|user| user.key == crm_seed::OWNER_MEGAN)
                .unwrap();
            issue_downstream_token(
                world.sandbox.state(),
                megan.entra_id,
                &world.sandbox.urls().origin,
            )
        }
        Vendor::Salesforce => {
            world
                .sandbox
                .state()
                .lock()
                .salesforce
                .issue_session(crm_seed::OWNER_MEGAN)
                .unwrap()
                .access_token
        }
    };
    let mut request = reqwest::Client::new()
        .request(method, url)
        .bearer_auth(token)
        .header("Accept", "application/json");
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test(flavor = "current_thread")]
async fn the_dataverse_sandbox_refuses_stage_moves_dataverse_refuses() {
    let world = World::start(Vendor::Dataverse).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-edi");
    let before = instance(&world, &deal);
    let (stages, other_process) = stage_ids(&world);
    let url = format!(
        "{}opportunitysalesprocesses({})",
        world.sandbox.urls().crm,
        before["businessprocessflowinstanceid"].as_str().unwrap()
    );
    let path = |names: &[&str]| {
        names
            .iter()
            .map(|name| id_of(&stages, name))
            .collect::<Vec<_>>()
            .join(",")
    };
    let refused = [
        // A stage of another process, though its name is one of this process's.
        json!({
            "activestageid@odata.bind": format!("/processstages({})", id_of(&other_process, "Develop")),
            "traversedpath": format!("{},{}", id_of(&stages, "Qualify"), id_of(&other_process, "Develop")),
        }),
        // Two stages on at once.
        json!({
            "activestageid@odata.bind": format!("/processstages({})", id_of(&stages, "Propose")),
            "traversedpath": path(&["Qualify", "Develop", "Propose"]),
        }),
        // A move that does not say the path walked.
        json!({
            "activestageid@odata.bind": format!("/processstages({})", id_of(&stages, "Develop")),
        }),
    ];
    for body in refused {
        let (status, answer) = raw(&world, reqwest::Method::PATCH, &url, Some(body.clone())).await;
        assert_eq!(status, 400, "{body} → {answer}");
        assert!(answer["error"]["code"].is_string(), "{answer}");
    }
    assert_eq!(
        instance(&world, &deal)["@odata.etag"],
        before["@odata.etag"]
    );

    // The documented move passes.
    let (status, answer) = raw(
        &world,
        reqwest::Method::PATCH,
        &url,
        Some(json!({
            "activestageid@odata.bind": format!("/processstages({})", id_of(&stages, "Develop")),
            "traversedpath": path(&["Qualify", "Develop"]),
        })),
    )
    .await;
    assert_eq!(status, 204, "{answer}");

    // `stepname` is only a label: writing it moves no stage.
    let opportunity = format!("{}opportunities({deal})", world.sandbox.urls().crm);
    let (status, _) = raw(
        &world,
        reqwest::Method::PATCH,
        &opportunity,
        Some(json!({"stepname": "Close"})),
    )
    .await;
    assert_eq!(status, 204);
    let now = instance(&world, &deal);
    assert_eq!(
        stage_name(&world, now["_activestageid_value"].as_str().unwrap()),
        "Develop"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_salesforce_sandbox_describes_and_enforces_the_stage_picklist() {
    let world = World::start(Vendor::Salesforce).await;
    let base = format!(
        "{}/salesforce/services/data/{DEFAULT_API_VERSION}/sobjects/Opportunity",
        world.sandbox.urls().origin
    );
    let (status, describe) = raw(
        &world,
        reqwest::Method::GET,
        &format!("{base}/describe"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{describe}");
    let stage = describe["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|field| field["name"] == "StageName")
        .unwrap();
    assert_eq!(stage["type"], "picklist");
    let inactive: Vec<&Value> = stage["picklistValues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|value| value["active"] == false)
        .map(|value| &value["value"])
        .collect();
    assert_eq!(inactive, [&json!("Prospecting")]);

    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    for bad in ["Negotiation/Review", "Prospecting", "propose"] {
        let (status, answer) = raw(
            &world,
            reqwest::Method::PATCH,
            &format!("{base}/{deal}"),
            Some(json!({ "StageName": bad })),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {answer}");
        assert_eq!(
            answer[0]["errorCode"],
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
        );
        assert_eq!(answer[0]["fields"], json!(["StageName"]));
    }
    let (status, _) = raw(
        &world,
        reqwest::Method::PATCH,
        &format!("{base}/{deal}"),
        Some(json!({ "StageName": "Negotiate" })),
    )
    .await;
    assert_eq!(status, 204);
}
