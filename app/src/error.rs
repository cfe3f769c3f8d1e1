//! Why something the pane tried failed, as the pane shows it: [`AppError`] and the typed causes
//! it carries. It owns the user-visible sentences (the error views print them as they are) and
//! the rule that says which failures end the session; it knows nothing of HTTP, contexts or
//! components.

use closer_wire::{ApiError, ApiErrorCode};

/// Why a call failed, as the pane shows it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The worker answered with its typed error body.
    #[error("{}", .0.message)]
    Api(ApiError),
    /// The worker could not be reached at all.
    #[error("Closer's service could not be reached. Check your connection and retry.")]
    Network,
    /// The worker answered something this pane does not understand.
    #[error("Closer's service answered unexpectedly (HTTP {status}).")]
    Unexpected {
        /// The HTTP status received.
        status: u16,
    },
    /// No token: the user must sign in first.
    #[error("Sign in to continue.")]
    SignedOut,
    /// The sign-in did not complete.
    #[error("Sign-in failed: {0}.")]
    SignIn(SignInFailure),
    /// The browser lacks something the pane needs.
    #[error("This browser cannot run Closer: {0}.")]
    Browser(BrowserGap),
    /// The AI model answered nothing usable.
    #[error("The AI model gave no answer.")]
    NoAnswer,
    /// A streamed answer ended before its last event.
    #[error("The answer stopped before it was complete.")]
    StreamCut,
    /// The host (Outlook, Teams) failed, in the host's words.
    #[error("{0}")]
    Host(String),
}

impl AppError {
    /// What support needs to find this failure in the worker's log, and nothing of the
    /// seller's content (no message, no names, no mail): the worker's correlation id, the
    /// error's kind, the pane's version, the host it runs in and the time.
    pub fn diagnostics(&self, host: &str, at: &str) -> String {
        let (kind, correlation_id) = match self {
            Self::Api(error) => (format!("{:?}", error.code), error.correlation_id.as_deref()),
            Self::Network => ("Network".to_owned(), None),
            Self::Unexpected { status } => (format!("Unexpected HTTP {status}"), None),
            Self::SignedOut => ("SignedOut".to_owned(), None),
            Self::SignIn(_) => ("SignIn".to_owned(), None),
            Self::Browser(gap) => (format!("Browser {gap:?}"), None),
            Self::NoAnswer => ("NoAnswer".to_owned(), None),
            Self::StreamCut => ("StreamCut".to_owned(), None),
            Self::Host(_) => ("Host".to_owned(), None),
        };
        format!(
            "Closer diagnostics\nversion: {}\nhost: {host}\nerror: {kind}\ncorrelation id: {}\ntime: {at}",
            env!("CARGO_PKG_VERSION"),
            correlation_id.unwrap_or("none"),
        )
    }

    /// Whether the failure means the session is no longer valid.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Api(e) if e.code == ApiErrorCode::Unauthorized)
            || *self == Self::SignedOut
    }
}

/// Why a sign-in (Closer's, or the CRM's) did not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInFailure {
    /// The token request could not be built.
    #[error("the request could not be built")]
    RequestNotBuilt,
    /// The authority's token endpoint could not be reached.
    #[error("the sign-in service could not be reached")]
    Unreachable,
    /// The authority granted something this pane does not understand.
    #[error("the sign-in service answered unexpectedly")]
    Unexpected,
    /// The authority refused, with its OAuth error code.
    #[error("{0}")]
    Refused(String),
    /// The authority refused without an OAuth error body.
    #[error("HTTP {0}")]
    RefusedStatus(u16),
    /// Back from the authority with no sign-in started in this tab.
    #[error("the sign-in was not started from this tab")]
    NotStarted,
    /// The authority's `state` is not the one this tab sent.
    #[error("the sign-in response does not match its request")]
    StateMismatch,
    /// The host (Outlook, Teams, MSAL.js) gave no token, for the reason it states.
    #[error("{0}")]
    Host(String),
    /// Salesforce's sign-in came back refused, with Salesforce's reason.
    #[error("Salesforce did not connect ({0})")]
    Salesforce(String),
}

/// What the browser lacks that the pane needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BrowserGap {
    /// No `window` (not a page).
    #[error("no window")]
    NoWindow,
    /// No Web Crypto (PKCE needs it).
    #[error("no Web Crypto")]
    NoWebCrypto,
    /// `crypto.getRandomValues` refused.
    #[error("random values unavailable")]
    NoRandomValues,
    /// `crypto.subtle.digest("SHA-256")` could not start.
    #[error("SHA-256 unavailable")]
    NoSha256,
    /// `crypto.subtle.digest("SHA-256")` rejected.
    #[error("SHA-256 failed")]
    Sha256Failed,
    /// No `URLSearchParams`.
    #[error("URLSearchParams unavailable")]
    NoUrlSearchParams,
    /// The browser refused to navigate.
    #[error("navigation refused")]
    NavigationRefused,
    /// A request body could not be encoded as JSON.
    #[error("the request could not be encoded")]
    RequestNotEncoded,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(code: ApiErrorCode) -> AppError {
        AppError::Api(ApiError {
            code,
            message: "The worker's sentence.".into(),
            retry_after_seconds: None,
            claims_challenge: None,
            correlation_id: None,
        })
    }

    #[test]
    fn messages_read_as_the_pane_shows_them() {
        assert_eq!(
            api_error(ApiErrorCode::Conflict).to_string(),
            "The worker's sentence."
        );
        assert_eq!(
            AppError::Unexpected { status: 502 }.to_string(),
            "Closer's service answered unexpectedly (HTTP 502)."
        );
        assert_eq!(
            AppError::SignIn(SignInFailure::RefusedStatus(400)).to_string(),
            "Sign-in failed: HTTP 400."
        );
        assert_eq!(
            AppError::SignIn(SignInFailure::Salesforce("access_denied".into())).to_string(),
            "Sign-in failed: Salesforce did not connect (access_denied)."
        );
        assert_eq!(
            AppError::Browser(BrowserGap::NoWebCrypto).to_string(),
            "This browser cannot run Closer: no Web Crypto."
        );
    }

    #[test]
    fn a_save_busy_in_another_request_shows_the_workers_sentence() {
        let body = r#"{"code":"busy","message":"This email is being saved by another request; try again in a moment.","retry_after_seconds":3.0}"#;
        let error = AppError::Api(serde_json::from_str(body).unwrap());
        assert_eq!(
            error.to_string(),
            "This email is being saved by another request; try again in a moment."
        );
        assert!(!error.is_unauthorized(), "a busy save keeps the session");
    }

    #[test]
    fn diagnostics_name_the_failure_and_never_its_content() {
        let mut error = api_error(ApiErrorCode::Throttled);
        if let AppError::Api(api) = &mut error {
            api.correlation_id = Some("1a2b3c4d".into());
            api.message = "Priya Raman's deal could not be read.".into();
        }
        let text = error.diagnostics("outlook", "2026-12-06T16:00:00.000Z");
        for expected in [
            "correlation id: 1a2b3c4d",
            "error: Throttled",
            "host: outlook",
            env!("CARGO_PKG_VERSION"),
            "2026-12-06T16:00:00.000Z",
        ] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(!text.contains("Priya"), "content leaked: {text}");
        let host = AppError::Host("Outlook said: the item of Ana Ruiz".into());
        assert!(!host.diagnostics("outlook", "t").contains("Ana"));
    }

    #[test]
    fn only_a_refused_or_missing_token_ends_the_session() {
        assert!(api_error(ApiErrorCode::Unauthorized).is_unauthorized());
        assert!(AppError::SignedOut.is_unauthorized());
        assert!(!api_error(ApiErrorCode::Conflict).is_unauthorized());
        assert!(!AppError::Network.is_unauthorized());
    }
}
