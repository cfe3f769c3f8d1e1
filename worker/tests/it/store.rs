//! Closer's store SQL — the statements D1 runs in production — against SQLite (D1 is SQLite),
//! with the real migrations: round trips, expiry and purge, tenant isolation, and the create-only
//! write the save-once protocol takes its lock with.

use crate::support::create_only;
use crate::support::sqlite::Sqlite;
use closer_worker::store::sql::SqlStore;
use closer_worker::store::{CloserStore, Row, RowKind, Scope};

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

#[tokio::test]
async fn a_create_only_write_takes_an_absent_or_expired_key_and_never_a_live_one() {
    let store = SqlStore::new(Sqlite::migrated());
    let tenant = scope("tenant-a", None);
    let key = "lock:<m@x>";
    create_only::takes_an_absent_or_expired_key_and_never_a_live_one(&store, &tenant, key, NOW)
        .await;
    // The same key in another tenant is another row.
    assert!(
        store
            .put_if_absent(
                &scope("tenant-b", None),
                RowKind::SavedActivity,
                key,
                &row("b", Some(NOW + 30)),
                NOW
            )
            .await
            .unwrap()
    );
    // ... and tenant A's is untouched.
    assert_eq!(
        store
            .get(&tenant, RowKind::SavedActivity, key, NOW + 30)
            .await
            .unwrap(),
        Some(row("third", Some(NOW + 60)))
    );
}

// ---- Admin settings in the store (worker/src/settings.rs) -------------------------------------

mod settings {
    use super::*;
    use closer_wire::{AiFeatures, CardField, FieldSetting, SaveSettings, TenantSettings};
    use closer_worker::identity::UserContext;
    use closer_worker::settings::{self, SettingsError};

    fn admin(tenant: &str, name: &str) -> UserContext {
        UserContext {
            tenant_id: tenant.into(),
            object_id: format!("{name}-oid"),
            name: name.into(),
            username: format!("{name}@example.com"),
            roles: vec!["Closer.Admin".into()],
            groups: Vec::new(),
        }
    }

    #[tokio::test]
    async fn saves_are_versioned_audited_and_stale_ones_refused() {
        let store = SqlStore::new(Sqlite::migrated());
        let defaults = TenantSettings::default();
        let first = settings::load(&store, "tenant-a", &defaults, NOW)
            .await
            .unwrap();
        assert_eq!((first.version, &first.settings), (0, &defaults));

        let mut edit = defaults.clone();
        edit.features = AiFeatures {
            reply_drafts: false,
            ..AiFeatures::default()
        };
        edit.trackers.competitors = vec![" Globex ".into(), "globex".into(), "Initech".into()];
        let saved = settings::save(
            &store,
            &admin("tenant-a", "Alex"),
            &defaults,
            SaveSettings {
                version: 0,
                settings: edit.clone(),
            },
            NOW,
        )
        .await
        .unwrap();
        assert_eq!(saved.version, 1);
        assert_eq!(saved.settings.trackers.competitors, ["Globex", "Initech"]);
        let paths: Vec<&str> = saved.audit.iter().map(|e| e.setting.as_str()).collect();
        assert_eq!(paths, ["features.reply_drafts", "trackers.competitors"]);
        assert_eq!(saved.audit[0].before, "true");
        assert_eq!(saved.audit[0].after, "false");
        assert_eq!(saved.audit[0].by, "Alex");
        assert_eq!(saved.audit[0].at, settings::rfc3339(NOW));

        // A second admin who read version 0 cannot overwrite version 1.
        let stale = settings::save(
            &store,
            &admin("tenant-a", "Megan"),
            &defaults,
            SaveSettings {
                version: 0,
                settings: defaults.clone(),
            },
            NOW + 5,
        )
        .await;
        assert!(
            matches!(stale, Err(SettingsError::Conflict { current: 1 })),
            "{stale:?}"
        );
        let now = settings::load(&store, "tenant-a", &defaults, NOW + 6)
            .await
            .unwrap();
        assert_eq!(now.version, 1);
        assert!(!now.settings.features.reply_drafts, "nothing was lost");

        // Another tenant sees its own (default) settings.
        let other = settings::load(&store, "tenant-b", &defaults, NOW)
            .await
            .unwrap();
        assert_eq!(other.version, 0);
        assert!(other.settings.features.reply_drafts);
    }

    #[tokio::test]
    async fn invalid_edits_are_refused_and_nothing_is_saved() {
        let store = SqlStore::new(Sqlite::migrated());
        let defaults = TenantSettings::default();
        let cases: Vec<(TenantSettings, &str)> = vec![
            (
                {
                    let mut s = defaults.clone();
                    s.retention.insight_days = Some(45);
                    s
                },
                "30 or 90 days",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.retention.contact_choice_days = 0;
                    s
                },
                "1 to 365 days",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.trackers.products = vec!["  ".into()];
                    s
                },
                "empty entry",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.trackers.pricing = vec!["x".repeat(61)];
                    s
                },
                "longer than 60",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.trackers.competitors = (0..101).map(|i| format!("Rival {i}")).collect();
                    s
                },
                "at most 100",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.cards.fields.push(FieldSetting {
                        field: CardField::Title,
                        editable: false,
                    });
                    s
                },
                "listed twice",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.cards.fields = vec![FieldSetting {
                        field: CardField::Website,
                        editable: true,
                    }];
                    s
                },
                "cannot be edited",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.cards.extra = vec![closer_wire::ExtraField {
                        card: closer_wire::CardKind::Account,
                        name: "name) or (1 eq 1".into(),
                        label: "x".into(),
                        editable: false,
                        kind: String::new(),
                        options: Vec::new(),
                    }];
                    s
                },
                "not a CRM field name",
            ),
            (
                {
                    let mut s = defaults.clone();
                    let extra = closer_wire::ExtraField {
                        card: closer_wire::CardKind::Account,
                        name: "BillingCity".into(),
                        label: "x".into(),
                        editable: false,
                        kind: String::new(),
                        options: Vec::new(),
                    };
                    s.cards.extra = vec![extra.clone(), extra];
                    s
                },
                "listed twice on one card",
            ),
            (
                {
                    let mut s = defaults.clone();
                    s.cards.extra = (0..21)
                        .map(|i| closer_wire::ExtraField {
                            card: closer_wire::CardKind::Contact,
                            name: format!("Field{i}__c"),
                            label: "x".into(),
                            editable: false,
                            kind: String::new(),
                            options: Vec::new(),
                        })
                        .collect();
                    s
                },
                "At most 20",
            ),
        ];
        for (edit, expected) in cases {
            let refused = settings::save(
                &store,
                &admin("tenant-a", "Alex"),
                &defaults,
                SaveSettings {
                    version: 0,
                    settings: edit,
                },
                NOW,
            )
            .await;
            match refused {
                Err(SettingsError::Invalid(reason)) => {
                    assert!(reason.contains(expected), "{reason} lacks {expected}")
                }
                other => panic!("{expected}: {other:?}"),
            }
        }
        let stored = settings::load(&store, "tenant-a", &defaults, NOW)
            .await
            .unwrap();
        assert_eq!(stored.version, 0, "nothing was saved");
    }

    #[test]
    fn unknown_settings_and_fields_do_not_parse() {
        let unknown_field = serde_json::json!({
            "version": 0,
            "settings": { "cards": { "fields": [{ "field": "shoe_size", "editable": false }] } }
        });
        let error = serde_json::from_value::<SaveSettings>(unknown_field).unwrap_err();
        assert!(error.to_string().contains("shoe_size"), "{error}");
        let unknown_setting = serde_json::json!({
            "version": 0,
            "settings": { "features": { "thread_summary": true, "telepathy": true } }
        });
        let error = serde_json::from_value::<SaveSettings>(unknown_setting).unwrap_err();
        assert!(error.to_string().contains("telepathy"), "{error}");
    }
}
