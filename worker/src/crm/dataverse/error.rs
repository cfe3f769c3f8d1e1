//! Dataverse's error answers mapped onto [`ProviderError`]: the one place Dataverse statuses and
//! error bodies are interpreted.
//!
//! Body `{"error":{"code","message"}}` where `code` is Dataverse's hex code (often empty, not the
//! HTTP status); with `Prefer: odata.include-annotations="*"` the object also carries
//! `@Microsoft.PowerApps.CDS.*` details
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#parse-errors-from-the-response).
//! Read leniently: the documented annotated sample is not even valid JSON, and a 401 usually
//! has an empty body with a `WWW-Authenticate` challenge, so a status always maps by itself.
//! Throttling is 429 with `Retry-After` in seconds and codes `0x80072322`/`0x80072321`/
//! `0x80072326` (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/api-limits).

use crate::http::UpstreamResponse;
use crate::provider::{Provider, ProviderError, retry_after};
use serde::Deserialize;

/// The `error` object of a Dataverse error body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct DataverseError {
    /// Dataverse's code, e.g. `0x80040217` (not found), `0x80060882` (version mismatch).
    pub code: String,
    /// The message (may quote the request; never log it untruncated).
    pub message: String,
    /// `SubErrorCode` set by a plug-in, when annotations were asked for.
    #[serde(rename = "@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode")]
    pub sub_error_code: Option<String>,
    /// A link Microsoft may use to guide the fix.
    #[serde(rename = "@Microsoft.PowerApps.CDS.HelpLink")]
    pub help_link: Option<String>,
    /// The inner exception's message.
    #[serde(rename = "@Microsoft.PowerApps.CDS.InnerError.Message")]
    pub inner_message: Option<String>,
}

#[derive(Deserialize)]
struct Envelope {
    error: DataverseError,
}

/// The `error` object of a Dataverse error body, if the body has one.
pub fn parse_error_body(body: &[u8]) -> Option<DataverseError> {
    serde_json::from_slice::<Envelope>(body)
        .ok()
        .map(|envelope| envelope.error)
}

/// Passes a 2xx response through and turns anything else into the [`ProviderError`] it means.
/// `what` names the table asked for (`contact`, …) for a 404; never an id.
pub fn classify(what: &str, response: UpstreamResponse) -> Result<UpstreamResponse, ProviderError> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(error_for(what, &response))
    }
}

/// The [`ProviderError`] a non-2xx Dataverse response means.
pub fn error_for(what: &str, response: &UpstreamResponse) -> ProviderError {
    let status = response.status().as_u16();
    let code = parse_error_body(response.body())
        .map(|error| error.code)
        .unwrap_or_default();
    match status {
        401 => {
            let challenge = response
                .headers()
                .get(http::header::WWW_AUTHENTICATE)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default();
            ProviderError::Unauthorized {
                provider: Provider::Dataverse,
                code: if code.is_empty() {
                    challenge_param(challenge, "error").unwrap_or_else(|| "invalid_token".into())
                } else {
                    code
                },
                claims_challenge: challenge_param(challenge, "claims"),
            }
        }
        404 => ProviderError::NotFound {
            provider: Provider::Dataverse,
            what: what.to_owned(),
        },
        _ => ProviderError::from_status(Provider::Dataverse, status, code, retry_after(response)),
    }
}

/// `name="value"` from a `WWW-Authenticate` challenge (Entra's conditional-access `claims`,
/// https://learn.microsoft.com/en-us/entra/identity-platform/app-resilience-continuous-access-evaluation).
fn challenge_param(header: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    let start = header.find(&marker)? + marker.len();
    let value = &header[start..];
    let end = value.find('"')?;
    Some(value[..end].to_owned()).filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::Duration;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> UpstreamResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::from(body.to_owned())).unwrap()
    }

    #[test]
    fn an_empty_401_is_unauthorized_with_the_challenges_claims() {
        let header = r#"Bearer authorization_uri=https://login.microsoftonline.com/x/oauth2/authorize, error="insufficient_claims", claims="eyJ9""#;
        let err = error_for(
            "contact",
            &response(401, &[("WWW-Authenticate", header)], ""),
        );
        assert_eq!(
            err,
            ProviderError::Unauthorized {
                provider: Provider::Dataverse,
                code: "insufficient_claims".into(),
                claims_challenge: Some("eyJ9".into()),
            }
        );
    }

    #[test]
    fn a_412_is_a_conflict_with_dataverses_code() {
        let body = r#"{"error":{"code":"0x80060882","message":"The version of the existing record doesn't match the RowVersion property provided."}}"#;
        assert_eq!(
            error_for("contact", &response(412, &[], body)),
            ProviderError::Conflict {
                provider: Provider::Dataverse,
                code: "0x80060882".into()
            }
        );
    }

    #[test]
    fn a_429_carries_retry_after_seconds() {
        let body = r#"{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}"#;
        assert_eq!(
            error_for("contact", &response(429, &[("Retry-After", "7")], body)),
            ProviderError::Throttled {
                provider: Provider::Dataverse,
                retry_after: Some(Duration::from_secs(7)),
            }
        );
    }

    #[test]
    fn a_404_names_the_table_not_the_id() {
        let body =
            r#"{"error":{"code":"0x80040217","message":"contact With Id = 1 Does Not Exist"}}"#;
        let err = error_for("contact", &response(404, &[], body));
        assert_eq!(err.to_string(), "dataverse has no such contact");
    }
}
