//! The save-once protocol ([`save_once`]) under every "create this in the CRM exactly once"
//! route (an email, a meeting, a summary or meeting note, a follow-up task): a double click, a
//! retry after a timeout, or two sellers saving the same item at the same moment end with one
//! CRM record.
//!
//! It keeps two tenant-wide rows under [`RowKind::SavedActivity`]: the saved row (`<key>` → the
//! CRM record's id, kept) and the lock row (`lock:<key>` → the holder's token, expiring after
//! [`LOCK_SECONDS`]).
//!
//! The protocol: the saved row → the CRM's own lookup (`find`, which also sees saves made
//! elsewhere) → the lock, taken with the store's create-only write
//! ([`CloserStore::put_if_absent`]) → as its holder, the saved row and the CRM once more (an
//! earlier holder may have finished meanwhile) → create → record the saved row → delete the
//! lock. A failed create deletes the lock and records nothing, so a save is never reported done
//! when it is not, and a retry after a timeout finds the first write. A request that does not
//! get the lock waits ([`LOCK_POLL`], at most [`LOCK_POLLS`] times) until the holder's saved row
//! appears (its id, `created: false`) or the lock is gone (the holder failed, or crashed and its
//! lock expired: it tries to take the lock itself); a lock still held after the last wait is
//! [`Busy`], which the API answers 409 with `Retry-After`.
//!
//! Why two requests never both create: taking the lock is one atomic write in the store itself
//! (on D1 an `INSERT … ON CONFLICT DO UPDATE … WHERE` that replaces only an expired row, on
//! Dataverse a POST the table's alternate key refuses), so however many requests try at once,
//! exactly one holds a live lock, and only a holder creates. A lock lives [`LOCK_SECONDS`], far
//! longer than a holder's two checks and create take (each upstream call times out after
//! `UPSTREAM_TIMEOUT_MS`). Items the CRM cannot be searched for (notes, tasks: `find` answers
//! `None`) rely on the saved row alone: a holder that dies between the CRM's create and recording
//! it leaves a record a retry does not see.
//!
//! Generic over the store and a [`Sleeper`], and over the caller's error type, so it needs
//! neither the routes nor the API's error.

use super::{CloserStore, Row, RowKind, Scope, StoreError};
use crate::provider::{ProviderError, Sleeper};
use std::time::Duration;

/// How long a lock lives if its holder never deletes it (a crashed request).
pub const LOCK_SECONDS: u64 = 30;
/// How long a request that does not hold the lock waits before looking again.
pub const LOCK_POLL: Duration = Duration::from_millis(250);
/// How many times it waits before giving up (about 4 s: inside Outlook's patience).
pub const LOCK_POLLS: u32 = 16;
/// When a request refused as [`Busy`] may try again: by then the holder has usually finished,
/// and the retry finds its record.
pub const BUSY_RETRY_SECONDS: u64 = 3;

/// The lock identity of one save request.
pub struct SaveLock<'a, W> {
    /// A value no other request uses (random at the edge): only the holder deletes its lock.
    pub token: String,
    /// Waits between looks at someone else's lock (a JS timer at the edge).
    pub sleeper: &'a W,
}

/// One save: where its rows live, its key and what to say when another request holds the lock.
pub struct SaveOnce<'a, S, W> {
    /// Closer's store.
    pub store: &'a S,
    /// The rows' scope: the tenant's (an email saved by one seller is saved for all).
    pub scope: Scope,
    /// Seconds since the epoch, when the request started.
    pub now: u64,
    /// The item's key (an Internet Message-ID, an iCalUId, a hashed note or task key).
    pub key: &'a str,
    /// This request's lock identity.
    pub lock: &'a SaveLock<'a, W>,
    /// The seller-facing sentence when another request holds the lock for the whole wait.
    pub busy: &'static str,
}

/// The record a save ends with: the one it created, or the one an earlier save left.
#[derive(Debug, PartialEq, Eq)]
pub struct SavedOnce {
    /// The CRM record's id.
    pub id: String,
    /// Whether this request created it.
    pub created: bool,
}

impl SavedOnce {
    fn existing(id: String) -> Self {
        Self { id, created: false }
    }
}

/// Another request held the save lock for the whole wait: nothing was created by this one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("another request holds the save lock")]
pub struct Busy {
    /// The seller-facing sentence ([`SaveOnce::busy`]).
    pub reason: &'static str,
    /// When to try again.
    pub retry_after_seconds: u64,
}

/// Runs the save-once protocol for `save.key`. `find` asks the CRM for the id of a record an
/// earlier save (anyone's) made (`Ok(None)` where the CRM has no such key); `prepare` builds
/// what to create and runs beside the first CRM lookup; `create` writes it and answers its id,
/// and runs only while this request holds the lock.
pub async fn save_once<S, W, P, E>(
    save: SaveOnce<'_, S, W>,
    find: impl AsyncFn() -> Result<Option<String>, ProviderError>,
    prepare: impl Future<Output = Result<P, E>>,
    create: impl AsyncFn(&P) -> Result<String, ProviderError>,
) -> Result<SavedOnce, E>
where
    S: CloserStore,
    W: Sleeper,
    E: From<StoreError> + From<ProviderError> + From<Busy>,
{
    let rows = Rows {
        store: save.store,
        scope: &save.scope,
        key: save.key,
    };
    if let Some(id) = rows.saved(save.now).await? {
        return Ok(SavedOnce::existing(id));
    }
    let (found, prepared) = futures::join!(find(), prepare);
    if let Some(id) = found? {
        rows.record(&id).await;
        return Ok(SavedOnce::existing(id));
    }
    let prepared = prepared?;
    let mut waited = Duration::ZERO;
    for poll in 0..=LOCK_POLLS {
        if poll > 0 {
            save.lock.sleeper.sleep(LOCK_POLL).await;
            waited += LOCK_POLL;
            if let Some(id) = rows.saved(save.now).await? {
                return Ok(SavedOnce::existing(id));
            }
        }
        // The request's clock moved on by its waits only: never ahead of the real one, so a
        // lock is never taken over before it expired.
        let at = save.now + waited.as_secs();
        if rows.take_lock(&save.lock.token, at).await? {
            let outcome = create_held(&rows, at, &find, &create, &prepared).await;
            rows.release(&save.lock.token, at).await;
            return outcome;
        }
    }
    Err(Busy {
        reason: save.busy,
        retry_after_seconds: BUSY_RETRY_SECONDS,
    }
    .into())
}

/// Under the lock: the saved row and the CRM once more (a holder before this one may have
/// finished since the first checks), then the create and its saved row.
async fn create_held<S: CloserStore, P, E>(
    rows: &Rows<'_, S>,
    at: u64,
    find: &impl AsyncFn() -> Result<Option<String>, ProviderError>,
    create: &impl AsyncFn(&P) -> Result<String, ProviderError>,
    prepared: &P,
) -> Result<SavedOnce, E>
where
    E: From<StoreError> + From<ProviderError>,
{
    if let Some(id) = rows.saved(at).await? {
        return Ok(SavedOnce::existing(id));
    }
    if let Some(id) = find().await? {
        rows.record(&id).await;
        return Ok(SavedOnce::existing(id));
    }
    let id = create(prepared).await?;
    rows.record(&id).await;
    Ok(SavedOnce { id, created: true })
}

/// The two rows of one key.
struct Rows<'a, S> {
    store: &'a S,
    scope: &'a Scope,
    key: &'a str,
}

impl<S: CloserStore> Rows<'_, S> {
    /// The CRM id recorded for the key.
    async fn saved(&self, now: u64) -> Result<Option<String>, StoreError> {
        let row = self
            .store
            .get(self.scope, RowKind::SavedActivity, self.key, now)
            .await?;
        Ok(row.map(|row| row.value))
    }

    /// Records the CRM id. Once the CRM holds the record, a store failure must not turn the save
    /// into an error (and a retry into a second record): the CRM's lookup finds it next time.
    async fn record(&self, id: &str) {
        let row = Row {
            value: id.to_owned(),
            expires_at: None,
        };
        let _ = self
            .store
            .put(self.scope, RowKind::SavedActivity, self.key, &row)
            .await;
    }

    fn lock_key(&self) -> String {
        format!("lock:{}", self.key)
    }

    /// Takes the lock if no live lock holds the key at `at`.
    async fn take_lock(&self, token: &str, at: u64) -> Result<bool, StoreError> {
        let row = Row {
            value: token.to_owned(),
            expires_at: Some(at + LOCK_SECONDS),
        };
        self.store
            .put_if_absent(
                self.scope,
                RowKind::SavedActivity,
                &self.lock_key(),
                &row,
                at,
            )
            .await
    }

    /// Deletes the lock if it is still this request's (it can be another's only after this one
    /// outlived [`LOCK_SECONDS`]); a failure leaves it to expire.
    async fn release(&self, token: &str, at: u64) {
        let lock_key = self.lock_key();
        let held = self
            .store
            .get(self.scope, RowKind::SavedActivity, &lock_key, at)
            .await;
        if let Ok(Some(row)) = held
            && row.value == token
        {
            let _ = self
                .store
                .delete(self.scope, RowKind::SavedActivity, &lock_key)
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::Provider;
    use crate::testing::{MemoryStore, RecordingSleeper};
    use std::cell::Cell;

    /// The tenant-wide scope every save here runs in.
    fn tenant() -> Scope {
        Scope {
            tenant_id: "t".into(),
            user_id: None,
        }
    }

    /// Sets a saved row or a lock as another request would have left it.
    fn insert(store: &MemoryStore, key: &str, value: &str, expires_at: Option<u64>) {
        let row = Row {
            value: value.into(),
            expires_at,
        };
        store.insert(&tenant(), RowKind::SavedActivity, key, row);
    }

    /// The value under `key`, expired or not.
    fn value(store: &MemoryStore, key: &str) -> Option<String> {
        store
            .row(&tenant(), RowKind::SavedActivity, key)
            .map(|row| row.value)
    }

    fn idle() -> RecordingSleeper<'static> {
        RecordingSleeper::default()
    }

    fn scripted<'a>(on_sleep: impl Fn(u32) + 'a) -> RecordingSleeper<'a> {
        RecordingSleeper::calling(on_sleep)
    }

    fn lock<'a, W>(token: &str, sleeper: &'a W) -> SaveLock<'a, W> {
        SaveLock {
            token: token.into(),
            sleeper,
        }
    }

    const NOW: u64 = 1_000;
    const BUSY: &str = "This item is being saved by another request; try again in a moment.";

    fn save<'a, W>(
        store: &'a MemoryStore,
        key: &'a str,
        lock: &'a SaveLock<'a, W>,
    ) -> SaveOnce<'a, MemoryStore, W> {
        SaveOnce {
            store,
            scope: Scope {
                tenant_id: "t".into(),
                user_id: None,
            },
            now: NOW,
            key,
            lock,
            busy: BUSY,
        }
    }

    /// The errors a route maps, kept apart to see which one a save ended with.
    #[derive(Debug, PartialEq)]
    enum Failed {
        Store(StoreError),
        Provider(String),
        Busy(Busy),
    }

    impl From<StoreError> for Failed {
        fn from(err: StoreError) -> Self {
            Self::Store(err)
        }
    }

    impl From<ProviderError> for Failed {
        fn from(err: ProviderError) -> Self {
            Self::Provider(err.to_string())
        }
    }

    impl From<Busy> for Failed {
        fn from(busy: Busy) -> Self {
            Self::Busy(busy)
        }
    }

    fn nothing_to_prepare() -> std::future::Ready<Result<(), Failed>> {
        std::future::ready(Ok(()))
    }

    async fn not_in_the_crm() -> Result<Option<String>, ProviderError> {
        Ok(None)
    }

    #[tokio::test]
    async fn saves_at_once_create_one_record_and_the_others_answer_its_id() {
        let store = MemoryStore::default();
        let sleeper = idle();
        let creates = Cell::new(0);
        let locks: Vec<SaveLock<'_, _>> = (0..4)
            .map(|n| lock(&format!("request-{n}"), &sleeper))
            .collect();
        let saves = locks.iter().map(|lock| {
            save_once(
                save(&store, "<m@x>", lock),
                // The CRM's lookup answers after the others started: all four pass the first
                // checks before anyone holds the lock.
                async || {
                    tokio::task::yield_now().await;
                    Ok(None)
                },
                nothing_to_prepare(),
                async |()| {
                    creates.set(creates.get() + 1);
                    tokio::task::yield_now().await;
                    Ok(format!("activity-{}", creates.get()))
                },
            )
        });
        let outcomes = futures::future::join_all(saves).await;
        assert_eq!(creates.get(), 1, "one record in the CRM");
        let outcomes: Vec<SavedOnce> = outcomes.into_iter().map(Result::unwrap).collect();
        assert!(outcomes.iter().all(|saved| saved.id == "activity-1"));
        assert_eq!(outcomes.iter().filter(|saved| saved.created).count(), 1);
        assert_eq!(value(&store, "<m@x>").as_deref(), Some("activity-1"));
        assert_eq!(
            value(&store, "lock:<m@x>"),
            None,
            "the holder deleted its lock"
        );
    }

    #[tokio::test]
    async fn a_lock_that_never_goes_away_is_busy_after_the_last_wait() {
        let store = MemoryStore::default();
        insert(&store, "lock:k", "theirs", Some(NOW + LOCK_SECONDS));
        let sleeper = idle();
        let mine = lock("mine", &sleeper);
        let refused = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            nothing_to_prepare(),
            async |()| panic!("never created without the lock"),
        )
        .await;
        assert_eq!(
            refused,
            Err(Failed::Busy(Busy {
                reason: BUSY,
                retry_after_seconds: BUSY_RETRY_SECONDS
            }))
        );
        assert_eq!(sleeper.count(), LOCK_POLLS);
        assert_eq!(
            value(&store, "lock:k").as_deref(),
            Some("theirs"),
            "not ours to delete"
        );
        assert_eq!(value(&store, "k"), None);
    }

    #[tokio::test]
    async fn the_holders_record_ends_the_wait() {
        let store = MemoryStore::default();
        insert(&store, "lock:k", "theirs", Some(NOW + LOCK_SECONDS));
        let sleeper = scripted(|n| {
            if n == 3 {
                insert(&store, "k", "theirs-1", None);
                store.remove(&tenant(), RowKind::SavedActivity, "lock:k");
            }
        });
        let mine = lock("mine", &sleeper);
        let found = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            nothing_to_prepare(),
            async |()| panic!("the holder created it"),
        )
        .await;
        assert_eq!(found, Ok(SavedOnce::existing("theirs-1".into())));
        assert_eq!(sleeper.count(), 3);
    }

    #[tokio::test]
    async fn a_lock_its_holder_gave_up_or_left_to_expire_is_taken() {
        // Released by a holder whose create failed: taken on the next look.
        let store = MemoryStore::default();
        insert(&store, "lock:k", "failed", Some(NOW + LOCK_SECONDS));
        let sleeper = scripted(|n| {
            if n == 2 {
                store.remove(&tenant(), RowKind::SavedActivity, "lock:k");
            }
        });
        let mine = lock("mine", &sleeper);
        let saved = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            nothing_to_prepare(),
            async |()| Ok("mine-1".to_owned()),
        )
        .await;
        assert_eq!(
            saved,
            Ok(SavedOnce {
                id: "mine-1".into(),
                created: true
            })
        );
        assert_eq!(sleeper.count(), 2);

        // Left by a crashed holder: taken once the waits passed its expiry, not before.
        let store = MemoryStore::default();
        insert(&store, "lock:k", "crashed", Some(NOW + 1));
        let sleeper = idle();
        let mine = lock("mine", &sleeper);
        let saved = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            nothing_to_prepare(),
            async |()| Ok("mine-1".to_owned()),
        )
        .await;
        assert!(saved.unwrap().created);
        let one_second = (Duration::from_secs(1).as_millis() / LOCK_POLL.as_millis()) as u32;
        assert_eq!(sleeper.count(), one_second);
        assert_eq!(value(&store, "lock:k"), None);
    }

    #[tokio::test]
    async fn a_failed_create_records_nothing_releases_the_lock_and_the_retry_creates_once() {
        let store = MemoryStore::default();
        let sleeper = idle();
        let mine = lock("mine", &sleeper);
        let creates = Cell::new(0);
        let create = async |payload: &&str| {
            creates.set(creates.get() + 1);
            if creates.get() == 1 {
                return Err(ProviderError::Forbidden {
                    provider: Provider::Dataverse,
                    code: "denied".into(),
                });
            }
            Ok(format!("{payload}-1"))
        };
        let prepared = || std::future::ready(Ok::<_, Failed>("note"));
        let failed = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            prepared(),
            &create,
        )
        .await;
        assert!(matches!(failed, Err(Failed::Provider(_))));
        assert!(store.is_empty(), "no saved row, no lock left");

        let first = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            prepared(),
            &create,
        )
        .await;
        assert_eq!(
            first,
            Ok(SavedOnce {
                id: "note-1".into(),
                created: true
            })
        );
        let again = save_once(
            save(&store, "k", &mine),
            not_in_the_crm,
            prepared(),
            &create,
        )
        .await;
        assert_eq!(again, Ok(SavedOnce::existing("note-1".into())));
        assert_eq!(creates.get(), 2);
        assert_eq!(sleeper.count(), 0, "a free lock is taken without waiting");
    }

    #[tokio::test]
    async fn a_record_the_crm_already_has_is_recorded_and_returned_without_creating() {
        let store = MemoryStore::default();
        let sleeper = idle();
        let mine = lock("mine", &sleeper);
        let found = save_once(
            save(&store, "k", &mine),
            async || Ok(Some("a-7".to_owned())),
            nothing_to_prepare(),
            async |()| panic!("the CRM already has it"),
        )
        .await;
        assert_eq!(found, Ok(SavedOnce::existing("a-7".into())));
        assert_eq!(value(&store, "k").as_deref(), Some("a-7"));
        assert_eq!(value(&store, "lock:k"), None, "no lock was needed");
    }

    #[tokio::test]
    async fn the_holder_checks_again_under_the_lock() {
        // Another request recorded its save after this one's first look, before its lock.
        let store = MemoryStore::default();
        let sleeper = idle();
        let mine = lock("mine", &sleeper);
        let finds = Cell::new(0);
        let found = save_once(
            save(&store, "k", &mine),
            async || {
                finds.set(finds.get() + 1);
                insert(&store, "k", "theirs-1", None);
                Ok(None)
            },
            nothing_to_prepare(),
            async |()| panic!("saved meanwhile"),
        )
        .await;
        assert_eq!(found, Ok(SavedOnce::existing("theirs-1".into())));
        assert_eq!(
            finds.get(),
            1,
            "the saved row answered before the CRM was asked again"
        );
        assert_eq!(value(&store, "lock:k"), None);
    }

    #[tokio::test]
    async fn only_the_holder_deletes_the_lock() {
        let store = MemoryStore::default();
        insert(&store, "lock:k", "theirs", Some(NOW + LOCK_SECONDS));
        let scope = Scope {
            tenant_id: "t".into(),
            user_id: None,
        };
        let rows = Rows {
            store: &store,
            scope: &scope,
            key: "k",
        };
        rows.release("mine", NOW).await;
        assert_eq!(value(&store, "lock:k").as_deref(), Some("theirs"));
        rows.release("theirs", NOW).await;
        assert_eq!(value(&store, "lock:k"), None);
    }
}
