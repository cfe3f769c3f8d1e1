//! The pane's routes for an open email, end to end below HTTP: the production handlers over
//! the production connectors and stores, against the sandbox, for Megan Bowen's real seeded
//! mail, once with Dynamics (Dataverse, Closer's rows in the org's table) and once with
//! Salesforce (Closer's rows in SQLite-as-D1). `both_vendors!` instantiates every test for
//! both CRMs, so none can be skipped for one of them.

use crate::world::{Vendor, World, both_vendors};
use closer_wire::{
    AddContact, ApiErrorCode, ChooseContact, EmailContext, PaneSection, ParticipantMatch,
    SaveEmail, Saved,
};
use closer_worker::crm::{CrmConnector, RecordKind, RecordRef};
use closer_worker::error::ApiFailure;
use closer_worker::graph::Message;
use closer_worker::provider::ProviderError;
use closer_worker::routes::pane::email::contacts::choice_key;
use closer_worker::routes::pane::{add_contact, choose_contact, email_cards, save_email};
use closer_worker::store::{CloserStore, RowKind};
use std::time::Duration;

const CONTOSO: &str = "Northwind Fulfillment Cloud – proposal for Contoso";
const FABRIKAM: &str = "Fabrikam – security review before rollout";
const WINGTIP: &str = "Inquiry: fulfillment software for a growing toy retailer";
const DEAL_DESK: &str = "Deal desk: Q4 discount guidelines";
const MARCUS: &str = "marcus.chen@fabrikam.com";
const NOAH: &str = "noah@wingtiptoys.com";

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
    a_throttled_lookup_fails_its_sections_only_and_a_retry_recovers,
    a_failing_people_part_keeps_the_saved_state,
    a_lookup_that_times_out_fails_its_sections_only,
    closers_saved_row_answers_when_the_crm_check_fails,
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

/// The pane's cards for `message`, every section built.
async fn context_for(world: &World, message: &Message) -> EmailContext {
    let cards = email_cards(&world.pane(), &world.graph, World::request_for(message))
        .await
        .unwrap();
    assert!(cards.failures.is_empty(), "{:?}", cards.failures);
    cards.into_wire(|_, _| "test".into())
}

/// The pane's cards for `message` as the pane receives them, sections failed or not.
async fn wire_context_for(world: &World, message: &Message) -> EmailContext {
    email_cards(&world.pane(), &world.graph, World::request_for(message))
        .await
        .unwrap()
        .into_wire(|section, _| format!("corr-{section:?}"))
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
    // The lookup, the accounts with their open deals and the saved check: one request.
    assert_eq!(crm.len(), 1, "{crm:#?}");
    assert!(
        !world.sent().iter().any(World::is_store_request),
        "Closer's store is not read before the cards of known people"
    );
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
    // Kept under a keyed hash of the address, not the address, for the admin's retention.
    let pane = world.pane();
    let plain = world
        .store
        .get(pane.user_scope(), RowKind::ContactMatch, MARCUS, pane.now)
        .await
        .unwrap();
    assert_eq!(plain, None, "no row is keyed by the plain address");
    let key = choice_key(
        pane.row_key.as_ref().unwrap(),
        &pane.scope.tenant_id,
        "  MARCUS.chen@fabrikam.com ",
    );
    assert_eq!(key.len(), 64);
    assert!(!key.contains("marcus"));
    let row = world
        .store
        .get(pane.user_scope(), RowKind::ContactMatch, &key, pane.now)
        .await
        .unwrap()
        .expect("the choice is stored under its keyed hash");
    assert_eq!(row.value, marcus);
    let days = u64::from(pane.settings.retention.contact_choice_days);
    let expires = row.expires_at.expect("a remembered choice expires");
    assert!(
        expires.abs_diff(pane.now + days * 86_400) < 60,
        "{expires} vs {}",
        pane.now + days * 86_400
    );

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
    world.clear_faults().await;
    assert_eq!(context_for(&world, &message).await.saved_as, None);
    let saved = save(&world, &message, "b").await.unwrap();
    assert!(saved.created);
    assert_eq!(world.count(RecordKind::Email), before + 1);
}

/// The lookup's one request throttled (429, `Retry-After: 30`, longer than Closer waits): the
/// people and saved sections fail with the seller's sentence and the wait, the rest of the
/// answer stands, and once the CRM answers again the same call shows the contacts.
async fn a_throttled_lookup_fails_its_sections_only_and_a_retry_recovers(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    world
        .fault(serde_json::json!({
            "path_prefix": world.lookup_request_path(),
            "status": 429,
            "retry_after": "30",
        }))
        .await;
    let cards = email_cards(&world.pane(), &world.graph, World::request_for(&message))
        .await
        .unwrap();
    let sections: Vec<PaneSection> = cards.failures.iter().map(|(s, _)| *s).collect();
    assert_eq!(sections, [PaneSection::Saved, PaneSection::People]);
    for (_, failure) in &cards.failures {
        let ApiFailure::Provider(ProviderError::Throttled { retry_after, .. }) = failure else {
            panic!("{failure:?}");
        };
        assert_eq!(*retry_after, Some(Duration::from_secs(30)));
    }
    let context = cards.into_wire(|section, _| format!("corr-{section:?}"));
    assert!(context.participants.is_empty() && context.accounts.is_empty());
    assert!(context.internal_count > 0, "the header's facts still come");
    let people = context.failure(PaneSection::People).unwrap();
    assert_eq!(people.code, ApiErrorCode::Throttled);
    assert_eq!(people.retry_after_seconds, Some(30.0));
    assert!(
        people.message.contains("try again in 30 seconds"),
        "{}",
        people.message
    );
    assert_eq!(people.correlation_id.as_deref(), Some("corr-People"));
    let shown = serde_json::to_string(&context).unwrap();
    assert!(
        !shown.contains("sandbox fault") && !shown.contains("Bearer"),
        "{shown}"
    );

    world.clear_faults().await;
    let retried = wire_context_for(&world, &message).await;
    assert!(retried.failed.is_empty(), "{:?}", retried.failed);
    assert_eq!(
        matched_id(&retried, "priya.raman@contoso.com"),
        Some((world.seed_id(RecordKind::Contact, "priya"), false))
    );
}

/// Inside the one request, the people part fails (a 500 for the contact lookup) while the
/// saved check answers: only the people section fails, and "Saved" still shows.
async fn a_failing_people_part_keeps_the_saved_state(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let saved = save(&world, &message, "a").await.unwrap();
    world
        .fault(serde_json::json!({
            "path_prefix": world.lookup_path(),
            "method": "GET",
            "status": 500,
            "times": 1,
        }))
        .await;
    world.clear_log();
    let context = wire_context_for(&world, &message).await;
    assert_eq!(world.crm_requests().len(), 1, "{:#?}", world.crm_requests());
    let people = context.failure(PaneSection::People).unwrap();
    assert_eq!(people.code, ApiErrorCode::UpstreamUnavailable);
    assert!(
        people.message.ends_with("is having problems right now."),
        "{}",
        people.message
    );
    assert_eq!(context.failure(PaneSection::Saved), None);
    assert_eq!(
        context.saved_as.as_ref().map(|s| &s.id),
        Some(&saved.activity.id)
    );
    assert!(context.participants.is_empty());
}

/// The CRM not answering the lookup in time: its sections fail as "did not answer in time",
/// the call itself still answers.
async fn a_lookup_that_times_out_fails_its_sections_only(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    world
        .fault(serde_json::json!({
            "path_prefix": world.lookup_request_path(),
            "hang": true,
        }))
        .await;
    let context = wire_context_for(&world, &message).await;
    let people = context.failure(PaneSection::People).unwrap();
    assert_eq!(people.code, ApiErrorCode::UpstreamUnavailable);
    assert!(
        people.message.ends_with("did not answer in time."),
        "{}",
        people.message
    );
    assert!(context.failure(PaneSection::Saved).is_some());
}

/// The lookup failing as a whole after a save through Closer: the saved state still shows,
/// from Closer's own row; only the people section fails.
async fn closers_saved_row_answers_when_the_crm_check_fails(vendor: Vendor) {
    let world = World::start(vendor).await;
    let message = contoso_message(&world).await;
    let saved = save(&world, &message, "a").await.unwrap();
    world
        .fault(serde_json::json!({
            "path_prefix": world.lookup_request_path(),
            "status": 503,
        }))
        .await;
    let context = wire_context_for(&world, &message).await;
    assert!(context.failure(PaneSection::People).is_some());
    assert_eq!(context.failure(PaneSection::Saved), None);
    assert_eq!(
        context.saved_as.as_ref().map(|s| &s.id),
        Some(&saved.activity.id)
    );
}
