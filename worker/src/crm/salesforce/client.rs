//! [`SalesforceClient`]: one user's Salesforce session for one pane request, over the org
//! described by a [`SalesforceConfig`].
//!
//! Every call goes through one path: the current access token is added per attempt, reads are
//! retried by [`send_idempotent`], writes are sent once, and a 401 (`INVALID_SESSION_ID`)
//! triggers at most one session refresh and one retry (PROTOCOLS.md §8.4: tokens carry no
//! `expires_in`, so expiry is only learnt from a 401). A write that got a 401 was not performed
//! (the session is checked before the request is processed), so repeating it is safe.
//! A read throttled with 403 `REQUEST_LIMIT_EXCEEDED` is tried once more like any throttled
//! read: the concurrent-request limit clears within moments, and when it is the daily org limit
//! the second 403 goes to the pane.

use super::config::SalesforceConfig;
use super::error;
use super::refresh::{NoRefresh, SessionRefresher};
use super::request;
use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{NoWait, Provider, ProviderError, Sleeper, send_idempotent};
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::cell::{Cell, RefCell};

/// Reads may be retried; writes are sent once (a write that timed out may have happened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Read,
    Write,
}

/// A Salesforce client acting as one user. Cheap to build per request.
pub struct SalesforceClient<T, S = NoWait, R = NoRefresh> {
    transport: T,
    sleeper: S,
    refresher: R,
    config: SalesforceConfig,
    token: RefCell<SecretString>,
    /// Bumped on every refresh, so calls that failed with an older token reuse a refresh that
    /// happened meanwhile instead of refreshing again.
    generation: Cell<u32>,
    refresh_gate: async_lock::Mutex<()>,
    user_id: RefCell<Option<String>>,
}

impl<T> SalesforceClient<T> {
    /// A client for the org in `config`, acting with `access_token`. Without a refresher
    /// ([`SalesforceClient::with_refresher`]) an expired session is a typed
    /// [`ProviderError::Unauthorized`]; read retries do not wait until a sleeper is given.
    pub fn new(transport: T, config: SalesforceConfig, access_token: SecretString) -> Self {
        Self {
            transport,
            sleeper: NoWait,
            refresher: NoRefresh,
            config,
            token: RefCell::new(access_token),
            generation: Cell::new(0),
            refresh_gate: async_lock::Mutex::new(()),
            user_id: RefCell::new(None),
        }
    }
}

impl<T, S, R> SalesforceClient<T, S, R> {
    /// The same client, waiting between read retries with `sleeper` (a JS timer at the edge).
    pub fn with_sleeper<S2: Sleeper>(self, sleeper: S2) -> SalesforceClient<T, S2, R> {
        SalesforceClient {
            transport: self.transport,
            sleeper,
            refresher: self.refresher,
            config: self.config,
            token: self.token,
            generation: self.generation,
            refresh_gate: self.refresh_gate,
            user_id: self.user_id,
        }
    }

    /// The same client, renewing an expired session once per call with `refresher`.
    pub fn with_refresher<R2: SessionRefresher>(self, refresher: R2) -> SalesforceClient<T, S, R2> {
        SalesforceClient {
            transport: self.transport,
            sleeper: self.sleeper,
            refresher,
            config: self.config,
            token: self.token,
            generation: self.generation,
            refresh_gate: self.refresh_gate,
            user_id: self.user_id,
        }
    }

    /// The same client, knowing the user's id (the edge has it from the token response's `id`,
    /// see [`TokenGrant::user_id`](super::TokenGrant::user_id)), so `owned_by_me` searches
    /// need no user-info call.
    pub fn with_user_id(self, user_id: impl Into<String>) -> Self {
        *self.user_id.borrow_mut() = Some(user_id.into());
        self
    }

    /// The same client, knowing the org's currency ([`super::currency`]).
    pub fn with_org_currency(mut self, currency: super::currency::OrgCurrency) -> Self {
        self.config = self.config.with_org_currency(currency);
        self
    }

    /// The same client, reading the admin's extra card `columns` in the email lookup.
    pub fn with_card_columns(mut self, columns: crate::crm::CardColumns) -> Self {
        self.config = self.config.with_card_columns(columns);
        self
    }

    /// The org's configuration.
    pub fn config(&self) -> &SalesforceConfig {
        &self.config
    }

    /// The access token now in use: after [`Self::session_refreshed`] the edge stores it so the
    /// next request does not refresh again.
    pub fn access_token(&self) -> SecretString {
        self.token.borrow().clone()
    }

    /// Whether a call of this client renewed the session.
    pub fn session_refreshed(&self) -> bool {
        self.generation.get() > 0
    }

    /// The refresher (e.g. to read a rotated refresh token from an
    /// [`OAuthRefresher`](super::OAuthRefresher)).
    pub fn refresher(&self) -> &R {
        &self.refresher
    }

    pub(crate) fn known_user_id(&self) -> Option<String> {
        self.user_id.borrow().clone()
    }

    pub(crate) fn remember_user_id(&self, id: &str) {
        *self.user_id.borrow_mut() = Some(id.to_owned());
    }

    fn authorize(&self, mut request: UpstreamRequest) -> Result<UpstreamRequest, TransportError> {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", self.token.borrow().expose_secret()))
                .map_err(|_| TransportError::InvalidRequest {
                    reason: "the salesforce token is not a valid header value".into(),
                })?;
        // Marks the header so `http`'s Debug output and HPACK never show it.
        value.set_sensitive(true);
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, value);
        Ok(request)
    }
}

impl<T, S, R> std::fmt::Debug for SalesforceClient<T, S, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SalesforceClient")
            .field("config", &self.config)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// Sends `request` (without `Authorization`; added per attempt) and returns the 2xx answer.
    /// `what` names the entity for a 404.
    pub(crate) async fn send(
        &self,
        what: &str,
        kind: Kind,
        request: Result<UpstreamRequest, TransportError>,
    ) -> Result<UpstreamResponse, ProviderError> {
        let request = request.map_err(|err| ProviderError::transport(Provider::Salesforce, err))?;
        let generation = self.generation.get();
        match self.attempt(what, kind, &request).await {
            Err(ProviderError::Unauthorized { .. }) if self.refresher.can_refresh() => {
                self.refresh_after(generation).await?;
                self.attempt(what, kind, &request).await
            }
            other => other,
        }
    }

    /// [`Self::send`] and parse the JSON body.
    pub(crate) async fn send_json<B: serde::de::DeserializeOwned>(
        &self,
        what: &str,
        kind: Kind,
        request: Result<UpstreamRequest, TransportError>,
    ) -> Result<B, ProviderError> {
        let response = self.send(what, kind, request).await?;
        super::records::parse_json(what, response.body())
    }

    async fn attempt(
        &self,
        what: &str,
        kind: Kind,
        request: &UpstreamRequest,
    ) -> Result<UpstreamResponse, ProviderError> {
        match kind {
            Kind::Read => {
                send_idempotent(
                    &self.transport,
                    &self.sleeper,
                    Provider::Salesforce,
                    || self.authorize(request::copy(request)),
                    |response| error::classify(what, response),
                )
                .await
            }
            Kind::Write => {
                let request = self
                    .authorize(request::copy(request))
                    .map_err(|err| ProviderError::transport(Provider::Salesforce, err))?;
                let response = self
                    .transport
                    .send(request)
                    .await
                    .map_err(|err| ProviderError::transport(Provider::Salesforce, err))?;
                error::classify(what, response)
            }
        }
    }

    /// Renews the session unless another call already did since `seen` (calls of one pane
    /// request may run concurrently; one refresh serves them all).
    async fn refresh_after(&self, seen: u32) -> Result<(), ProviderError> {
        let _gate = self.refresh_gate.lock().await;
        if self.generation.get() != seen {
            return Ok(());
        }
        let token = self.refresher.refresh().await?;
        *self.token.borrow_mut() = token;
        self.generation.set(seen + 1);
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use url::Url;

    /// The one scripted upstream of the unit tests.
    pub(crate) use crate::testing::ScriptedTransport as Fake;

    pub(crate) fn config() -> SalesforceConfig {
        SalesforceConfig::new(&Url::parse("https://org.example/").unwrap())
    }

    pub(crate) fn client<T: HttpTransport>(transport: T) -> SalesforceClient<T> {
        SalesforceClient::new(transport, config(), SecretString::from("token-123"))
    }

    /// Hands out `token-N` and counts calls; fails when `fail` is set.
    #[derive(Default)]
    pub(crate) struct Counting {
        pub calls: Cell<u32>,
        pub fail: bool,
    }

    impl SessionRefresher for Counting {
        async fn refresh(&self) -> Result<SecretString, ProviderError> {
            self.calls.set(self.calls.get() + 1);
            if self.fail {
                return Err(ProviderError::Unauthorized {
                    provider: Provider::Salesforce,
                    code: "invalid_grant".into(),
                    claims_challenge: None,
                });
            }
            Ok(SecretString::from(format!(
                "token-{}",
                self.calls.get() + 123
            )))
        }
    }

    const EXPIRED: &str =
        r#"[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]"#;

    fn get() -> Result<UpstreamRequest, TransportError> {
        request::get("https://org.example/services/data/v62.0/x", &[])
    }

    #[tokio::test]
    async fn every_attempt_carries_the_bearer_token_marked_sensitive() {
        let fake = Fake::answering(&[(503, "[]"), (200, "{}")]);
        let client = client(&fake);
        client.send("x", Kind::Read, get()).await.unwrap();
        let sent = fake.sent();
        assert_eq!(sent.len(), 2);
        for request in sent.iter() {
            let auth = &request.headers()[http::header::AUTHORIZATION];
            assert_eq!(auth, "Bearer token-123");
            assert!(auth.is_sensitive());
            assert!(!format!("{request:?}").contains("token-123"));
        }
    }

    #[tokio::test]
    async fn an_expired_session_is_refreshed_once_and_the_call_repeated() {
        let fake = Fake::answering(&[(401, EXPIRED), (200, "{}")]);
        let client = client(&fake).with_refresher(Counting::default());
        client.send("x", Kind::Write, get()).await.unwrap();
        assert_eq!(client.refresher().calls.get(), 1);
        assert!(client.session_refreshed());
        assert_eq!(client.access_token().expose_secret(), "token-124");
        let sent = fake.sent();
        assert_eq!(
            sent[1].headers()[http::header::AUTHORIZATION],
            "Bearer token-124"
        );
    }

    #[tokio::test]
    async fn a_second_401_is_unauthorized_without_a_second_refresh() {
        let fake = Fake::answering(&[(401, EXPIRED)]);
        let client = client(&fake).with_refresher(Counting::default());
        let err = client.send("x", Kind::Read, get()).await.unwrap_err();
        assert!(
            matches!(err, ProviderError::Unauthorized { ref code, .. } if code == "INVALID_SESSION_ID"),
            "{err:?}"
        );
        assert_eq!(client.refresher().calls.get(), 1);
        assert_eq!(fake.sent().len(), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_is_unauthorized_and_nothing_is_repeated() {
        let fake = Fake::answering(&[(401, EXPIRED)]);
        let refresher = Counting {
            fail: true,
            ..Counting::default()
        };
        let client = client(&fake).with_refresher(refresher);
        let err = client.send("x", Kind::Read, get()).await.unwrap_err();
        assert!(
            matches!(err, ProviderError::Unauthorized { ref code, .. } if code == "invalid_grant")
        );
        assert_eq!(fake.sent().len(), 1);
        assert!(!client.session_refreshed());
    }

    #[tokio::test]
    async fn without_a_refresher_a_401_is_returned_at_once() {
        let fake = Fake::answering(&[(401, EXPIRED)]);
        let err = client(&fake)
            .send("x", Kind::Read, get())
            .await
            .unwrap_err();
        assert!(matches!(err, ProviderError::Unauthorized { .. }));
        assert_eq!(fake.sent().len(), 1);
    }

    /// Refuses the first token, accepts any other (the transport yields first, so concurrent
    /// calls interleave).
    fn by_token() -> Fake {
        Fake::by_request(|request| {
            let stale = request.headers()[http::header::AUTHORIZATION] == "Bearer token-123";
            if stale {
                (401, EXPIRED).into()
            } else {
                (200, "{}").into()
            }
        })
    }

    #[tokio::test]
    async fn concurrent_calls_share_one_refresh() {
        let client = client(by_token()).with_refresher(Counting::default());
        let (a, b) = futures::join!(
            client.send("x", Kind::Read, get()),
            client.send("x", Kind::Read, get())
        );
        assert!(a.is_ok() && b.is_ok(), "{a:?} {b:?}");
        assert_eq!(client.refresher().calls.get(), 1);
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let text = format!("{:?}", client(Fake::default()));
        assert!(!text.contains("token-123"), "{text}");
    }
}
