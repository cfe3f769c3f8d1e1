//! [`CloserStore`] over a Dataverse table, for Dynamics tenants: Closer's settings, remembered
//! matches, saved-activity ids and opt-in insights live in the customer's own org, under its
//! security and retention, instead of in Closer's D1.
//!
//! The table `osc_closerrow` (entity set `osc_closerrows`) ships in Closer's managed solution,
//! with an alternate key over (`osc_scope`, `osc_kind`, `osc_key`); the worker never creates
//! schema at runtime (PROTOCOLS §1.6). Columns: `osc_name` (primary name, `kind:key`),
//! `osc_scope` (`tenant` or `tenant:user`), `osc_kind`, `osc_key`, `osc_value` (multiline
//! text), `osc_expiresat` (big integer, seconds since the epoch; empty keeps the row).
//!
//! Keys are not addressed through the alternate key in URLs: Dataverse refuses key values
//! containing `:`, `<`, `>`, `%`, `+` … in a key segment, and scopes and Message-IDs contain
//! them. A write filters for the row, then PATCHes it (`If-Match: *`) or POSTs a new one; a
//! POST that loses a race to the same key gets the alternate key's 412 and is retried as a
//! PATCH. The create-only write ([`CloserStore::put_if_absent`]) is a POST that the alternate
//! key refuses while the key is taken (412, `0x80060892` DuplicateRecordEntityKey): the org
//! decides which of two writers gets the key. Every read and write filters by `osc_scope`
//! first: tenant isolation is a property of the query, not of callers' care. Pure over the
//! transport, like the connector.

use super::error;
use super::model::{self, Record};
use super::odata::{self, string_literal};
use crate::http::HttpTransport;
use crate::provider::{NoWait, Provider, ProviderError, Sleeper, send_idempotent};
use crate::store::{CloserStore, Row, RowKind, Scope, StoreError};
use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;

/// The table's entity set.
pub const ENTITY_SET: &str = "osc_closerrows";
const TABLE: odata::Table = odata::Table {
    set: ENTITY_SET,
    logical: "osc_closerrow",
    key: "osc_closerrowid",
    name: "osc_name",
};
/// How many expired rows one purge page reads.
const PURGE_PAGE: u32 = 500;

/// Closer's store in a Dataverse org, acting with a token allowed to write the table.
pub struct DataverseStore<T, S = NoWait> {
    transport: T,
    sleeper: S,
    base: Url,
    token: SecretString,
}

impl<T> DataverseStore<T, NoWait> {
    /// A store in the org whose Web API is at `api_base` (ending `/api/data/v9.2/`).
    pub fn new(transport: T, api_base: Url, token: SecretString) -> Self {
        let mut base = api_base;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Self {
            transport,
            sleeper: NoWait,
            base,
            token,
        }
    }
}

impl<T, S> DataverseStore<T, S> {
    /// The same store, waiting between read retries with `sleeper`.
    pub fn with_sleeper<S2: Sleeper>(self, sleeper: S2) -> DataverseStore<T, S2> {
        DataverseStore {
            transport: self.transport,
            sleeper,
            base: self.base,
            token: self.token,
        }
    }
}

impl<T, S> std::fmt::Debug for DataverseStore<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataverseStore")
            .field("base", &self.base.as_str())
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// `tenant` or `tenant:user`.
pub fn scope_value(scope: &Scope) -> String {
    match &scope.user_id {
        Some(user) => format!("{}:{user}", scope.tenant_id),
        None => scope.tenant_id.clone(),
    }
}

/// The stored name of a row kind (the same names as the D1 store).
pub fn kind_value(kind: RowKind) -> &'static str {
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

/// The filter for one row: scope first, always.
pub fn row_filter(scope: &Scope, kind: RowKind, key: &str) -> String {
    format!(
        "osc_scope eq {} and osc_kind eq {} and osc_key eq {}",
        string_literal(&scope_value(scope)),
        string_literal(kind_value(kind)),
        string_literal(key)
    )
}

/// `text` as a `startswith` argument matches only itself: Dataverse reads `%`, `_` and `[` in
/// it as SQL `LIKE` wildcards
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows#use-wildcard-characters).
fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '_' | '[' => {
                escaped.push('[');
                escaped.push(c);
                escaped.push(']');
            }
            other => escaped.push(other),
        }
    }
    escaped
}

/// The filter for every live row of one kind in one tenant: its tenant-wide rows
/// (`osc_scope` = the tenant) and every user's (`tenant:user`), scope first, always.
pub fn tenant_kind_filter(tenant_id: &str, kind: RowKind, now: u64) -> String {
    format!(
        "(osc_scope eq {} or startswith(osc_scope,{})) and osc_kind eq {} and \
         (osc_expiresat eq null or osc_expiresat gt {now})",
        string_literal(tenant_id),
        string_literal(&format!("{}:", like_literal(tenant_id))),
        string_literal(kind_value(kind))
    )
}

fn unavailable(err: ProviderError) -> StoreError {
    StoreError::Unavailable {
        reason: err.to_string(),
    }
}

impl<T: HttpTransport, S: Sleeper> DataverseStore<T, S> {
    fn url(&self, path: &str, options: &[(&str, String)]) -> Result<Url, ProviderError> {
        odata::url(&self.base, path, options)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))
    }

    async fn read(&self, url: &Url, prefer: &[&str]) -> Result<model::Collection, ProviderError> {
        let request = odata::request(http::Method::GET, url, &self.token, prefer, &[], None)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let response = send_idempotent(
            &self.transport,
            &self.sleeper,
            Provider::Dataverse,
            || Ok(odata::copy(&request)),
            |response| error::classify(TABLE.logical, response),
        )
        .await?;
        model::parse_collection(TABLE.logical, response.body())
    }

    async fn write(
        &self,
        method: http::Method,
        url: &Url,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(), ProviderError> {
        let extra: Vec<(&str, &str)> = if_match.map(|tag| ("If-Match", tag)).into_iter().collect();
        let request = odata::request(method, url, &self.token, &[], &extra, body)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        error::classify(TABLE.logical, response).map(|_| ())
    }

    async fn find(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
    ) -> Result<Option<Record>, ProviderError> {
        let url = self.url(
            ENTITY_SET,
            &[
                ("$select", "osc_value,osc_expiresat".into()),
                ("$filter", row_filter(scope, kind, key)),
                ("$top", "1".into()),
            ],
        )?;
        Ok(self.read(&url, &[]).await?.value.into_iter().next())
    }

    async fn upsert(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), ProviderError> {
        let body = row_body(scope, kind, key, row);
        for attempt in 0..2 {
            if let Some(existing) = self.find(scope, kind, key).await? {
                let id = model::key(&existing, TABLE.logical, TABLE.key)?;
                let url = self.url(&odata::row_path(&TABLE, &id)?, &[])?;
                // `If-Match: *`: update only; a row deleted meanwhile is not re-created here.
                return self
                    .write(http::Method::PATCH, &url, Some("*"), Some(&body))
                    .await;
            }
            let url = self.url(ENTITY_SET, &[])?;
            match self
                .write(http::Method::POST, &url, None, Some(&body))
                .await
            {
                // The alternate key refused a row another request created meanwhile.
                Err(ProviderError::Conflict { .. }) if attempt == 0 => continue,
                other => return other,
            }
        }
        Ok(())
    }

    /// POSTs the row; when the alternate key refuses it (the key is taken), reads the row that
    /// holds the key: live, nothing is written; expired, it is deleted at the version read (a
    /// writer that replaced it meanwhile keeps its row: 412) and the POST is sent once more.
    async fn create_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, ProviderError> {
        const ATTEMPTS: u32 = 2;
        let body = row_body(scope, kind, key, row);
        for attempt in 1..=ATTEMPTS {
            let url = self.url(ENTITY_SET, &[])?;
            match self
                .write(http::Method::POST, &url, None, Some(&body))
                .await
            {
                Ok(()) => return Ok(true),
                // The alternate key: a row holds the key.
                Err(ProviderError::Conflict { .. }) => {}
                Err(err) => return Err(err),
            }
            let Some(holder) = self.find(scope, kind, key).await? else {
                // Deleted since the POST: the next one may take the key.
                continue;
            };
            let expires_at = holder.get("osc_expiresat").and_then(Value::as_u64);
            if expires_at.is_none_or(|at| at > now) || attempt == ATTEMPTS {
                return Ok(false);
            }
            let id = model::key(&holder, TABLE.logical, TABLE.key)?;
            let version = model::etag(&holder, TABLE.logical)?;
            let url = self.url(&odata::row_path(&TABLE, &id)?, &[])?;
            match self
                .write(http::Method::DELETE, &url, Some(&version.0), None)
                .await
            {
                // Gone, or replaced by another writer since read: the next POST tells which.
                Ok(())
                | Err(ProviderError::NotFound { .. })
                | Err(ProviderError::Conflict { .. }) => {}
                // Another seller's row that this seller's role may not delete (see
                // docs/dynamics-closer-rows-security.md): the key stays taken for this caller.
                Err(ProviderError::Forbidden { .. }) => return Ok(false),
                Err(err) => return Err(err),
            }
        }
        Ok(false)
    }
}

/// The body of a row's create or update.
fn row_body(scope: &Scope, kind: RowKind, key: &str, row: &Row) -> Value {
    json!({
        "osc_name": format!("{}:{key}", kind_value(kind)).chars().take(100).collect::<String>(),
        "osc_scope": scope_value(scope),
        "osc_kind": kind_value(kind),
        "osc_key": key,
        "osc_value": row.value,
        "osc_expiresat": row.expires_at,
    })
}

impl<T: HttpTransport, S: Sleeper> CloserStore for DataverseStore<T, S> {
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError> {
        let Some(record) = self.find(scope, kind, key).await.map_err(unavailable)? else {
            return Ok(None);
        };
        let expires_at = record.get("osc_expiresat").and_then(Value::as_u64);
        if expires_at.is_some_and(|at| at <= now) {
            return Ok(None);
        }
        Ok(Some(Row {
            value: model::text(&record, "osc_value").unwrap_or_default(),
            expires_at,
        }))
    }

    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError> {
        self.upsert(scope, kind, key, row)
            .await
            .map_err(unavailable)
    }

    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError> {
        self.create_if_absent(scope, kind, key, row, now)
            .await
            .map_err(unavailable)
    }

    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError> {
        let Some(existing) = self.find(scope, kind, key).await.map_err(unavailable)? else {
            return Ok(());
        };
        let id = model::key(&existing, TABLE.logical, TABLE.key).map_err(unavailable)?;
        let url = self
            .url(&odata::row_path(&TABLE, &id).map_err(unavailable)?, &[])
            .map_err(unavailable)?;
        match self.write(http::Method::DELETE, &url, None, None).await {
            Ok(()) | Err(ProviderError::NotFound { .. }) => Ok(()),
            Err(err) => Err(unavailable(err)),
        }
    }

    /// Reads every expired row's id first (following next links), then deletes them: deleting
    /// while paging would shift the pages under the paging cookie.
    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError> {
        let prefer = format!("odata.maxpagesize={PURGE_PAGE}");
        let mut url = self
            .url(
                ENTITY_SET,
                &[
                    ("$select", TABLE.key.into()),
                    ("$filter", format!("osc_expiresat le {now}")),
                ],
            )
            .map_err(unavailable)?;
        let mut ids = Vec::new();
        loop {
            let page = self.read(&url, &[&prefer]).await.map_err(unavailable)?;
            for record in &page.value {
                ids.push(model::key(record, TABLE.logical, TABLE.key).map_err(unavailable)?);
            }
            match page.next_link {
                Some(link) => url = odata::next_link(&self.base, &link).map_err(unavailable)?,
                None => break,
            }
        }
        let mut deleted = 0;
        for id in ids {
            let path = odata::row_path(&TABLE, &id).map_err(unavailable)?;
            let url = self.url(&path, &[]).map_err(unavailable)?;
            match self.write(http::Method::DELETE, &url, None, None).await {
                Ok(()) => deleted += 1,
                // Already gone (another purge): not an error, not counted.
                Err(ProviderError::NotFound { .. }) => {}
                Err(err) => return Err(unavailable(err)),
            }
        }
        Ok(deleted)
    }

    /// Pages through the tenant's rows of `kind` until `limit` (following next links).
    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError> {
        let prefer = format!("odata.maxpagesize={PURGE_PAGE}");
        let mut url = self
            .url(
                ENTITY_SET,
                &[
                    ("$select", "osc_value,osc_expiresat".into()),
                    ("$filter", tenant_kind_filter(tenant_id, kind, now)),
                ],
            )
            .map_err(unavailable)?;
        let mut rows = Vec::new();
        loop {
            let page = self.read(&url, &[&prefer]).await.map_err(unavailable)?;
            for record in &page.value {
                if rows.len() == limit {
                    return Ok(rows);
                }
                rows.push(Row {
                    value: model::text(record, "osc_value").unwrap_or_default(),
                    expires_at: record.get("osc_expiresat").and_then(Value::as_u64),
                });
            }
            match page.next_link {
                Some(link) if rows.len() < limit => {
                    url = odata::next_link(&self.base, &link).map_err(unavailable)?;
                }
                _ => return Ok(rows),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_start_with_the_scope_and_escape_every_value() {
        let scope = Scope {
            tenant_id: "t1".into(),
            user_id: Some("u'1".into()),
        };
        assert_eq!(
            row_filter(&scope, RowKind::SavedActivity, "<a'b@x>"),
            "osc_scope eq 't1:u''1' and osc_kind eq 'saved_activity' and osc_key eq '<a''b@x>'"
        );
    }

    #[test]
    fn a_tenant_listing_matches_its_scopes_only_and_escapes_wildcards() {
        assert_eq!(
            tenant_kind_filter("t_1'%", RowKind::Feedback, 7),
            "(osc_scope eq 't_1''%' or startswith(osc_scope,'t[_]1''[%]:')) and \
             osc_kind eq 'feedback' and (osc_expiresat eq null or osc_expiresat gt 7)"
        );
    }
}
