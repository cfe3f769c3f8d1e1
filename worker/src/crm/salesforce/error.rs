//! Salesforce's error answers mapped onto [`ProviderError`]: the one place Salesforce statuses
//! and error codes are interpreted (REST calls, composite sub-responses and the identity
//! endpoints alike).
//!
//! REST errors are a JSON **array** `[{"message","errorCode","fields"?}]`
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
//! Salesforce throttles with **403 `REQUEST_LIMIT_EXCEEDED`** and no `Retry-After`
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm);
//! it never sends 429, but a proxy in front of it may, so 429 is throttling too. The identity
//! endpoints (`/services/oauth2/userinfo`) answer an invalid token with a plain-text 403
//! `Bad_OAuth_Token` [C], which means the same as a REST 401.

use crate::http::UpstreamResponse;
use crate::provider::{Provider, ProviderError, retry_after};
use serde::Deserialize;
use std::time::Duration;

/// One element of a Salesforce error array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SalesforceError {
    /// Salesforce's message (may quote the query or a value; never log it untruncated).
    pub message: String,
    /// The code, e.g. `INVALID_SESSION_ID`, `MALFORMED_QUERY`, `INVALID_FIELD`.
    #[serde(rename = "errorCode")]
    pub error_code: String,
    /// The fields the error is about, when Salesforce names them.
    pub fields: Vec<String>,
}

/// The errors of a Salesforce error body: the documented array, or a single object some
/// gateways send; empty when the body is neither (an HTML error page).
pub fn parse_error_body(body: &[u8]) -> Vec<SalesforceError> {
    serde_json::from_slice::<Vec<SalesforceError>>(body)
        .or_else(|_| serde_json::from_slice::<SalesforceError>(body).map(|one| vec![one]))
        .unwrap_or_default()
}

/// Passes a 2xx response through and turns anything else into the [`ProviderError`] it means.
/// `what` names the entity asked for (`contact`, `opportunity`, ...) for a 404; never an id.
pub fn classify(what: &str, response: UpstreamResponse) -> Result<UpstreamResponse, ProviderError> {
    if response.status().is_success() {
        Ok(response)
    } else {
        Err(error_for(
            what,
            response.status().as_u16(),
            response.body(),
            retry_after(&response),
        ))
    }
}

/// The [`ProviderError`] a non-2xx Salesforce answer means, from its status and body (also used
/// for composite sub-responses, which carry both inside a 200).
pub fn error_for(
    what: &str,
    status: u16,
    body: &[u8],
    retry_after: Option<Duration>,
) -> ProviderError {
    let provider = Provider::Salesforce;
    let code = parse_error_body(body)
        .into_iter()
        .map(|error| error.error_code)
        .find(|code| !code.is_empty())
        .unwrap_or_default();
    match status {
        401 => ProviderError::Unauthorized {
            provider,
            code: if code.is_empty() {
                "INVALID_SESSION_ID".into()
            } else {
                code
            },
            claims_challenge: None,
        },
        403 if code == "REQUEST_LIMIT_EXCEEDED" => ProviderError::Throttled {
            provider,
            retry_after: None,
        },
        403 if body.trim_ascii() == b"Bad_OAuth_Token" => ProviderError::Unauthorized {
            provider,
            code: "Bad_OAuth_Token".into(),
            claims_challenge: None,
        },
        404 => ProviderError::NotFound {
            provider,
            what: what.to_owned(),
        },
        _ => ProviderError::from_status(provider, status, code, retry_after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use rstest::rstest;

    const INVALID_FIELD: &[u8] =
        include_bytes!("../../../tests/fixtures/salesforce/error-invalid-field.response.json");

    fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> UpstreamResponse {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Bytes::copy_from_slice(body)).unwrap()
    }

    fn array(code: &str) -> String {
        format!(r#"[{{"message":"m","errorCode":"{code}"}}]"#)
    }

    #[test]
    fn the_documented_error_array_parses() {
        let errors = parse_error_body(INVALID_FIELD);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].error_code, "INVALID_FIELD");
        assert_eq!(
            errors[0].message,
            "The Id field should not be specified in the sobject data."
        );
    }

    #[rstest]
    #[case(401, "INVALID_SESSION_ID", "Unauthorized")]
    #[case(403, "REQUEST_LIMIT_EXCEEDED", "Throttled")]
    #[case(403, "INSUFFICIENT_ACCESS", "Forbidden")]
    #[case(404, "NOT_FOUND", "NotFound")]
    #[case(400, "MALFORMED_QUERY", "Rejected")]
    #[case(400, "INVALID_FIELD", "Rejected")]
    #[case(412, "ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK", "Conflict")]
    #[case(429, "UNKNOWN_EXCEPTION", "Throttled")]
    #[case(500, "UNKNOWN_EXCEPTION", "Server")]
    #[case(503, "SERVER_UNAVAILABLE", "Server")]
    fn statuses_and_codes_map_to_one_variant_each(
        #[case] status: u16,
        #[case] code: &str,
        #[case] variant: &str,
    ) {
        let err = classify("contact", response(status, &[], array(code).as_bytes())).unwrap_err();
        assert!(
            format!("{err:?}").starts_with(variant),
            "{status} {code}: {err:?}"
        );
    }

    #[test]
    fn request_limit_exceeded_is_throttling_without_a_wait() {
        let err = classify(
            "contact",
            response(403, &[], array("REQUEST_LIMIT_EXCEEDED").as_bytes()),
        );
        assert_eq!(
            err.unwrap_err(),
            ProviderError::Throttled {
                provider: Provider::Salesforce,
                retry_after: None
            }
        );
    }

    #[test]
    fn a_429_from_a_proxy_keeps_its_retry_after() {
        let err = classify("contact", response(429, &[("Retry-After", "30")], b"[]"));
        assert_eq!(
            err.unwrap_err(),
            ProviderError::Throttled {
                provider: Provider::Salesforce,
                retry_after: Some(Duration::from_secs(30))
            }
        );
    }

    #[test]
    fn the_session_code_is_kept_and_defaulted() {
        let err = classify("contact", response(401, &[], b"<html></html>")).unwrap_err();
        assert!(
            matches!(err, ProviderError::Unauthorized { code, .. } if code == "INVALID_SESSION_ID")
        );
        let err = classify("user", response(403, &[], b"Bad_OAuth_Token")).unwrap_err();
        assert!(
            matches!(err, ProviderError::Unauthorized { code, .. } if code == "Bad_OAuth_Token")
        );
    }

    #[test]
    fn a_404_names_the_entity_not_the_id() {
        let err = classify(
            "opportunity",
            response(404, &[], array("NOT_FOUND").as_bytes()),
        );
        assert_eq!(
            err.unwrap_err().to_string(),
            "salesforce has no such opportunity"
        );
    }

    #[test]
    fn a_400_keeps_salesforces_code() {
        let err = classify("contact", response(400, &[], INVALID_FIELD)).unwrap_err();
        assert_eq!(
            err,
            ProviderError::Rejected {
                provider: Provider::Salesforce,
                status: 400,
                code: "INVALID_FIELD".into()
            }
        );
    }

    #[test]
    fn a_single_error_object_and_a_non_json_body_are_tolerated() {
        assert_eq!(
            parse_error_body(br#"{"errorCode":"X","message":"y"}"#)[0].error_code,
            "X"
        );
        assert!(parse_error_body(b"<html>").is_empty());
    }
}
