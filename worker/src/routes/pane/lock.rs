//! The save-once protocol ([`save_once`]) shared by every "create this in the CRM exactly once"
//! route (an email, a meeting, a summary note), and the save lock under it: a row
//! (`lock:<key>`, [`LOCK_SECONDS`] expiry) in Closer's store, beside the
//! [`RowKind::SavedActivity`] row the save records.
//!
//! The protocol: Closer's store row for the key → the CRM's own lookup (which also sees saves
//! made elsewhere) → the lock → both checks again → create → record the row → release. A failed
//! create releases the lock and records nothing, so a save is never reported done when it is
//! not; a retry after a timeout finds the first write.
//!
//! The store has no insert-if-absent, so taking the lock is "write my token, wait
//! [`LOCK_SETTLE`], read it back: the last writer holds it"; the holder then repeats the store
//! and CRM checks and reads the lock once more right before creating ([`still_held`]), backing
//! off if a contender's token replaced its own. A request that does not hold the lock polls
//! until the holder's saved row appears (`created: false`) or the lock is gone (the holder
//! failed: it tries itself).
//!
//! **Residual race**: two requests that both read "no lock" both write; if the second write
//! lands only after the first request's last lock read (settle time + the CRM check + one store
//! read after its own write), both hold the lock, and both create when the first create has not
//! reached the CRM by the second's CRM check. With D1 or a Dataverse table that needs one
//! request to stall between its read and its write for longer than that whole sequence; the
//! CRM-side check still catches every later retry.

use super::Pane;
use crate::crm::RecordRef;
use crate::error::ApiFailure;
use crate::provider::{ProviderError, Sleeper};
use crate::store::{CloserStore, Row, RowKind, Scope};
use std::time::Duration;

/// How long a save lock lives if its holder never releases it (a crashed request).
pub const LOCK_SECONDS: u64 = 30;
/// How long a writer waits before reading the lock back: longer than a store round trip, so a
/// contender that read "no lock" at the same moment has written its token by then.
pub const LOCK_SETTLE: Duration = Duration::from_millis(150);
/// How often a request that does not hold the lock looks again.
pub const LOCK_POLL: Duration = Duration::from_millis(250);
/// How many times it looks before giving up (about 4 s: inside Outlook's patience).
pub const LOCK_POLLS: u32 = 16;
/// How many times a request that lost a lock it believed it held starts waiting again.
pub const LOCK_ROUNDS: u32 = 2;

/// The lock identity of one save request.
pub struct SaveLock<'a, W> {
    /// A value no other request uses (random at the edge).
    pub token: String,
    /// Waits between lock checks (a JS timer at the edge).
    pub sleeper: &'a W,
}

/// The refusal when another save of an email (or a summary note) holds the lock for too long.
pub(crate) const EMAIL_BUSY: &str =
    "This email is being saved by another request; try again in a moment.";

fn busy(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

/// What one save at `key` does: `busy` is the refusal when another request holds the lock too
/// long.
pub(crate) struct SaveOnce<'p, 'a, C, S, W> {
    pub pane: &'p Pane<'p, C, S>,
    pub key: &'a str,
    pub lock: &'a SaveLock<'a, W>,
    pub busy: &'static str,
}

/// The record a save ends with: the one it created, or the one an earlier save left.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SavedOnce {
    pub id: String,
    pub created: bool,
}

impl SavedOnce {
    fn existing(id: String) -> Self {
        Self { id, created: false }
    }
}

/// Runs the save-once protocol for `save.key`. `find` asks the CRM for a record an earlier save
/// (anyone's) made (`Ok(None)` where the CRM has no such key); `prepare` builds what to create
/// and runs beside the first CRM lookup; `create` writes it, and runs only under the lock.
pub(crate) async fn save_once<C, S, W, P>(
    save: SaveOnce<'_, '_, C, S, W>,
    find: impl AsyncFn() -> Result<Option<RecordRef>, ProviderError>,
    prepare: impl Future<Output = Result<P, ApiFailure>>,
    create: impl AsyncFn(&P) -> Result<RecordRef, ProviderError>,
) -> Result<SavedOnce, ApiFailure>
where
    S: CloserStore,
    W: Sleeper,
{
    let SaveOnce {
        pane,
        key,
        lock,
        busy: busy_reason,
    } = save;
    let tenant = pane.tenant_scope();
    if let Some(id) = stored(pane, &tenant, key).await? {
        return Ok(SavedOnce::existing(id));
    }
    let (found, prepared) = futures::join!(find(), prepare);
    if let Some(found) = found? {
        remember(pane, &tenant, key, &found).await;
        return Ok(SavedOnce::existing(found.id));
    }
    let prepared = prepared?;
    for _ in 0..LOCK_ROUNDS {
        if let Some(id) = acquire(pane, &tenant, key, lock, busy_reason).await? {
            return Ok(SavedOnce::existing(id));
        }
        let outcome = create_once(pane, &tenant, key, &lock.token, &find, &create, &prepared).await;
        match outcome {
            // Another request's token replaced ours: it saves; wait for its answer.
            Ok(None) => continue,
            Ok(Some(saved)) => {
                release(pane, &tenant, key, &lock.token).await;
                return Ok(saved);
            }
            Err(err) => {
                release(pane, &tenant, key, &lock.token).await;
                return Err(err);
            }
        }
    }
    Err(busy(busy_reason))
}

/// Under the lock: checks the store and the CRM again, makes sure the lock is still this
/// request's (a contender's late write takes it over), then creates and records the record.
/// `Ok(None)`: the lock was lost and nothing was written.
async fn create_once<C, S: CloserStore, P>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    token: &str,
    find: &impl AsyncFn() -> Result<Option<RecordRef>, ProviderError>,
    create: &impl AsyncFn(&P) -> Result<RecordRef, ProviderError>,
    prepared: &P,
) -> Result<Option<SavedOnce>, ApiFailure> {
    if let Some(id) = stored(pane, tenant, key).await? {
        return Ok(Some(SavedOnce::existing(id)));
    }
    if let Some(found) = find().await? {
        remember(pane, tenant, key, &found).await;
        return Ok(Some(SavedOnce::existing(found.id)));
    }
    if !still_held(pane, tenant, key, token).await? {
        return Ok(None);
    }
    let created = create(prepared).await?;
    remember(pane, tenant, key, &created).await;
    Ok(Some(SavedOnce {
        id: created.id,
        created: true,
    }))
}

/// Records the record's id. After the CRM accepted the record, a store failure must not turn
/// the save into an error (and a retry): the CRM check (or the lock) finds it next time.
async fn remember<C, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    record: &RecordRef,
) {
    let row = Row {
        value: record.id.clone(),
        expires_at: None,
    };
    let _ = pane
        .store
        .put(tenant, RowKind::SavedActivity, key, &row)
        .await;
}

/// The activity id Closer recorded for `key`.
async fn stored<C, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
) -> Result<Option<String>, ApiFailure> {
    let row = pane
        .store
        .get(tenant, RowKind::SavedActivity, key, pane.now)
        .await?;
    Ok(row.map(|row| row.value))
}

fn lock_key(key: &str) -> String {
    format!("lock:{key}")
}

/// Takes the save lock for `key`: `Ok(None)` when held, `Ok(Some(id))` when another request
/// saved meanwhile; refused with `busy_reason` when the holder takes too long.
async fn acquire<C, S: CloserStore, W: Sleeper>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    lock: &SaveLock<'_, W>,
    busy_reason: &str,
) -> Result<Option<String>, ApiFailure> {
    let lock_key = lock_key(key);
    for _ in 0..LOCK_POLLS {
        if let Some(id) = stored(pane, tenant, key).await? {
            return Ok(Some(id));
        }
        let holder = pane
            .store
            .get(tenant, RowKind::SavedActivity, &lock_key, pane.now)
            .await?;
        if holder.is_none() {
            let row = Row {
                value: lock.token.clone(),
                expires_at: Some(pane.now + LOCK_SECONDS),
            };
            pane.store
                .put(tenant, RowKind::SavedActivity, &lock_key, &row)
                .await?;
            lock.sleeper.sleep(LOCK_SETTLE).await;
            let holder = pane
                .store
                .get(tenant, RowKind::SavedActivity, &lock_key, pane.now)
                .await?;
            if holder.is_some_and(|row| row.value == lock.token) {
                return Ok(None);
            }
        }
        lock.sleeper.sleep(LOCK_POLL).await;
    }
    Err(busy(busy_reason))
}

/// Releases the lock if this request still holds it; an error leaves it to expire.
async fn release<C, S: CloserStore>(pane: &Pane<'_, C, S>, tenant: &Scope, key: &str, token: &str) {
    let lock_key = lock_key(key);
    let held = pane
        .store
        .get(tenant, RowKind::SavedActivity, &lock_key, pane.now)
        .await;
    if let Ok(Some(row)) = held
        && row.value == token
    {
        let _ = pane
            .store
            .delete(tenant, RowKind::SavedActivity, &lock_key)
            .await;
    }
}

/// Whether this request still holds the lock (read right before creating).
async fn still_held<C, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    token: &str,
) -> Result<bool, ApiFailure> {
    let holder = pane
        .store
        .get(tenant, RowKind::SavedActivity, &lock_key(key), pane.now)
        .await?;
    Ok(holder.is_some_and(|row| row.value == token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;

    /// Closer's store in memory (kind and tenant are not needed to tell these rows apart).
    #[derive(Default)]
    struct Memory(RefCell<HashMap<String, Row>>);

    impl CloserStore for Memory {
        async fn get(
            &self,
            _: &Scope,
            _: RowKind,
            key: &str,
            now: u64,
        ) -> Result<Option<Row>, StoreError> {
            let rows = self.0.borrow();
            Ok(rows
                .get(key)
                .filter(|row| row.expires_at.is_none_or(|at| at > now))
                .cloned())
        }

        async fn put(&self, _: &Scope, _: RowKind, key: &str, row: &Row) -> Result<(), StoreError> {
            self.0.borrow_mut().insert(key.to_owned(), row.clone());
            Ok(())
        }

        async fn put_if_absent(
            &self,
            _: &Scope,
            _: RowKind,
            key: &str,
            row: &Row,
            now: u64,
        ) -> Result<bool, StoreError> {
            let mut rows = self.0.borrow_mut();
            if rows
                .get(key)
                .is_some_and(|held| held.expires_at.is_none_or(|at| at > now))
            {
                return Ok(false);
            }
            rows.insert(key.to_owned(), row.clone());
            Ok(true)
        }

        async fn delete(&self, _: &Scope, _: RowKind, key: &str) -> Result<(), StoreError> {
            self.0.borrow_mut().remove(key);
            Ok(())
        }

        async fn purge_expired(&self, _: u64) -> Result<u64, StoreError> {
            Ok(0)
        }
    }

    /// Runs `on_sleep` with the number of the sleep, instead of waiting.
    struct Scripted<F: Fn(u32)> {
        on_sleep: F,
        sleeps: Cell<u32>,
    }

    impl<F: Fn(u32)> Sleeper for Scripted<F> {
        async fn sleep(&self, _: Duration) {
            self.sleeps.set(self.sleeps.get() + 1);
            (self.on_sleep)(self.sleeps.get());
        }
    }

    fn pane(store: &Memory) -> Pane<'_, (), Memory> {
        Pane {
            crm: &(),
            store,
            scope: Scope {
                tenant_id: "t".into(),
                user_id: Some("u".into()),
            },
            internal_domains: &[],
            settings: Default::default(),
            row_key: None,
            now: 1_000,
        }
    }

    fn row(value: &str, expires_at: Option<u64>) -> Row {
        Row {
            value: value.into(),
            expires_at,
        }
    }

    #[tokio::test]
    async fn a_free_lock_is_taken_with_an_expiry() {
        let store = Memory::default();
        let sleeper = Scripted {
            on_sleep: |_| {},
            sleeps: Cell::new(0),
        };
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let pane = pane(&store);
        let taken = acquire(&pane, &pane.tenant_scope(), "<m@x>", &lock, EMAIL_BUSY).await;
        assert!(matches!(taken, Ok(None)));
        assert_eq!(
            store.0.borrow().get("lock:<m@x>"),
            Some(&row("mine", Some(1_000 + LOCK_SECONDS)))
        );
        assert_eq!(sleeper.sleeps.get(), 1, "one settle, no poll");
    }

    #[tokio::test]
    async fn a_contenders_write_during_the_settle_wins_and_its_save_is_returned() {
        let store = Memory::default();
        let sleeper = Scripted {
            on_sleep: |n| match n {
                // The contender writes its token while this request settles...
                1 => {
                    store
                        .0
                        .borrow_mut()
                        .insert("lock:<m@x>".into(), row("theirs", Some(1_030)));
                }
                // ...and records its activity a poll later.
                2 => {
                    store
                        .0
                        .borrow_mut()
                        .insert("<m@x>".into(), row("activity-1", None));
                }
                _ => {}
            },
            sleeps: Cell::new(0),
        };
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let pane = pane(&store);
        let taken = acquire(&pane, &pane.tenant_scope(), "<m@x>", &lock, EMAIL_BUSY).await;
        assert_eq!(taken.unwrap(), Some("activity-1".to_owned()));
    }

    #[tokio::test]
    async fn a_lock_held_too_long_is_a_readable_refusal_and_an_expired_one_is_taken() {
        let store = Memory::default();
        store
            .0
            .borrow_mut()
            .insert("lock:<m@x>".into(), row("theirs", Some(1_030)));
        let sleeper = Scripted {
            on_sleep: |_| {},
            sleeps: Cell::new(0),
        };
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let pane = pane(&store);
        let refused = acquire(&pane, &pane.tenant_scope(), "<m@x>", &lock, EMAIL_BUSY).await;
        assert!(matches!(refused, Err(ApiFailure::BadRequest { .. })));
        assert_eq!(sleeper.sleeps.get(), LOCK_POLLS);

        store
            .0
            .borrow_mut()
            .insert("lock:<m@x>".into(), row("crashed", Some(1_000)));
        let taken = acquire(&pane, &pane.tenant_scope(), "<m@x>", &lock, EMAIL_BUSY).await;
        assert!(matches!(taken, Ok(None)));
    }

    #[tokio::test]
    async fn only_the_holder_releases_the_lock() {
        let store = Memory::default();
        let pane = pane(&store);
        store
            .0
            .borrow_mut()
            .insert("lock:<m@x>".into(), row("theirs", Some(1_030)));
        release(&pane, &pane.tenant_scope(), "<m@x>", "mine").await;
        assert!(store.0.borrow().contains_key("lock:<m@x>"));
        release(&pane, &pane.tenant_scope(), "<m@x>", "theirs").await;
        assert!(!store.0.borrow().contains_key("lock:<m@x>"));
    }

    fn idle() -> Scripted<fn(u32)> {
        Scripted {
            on_sleep: |_| {},
            sleeps: Cell::new(0),
        }
    }

    #[tokio::test]
    async fn a_failed_create_is_not_done_and_the_retry_creates_exactly_once() {
        let store = Memory::default();
        let pane = pane(&store);
        let sleeper = idle();
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let creates = Cell::new(0);
        let create = async |payload: &&str| {
            creates.set(creates.get() + 1);
            if creates.get() == 1 {
                return Err(ProviderError::Forbidden {
                    provider: crate::provider::Provider::Dataverse,
                    code: "denied".into(),
                });
            }
            Ok(RecordRef::new(
                crate::crm::RecordKind::Note,
                format!("{payload}-1"),
            ))
        };
        let save = || SaveOnce {
            pane: &pane,
            key: "k",
            lock: &lock,
            busy: EMAIL_BUSY,
        };
        let failed = save_once(save(), async || Ok(None), async { Ok("note") }, &create).await;
        assert!(failed.is_err());
        assert!(store.0.borrow().is_empty(), "no saved row, no lock left");

        let first = save_once(save(), async || Ok(None), async { Ok("note") }, &create).await;
        assert_eq!(
            first.unwrap(),
            SavedOnce {
                id: "note-1".into(),
                created: true
            }
        );
        let again = save_once(save(), async || Ok(None), async { Ok("note") }, &create).await;
        assert_eq!(
            again.unwrap(),
            SavedOnce {
                id: "note-1".into(),
                created: false
            }
        );
        assert_eq!(creates.get(), 2);
        assert!(!store.0.borrow().contains_key("lock:k"));
    }

    #[tokio::test]
    async fn a_record_the_crm_already_has_is_recorded_and_returned_without_creating() {
        let store = Memory::default();
        let pane = pane(&store);
        let sleeper = idle();
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let found = save_once(
            SaveOnce {
                pane: &pane,
                key: "k",
                lock: &lock,
                busy: "busy meeting",
            },
            async || Ok(Some(RecordRef::new(crate::crm::RecordKind::Email, "a-7"))),
            async { Ok(()) },
            async |_: &()| panic!("the CRM already has it"),
        )
        .await;
        assert_eq!(
            found.unwrap(),
            SavedOnce {
                id: "a-7".into(),
                created: false
            }
        );
        assert_eq!(store.0.borrow().get("k"), Some(&row("a-7", None)));
    }

    #[tokio::test]
    async fn a_lock_held_too_long_is_refused_with_the_callers_words() {
        let store = Memory::default();
        store
            .0
            .borrow_mut()
            .insert("lock:k".into(), row("theirs", Some(1_030)));
        let pane = pane(&store);
        let sleeper = idle();
        let lock = SaveLock {
            token: "mine".into(),
            sleeper: &sleeper,
        };
        let refused = save_once(
            SaveOnce {
                pane: &pane,
                key: "k",
                lock: &lock,
                busy: "This meeting is busy.",
            },
            async || Ok(None),
            async { Ok(()) },
            async |_: &()| panic!("not under the lock"),
        )
        .await;
        assert!(
            matches!(refused, Err(ApiFailure::BadRequest { reason }) if reason == "This meeting is busy.")
        );
    }
}
