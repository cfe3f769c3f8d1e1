//! Closer's store SQL on SQLite (D1 is SQLite): the same statements the edge runs on D1, behind
//! the same [`SqlDatabase`] seam, over an in-memory database with the real migrations.

use closer_worker::store::StoreError;
use closer_worker::store::sql::{SqlDatabase, SqlValue};
use serde_json::{Map, Value};
use std::sync::Mutex;

/// SQLite behind the same seam D1 sits behind at the edge.
pub struct Sqlite(Mutex<rusqlite::Connection>);

impl Sqlite {
    /// A fresh in-memory database with every migration applied.
    pub fn migrated() -> Self {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        for migration in [
            include_str!("../../../migrations/0001_closer_meta.sql"),
            include_str!("../../../migrations/0002_closer_rows.sql"),
            include_str!("../../../migrations/0003_hashed_contact_choices.sql"),
        ] {
            connection.execute_batch(migration).unwrap();
        }
        Self(Mutex::new(connection))
    }
}

fn bind(params: &[SqlValue]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|p| match p {
            SqlValue::Null => rusqlite::types::Value::Null,
            SqlValue::Integer(i) => rusqlite::types::Value::Integer(*i),
            SqlValue::Text(t) => rusqlite::types::Value::Text(t.clone()),
        })
        .collect()
}

fn failed(e: rusqlite::Error) -> StoreError {
    StoreError::Unavailable {
        reason: e.to_string(),
    }
}

impl SqlDatabase for Sqlite {
    async fn execute(&self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError> {
        let connection = self.0.lock().unwrap();
        let changed = connection
            .execute(sql, rusqlite::params_from_iter(bind(params)))
            .map_err(failed)?;
        Ok(changed as u64)
    }

    async fn query(
        &self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Map<String, Value>>, StoreError> {
        let connection = self.0.lock().unwrap();
        let mut statement = connection.prepare(sql).map_err(failed)?;
        let names: Vec<String> = statement
            .column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        let rows = statement
            .query_map(rusqlite::params_from_iter(bind(params)), |row| {
                let mut map = Map::new();
                for (i, name) in names.iter().enumerate() {
                    let value = match row.get::<_, rusqlite::types::Value>(i)? {
                        rusqlite::types::Value::Null => Value::Null,
                        rusqlite::types::Value::Integer(n) => Value::from(n),
                        rusqlite::types::Value::Real(f) => Value::from(f),
                        rusqlite::types::Value::Text(t) => Value::from(t),
                        rusqlite::types::Value::Blob(_) => Value::Null,
                    };
                    map.insert(name.clone(), value);
                }
                Ok(map)
            })
            .map_err(failed)?;
        rows.collect::<Result<_, _>>().map_err(failed)
    }
}
