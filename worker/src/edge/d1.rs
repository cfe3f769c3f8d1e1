//! D1 behind the store's SQL seam, the scheduled purge, and Closer's metadata row.

use super::{D1_BINDING, now};
use crate::store::sql::{SqlDatabase, SqlStore, SqlValue};
use crate::store::{CloserStore, MetaStore, StoreError};
use worker::Env;

/// The D1 database behind the store's SQL seam.
pub struct D1Sql<'a> {
    pub(super) env: &'a Env,
}

impl D1Sql<'_> {
    fn statement(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<worker::D1PreparedStatement, StoreError> {
        let db = self.env.d1(D1_BINDING).map_err(unavailable)?;
        let values: Vec<wasm_bindgen::JsValue> = params
            .iter()
            .map(|p| match p {
                SqlValue::Null => wasm_bindgen::JsValue::NULL,
                // Seconds since the epoch and counts fit f64's 53-bit mantissa.
                SqlValue::Integer(i) => wasm_bindgen::JsValue::from_f64(*i as f64),
                SqlValue::Text(t) => wasm_bindgen::JsValue::from_str(t),
            })
            .collect();
        db.prepare(sql).bind(&values).map_err(unavailable)
    }
}

fn unavailable(e: worker::Error) -> StoreError {
    StoreError::Unavailable {
        reason: e.to_string(),
    }
}

impl SqlDatabase for D1Sql<'_> {
    async fn execute(&self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError> {
        let result = self
            .statement(sql, params)?
            .run()
            .await
            .map_err(unavailable)?;
        let changes = result
            .meta()
            .map_err(unavailable)?
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(changes as u64)
    }

    async fn query(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<serde_json::Map<String, serde_json::Value>>, StoreError> {
        self.statement(sql, params)?
            .all()
            .await
            .map_err(unavailable)?
            .results()
            .map_err(unavailable)
    }
}

/// The scheduled purge: deletes expired rows (opt-in insights) in every tenant.
pub async fn purge_expired(env: &Env) {
    let store = SqlStore::new(D1Sql { env });
    match store.purge_expired(now()).await {
        Ok(purged) => worker::console_log!("purged {purged} expired rows"),
        Err(e) => worker::console_error!("purge failed: {e}"),
    }
}

/// Closer's metadata in D1 (the table `closer_meta`, created by the migrations).
pub(super) struct D1MetaStore<'a> {
    pub(super) env: &'a Env,
}

impl MetaStore for D1MetaStore<'_> {
    async fn schema_version(&self) -> Result<String, StoreError> {
        #[derive(serde::Deserialize)]
        struct Row {
            value: String,
        }
        let unavailable = |e: worker::Error| StoreError::Unavailable {
            reason: e.to_string(),
        };
        let db = self.env.d1(D1_BINDING).map_err(unavailable)?;
        let row: Option<Row> = db
            .prepare("SELECT value FROM closer_meta WHERE key = ?1")
            .bind(&["schema_version".into()])
            .map_err(unavailable)?
            .first(None)
            .await
            .map_err(unavailable)?;
        row.map(|r| r.value).ok_or(StoreError::NotInitialised {
            key: "schema_version".into(),
        })
    }
}
