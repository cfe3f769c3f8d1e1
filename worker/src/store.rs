//! Closer's own store, as the worker's services see it: traits only, no storage technology.
//!
//! Implementations live at the edge (D1 today; a Dataverse table joins with the CRM work). It
//! holds Closer's values and CRM ids only: never a CRM record, an email or a transcript.

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
