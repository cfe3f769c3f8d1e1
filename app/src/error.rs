//! Why something the pane tried failed, as the pane shows it: [`AppError`] and the typed causes
//! it carries. It owns the user-visible sentences (the error views print them as they are) and
//! the rule that says which failures end the session; it knows nothing of HTTP, contexts or
//! components.

use crate::tr;
use closer_wire::{ApiError, ApiErrorCode};
use std::fmt;

/// Why a call failed, as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The worker answered with its typed error body.
    Api(ApiError),
    /// The worker could not be reached at all.
    Network,
    /// The worker answered something this pane does not understand.
    Unexpected {
        /// The HTTP status received.
        status: u16,
    },
    /// No token: the user must sign in first.
    SignedOut,
    /// The sign-in did not complete.
    SignIn(SignInFailure),
    /// The browser lacks something the pane needs.
    Browser(BrowserGap),
    /// The AI model answered nothing usable.
    NoAnswer,
    /// A streamed answer ended before its last event.
    StreamCut,
    /// The host (Outlook, Teams) failed, in the host's words.
    Host(String),
    /// A part of the pane's own code (a split wasm module) could not be fetched.
    CodeNotLoaded,
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
            Self::CodeNotLoaded => ("CodeNotLoaded".to_owned(), None),
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

impl From<leptos::wasm_split::SplitLoaderError> for AppError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Self::CodeNotLoaded
    }
}

/// Why a sign-in (Closer's, or the CRM's) did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInFailure {
    /// The token request could not be built.
    RequestNotBuilt,
    /// The authority's token endpoint could not be reached.
    Unreachable,
    /// The authority granted something this pane does not understand.
    Unexpected,
    /// The authority refused, with its OAuth error code.
    Refused(String),
    /// The authority refused without an OAuth error body.
    RefusedStatus(u16),
    /// Back from the authority with no sign-in started in this tab.
    NotStarted,
    /// The authority's `state` is not the one this tab sent.
    StateMismatch,
    /// The host (Outlook, Teams, MSAL.js) gave no token, for the reason it states.
    Host(String),
    /// Salesforce's sign-in came back refused, with Salesforce's reason.
    Salesforce(String),
}

/// What the browser lacks that the pane needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserGap {
    /// No `window` (not a page).
    NoWindow,
    /// No Web Crypto (PKCE needs it).
    NoWebCrypto,
    /// `crypto.getRandomValues` refused.
    NoRandomValues,
    /// `crypto.subtle.digest("SHA-256")` could not start.
    NoSha256,
    /// `crypto.subtle.digest("SHA-256")` rejected.
    Sha256Failed,
    /// No `URLSearchParams`.
    NoUrlSearchParams,
    /// The browser refused to navigate.
    NavigationRefused,
    /// A request body could not be encoded as JSON.
    RequestNotEncoded,
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Api(error) => api_sentence_in(crate::i18n::current(), error),
            Self::Network => tr!("error-network"),
            Self::Unexpected { status } => tr!("error-unexpected", status = *status),
            Self::SignedOut => tr!("error-signed-out"),
            Self::SignIn(failure) => tr!("error-sign-in", reason = failure.to_string()),
            Self::Browser(gap) => tr!("error-browser", gap = gap.to_string()),
            Self::NoAnswer => tr!("error-no-answer"),
            Self::StreamCut => tr!("error-stream-cut"),
            Self::Host(reason) => reason.clone(),
            Self::CodeNotLoaded => tr!("error-code-not-loaded"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for AppError {}

/// The sentence for a worker's error in `language`: in English the worker's own sentence (it
/// names what failed: which field, which service); in another language the pane's sentence for
/// the error's code, the worker's then shown beside it as [`AppError::worker_detail`].
pub fn api_sentence_in(language: crate::i18n::Language, error: &ApiError) -> String {
    use crate::i18n::{Language, message_in};
    if language == Language::English {
        return error.message.clone();
    }
    // Whole seconds, at least one: "in 0 seconds" helps nobody.
    let seconds = error.retry_after_seconds.map_or(0.0, |s| s.ceil().max(1.0));
    let args = &[("seconds", crate::i18n::Arg::Number(seconds as i64))];
    match error.code {
        ApiErrorCode::Unauthorized => message_in(language, "api-unauthorized", args),
        ApiErrorCode::Forbidden => message_in(language, "api-forbidden", args),
        ApiErrorCode::NotFound => message_in(language, "api-not-found", args),
        ApiErrorCode::Conflict => message_in(language, "api-conflict", args),
        ApiErrorCode::Busy => message_in(language, "api-busy", args),
        ApiErrorCode::Throttled => message_in(language, "api-throttled", args),
        ApiErrorCode::UpstreamUnavailable => message_in(language, "api-upstream-unavailable", args),
        ApiErrorCode::BadRequest => message_in(language, "api-bad-request", args),
        ApiErrorCode::Internal => message_in(language, "api-internal", args),
    }
}

impl AppError {
    /// The worker's own sentence, where the pane showed its own instead (a language other than
    /// English): shown beside it, marked as English, so the specifics are not lost.
    pub fn worker_detail(&self) -> Option<&str> {
        match self {
            Self::Api(error) if crate::i18n::current() != crate::i18n::Language::English => {
                Some(error.message.as_str())
            }
            _ => None,
        }
    }
}

impl fmt::Display for SignInFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::RequestNotBuilt => tr!("sign-in-request-not-built"),
            Self::Unreachable => tr!("sign-in-unreachable"),
            Self::Unexpected => tr!("sign-in-unexpected"),
            // The authority's own code (`invalid_grant`) or the host's reason, as they said it.
            Self::Refused(reason) | Self::Host(reason) => reason.clone(),
            Self::RefusedStatus(status) => format!("HTTP {status}"),
            Self::NotStarted => tr!("sign-in-not-started"),
            Self::StateMismatch => tr!("sign-in-state-mismatch"),
            Self::Salesforce(reason) => tr!("sign-in-salesforce", reason = reason.clone()),
        };
        f.write_str(&text)
    }
}

impl fmt::Display for BrowserGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::NoWindow => tr!("browser-no-window"),
            Self::NoWebCrypto => tr!("browser-no-web-crypto"),
            Self::NoRandomValues => tr!("browser-no-random-values"),
            Self::NoSha256 => tr!("browser-no-sha256"),
            Self::Sha256Failed => tr!("browser-sha256-failed"),
            Self::NoUrlSearchParams => tr!("browser-no-url-search-params"),
            Self::NavigationRefused => tr!("browser-navigation-refused"),
            Self::RequestNotEncoded => tr!("browser-request-not-encoded"),
        };
        f.write_str(&text)
    }
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
    fn in_german_a_workers_error_reads_by_its_code_with_the_wait() {
        use crate::i18n::Language;
        crate::i18n::load_all();
        let mut error = ApiError {
            code: ApiErrorCode::Throttled,
            message: "Dataverse asked Closer to slow down.".into(),
            retry_after_seconds: Some(2.2),
            claims_challenge: None,
            correlation_id: None,
        };
        assert_eq!(
            api_sentence_in(Language::German, &error),
            "Zu viele Anfragen. Versuchen Sie es in 3 Sekunden erneut."
        );
        assert_eq!(api_sentence_in(Language::English, &error), error.message);
        error.code = ApiErrorCode::Conflict;
        assert!(api_sentence_in(Language::French, &error).contains("CRM"));
        // Natively the pane speaks English: no detail beside the worker's own sentence.
        assert_eq!(AppError::Api(error).worker_detail(), None);
    }

    #[test]
    fn only_a_refused_or_missing_token_ends_the_session() {
        assert!(api_error(ApiErrorCode::Unauthorized).is_unauthorized());
        assert!(AppError::SignedOut.is_unauthorized());
        assert!(!api_error(ApiErrorCode::Conflict).is_unauthorized());
        assert!(!AppError::Network.is_unauthorized());
    }
}
