//! The worker's unit-test doubles, one of each, so a test reads the same wherever it is:
//! [`ScriptedTransport`] (an upstream that answers from a script or by the request, and records
//! what reached it), [`MemoryStore`] (Closer's store in memory, with the expiry rules of the
//! real ones) and [`RecordingSleeper`] (waits that return at once and are written down).
//! Integration tests run the real transport against the sandbox instead.

use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::Sleeper;
use crate::store::{CloserStore, MetaStore, Row, RowKind, Scope, StoreError};
use bytes::Bytes;
use std::cell::{Cell, Ref, RefCell};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// One scripted answer: a response (status, headers, body) or a transport failure.
#[derive(Debug, Clone)]
pub enum Answer {
    /// An HTTP response.
    Http {
        status: u16,
        headers: Vec<(String, String)>,
        body: Bytes,
    },
    /// The call failed before any response.
    Fail(TransportError),
}

impl Answer {
    /// A response with `status` and `body`.
    pub fn http(status: u16, body: impl Into<Bytes>) -> Self {
        Self::Http {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The same answer with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Http { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    fn into_result(self) -> Result<UpstreamResponse, TransportError> {
        match self {
            Self::Http {
                status,
                headers,
                body,
            } => {
                let mut builder = http::Response::builder().status(status);
                for (name, value) in headers {
                    builder = builder.header(name, value);
                }
                Ok(builder.body(body).expect("a scripted response is valid"))
            }
            Self::Fail(error) => Err(error),
        }
    }
}

impl From<(u16, &str)> for Answer {
    fn from((status, body): (u16, &str)) -> Self {
        Self::http(status, body.to_owned())
    }
}

impl From<&(u16, &str)> for Answer {
    fn from(&(status, body): &(u16, &str)) -> Self {
        Self::http(status, body.to_owned())
    }
}

impl From<TransportError> for Answer {
    fn from(error: TransportError) -> Self {
        Self::Fail(error)
    }
}

/// A response with `status` and `body` (for tests that build responses themselves).
pub fn response(status: u16, body: impl Into<Bytes>) -> UpstreamResponse {
    Answer::http(status, body)
        .into_result()
        .expect("an HTTP answer")
}

type ByRequest = Box<dyn Fn(&UpstreamRequest) -> Answer>;

/// An upstream for unit tests: answers in script order (the last answer repeats, so a
/// one-answer script answers every call) or by looking at each request, and records every
/// request that reached it. Each call yields to the executor once first, so concurrent calls
/// interleave as they would over a network.
pub struct ScriptedTransport {
    script: RefCell<VecDeque<Answer>>,
    by_request: Option<ByRequest>,
    latency: Option<Duration>,
    sent: RefCell<Vec<UpstreamRequest>>,
    in_flight: Cell<u32>,
    max_in_flight: Cell<u32>,
}

impl ScriptedTransport {
    /// Answers these `(status, body)` pairs in order; the last one repeats.
    pub fn answering(answers: &[(u16, &str)]) -> Self {
        Self::script(answers.iter().map(Answer::from))
    }

    /// Answers `answers` (responses with headers, or transport failures) in order; the last
    /// one repeats.
    pub fn script(answers: impl IntoIterator<Item = Answer>) -> Self {
        let script: VecDeque<Answer> = answers.into_iter().collect();
        assert!(!script.is_empty(), "a script needs one answer at least");
        Self::with(RefCell::new(script), None)
    }

    /// Answers every request by `answer(request)`.
    pub fn by_request(answer: impl Fn(&UpstreamRequest) -> Answer + 'static) -> Self {
        Self::with(RefCell::default(), Some(Box::new(answer)))
    }

    fn with(script: RefCell<VecDeque<Answer>>, by_request: Option<ByRequest>) -> Self {
        Self {
            script,
            by_request,
            latency: None,
            sent: RefCell::default(),
            in_flight: Cell::new(0),
            max_in_flight: Cell::new(0),
        }
    }

    /// Each answer takes `latency` (a tokio timer) to arrive.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    /// The requests that reached this upstream, in order.
    pub fn sent(&self) -> Ref<'_, Vec<UpstreamRequest>> {
        self.sent.borrow()
    }

    /// How many requests reached it.
    pub fn calls(&self) -> u32 {
        self.sent.borrow().len() as u32
    }

    /// The URLs it was sent, in order.
    pub fn uris(&self) -> Vec<String> {
        self.sent
            .borrow()
            .iter()
            .map(|r| r.uri().to_string())
            .collect()
    }

    /// The JSON bodies it was sent (`null` for a body that is not JSON).
    pub fn bodies(&self) -> Vec<serde_json::Value> {
        self.sent
            .borrow()
            .iter()
            .map(|r| serde_json::from_slice(r.body()).unwrap_or_default())
            .collect()
    }

    /// The most requests it answered at once.
    pub fn max_in_flight(&self) -> u32 {
        self.max_in_flight.get()
    }

    fn next_answer(&self, request: &UpstreamRequest) -> Answer {
        if let Some(by_request) = &self.by_request {
            return by_request(request);
        }
        let mut script = self.script.borrow_mut();
        if script.len() > 1 {
            script.pop_front().expect("checked")
        } else {
            script.front().cloned().expect("a script is never empty")
        }
    }
}

/// Answers `200 {}` to everything (for tests that never send, or do not read the answer).
impl Default for ScriptedTransport {
    fn default() -> Self {
        Self::answering(&[(200, "{}")])
    }
}

impl HttpTransport for ScriptedTransport {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        tokio::task::yield_now().await;
        self.in_flight.set(self.in_flight.get() + 1);
        self.max_in_flight
            .set(self.max_in_flight.get().max(self.in_flight.get()));
        if let Some(latency) = self.latency {
            tokio::time::sleep(latency).await;
        }
        self.in_flight.set(self.in_flight.get() - 1);
        let answer = self.next_answer(&request);
        self.sent.borrow_mut().push(request);
        answer.into_result()
    }
}

/// A sleeper that does not wait: it writes each wait down (and, if given, tells `on_sleep`
/// which wait this is, from 1, so a test can change the world between two polls).
#[derive(Default)]
pub struct RecordingSleeper<'a> {
    waits: RefCell<Vec<Duration>>,
    on_sleep: Option<Box<dyn Fn(u32) + 'a>>,
}

impl<'a> RecordingSleeper<'a> {
    /// A sleeper that calls `on_sleep(n)` on its `n`-th wait.
    pub fn calling(on_sleep: impl Fn(u32) + 'a) -> Self {
        Self {
            waits: RefCell::default(),
            on_sleep: Some(Box::new(on_sleep)),
        }
    }

    /// How many waits were asked for.
    pub fn count(&self) -> u32 {
        self.waits.borrow().len() as u32
    }

    /// The waits asked for, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.borrow().clone()
    }
}

impl Sleeper for RecordingSleeper<'_> {
    async fn sleep(&self, duration: Duration) {
        self.waits.borrow_mut().push(duration);
        let waits = self.waits.borrow().len() as u32;
        if let Some(on_sleep) = &self.on_sleep {
            on_sleep(waits);
        }
        // Yields instead of waiting, so requests run side by side interleave.
        tokio::task::yield_now().await;
    }
}

impl Sleeper for &RecordingSleeper<'_> {
    async fn sleep(&self, duration: Duration) {
        (**self).sleep(duration).await;
    }
}

/// Closer's store in memory: rows by scope, kind and key, gone once expired (as D1's and the
/// Dataverse table's rows are); its schema version is what the test sets.
pub struct MemoryStore {
    rows: RefCell<HashMap<(Scope, RowKind, String), Row>>,
    schema_version: Result<String, StoreError>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self {
            rows: RefCell::default(),
            schema_version: Ok("1".into()),
        }
    }
}

impl MemoryStore {
    /// A store whose metadata answers `schema_version`.
    pub fn with_schema_version(schema_version: Result<String, StoreError>) -> Self {
        Self {
            schema_version,
            ..Self::default()
        }
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows.borrow().is_empty()
    }

    /// Puts `row` as is (for a test that sets the scene, or changes it between two waits).
    pub fn insert(&self, scope: &Scope, kind: RowKind, key: &str, row: Row) {
        self.rows
            .borrow_mut()
            .insert(Self::key(scope, kind, key), row);
    }

    /// Removes the row (for a test that changes the scene between two waits).
    pub fn remove(&self, scope: &Scope, kind: RowKind, key: &str) {
        self.rows.borrow_mut().remove(&Self::key(scope, kind, key));
    }

    /// The row under the key, expired or not (for a test that looks inside).
    pub fn row(&self, scope: &Scope, kind: RowKind, key: &str) -> Option<Row> {
        self.rows
            .borrow()
            .get(&Self::key(scope, kind, key))
            .cloned()
    }

    fn key(scope: &Scope, kind: RowKind, key: &str) -> (Scope, RowKind, String) {
        (scope.clone(), kind, key.to_owned())
    }
}

fn live(row: &Row, now: u64) -> bool {
    row.expires_at.is_none_or(|at| at > now)
}

impl CloserStore for MemoryStore {
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError> {
        let rows = self.rows.borrow();
        Ok(rows
            .get(&Self::key(scope, kind, key))
            .filter(|row| live(row, now))
            .cloned())
    }

    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError> {
        self.rows
            .borrow_mut()
            .insert(Self::key(scope, kind, key), row.clone());
        Ok(())
    }

    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError> {
        let mut rows = self.rows.borrow_mut();
        let key = Self::key(scope, kind, key);
        if rows.get(&key).is_some_and(|held| live(held, now)) {
            return Ok(false);
        }
        rows.insert(key, row.clone());
        Ok(true)
    }

    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError> {
        self.rows.borrow_mut().remove(&Self::key(scope, kind, key));
        Ok(())
    }

    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError> {
        let mut rows = self.rows.borrow_mut();
        let before = rows.len();
        rows.retain(|_, row| live(row, now));
        Ok((before - rows.len()) as u64)
    }

    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError> {
        let rows = self.rows.borrow();
        Ok(rows
            .iter()
            .filter(|((scope, of, _), row)| {
                scope.tenant_id == tenant_id && *of == kind && live(row, now)
            })
            .map(|(_, row)| row.clone())
            .take(limit)
            .collect())
    }
}

impl MetaStore for MemoryStore {
    async fn schema_version(&self) -> Result<String, StoreError> {
        self.schema_version.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> UpstreamRequest {
        http::Request::get(url).body(Bytes::new()).unwrap()
    }

    #[tokio::test]
    async fn a_script_answers_in_order_and_its_last_answer_repeats() {
        let transport = ScriptedTransport::script([
            Answer::http(503, "").header("retry-after", "1"),
            Answer::http(200, "ok"),
        ]);
        let first = transport.send(get("http://a.example/1")).await.unwrap();
        assert_eq!(first.status(), 503);
        assert_eq!(first.headers()["retry-after"], "1");
        for _ in 0..2 {
            let next = transport.send(get("http://a.example/2")).await.unwrap();
            assert_eq!(
                (next.status().as_u16(), next.body().as_ref()),
                (200, &b"ok"[..])
            );
        }
        assert_eq!(transport.calls(), 3);
        assert_eq!(transport.uris()[0], "http://a.example/1");
    }

    #[tokio::test]
    async fn expired_rows_are_gone_and_purged() {
        let store = MemoryStore::default();
        let scope = Scope {
            tenant_id: "t".into(),
            user_id: None,
        };
        let row = Row {
            value: "v".into(),
            expires_at: Some(10),
        };
        store
            .put(&scope, RowKind::Setting, "k", &row)
            .await
            .unwrap();
        assert!(
            store
                .get(&scope, RowKind::Setting, "k", 9)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            store
                .get(&scope, RowKind::Setting, "k", 10)
                .await
                .unwrap()
                .is_none()
        );
        let other = Scope {
            tenant_id: "u".into(),
            user_id: None,
        };
        assert!(
            store
                .get(&other, RowKind::Setting, "k", 9)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(store.purge_expired(10).await.unwrap(), 1);
        assert!(store.is_empty());
    }
}
