//! Renewing an expired Salesforce session: the [`SessionRefresher`] seam the client calls at
//! most once per call after a 401, [`NoRefresh`] for clients that must not refresh, and
//! [`OAuthRefresher`], the refresh-token grant at the login host.
//!
//! The new access token stays readable on the client
//! ([`SalesforceClient::access_token`](super::SalesforceClient::access_token)) so the edge can
//! keep it for the next request; a rotated refresh token (orgs with refresh-token rotation) is
//! readable here to be sealed and stored again.

use super::oauth::{SalesforceOAuth, parse_token_response};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError};
use secrecy::SecretString;
use std::cell::{Cell, RefCell};

/// Gets a new access token for the same user when Salesforce said the session is invalid.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait SessionRefresher {
    /// Whether this refresher can refresh at all; `false` returns the 401 as it came.
    fn can_refresh(&self) -> bool {
        true
    }

    /// A new access token, or why there is none ([`ProviderError::Unauthorized`] when the
    /// seller must connect Salesforce again).
    async fn refresh(&self) -> Result<SecretString, ProviderError>;
}

/// Never refreshes: an expired session is returned as [`ProviderError::Unauthorized`].
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRefresh;

impl SessionRefresher for NoRefresh {
    fn can_refresh(&self) -> bool {
        false
    }

    async fn refresh(&self) -> Result<SecretString, ProviderError> {
        Err(ProviderError::Unauthorized {
            provider: Provider::Salesforce,
            code: "INVALID_SESSION_ID".into(),
            claims_challenge: None,
        })
    }
}

/// The refresh-token grant (`grant_type=refresh_token`) at the connected app's login host.
pub struct OAuthRefresher<T> {
    transport: T,
    oauth: SalesforceOAuth,
    refresh_token: RefCell<SecretString>,
    rotated: Cell<bool>,
}

impl<T> OAuthRefresher<T> {
    /// Refreshes with `refresh_token` (opened from the vault by the edge) over `transport`.
    pub fn new(transport: T, oauth: SalesforceOAuth, refresh_token: SecretString) -> Self {
        Self {
            transport,
            oauth,
            refresh_token: RefCell::new(refresh_token),
            rotated: Cell::new(false),
        }
    }

    /// The refresh token to store, when the org rotated it during a refresh.
    pub fn rotated_refresh_token(&self) -> Option<SecretString> {
        self.rotated
            .get()
            .then(|| self.refresh_token.borrow().clone())
    }
}

impl<T> std::fmt::Debug for OAuthRefresher<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthRefresher")
            .field("token_endpoint", &self.oauth.token_endpoint())
            .finish_non_exhaustive()
    }
}

impl<T: HttpTransport> SessionRefresher for OAuthRefresher<T> {
    async fn refresh(&self) -> Result<SecretString, ProviderError> {
        let request = self
            .oauth
            .refresh_request(&self.refresh_token.borrow())
            .map_err(|err| ProviderError::transport(Provider::Salesforce, err))?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|err| ProviderError::transport(Provider::Salesforce, err))?;
        let grant = parse_token_response(&response)?;
        if let Some(rotated) = grant.refresh_token {
            *self.refresh_token.borrow_mut() = rotated;
            self.rotated.set(true);
        }
        Ok(grant.access_token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::salesforce::client::tests::Fake;
    use secrecy::ExposeSecret;
    use url::Url;

    fn refresher(fake: &Fake) -> OAuthRefresher<&Fake> {
        OAuthRefresher::new(
            fake,
            SalesforceOAuth::new(
                &Url::parse("https://login.example").unwrap(),
                "id",
                SecretString::from("secret"),
                "https://closer.example/cb",
            ),
            SecretString::from("refresh-1"),
        )
    }

    #[tokio::test]
    async fn a_refresh_returns_the_new_access_token() {
        let fake = Fake::answering(&[(
            200,
            r#"{"access_token":"new","instance_url":"https://org.example","id":"https://login.example/id/00D/005","token_type":"Bearer","issued_at":"1"}"#,
        )]);
        let refresher = refresher(&fake);
        assert_eq!(refresher.refresh().await.unwrap().expose_secret(), "new");
        assert!(refresher.rotated_refresh_token().is_none());
        assert_eq!(fake.uris(), ["https://login.example/services/oauth2/token"]);
    }

    #[tokio::test]
    async fn a_rotated_refresh_token_is_kept_for_the_next_refresh() {
        let fake = Fake::answering(&[(
            200,
            r#"{"access_token":"new","refresh_token":"refresh-2","instance_url":"https://org.example","id":"x"}"#,
        )]);
        let refresher = refresher(&fake);
        refresher.refresh().await.unwrap();
        assert_eq!(
            refresher.rotated_refresh_token().unwrap().expose_secret(),
            "refresh-2"
        );
    }

    #[tokio::test]
    async fn a_revoked_refresh_token_is_unauthorized() {
        let fake = Fake::answering(&[(
            400,
            r#"{"error":"invalid_grant","error_description":"expired access/refresh token"}"#,
        )]);
        let err = refresher(&fake).refresh().await.unwrap_err();
        assert!(matches!(err, ProviderError::Unauthorized { .. }));
        assert!(!format!("{:?}", refresher(&fake)).contains("refresh-1"));
    }
}
