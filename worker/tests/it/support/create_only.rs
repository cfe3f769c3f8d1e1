//! The create-only write's contract ([`CloserStore::put_if_absent`]), one body run against
//! each store that implements it: D1's SQL on SQLite (`store.rs`) and the org's Dataverse table
//! in the sandbox (`dataverse.rs`), so both answer the save-once protocol alike.

use closer_worker::store::{CloserStore, Row, RowKind, Scope};

fn row(value: &str, expires_at: Option<u64>) -> Row {
    Row {
        value: value.into(),
        expires_at,
    }
}

/// Takes `key` in `tenant` from `now` on: an absent key is written; a live one is left alone
/// (the caller told); an expired one (`expires_at <= now`) counts as absent and is replaced; a
/// row kept forever is never taken over.
pub async fn takes_an_absent_or_expired_key_and_never_a_live_one(
    store: &impl CloserStore,
    tenant: &Scope,
    key: &str,
    now: u64,
) {
    let take = async |value: &str, expires_at: Option<u64>, at: u64| {
        store
            .put_if_absent(
                tenant,
                RowKind::SavedActivity,
                key,
                &row(value, expires_at),
                at,
            )
            .await
            .unwrap()
    };
    let read = async |at: u64| {
        store
            .get(tenant, RowKind::SavedActivity, key, at)
            .await
            .unwrap()
    };
    // Absent: written.
    assert!(take("first", Some(now + 30), now).await);
    assert_eq!(read(now).await, Some(row("first", Some(now + 30))));
    // Live: left alone, and the caller is told.
    assert!(!take("second", Some(now + 60), now + 29).await);
    assert_eq!(read(now).await, Some(row("first", Some(now + 30))));
    // Expired: counts as absent and is replaced.
    assert!(take("third", Some(now + 60), now + 30).await);
    assert_eq!(read(now + 30).await, Some(row("third", Some(now + 60))));
    // A row kept forever is never taken over.
    let kept = "<m@x>";
    store
        .put(tenant, RowKind::SavedActivity, kept, &row("email-1", None))
        .await
        .unwrap();
    let taken = store
        .put_if_absent(
            tenant,
            RowKind::SavedActivity,
            kept,
            &row("email-2", None),
            u64::MAX,
        )
        .await
        .unwrap();
    assert!(!taken, "a row kept forever was taken over");
    assert_eq!(
        store
            .get(tenant, RowKind::SavedActivity, kept, 0)
            .await
            .unwrap(),
        Some(row("email-1", None))
    );
}
