//! Closer's store SQL — the statements D1 runs in production — against SQLite (D1 is SQLite),
//! with the real migrations: round trips, expiry and purge, and tenant isolation.

mod support;

use closer_worker::store::sql::SqlStore;
use closer_worker::store::{CloserStore, Row, RowKind, Scope};
use support::sqlite::Sqlite;

fn scope(tenant: &str, user: Option<&str>) -> Scope {
    Scope {
        tenant_id: tenant.into(),
        user_id: user.map(Into::into),
    }
}

fn row(value: &str, expires_at: Option<u64>) -> Row {
    Row {
        value: value.into(),
        expires_at,
    }
}

const NOW: u64 = 1_800_000_000;

#[tokio::test]
async fn rows_round_trip_and_are_replaced_in_place() {
    let store = SqlStore::new(Sqlite::migrated());
    let megan = scope("tenant-a", Some("megan"));
    let key = "marcus.chen@fabrikam.com";
    assert_eq!(
        store
            .get(&megan, RowKind::ContactMatch, key, NOW)
            .await
            .unwrap(),
        None
    );
    store
        .put(&megan, RowKind::ContactMatch, key, &row("contact-1", None))
        .await
        .unwrap();
    store
        .put(&megan, RowKind::ContactMatch, key, &row("contact-2", None))
        .await
        .unwrap();
    assert_eq!(
        store
            .get(&megan, RowKind::ContactMatch, key, NOW)
            .await
            .unwrap(),
        Some(row("contact-2", None))
    );
    // Same key, other kind: a different row.
    assert_eq!(
        store
            .get(&megan, RowKind::SavedActivity, key, NOW)
            .await
            .unwrap(),
        None
    );
    store
        .delete(&megan, RowKind::ContactMatch, key)
        .await
        .unwrap();
    assert_eq!(
        store
            .get(&megan, RowKind::ContactMatch, key, NOW)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn tenant_b_never_sees_tenant_a_rows() {
    let store = SqlStore::new(Sqlite::migrated());
    let a = scope("tenant-a", Some("same-oid"));
    let b = scope("tenant-b", Some("same-oid"));
    store
        .put(&a, RowKind::Setting, "theme", &row("dark", None))
        .await
        .unwrap();
    store
        .put(
            &scope("tenant-a", None),
            RowKind::Setting,
            "llm",
            &row("on", None),
        )
        .await
        .unwrap();
    assert_eq!(
        store.get(&b, RowKind::Setting, "theme", NOW).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .get(&scope("tenant-b", None), RowKind::Setting, "llm", NOW)
            .await
            .unwrap(),
        None
    );
    // Another user of the same tenant does not see a per-user row either.
    assert_eq!(
        store
            .get(
                &scope("tenant-a", Some("other")),
                RowKind::Setting,
                "theme",
                NOW
            )
            .await
            .unwrap(),
        None
    );
    // Deleting in B leaves A's row alone.
    store.delete(&b, RowKind::Setting, "theme").await.unwrap();
    assert!(
        store
            .get(&a, RowKind::Setting, "theme", NOW)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn expired_rows_are_invisible_and_purged() {
    let store = SqlStore::new(Sqlite::migrated());
    let megan = scope("tenant-a", Some("megan"));
    store
        .put(
            &megan,
            RowKind::Insight,
            "msg-1",
            &row("{\"summary\":1}", Some(NOW - 1)),
        )
        .await
        .unwrap();
    store
        .put(
            &megan,
            RowKind::Insight,
            "msg-2",
            &row("{\"summary\":2}", Some(NOW + 3600)),
        )
        .await
        .unwrap();
    store
        .put(
            &scope("tenant-b", None),
            RowKind::Insight,
            "msg-3",
            &row("{}", Some(NOW - 10)),
        )
        .await
        .unwrap();
    store
        .put(&megan, RowKind::Setting, "kept", &row("forever", None))
        .await
        .unwrap();
    assert_eq!(
        store
            .get(&megan, RowKind::Insight, "msg-1", NOW)
            .await
            .unwrap(),
        None
    );
    assert!(
        store
            .get(&megan, RowKind::Insight, "msg-2", NOW)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store.purge_expired(NOW).await.unwrap(),
        2,
        "both expired rows, in every tenant"
    );
    assert_eq!(store.purge_expired(NOW).await.unwrap(), 0);
    assert!(
        store
            .get(&megan, RowKind::Insight, "msg-2", NOW)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .get(&megan, RowKind::Setting, "kept", NOW)
            .await
            .unwrap()
            .is_some()
    );
}
