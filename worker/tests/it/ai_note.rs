//! "Save summary as note": the seller's click writes exactly one note on the chosen record,
//! for both CRMs — a second click, a retry and two clicks at once find the first note; another
//! record gets its own; a save that finds another request holding the note's lock for the whole
//! wait is a 409 with `Retry-After`; nothing invalid is written.

use crate::world::{Vendor, World, both_vendors};
use closer_wire::{SaveSummaryNote, SavedNote};
use closer_worker::crm::{RecordKind, RecordRef};
use closer_worker::error::ApiFailure;
use closer_worker::routes::ai::summary::note::{note_key, save_note};
use closer_worker::store::save_once::LOCK_SECONDS;
use closer_worker::store::{CloserStore, Row, RowKind};

both_vendors!(
    one_note_however_often_it_is_saved,
    concurrent_saves_write_one_note,
    a_lock_held_for_the_whole_wait_is_busy_and_writes_nothing,
    invalid_requests_write_nothing,
    notes_with_the_panes_keys_are_each_saved_once,
);

const TEXT: &str = "• Budget is capped at $50,000.\n• Globex is the competitor.";

/// The note as the CRM stores it: (title, text).
fn stored_note(world: &World, id: &str) -> (String, String) {
    let state = world.sandbox.state().lock();
    let (record, title, text) = match world.vendor {
        Vendor::Dataverse => (
            state.dataverse.record("annotations", id),
            "subject",
            "notetext",
        ),
        Vendor::Salesforce => (state.salesforce.record("Note", id), "Title", "Body"),
    };
    let record = record.unwrap();
    let field = |name: &str| record[name].as_str().unwrap_or_default().to_owned();
    (field(title), field(text))
}

fn note_count(world: &World) -> usize {
    let state = world.sandbox.state().lock();
    match world.vendor {
        Vendor::Dataverse => state.dataverse.count("annotations"),
        Vendor::Salesforce => state.salesforce.count("Note"),
    }
}

fn request(world: &World, entity: &str, key: &str) -> SaveSummaryNote {
    let kind = match entity {
        "contact" => RecordKind::Contact,
        "account" => RecordKind::Account,
        _ => RecordKind::Opportunity,
    };
    SaveSummaryNote {
        message_id: "AAMkAGI2-thread-message".into(),
        entity: entity.into(),
        record_id: world.seed_id(kind, key),
        title: "Email summary: Contoso proposal".into(),
        text: TEXT.into(),
        key: None,
    }
}

async fn save(
    world: &World,
    request: SaveSummaryNote,
    token: &str,
) -> Result<SavedNote, ApiFailure> {
    save_note(&world.pane(), World::lock(token), request).await
}

async fn one_note_however_often_it_is_saved(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = note_count(&world);
    let first = save(
        &world,
        request(&world, "opportunity", "contoso-fulfillment"),
        "a",
    )
    .await
    .unwrap();
    assert!(!first.already_saved);
    for token in ["b", "c"] {
        let again = save(
            &world,
            request(&world, "opportunity", "contoso-fulfillment"),
            token,
        )
        .await
        .unwrap();
        assert_eq!(again.note_id, first.note_id);
        assert!(again.already_saved);
    }
    assert_eq!(note_count(&world), before + 1);
    assert_eq!(
        stored_note(&world, &first.note_id),
        (
            "Email summary: Contoso proposal".to_owned(),
            TEXT.to_owned()
        )
    );
    // The same summary on another record is another note.
    let other = save(&world, request(&world, "contact", "priya"), "d")
        .await
        .unwrap();
    assert!(!other.already_saved);
    assert_ne!(other.note_id, first.note_id);
    assert_eq!(note_count(&world), before + 2);
}

async fn concurrent_saves_write_one_note(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = note_count(&world);
    let (a, b) = futures::join!(
        save(&world, request(&world, "account", "contoso"), "first"),
        save(&world, request(&world, "account", "contoso"), "second"),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.note_id, b.note_id);
    assert!(a.already_saved != b.already_saved, "exactly one created");
    assert_eq!(note_count(&world), before + 1);
}

async fn a_lock_held_for_the_whole_wait_is_busy_and_writes_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = note_count(&world);
    let request = request(&world, "account", "contoso");
    // Another request holds the note's lock (it never finishes within the wait).
    let pane = world.pane();
    let key = note_key(
        &request.message_id,
        &RecordRef::new(RecordKind::Account, &request.record_id),
    );
    let held = Row {
        value: "another request".into(),
        expires_at: Some(pane.now + LOCK_SECONDS),
    };
    pane.store
        .put(
            &pane.tenant_scope(),
            RowKind::SavedActivity,
            &format!("lock:{key}"),
            &held,
        )
        .await
        .unwrap();
    let refused = save(&world, request, "mine").await.unwrap_err();
    assert!(matches!(refused, ApiFailure::Busy(_)), "{refused:?}");
    assert_eq!(refused.status(), 409);
    assert_eq!(refused.headers(), vec![("Retry-After", "3".to_owned())]);
    assert_eq!(
        refused.to_wire("c").message,
        "This email is being saved by another request; try again in a moment."
    );
    assert_eq!(note_count(&world), before);
}

async fn invalid_requests_write_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = note_count(&world);
    let mut wrong_entity = request(&world, "account", "contoso");
    wrong_entity.entity = "systemuser".into();
    let mut empty = request(&world, "account", "contoso");
    empty.text = "  ".into();
    let mut huge = request(&world, "account", "contoso");
    huge.text = "x".repeat(9_000);
    let mut blank_key = request(&world, "account", "contoso");
    blank_key.key = Some(" ".into());
    let mut long_key = request(&world, "account", "contoso");
    long_key.key = Some("k".repeat(101));
    for bad in [wrong_entity, empty, huge, blank_key, long_key] {
        let refused = save(&world, bad, "t").await.unwrap_err();
        assert_eq!(refused.status(), 400);
    }
    assert_eq!(note_count(&world), before);
}

/// The meeting-note form writes several notes about one meeting: each of its keys saves one
/// note, however often that key is sent, and two keys make two notes.
async fn notes_with_the_panes_keys_are_each_saved_once(vendor: Vendor) {
    let world = World::start(vendor).await;
    let before = note_count(&world);
    let keyed = |key: &str| {
        let mut note = request(&world, "opportunity", "contoso-fulfillment");
        note.key = Some(key.into());
        note.text = format!("Said in the meeting ({key}).");
        note
    };
    let first = save(&world, keyed("form-1"), "t1").await.unwrap();
    let again = save(&world, keyed("form-1"), "t2").await.unwrap();
    assert_eq!(first.note_id, again.note_id);
    assert!(again.already_saved);
    let second = save(&world, keyed("form-2"), "t3").await.unwrap();
    assert_ne!(second.note_id, first.note_id);
    // Without a key the source's one note is separate from the keyed ones.
    save(
        &world,
        request(&world, "opportunity", "contoso-fulfillment"),
        "t4",
    )
    .await
    .unwrap();
    assert_eq!(note_count(&world), before + 3);
}
