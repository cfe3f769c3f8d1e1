//! Closer's own store, as the worker's services see it: the traits, their SQL implementation,
//! and the save-once protocol built on the store's create-only write.
//!
//! [`sql::SqlStore`] runs the store's SQL on D1 at the edge (and on SQLite in tests); the
//! Dataverse table implementation lives with the Dataverse connector. It holds Closer's values
//! and CRM ids only: never a CRM record, an email or a transcript.
//! [`CloserStore::put_if_absent`] is the one write that is atomic across requests (an insert
//! the database itself refuses when a live row holds the key); [`save_once`] builds "create
//! this in the CRM exactly once" on it.

pub mod save_once;
pub mod sql;

/// Why the store could not answer.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    /// The backing database failed or is not bound.
    #[error("closer's store is unavailable: {reason}")]
    Unavailable {
        /// The backend's reason (never a stored value).
        reason: String,
    },
    /// A required row is missing: the migrations were not applied.
    #[error("closer's store is not initialised (row {key} missing): apply the migrations")]
    NotInitialised {
        /// The missing key.
        key: String,
    },
}

/// Metadata about the store itself.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait MetaStore {
    /// The schema version the migrations wrote.
    async fn schema_version(&self) -> Result<String, StoreError>;
}

/// Which tenant (and, for per-user rows, which user) a row belongs to. Every key Closer stores
/// is scoped by tenant: a store must never return one tenant's row to another.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// Entra tenant id.
    pub tenant_id: String,
    /// Entra object id, for per-user rows; `None` for tenant-wide rows (admin settings).
    pub user_id: Option<String>,
}

/// What kind of value a row holds. Closer's own values and CRM ids only: never a copy of a CRM
/// record, never email or transcript content (insights are generated text about a thread,
/// stored only when an admin turned insight storage on, and always with an expiry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A setting (JSON), tenant-wide or per user.
    Setting,
    /// A remembered contact match: key = lowercased email, value = CRM contact id.
    ContactMatch,
    /// A saved activity: key = internetMessageId or iCalUId, value = CRM activity id.
    SavedActivity,
    /// A generated insight (opt-in, expiring): key = item id, value = JSON.
    Insight,
    /// A Salesforce connection: key = "salesforce", value = encrypted refresh token + instance.
    Connection,
    /// A usage counter (tenant-wide): key = what and which day, value = the count.
    Usage,
    /// A seller's vote on an AI answer (per user, expiring): key = `vote:` and a random id,
    /// value = JSON (the answer kind, the vote, when; the comment only under insight storage).
    Feedback,
}

/// One stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's value.
    pub value: String,
    /// Seconds since the epoch after which the row is gone; `None` keeps it.
    pub expires_at: Option<u64>,
}

/// Closer's own store: settings, remembered matches, saved-activity ids, opt-in insights,
/// connections. Implemented over D1 (Salesforce tenants) and a Dataverse table (Dynamics).
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait CloserStore {
    /// The row under (`scope`, `kind`, `key`), unless absent or expired at `now`.
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError>;
    /// Writes (inserts or replaces) the row.
    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError>;
    /// Writes the row only if no live row holds (`scope`, `kind`, `key`) at `now`, and answers
    /// whether this call wrote it. A row that expired (`expires_at <= now`) counts as absent and
    /// is replaced. Atomic in the backing store (like object_store's `PutMode::Create`): of two
    /// calls at once for an absent key, exactly one answers `true`.
    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError>;
    /// Deletes the row, if present.
    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError>;
    /// Deletes every row that expired before `now`, in every tenant; returns how many.
    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError>;
    /// The live rows of `kind` in the tenant, every user's and the tenant-wide ones, at most
    /// `limit` of them (in no particular order). For tallies an admin reads (feedback counts):
    /// never another tenant's rows.
    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError>;
}

/// A borrowed store is a store (callers that keep theirs lend it).
impl<S: CloserStore> CloserStore for &S {
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError> {
        (**self).get(scope, kind, key, now).await
    }
    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError> {
        (**self).put(scope, kind, key, row).await
    }
    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError> {
        (**self).put_if_absent(scope, kind, key, row, now).await
    }
    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError> {
        (**self).delete(scope, kind, key).await
    }
    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError> {
        (**self).purge_expired(now).await
    }
    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError> {
        (**self).list(tenant_id, kind, now, limit).await
    }
}
