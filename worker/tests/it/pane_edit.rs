//! Inline edit from the pane (`POST /api/pane/record`), end to end below HTTP: the production
//! handler over the production connectors, against the sandbox's CRMs, once with Dynamics and
//! once with Salesforce. An edit writes the CRM and answers with the new version; a record
//! changed in the CRM since it was read (the sandbox's `touch`, as an edit in the CRM's own UI)
//! is a conflict that writes nothing, is not retried, and answers with the current values.

use crate::world::{Vendor, World, both_vendors};
use closer_wire::{
    ContactCard, EditableField, EditableKind, FieldChange, OpportunityCard, RecordCard,
    UpdateRecord,
};
use closer_worker::crm::{CrmConnector, RecordKind};
use closer_worker::error::ApiFailure;
use closer_worker::routes::pane::record::{EditOutcome, update_record};
use serde_json::Value;

const PRIYA_TITLE: &str = "VP of Operations";

both_vendors!(
    editing_a_contact_writes_the_crm_and_answers_the_new_version,
    editing_an_opportunity_writes_stage_amount_and_close_date,
    the_returned_version_is_the_one_the_next_edit_needs,
    a_contact_changed_in_the_crm_is_a_conflict_that_writes_nothing,
    an_opportunity_changed_in_the_crm_is_a_conflict_that_writes_nothing,
    invalid_values_are_refused_before_the_crm_is_asked,
    a_field_the_admin_added_and_made_editable_is_written_typed,
);

/// The vendor's table (Dataverse entity set) or sObject for a kind.
fn table(world: &World, kind: RecordKind) -> &'static str {
    match (world.vendor, kind) {
        (Vendor::Dataverse, RecordKind::Contact) => "contacts",
        (Vendor::Dataverse, RecordKind::Opportunity) => "opportunities",
        (Vendor::Salesforce, RecordKind::Contact) => "Contact",
        (Vendor::Salesforce, RecordKind::Opportunity) => "Opportunity",
        _ => unreachable!("only contacts and opportunities are edited"),
    }
}

/// The record as the sandbox CRM stores it, with the vendor's field names.
fn stored(world: &World, kind: RecordKind, id: &str) -> Value {
    let state = world.sandbox.state().lock();
    match world.vendor {
        Vendor::Dataverse => state.dataverse.record(table(world, kind), id),
        Vendor::Salesforce => state.salesforce.record(table(world, kind), id),
    }
    .expect("the record exists")
}

/// Someone edits the record in the CRM's own UI: its version moves on.
fn touch(world: &World, kind: RecordKind, id: &str) {
    let mut state = world.sandbox.state().lock();
    let touched = match world.vendor {
        Vendor::Dataverse => state.dataverse.touch(table(world, kind), id),
        Vendor::Salesforce => state.salesforce.touch(table(world, kind), id),
    };
    assert!(touched, "no such record to touch");
}

fn text<'v>(record: &'v Value, dataverse: &str, salesforce: &str, world: &World) -> &'v str {
    let field = match world.vendor {
        Vendor::Dataverse => dataverse,
        Vendor::Salesforce => salesforce,
    };
    record[field].as_str().unwrap_or_default()
}

fn edit(
    kind: EditableKind,
    id: &str,
    version: &str,
    changes: &[(EditableField, &str)],
) -> UpdateRecord {
    UpdateRecord {
        kind,
        id: id.to_owned(),
        version: version.to_owned(),
        fields: changes
            .iter()
            .map(|(field, value)| FieldChange {
                field: *field,
                value: (*value).to_owned(),
            })
            .collect(),
        extra: Vec::new(),
    }
}

fn updated_contact(outcome: EditOutcome) -> ContactCard {
    match outcome {
        EditOutcome::Updated(RecordCard::Contact { contact }) => contact,
        other => panic!("expected an updated contact, got {other:?}"),
    }
}

fn updated_opportunity(outcome: EditOutcome) -> OpportunityCard {
    match outcome {
        EditOutcome::Updated(RecordCard::Opportunity { opportunity }) => opportunity,
        other => panic!("expected an updated opportunity, got {other:?}"),
    }
}

/// How many writes (PATCH) the CRM received since the log was cleared.
fn writes(world: &World) -> usize {
    world
        .crm_requests()
        .iter()
        .filter(|sent| sent.method == "PATCH")
        .count()
}

async fn editing_a_contact_writes_the_crm_and_answers_the_new_version(vendor: Vendor) {
    let world = World::start(vendor).await;
    let priya = world.seed_id(RecordKind::Contact, "priya");
    let read = world.crm.contact(&priya, &[]).await.unwrap();

    let contact = updated_contact(
        update_record(
            &world.crm,
            edit(
                EditableKind::Contact,
                &priya,
                &read.version.0,
                &[
                    (EditableField::Title, "Chief Operating Officer"),
                    (EditableField::Phone, "+1 206 555 0199"),
                ],
            ),
        )
        .await
        .unwrap(),
    );

    assert_eq!(contact.title.as_deref(), Some("Chief Operating Officer"));
    assert_eq!(contact.phone.as_deref(), Some("+1 206 555 0199"));
    assert_eq!(contact.name, "Priya Raman");
    assert_eq!(
        contact.account.as_ref().map(|a| a.name.as_str()),
        Some("Contoso Ltd"),
        "the card still names the account"
    );
    assert_ne!(
        contact.version, read.version.0,
        "a write moves the version on"
    );
    let record = stored(&world, RecordKind::Contact, &priya);
    let [_, _, _, title, phone] = world.contact_fields();
    assert_eq!(record[title], "Chief Operating Officer");
    assert_eq!(record[phone], "+1 206 555 0199");
    let now = world.crm.contact(&priya, &[]).await.unwrap();
    assert_eq!(
        contact.version, now.version.0,
        "the answer carries the CRM's version"
    );
}

/// A stage each CRM offers after `Propose`: Dynamics' next business process flow stage,
/// one of Salesforce's picklist values.
fn next_stage(world: &World) -> &'static str {
    match world.vendor {
        Vendor::Dataverse => "Close",
        Vendor::Salesforce => "Negotiate",
    }
}

async fn editing_an_opportunity_writes_stage_amount_and_close_date(vendor: Vendor) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let read = world.crm.opportunity(&deal).await.unwrap();
    assert_eq!(read.stage.as_deref(), Some("Propose"));
    let stage = next_stage(&world);

    let opportunity = updated_opportunity(
        update_record(
            &world.crm,
            edit(
                EditableKind::Opportunity,
                &deal,
                &read.version.0,
                &[
                    (EditableField::Stage, stage),
                    (EditableField::Amount, "52000.50"),
                    (EditableField::CloseDate, "2027-01-29"),
                ],
            ),
        )
        .await
        .unwrap(),
    );

    assert_eq!(opportunity.stage.as_deref(), Some(stage));
    assert_eq!(opportunity.amount, Some(52_000.5));
    assert_eq!(opportunity.close_date.as_deref(), Some("2027-01-29"));
    assert_eq!(
        opportunity.record.name,
        "Contoso – Fulfillment Cloud rollout"
    );
    assert_ne!(opportunity.version, read.version.0);
    let record = stored(&world, RecordKind::Opportunity, &deal);
    // Dynamics' `stepname` is the label the platform derives from the process's new stage
    // (`pane_stage.rs` checks the process instance itself).
    assert_eq!(text(&record, "stepname", "StageName", &world), stage);
    let amount = match vendor {
        Vendor::Dataverse => &record["estimatedvalue"],
        Vendor::Salesforce => &record["Amount"],
    };
    assert_eq!(amount.as_f64(), Some(52_000.5));
    assert!(
        text(&record, "estimatedclosedate", "CloseDate", &world).starts_with("2027-01-29"),
        "{record}"
    );
}

async fn the_returned_version_is_the_one_the_next_edit_needs(vendor: Vendor) {
    let world = World::start(vendor).await;
    let priya = world.seed_id(RecordKind::Contact, "priya");
    let read = world.crm.contact(&priya, &[]).await.unwrap();
    let first = updated_contact(
        update_record(
            &world.crm,
            edit(
                EditableKind::Contact,
                &priya,
                &read.version.0,
                &[(EditableField::Title, "COO")],
            ),
        )
        .await
        .unwrap(),
    );
    let second = updated_contact(
        update_record(
            &world.crm,
            edit(
                EditableKind::Contact,
                &priya,
                &first.version,
                &[(EditableField::Title, "Chief Operating Officer")],
            ),
        )
        .await
        .unwrap(),
    );
    assert_eq!(second.title.as_deref(), Some("Chief Operating Officer"));
    // The first version is now stale: reusing it is a conflict.
    let stale = update_record(
        &world.crm,
        edit(
            EditableKind::Contact,
            &priya,
            &first.version,
            &[(EditableField::Title, "COO")],
        ),
    )
    .await
    .unwrap();
    assert!(matches!(stale, EditOutcome::Conflict { .. }), "{stale:?}");
}

async fn a_contact_changed_in_the_crm_is_a_conflict_that_writes_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let priya = world.seed_id(RecordKind::Contact, "priya");
    let read = world.crm.contact(&priya, &[]).await.unwrap();
    touch(&world, RecordKind::Contact, &priya);
    world.clear_log();

    let outcome = update_record(
        &world.crm,
        edit(
            EditableKind::Contact,
            &priya,
            &read.version.0,
            &[(EditableField::Title, "Chief Operating Officer")],
        ),
    )
    .await
    .unwrap();

    let EditOutcome::Conflict { failure, current } = outcome else {
        panic!("expected a conflict, got {outcome:?}");
    };
    assert_eq!(failure.status(), 409);
    assert_eq!(
        failure.to_wire("c").code,
        closer_wire::ApiErrorCode::Conflict
    );
    let RecordCard::Contact { contact } = current else {
        panic!("expected the current contact, got {current:?}");
    };
    assert_eq!(contact.title.as_deref(), Some(PRIYA_TITLE));
    let now = world.crm.contact(&priya, &[]).await.unwrap();
    assert_eq!(
        contact.version, now.version.0,
        "the fresh card is the CRM's version"
    );
    assert_ne!(contact.version, read.version.0);
    let [_, _, _, title, _] = world.contact_fields();
    assert_eq!(
        stored(&world, RecordKind::Contact, &priya)[title],
        PRIYA_TITLE,
        "the CRM value is intact"
    );
    assert_eq!(writes(&world), 1, "one refused write, never retried");
}

async fn an_opportunity_changed_in_the_crm_is_a_conflict_that_writes_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let read = world.crm.opportunity(&deal).await.unwrap();
    touch(&world, RecordKind::Opportunity, &deal);
    world.clear_log();

    let outcome = update_record(
        &world.crm,
        edit(
            EditableKind::Opportunity,
            &deal,
            &read.version.0,
            &[
                (EditableField::Stage, next_stage(&world)),
                (EditableField::Amount, "1"),
            ],
        ),
    )
    .await
    .unwrap();

    let EditOutcome::Conflict { failure, current } = outcome else {
        panic!("expected a conflict, got {outcome:?}");
    };
    assert_eq!(failure.status(), 409);
    let RecordCard::Opportunity { opportunity } = current else {
        panic!("expected the current opportunity, got {current:?}");
    };
    assert_eq!(opportunity.stage.as_deref(), Some("Propose"));
    assert_eq!(opportunity.amount, Some(48_000.0));
    let record = stored(&world, RecordKind::Opportunity, &deal);
    assert_eq!(text(&record, "stepname", "StageName", &world), "Propose");
    assert_eq!(writes(&world), 1, "one refused write, never retried");
}

async fn invalid_values_are_refused_before_the_crm_is_asked(vendor: Vendor) {
    let world = World::start(vendor).await;
    let deal = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let priya = world.seed_id(RecordKind::Contact, "priya");
    let read = world.crm.opportunity(&deal).await.unwrap();
    world.clear_log();
    let refusals = [
        edit(
            EditableKind::Opportunity,
            &deal,
            &read.version.0,
            &[(EditableField::Amount, "-100")],
        ),
        edit(
            EditableKind::Opportunity,
            &deal,
            &read.version.0,
            &[(EditableField::CloseDate, "31/01/2027")],
        ),
        edit(
            EditableKind::Contact,
            &priya,
            &read.version.0,
            &[(EditableField::Stage, "Negotiate")],
        ),
        edit(
            EditableKind::Contact,
            &priya,
            &read.version.0,
            &[(EditableField::Title, "  ")],
        ),
    ];
    for request in refusals {
        let result = update_record(&world.crm, request).await;
        assert!(
            matches!(result, Err(ApiFailure::BadRequest { .. })),
            "{result:?}"
        );
    }
    assert!(world.sent().is_empty(), "{:?}", world.sent());
    let record = stored(&world, RecordKind::Opportunity, &deal);
    assert_eq!(text(&record, "stepname", "StageName", &world), "Propose");
}

/// A CRM field the admin added to contact cards and made editable: written with its type from
/// the CRM's metadata, in the same versioned write; not added, or read-only: 403; a value its
/// type refuses: 400, before the CRM is asked.
async fn a_field_the_admin_added_and_made_editable_is_written_typed(vendor: Vendor) {
    use closer_wire::{CardKind, ExtraChange, TenantSettings};
    use closer_worker::routes::admin::{check_extra, crm_fields};
    use closer_worker::routes::pane::record::update_record_with;
    use closer_worker::routes::settings::{card_columns, extra_update};
    let world = World::start(vendor).await;
    let (department, mobile) = match world.vendor {
        Vendor::Dataverse => ("department", "mobilephone"),
        Vendor::Salesforce => ("Department", "MobilePhone"),
    };
    // The admin's choice, checked against the CRM's metadata as the save does.
    let config = closer_worker::config::Config::from_lookup(|_| None).unwrap();
    let admin = closer_worker::identity::UserContext {
        tenant_id: "t".into(),
        object_id: "a".into(),
        name: "Alex".into(),
        username: "alex@example.com".into(),
        roles: vec!["Closer.Admin".into()],
        groups: Vec::new(),
    };
    let catalogue = crm_fields(&world.crm, &admin, &config).await.unwrap();
    let mut settings = TenantSettings::default();
    for (name, editable) in [(department, true), (mobile, false)] {
        settings.cards.extra.push(closer_wire::ExtraField {
            card: CardKind::Contact,
            name: name.into(),
            label: String::new(),
            editable,
            kind: String::new(),
            options: Vec::new(),
        });
    }
    check_extra(&mut settings, &catalogue).unwrap();
    assert_eq!(settings.cards.extra[0].label, "Department");
    assert_eq!(card_columns(&settings).contact, [department, mobile]);

    let priya = world.seed_id(RecordKind::Contact, "priya");
    let read = world.crm.contact(&priya, &[]).await.unwrap();
    let change = |name: &str, value: &str| {
        vec![ExtraChange {
            name: name.into(),
            value: value.into(),
        }]
    };
    let read_only = extra_update(&settings, EditableKind::Contact, &change(mobile, "+1 555"));
    assert!(
        matches!(read_only, Err(ApiFailure::ExtraNotEditable(_))),
        "{read_only:?}"
    );
    let not_added = extra_update(&settings, EditableKind::Contact, &change("fax", "1"));
    assert!(matches!(not_added, Err(ApiFailure::ExtraNotEditable(_))));
    let on_deals = extra_update(
        &settings,
        EditableKind::Opportunity,
        &change(department, "x"),
    );
    assert!(matches!(on_deals, Err(ApiFailure::ExtraNotEditable(_))));

    let mut request = edit(EditableKind::Contact, &priya, &read.version.0, &[]);
    request.extra = change(&department.to_uppercase(), " Sales Operations ");
    let typed = extra_update(&settings, request.kind, &request.extra).unwrap();
    let contact = updated_contact(
        update_record_with(&world.crm, request, typed)
            .await
            .unwrap(),
    );
    assert_ne!(
        contact.version, read.version.0,
        "a write moves the version on"
    );
    let record = stored(&world, RecordKind::Contact, &priya);
    assert_eq!(record[department], "Sales Operations");
}
