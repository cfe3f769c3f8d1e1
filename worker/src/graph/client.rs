//! [`GraphClient`]: one user's Graph session for one pane request. Holds the transport, the base
//! URL, the user's Graph token (a [`SecretString`], never printed) and that user's mailbox
//! permits; sends every read through [`send_idempotent`] under a permit. The endpoint methods
//! live with their shapes in the `directory`, `mail`, `calendar` and `meetings` modules.

use super::error;
use super::limiter::MailboxPermits;
use super::model::{Page, parse_json};
use super::query;
use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{NoWait, Provider, ProviderError, Sleeper, send_idempotent};
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use url::Url;

/// A Graph client acting as one user. Cheap to build per request; the permits are what is
/// shared (see [`MailboxLimiter`](super::MailboxLimiter)).
pub struct GraphClient<T, S = NoWait> {
    transport: T,
    sleeper: S,
    base: Url,
    token: SecretString,
    permits: MailboxPermits,
}

impl<T> GraphClient<T, NoWait> {
    /// A client for `base` (e.g. `https://graph.microsoft.com/v1.0/`; a missing trailing `/` is
    /// added so relative paths append), acting with `token`, limited by `permits`. Retries of
    /// reads do not wait until a sleeper is given with [`GraphClient::with_sleeper`].
    pub fn new(transport: T, base: Url, token: SecretString, permits: MailboxPermits) -> Self {
        let mut base = base;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Self {
            transport,
            sleeper: NoWait,
            base,
            token,
            permits,
        }
    }
}

impl<T, S> GraphClient<T, S> {
    /// The same client, waiting between read retries with `sleeper` (a JS timer at the edge).
    pub fn with_sleeper<S2: Sleeper>(self, sleeper: S2) -> GraphClient<T, S2> {
        GraphClient {
            transport: self.transport,
            sleeper,
            base: self.base,
            token: self.token,
            permits: self.permits,
        }
    }

    /// The Graph base URL, ending in `/`.
    pub fn base_url(&self) -> &Url {
        &self.base
    }
}

impl<T, S> std::fmt::Debug for GraphClient<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("base", &self.base.as_str())
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// The transport as seen under the mailbox limit: one permit per attempt, released before any
/// retry wait so a sleeping retry does not hold one of the mailbox's four slots.
struct Limited<'a, T, S> {
    inner: &'a T,
    permits: &'a MailboxPermits,
    sleeper: &'a S,
}

impl<T: HttpTransport, S: Sleeper> HttpTransport for Limited<'_, T, S> {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let _permit = self.permits.acquire(self.sleeper).await;
        self.inner.send(request).await
    }
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// Sends a read (a GET, or a POST that only reads such as `translateExchangeIds` and
    /// `getSchedule`) with bounded retries, returning the 2xx response.
    pub(crate) async fn read(
        &self,
        what: &str,
        request: Result<UpstreamRequest, TransportError>,
    ) -> Result<UpstreamResponse, ProviderError> {
        let request = request.map_err(|err| ProviderError::transport(Provider::Graph, err))?;
        let limited = Limited {
            inner: &self.transport,
            permits: &self.permits,
            sleeper: &self.sleeper,
        };
        send_idempotent(
            &limited,
            &self.sleeper,
            Provider::Graph,
            || self.authorize(query::copy(&request)),
            |response| error::classify(what, response),
        )
        .await
    }

    /// [`Self::read`] and parse the JSON body.
    pub(crate) async fn read_json<R: DeserializeOwned>(
        &self,
        what: &str,
        request: Result<UpstreamRequest, TransportError>,
    ) -> Result<R, ProviderError> {
        let response = self.read(what, request).await?;
        parse_json(what, response.body())
    }

    /// Reads a collection, following `@odata.nextLink` for at most `max_pages` pages. Returns
    /// the items and whether the collection ended (`false`: more pages were left unread).
    pub(crate) async fn read_pages<R: DeserializeOwned>(
        &self,
        what: &str,
        request: Result<UpstreamRequest, TransportError>,
        max_pages: usize,
    ) -> Result<(Vec<R>, bool), ProviderError> {
        let first = request.map_err(|err| ProviderError::transport(Provider::Graph, err))?;
        let mut page: Page<R> = self.read_json(what, Ok(query::copy(&first))).await?;
        let mut items = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(link) = page.next_link.take() {
            if pages >= max_pages {
                return Ok((items, false));
            }
            let next = query::next_page(&self.base, &first, &link)?;
            page = self.read_json(what, Ok(next)).await?;
            items.append(&mut page.value);
            pages += 1;
        }
        Ok((items, true))
    }

    fn authorize(&self, mut request: UpstreamRequest) -> Result<UpstreamRequest, TransportError> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.token.expose_secret()))
            .map_err(|_| TransportError::InvalidRequest {
                reason: "the graph token is not a valid header value".into(),
            })?;
        // Marks the header so `http`'s Debug output and HPACK never show it.
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, value);
        Ok(request)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::MailboxLimiter;
    use std::time::Duration;

    /// The one scripted upstream of the unit tests (named `Fake` where the Graph and
    /// Salesforce tests use it).
    pub(crate) use crate::testing::ScriptedTransport as Fake;

    pub(crate) fn client<T: HttpTransport>(transport: T) -> GraphClient<T> {
        GraphClient::new(
            transport,
            Url::parse("https://graph.example/v1.0").unwrap(),
            SecretString::from("token-123"),
            MailboxPermits::unshared(4),
        )
    }

    #[tokio::test]
    async fn every_attempt_carries_the_bearer_token_marked_sensitive() {
        let fake = Fake::answering(&[(503, "{}"), (200, r#"{"id":"1"}"#)]);
        let client = client(&fake);
        let me = client.me().await.unwrap();
        assert_eq!(me.id, "1");
        let sent = fake.sent();
        assert_eq!(sent.len(), 2);
        for request in sent.iter() {
            let auth = &request.headers()[http::header::AUTHORIZATION];
            assert_eq!(auth, "Bearer token-123");
            assert!(auth.is_sensitive());
            assert!(!format!("{request:?}").contains("token-123"));
        }
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let client = client(Fake::default());
        let text = format!("{client:?}");
        assert!(!text.contains("token-123"), "{text}");
        assert!(text.contains("https://graph.example/v1.0/"), "{text}");
    }

    #[tokio::test]
    async fn ten_parallel_calls_to_one_mailbox_run_at_most_four_at_a_time() {
        let fake =
            Fake::answering(&[(200, r#"{"id":"1"}"#)]).with_latency(Duration::from_millis(50));
        let limiter = MailboxLimiter::new();
        let client = GraphClient::new(
            &fake,
            Url::parse("https://graph.example/v1.0/").unwrap(),
            SecretString::from("t"),
            limiter.permits("tenant", "user"),
        );
        let calls = (0..10).map(|_| client.me());
        let results = futures::future::join_all(calls).await;
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(fake.calls(), 10);
        assert_eq!(fake.max_in_flight(), 4);
    }

    #[tokio::test]
    async fn different_mailboxes_do_not_share_the_limit() {
        let fake =
            Fake::answering(&[(200, r#"{"id":"1"}"#)]).with_latency(Duration::from_millis(50));
        let limiter = MailboxLimiter::new();
        let for_user = |oid: &str| {
            GraphClient::new(
                &fake,
                Url::parse("https://graph.example/v1.0/").unwrap(),
                SecretString::from("t"),
                limiter.permits("tenant", oid),
            )
        };
        let (megan, alex) = (for_user("megan"), for_user("alex"));
        let calls = (0..5).flat_map(|_| [megan.me(), alex.me()]);
        futures::future::join_all(calls).await;
        assert_eq!(fake.max_in_flight(), 8);
    }
}
