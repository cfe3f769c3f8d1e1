//! URL and request building for Graph: path segments under the base URL, OData query options,
//! string literals inside `$filter` (the shared [`crate::odata`] escaper), and following `@odata.nextLink`. Pure; no token here (the
//! client adds `Authorization` per attempt).

use crate::http::{TransportError, UpstreamRequest};
use crate::provider::{Provider, ProviderError};
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};
use url::Url;

/// `Accept` for every JSON endpoint.
pub(crate) const JSON: &str = "application/json";

pub(crate) use crate::odata::string_literal as odata_string;

/// Percent-encodes a query value: everything but RFC 3986 unreserved characters and `,` (kept so
/// `$select` lists stay readable). Spaces become `%20`, never `+`, which not every Graph
/// workload reads as a space; `%` itself is encoded, so a join URL's own escapes survive.
pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `base` + path `segments` (each percent-encoded as one segment, so ids with `=`, `/` or `:`
/// stay one segment) + query `options` (names kept literal, e.g. `$select`; values encoded).
pub(crate) fn endpoint(
    base: &Url,
    segments: &[&str],
    options: &[(&str, &str)],
) -> Result<Url, TransportError> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|()| TransportError::InvalidRequest {
            reason: "graph base url cannot take a path".into(),
        })?
        .pop_if_empty()
        .extend(segments);
    if options.is_empty() {
        url.set_query(None);
    } else {
        let query = options
            .iter()
            .map(|(name, value)| format!("{name}={}", encode_query_value(value)))
            .collect::<Vec<_>>()
            .join("&");
        url.set_query(Some(&query));
    }
    Ok(url)
}

/// A GET of `url` accepting `accept`, with an optional `Prefer` header.
pub(crate) fn get(
    url: &Url,
    accept: &str,
    prefer: Option<&str>,
) -> Result<UpstreamRequest, TransportError> {
    let mut builder = http::Request::get(url.as_str()).header(ACCEPT, accept);
    if let Some(prefer) = prefer {
        builder = builder.header("Prefer", prefer);
    }
    builder.body(Bytes::new()).map_err(invalid)
}

/// A POST of a JSON body to `url`.
pub(crate) fn post_json(
    url: &Url,
    body: &impl serde::Serialize,
) -> Result<UpstreamRequest, TransportError> {
    let body = serde_json::to_vec(body).map_err(invalid)?;
    http::Request::post(url.as_str())
        .header(ACCEPT, JSON)
        .header(CONTENT_TYPE, JSON)
        .body(Bytes::from(body))
        .map_err(invalid)
}

fn invalid(err: impl std::fmt::Display) -> TransportError {
    TransportError::InvalidRequest {
        reason: err.to_string(),
    }
}

/// A fresh copy of `request` (one per attempt; `http::Request` is not `Clone`).
pub(crate) fn copy(request: &UpstreamRequest) -> UpstreamRequest {
    let mut out = http::Request::new(request.body().clone());
    *out.method_mut() = request.method().clone();
    *out.uri_mut() = request.uri().clone();
    *out.headers_mut() = request.headers().clone();
    out
}

/// The request for the next page: `@odata.nextLink` is followed verbatim (it carries Graph's
/// own paging state) with the first request's headers, but only if it stays under the Graph
/// base URL: the user's token must never be sent anywhere else.
pub(crate) fn next_page(
    base: &Url,
    first: &UpstreamRequest,
    link: &str,
) -> Result<UpstreamRequest, ProviderError> {
    let url = Url::parse(link)
        .ok()
        .filter(|url| url.origin() == base.origin() && url.path().starts_with(base.path()))
        .ok_or_else(|| {
            ProviderError::malformed(Provider::Graph, "@odata.nextLink points outside graph")
        })?;
    let mut request = copy(first);
    *request.uri_mut() = url
        .as_str()
        .parse()
        .map_err(|_| ProviderError::malformed(Provider::Graph, "@odata.nextLink is not a uri"))?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    #[rstest]
    #[case("abc", "'abc'")]
    #[case("O'Bryan", "'O''Bryan'")]
    #[case("''", "''''''")]
    fn literals_double_single_quotes(#[case] raw: &str, #[case] literal: &str) {
        assert_eq!(odata_string(raw), literal);
    }

    #[test]
    fn segments_are_encoded_one_each() {
        let url = endpoint(&base(), &["me", "messages", "AA/B+C=="], &[]).unwrap();
        assert_eq!(
            url.as_str(),
            "https://graph.example/v1.0/me/messages/AA%2FB+C=="
        );
        let chat = endpoint(&base(), &["chats", "19:meeting_x@thread.v2"], &[]).unwrap();
        assert_eq!(chat.path(), "/v1.0/chats/19:meeting_x@thread.v2");
    }

    #[test]
    fn option_values_are_percent_encoded_with_literal_names() {
        let url = endpoint(
            &base(),
            &["me", "messages"],
            &[("$select", "subject,body"), ("$filter", "a eq 'b c&d=%'")],
        )
        .unwrap();
        assert_eq!(
            url.query(),
            Some("$select=subject,body&$filter=a%20eq%20%27b%20c%26d%3D%25%27")
        );
    }

    #[test]
    fn next_links_outside_the_base_are_refused() {
        let first = get(&base(), JSON, Some("x")).unwrap();
        for link in [
            "https://evil.example/v1.0/me/messages?$skip=10",
            "https://graph.example/beta/me/messages?$skip=10",
            "not a url",
        ] {
            assert!(next_page(&base(), &first, link).is_err(), "{link}");
        }
        let next = next_page(
            &base(),
            &first,
            "https://graph.example/v1.0/me/messages?$skip=10",
        )
        .unwrap();
        assert_eq!(next.uri().query(), Some("$skip=10"));
        assert_eq!(next.headers()["prefer"], "x");
    }
}
