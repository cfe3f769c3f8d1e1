//! The pane's routes for an open email, end to end below HTTP: the production handlers over
//! the production connectors and stores, against the sandbox, for Megan Bowen's real seeded
//! mail, once with Dynamics (Dataverse, Closer's rows in the org's table) and once with
//! Salesforce (Closer's rows in SQLite-as-D1). `both_vendors!` instantiates every test for
//! both CRMs, so none can be skipped for one of them.

mod support;

#[path = "pane/world.rs"]
mod world;

use closer_wire::{AddContact, ChooseContact, EmailContext, ParticipantMatch, SaveEmail, Saved};
use closer_worker::crm::{CrmConnector, RecordKind, RecordRef};
use closer_worker::error::ApiFailure;
use closer_worker::graph::Message;
use closer_worker::provider::ProviderError;
use closer_worker::routes::pane::{self, add_contact, choose_contact, email_context, save_email};
use closer_worker::store::{CloserStore, RowKind};
use std::time::Duration;
use world::{Vendor, World};

const CONTOSO: &str = "Northwind Fulfillment Cloud – proposal for Contoso";
const FABRIKAM: &str = "Fabrikam – security review before rollout";
const WINGTIP: &str = "Inquiry: fulfillment software for a growing toy retailer";
const DEAL_DESK: &str = "Deal desk: Q4 discount guidelines";
const MARCUS: &str = "marcus.chen@fabrikam.com";
const NOAH: &str = "noah@wingtiptoys.com";

macro_rules! both_vendors {
    ($($test:ident),* $(,)?) => {
        mod against_dataverse {
            $(
                #[tokio::test]
                async fn $test() {
                    crate::$test(crate::Vendor::Dataverse).await;
                }
            )*
        }
        mod against_salesforce {
            $(
                #[tokio::test]
                async fn $test() {
                    crate::$test(crate::Vendor::Salesforce).await;
                }
            )*
        }
    };
}

both_vendors!(
    contoso_thread_matches_both_contacts_with_their_account_and_open_deals,
    internal_only_email_makes_no_crm_lookup,
    unknown_sender_is_prefilled_from_the_signature,
    ambiguous_address_choice_is_remembered,
    forged_choice_is_refused_and_nothing_is_remembered,
    add_contact_creates_one_contact_with_the_fields,
    save_email_creates_one_activity_with_parties_and_regarding,
    save_email_twice_creates_one_activity,
    concurrent_saves_create_one_activity,
    failed_create_is_never_reported_saved_and_a_later_save_succeeds,
    crm_throttling_on_lookup_is_a_typed_error,
);

fn addresses(message: &Message) -> Vec<String> {
    message
        .from
        .iter()
        .chain(&message.to_recipients)
        .chain(&message.cc_recipients)
        .map(|r| r.email_address.address.to_ascii_lowercase())
        .collect()
}

/// A Contoso message Priya and Daniel are both on (Priya writing to Megan, Daniel in copy).
async fn contoso_message(world: &World) -> Message {
    world
        .message(CONTOSO, |m| {
            let all = addresses(m);
            m.from.as_ref().unwrap().email_address.address == "priya.raman@contoso.com"
                && all.contains(&"daniel.brooks@contoso.com".to_owned())
        })
        .await
}

async fn context_for(world: &World, message: &Message) -> EmailContext {
    email_context(&world.pane(), &world.graph, World::request_for(message))
        .await
        .unwrap()
}

fn matched_id(context: &EmailContext, address: &str) -> Option<(String, bool)> {
    let participant = context.participants.iter().find(|p| p.address == address)?;
    match &participant.matched {
        ParticipantMatch::Matched {
            contact,
            remembered,
        } => Some((contact.id.clone(), *remembered)),
        _ => None,
    }
}

async fn save(world: &World, message: &Message, token: &str) -> Result<Saved, ApiFailure> {
    let regarding = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    save_email(
        &world.pane(),
        &world.graph,
        World::megan_address(),
        World::lock(token),
        SaveEmail {
            message_id: message.id.clone(),
            regarding_kind: "opportunity".into(),
            regarding_id: regarding,
        },
    )
    .await
}

async fn contoso_thread_matches_both_contacts_with_their_account_and_open_deals(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    world.clear_log();
    let context = context_for(&world, &message).await;

    let external: Vec<&str> = context
        .participants
        .iter()
        .map(|p| p.address.as_str())
        .collect();
    assert_eq!(
        external,
        ["priya.raman@contoso.com", "daniel.brooks@contoso.com"]
    );
    assert_eq!(
        matched_id(&context, "priya.raman@contoso.com"),
        Some((world.seed_id(RecordKind::Contact, "priya"), false))
    );
    assert_eq!(
        matched_id(&context, "daniel.brooks@contoso.com"),
        Some((world.seed_id(RecordKind::Contact, "daniel"), false))
    );
    let ParticipantMatch::Matched { contact, .. } = &context.participants[0].matched else {
        unreachable!()
    };
    assert_eq!(contact.title.as_deref(), Some("VP of Operations"));
    assert_eq!(contact.account.as_ref().unwrap().name, "Contoso Ltd");
    assert!(!contact.url.is_empty() && !contact.version.is_empty());

    assert_eq!(context.accounts.len(), 1, "{:?}", context.accounts);
    let contoso = &context.accounts[0];
    assert_eq!(contoso.account.name, "Contoso Ltd");
    assert_eq!(
        contoso.account.id,
        world.seed_id(RecordKind::Account, "contoso")
    );
    assert_eq!(contoso.industry.as_deref(), Some("Retail"));
    let mut deals: Vec<&str> = contoso
        .opportunities
        .iter()
        .map(|o| o.record.name.as_str())
        .collect();
    deals.sort_unstable();
    assert_eq!(
        deals,
        [
            "Contoso – EDI integration add-on",
            "Contoso – Fulfillment Cloud rollout"
        ]
    );
    let suggested = context.suggested_regarding.as_ref().unwrap();
    assert_eq!(
        suggested.id,
        world.seed_id(RecordKind::Opportunity, "contoso-fulfillment")
    );
    assert_eq!(
        suggested.url,
        world.crm.record_url(&RecordRef::new(
            RecordKind::Opportunity,
            suggested.id.clone()
        ))
    );
    assert_eq!(context.saved_as, None);

    let mut internal: Vec<String> = addresses(&message)
        .into_iter()
        .filter(|a| a.ends_with("@northwindtraders.com"))
        .collect();
    internal.sort();
    internal.dedup();
    assert!(!internal.is_empty());
    assert_eq!(context.internal_count as usize, internal.len());

    assert_eq!(
        world.contact_lookups(),
        1,
        "one lookup for every participant"
    );
    let crm = world.crm_requests();
    assert!(
        crm.iter().all(|s| !s.url.contains("northwindtraders.com")),
        "internal addresses are never looked up: {crm:?}"
    );
    // Lookup + saved check + the account and its open opportunities.
    assert_eq!(crm.len(), 4, "{crm:#?}");
}

async fn internal_only_email_makes_no_crm_lookup(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = world.message(DEAL_DESK, |_| true).await;
    world.clear_log();
    let context = context_for(&world, &message).await;
    assert!(context.participants.is_empty());
    assert!(context.accounts.is_empty());
    assert_eq!(context.internal_count, 2, "Patti and Megan");
    assert_eq!(world.contact_lookups(), 0);
}

async fn unknown_sender_is_prefilled_from_the_signature(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = world.message(WINGTIP, |_| true).await;
    world.clear_log();
    let context = context_for(&world, &message).await;
    assert_eq!(context.participants.len(), 1);
    let noah = &context.participants[0];
    assert_eq!(noah.address, NOAH);
    assert_eq!(noah.role, "from");
    assert_eq!(
        noah.matched,
        ParticipantMatch::Unknown {
            first_name: Some("Noah".into()),
            last_name: Some("Fischer".into()),
            title: Some("Owner".into()),
            phone: Some("+1 415 555 0196".into()),
            company: Some("Wingtip Toys".into()),
        }
    );
    assert!(context.accounts.is_empty());
    assert_eq!(context.suggested_regarding, None);
    assert_eq!(world.contact_lookups(), 1);
}

async fn ambiguous_address_choice_is_remembered(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = world
        .message(FABRIKAM, |m| {
            m.from.as_ref().unwrap().email_address.address == MARCUS
        })
        .await;
    let marcus = world.seed_id(RecordKind::Contact, "marcus");
    let duplicate = world.seed_id(RecordKind::Contact, "marcus-duplicate");

    let context = context_for(&world, &message).await;
    let ParticipantMatch::Ambiguous { candidates } = &context.participants[0].matched else {
        panic!("{:?}", context.participants[0]);
    };
    let mut ids: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let mut expected = vec![marcus.as_str(), duplicate.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected);
    // Both records are Fabrikam's: the deal shows before the seller chooses.
    assert_eq!(context.accounts.len(), 1);
    assert_eq!(context.accounts[0].account.name, "Fabrikam Inc");

    let card = choose_contact(
        &world.pane(),
        ChooseContact {
            address: "Marcus.Chen@Fabrikam.com".into(),
            contact_id: marcus.clone(),
        },
    )
    .await
    .unwrap();
    assert_eq!(card.id, marcus);
    assert_eq!(card.title.as_deref(), Some("Director of IT Security"));

    world.clear_log();
    let again = context_for(&world, &message).await;
    assert_eq!(matched_id(&again, MARCUS), Some((marcus, true)));
    assert_eq!(again.accounts[0].account.name, "Fabrikam Inc");
    assert_eq!(world.contact_lookups(), 1);
}

async fn forged_choice_is_refused_and_nothing_is_remembered(vendor: Vendor) {
    let world = World::start(vendor).await;
    let forged = choose_contact(
        &world.pane(),
        ChooseContact {
            address: MARCUS.into(),
            contact_id: world.seed_id(RecordKind::Contact, "priya"),
        },
    )
    .await;
    assert!(
        matches!(forged, Err(ApiFailure::BadRequest { .. })),
        "{forged:?}"
    );
    let pane = world.pane();
    let row = world
        .store
        .get(pane.user_scope(), RowKind::ContactMatch, MARCUS, pane.now)
        .await
        .unwrap();
    assert_eq!(row, None);
    let message = world
        .message(FABRIKAM, |m| {
            m.from.as_ref().unwrap().email_address.address == MARCUS
        })
        .await;
    let context = context_for(&world, &message).await;
    assert!(matches!(
        context.participants[0].matched,
        ParticipantMatch::Ambiguous { .. }
    ));
}

async fn add_contact_creates_one_contact_with_the_fields(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = world.count(RecordKind::Contact);
    let request = AddContact {
        email: "Noah@WingtipToys.com".into(),
        first_name: Some("Noah".into()),
        last_name: "Fischer".into(),
        title: Some("Owner".into()),
        phone: Some("+1 415 555 0196".into()),
    };
    let card = add_contact(&world.pane(), request.clone()).await.unwrap();
    assert_eq!(world.count(RecordKind::Contact), before + 1);
    assert_eq!(card.name, "Noah Fischer");
    assert_eq!(card.title.as_deref(), Some("Owner"));
    let stored = world
        .stored(&RecordRef::new(RecordKind::Contact, card.id.clone()))
        .unwrap();
    let values: Vec<Option<&str>> = world
        .contact_fields()
        .iter()
        .map(|field| stored.get(*field).and_then(|v| v.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            Some("Noah"),
            Some("Fischer"),
            Some(NOAH),
            Some("Owner"),
            Some("+1 415 555 0196")
        ]
    );

    // A second click gets the same contact back, not a duplicate.
    let again = add_contact(&world.pane(), request).await.unwrap();
    assert_eq!(again.id, card.id);
    assert_eq!(world.count(RecordKind::Contact), before + 1);

    let message = world.message(WINGTIP, |_| true).await;
    let context = context_for(&world, &message).await;
    assert_eq!(matched_id(&context, NOAH), Some((card.id, false)));

    let colleague = add_contact(
        &world.pane(),
        AddContact {
            email: "lee.gu@northwindtraders.com".into(),
            first_name: None,
            last_name: "Gu".into(),
            title: None,
            phone: None,
        },
    )
    .await;
    assert!(matches!(colleague, Err(ApiFailure::BadRequest { .. })));
}

async fn save_email_creates_one_activity_with_parties_and_regarding(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let before = world.count(RecordKind::Email);
    let saved = save(&world, &message, "a").await.unwrap();
    assert!(saved.created);
    assert_eq!(saved.activity.kind, "email");
    assert_eq!(saved.activity.name, message.subject);
    assert_eq!(world.count(RecordKind::Email), before + 1);
    let activity = RecordRef::new(RecordKind::Email, saved.activity.id.clone());
    assert_eq!(
        world.regarding(&activity),
        Some(world.seed_id(RecordKind::Opportunity, "contoso-fulfillment"))
    );
    let mut expected = vec![
        (
            "cc".to_owned(),
            world.seed_id(RecordKind::Contact, "daniel"),
        ),
        (
            "from".to_owned(),
            world.seed_id(RecordKind::Contact, "priya"),
        ),
    ];
    expected.sort();
    assert_eq!(world.contact_parties(&activity), expected);

    let pane = world.pane();
    let key = message.internet_message_id.clone().unwrap();
    let row = world
        .store
        .get(&pane.tenant_scope(), RowKind::SavedActivity, &key, pane.now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.value, saved.activity.id);

    let context = context_for(&world, &message).await;
    assert_eq!(
        context.saved_as.map(|link| link.id),
        Some(saved.activity.id)
    );
}

async fn save_email_twice_creates_one_activity(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let before = world.count(RecordKind::Email);
    let first = save(&world, &message, "a").await.unwrap();
    let second = save(&world, &message, "b").await.unwrap();
    assert!(first.created);
    assert!(!second.created);
    assert_eq!(second.activity.id, first.activity.id);
    assert_eq!(world.count(RecordKind::Email), before + 1);

    // Even without Closer's row (a save made before, or elsewhere), the CRM knows.
    let pane = world.pane();
    let key = message.internet_message_id.clone().unwrap();
    world
        .store
        .delete(&pane.tenant_scope(), RowKind::SavedActivity, &key)
        .await
        .unwrap();
    let third = save(&world, &message, "c").await.unwrap();
    assert!(!third.created);
    assert_eq!(third.activity.id, first.activity.id);
    assert_eq!(world.count(RecordKind::Email), before + 1);
}

async fn concurrent_saves_create_one_activity(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let before = world.count(RecordKind::Email);
    let (a, b) = futures::join!(save(&world, &message, "a"), save(&world, &message, "b"));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.activity.id, b.activity.id);
    assert_eq!(
        [a.created, b.created].iter().filter(|c| **c).count(),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(world.count(RecordKind::Email), before + 1);
}

async fn failed_create_is_never_reported_saved_and_a_later_save_succeeds(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let before = world.count(RecordKind::Email);
    world
        .fault(serde_json::json!({
            "path_prefix": world.create_email_path(),
            "method": "POST",
            "status": 500,
        }))
        .await;
    let failed = save(&world, &message, "a").await;
    assert!(
        matches!(
            failed,
            Err(ApiFailure::Provider(ProviderError::Server {
                status: 500,
                ..
            }))
        ),
        "{failed:?}"
    );
    assert_eq!(world.count(RecordKind::Email), before);
    let pane = world.pane();
    let key = message.internet_message_id.clone().unwrap();
    let tenant = pane.tenant_scope();
    for row_key in [key.clone(), format!("lock:{key}")] {
        let row = world
            .store
            .get(&tenant, RowKind::SavedActivity, &row_key, pane.now)
            .await
            .unwrap();
        assert_eq!(row, None, "{row_key}");
    }
    assert_eq!(context_for(&world, &message).await.saved_as, None);

    world.clear_faults().await;
    let saved = save(&world, &message, "b").await.unwrap();
    assert!(saved.created);
    assert_eq!(world.count(RecordKind::Email), before + 1);
}

async fn crm_throttling_on_lookup_is_a_typed_error(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    world
        .fault(serde_json::json!({
            "path_prefix": world.lookup_path(),
            "method": "GET",
            "status": 429,
            "retry_after": "30",
        }))
        .await;
    let result =
        pane::email_context(&world.pane(), &world.graph, World::request_for(&message)).await;
    let Err(ApiFailure::Provider(ProviderError::Throttled { retry_after, .. })) = &result else {
        panic!("{result:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(30)));
    let failure = result.unwrap_err();
    assert_eq!(failure.status(), 429);
}
