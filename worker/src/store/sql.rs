//! [`CloserStore`] over SQL: the statements Closer runs against D1 in production, behind a
//! two-method [`SqlDatabase`] seam, so the very same SQL runs natively against SQLite in tests
//! (D1 is SQLite). The schema is `worker/migrations/0002_closer_rows.sql` (and later migrations).
//!
//! Every statement filters by tenant (and user) first: tenant isolation is a property of the
//! SQL, not of callers' care. The create-only write ([`PUT_IF_ABSENT`]) is one statement, so
//! SQLite's (and D1's) own write serialisation decides which of two writers gets the key.

use super::{CloserStore, Row, RowKind, Scope, StoreError};
use serde_json::{Map, Value};

/// A bound SQL parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    /// SQL NULL.
    Null,
    /// An integer.
    Integer(i64),
    /// Text.
    Text(String),
}

/// The database a [`SqlStore`] runs on: D1 at the edge, SQLite in tests.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait SqlDatabase {
    /// Runs a statement; returns how many rows it changed.
    async fn execute(&self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError>;
    /// Runs a query; returns its rows as column-name → value maps.
    async fn query(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Map<String, Value>>, StoreError>;
}

/// Closer's store over a [`SqlDatabase`].
pub struct SqlStore<D> {
    db: D,
}

impl<D> SqlStore<D> {
    /// A store over `db` (migrated to schema 2 or later).
    pub fn new(db: D) -> Self {
        Self { db }
    }
}

fn kind_name(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Setting => "setting",
        RowKind::ContactMatch => "contact_match",
        RowKind::SavedActivity => "saved_activity",
        RowKind::Insight => "insight",
        RowKind::Connection => "connection",
        RowKind::Usage => "usage",
        RowKind::Feedback => "feedback",
    }
}

fn scope_params(scope: &Scope, kind: RowKind, key: &str) -> Vec<SqlValue> {
    vec![
        SqlValue::Text(scope.tenant_id.clone()),
        SqlValue::Text(scope.user_id.clone().unwrap_or_default()),
        SqlValue::Text(kind_name(kind).to_owned()),
        SqlValue::Text(key.to_owned()),
    ]
}

fn seconds(value: u64) -> SqlValue {
    SqlValue::Integer(i64::try_from(value).unwrap_or(i64::MAX))
}

const GET: &str = "SELECT value, expires_at FROM closer_rows \
    WHERE tenant_id = ?1 AND user_id = ?2 AND kind = ?3 AND key = ?4 \
    AND (expires_at IS NULL OR expires_at > ?5)";
const PUT: &str = "INSERT INTO closer_rows (tenant_id, user_id, kind, key, value, expires_at) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
    ON CONFLICT (tenant_id, user_id, kind, key) DO UPDATE SET \
    value = excluded.value, expires_at = excluded.expires_at";
/// Inserts the row, or replaces an expired one; a live row is left alone. The `WHERE` on
/// `DO UPDATE` (SQLite's upsert, https://www.sqlite.org/lang_upsert.html, which D1 runs) turns
/// the conflict with a live row into a no-op, so the changed-rows count says whether this
/// statement wrote: 1 for an insert or a replaced expired row, 0 for a live one.
const PUT_IF_ABSENT: &str = "INSERT INTO closer_rows \
    (tenant_id, user_id, kind, key, value, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
    ON CONFLICT (tenant_id, user_id, kind, key) DO UPDATE SET \
    value = excluded.value, expires_at = excluded.expires_at \
    WHERE closer_rows.expires_at IS NOT NULL AND closer_rows.expires_at <= ?7";
const DELETE: &str =
    "DELETE FROM closer_rows WHERE tenant_id = ?1 AND user_id = ?2 AND kind = ?3 AND key = ?4";
const PURGE: &str = "DELETE FROM closer_rows WHERE expires_at IS NOT NULL AND expires_at <= ?1";
/// Every user's rows of one kind in one tenant (the primary key's first column, so the tenant
/// filter uses the index).
const LIST: &str = "SELECT value, expires_at FROM closer_rows \
    WHERE tenant_id = ?1 AND kind = ?2 AND (expires_at IS NULL OR expires_at > ?3) LIMIT ?4";

impl<D: SqlDatabase> CloserStore for SqlStore<D> {
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError> {
        let mut params = scope_params(scope, kind, key);
        params.push(seconds(now));
        let rows = self.db.query(GET, &params).await?;
        Ok(rows.into_iter().next().and_then(|row| {
            Some(Row {
                value: row.get("value")?.as_str()?.to_owned(),
                expires_at: row.get("expires_at").and_then(Value::as_u64),
            })
        }))
    }

    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError> {
        let mut params = scope_params(scope, kind, key);
        params.push(SqlValue::Text(row.value.clone()));
        params.push(row.expires_at.map_or(SqlValue::Null, seconds));
        self.db.execute(PUT, &params).await.map(|_| ())
    }

    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError> {
        let mut params = scope_params(scope, kind, key);
        params.push(SqlValue::Text(row.value.clone()));
        params.push(row.expires_at.map_or(SqlValue::Null, seconds));
        params.push(seconds(now));
        Ok(self.db.execute(PUT_IF_ABSENT, &params).await? > 0)
    }

    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError> {
        self.db
            .execute(DELETE, &scope_params(scope, kind, key))
            .await
            .map(|_| ())
    }

    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError> {
        self.db.execute(PURGE, &[seconds(now)]).await
    }

    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError> {
        let params = [
            SqlValue::Text(tenant_id.to_owned()),
            SqlValue::Text(kind_name(kind).to_owned()),
            seconds(now),
            SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)),
        ];
        let rows = self.db.query(LIST, &params).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(Row {
                    value: row.get("value")?.as_str()?.to_owned(),
                    expires_at: row.get("expires_at").and_then(Value::as_u64),
                })
            })
            .collect())
    }
}
