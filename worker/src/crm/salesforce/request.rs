//! Request building for Salesforce: percent-encoding, the JSON and form bodies, fresh copies per
//! attempt. Pure; no token here (the client adds `Authorization` per attempt, so a refreshed
//! session is used by the retry).

use crate::http::{TransportError, UpstreamRequest};
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE};

/// `Accept`/`Content-Type` of every REST call.
pub(crate) const JSON: &str = "application/json";

/// Percent-encodes everything but RFC 3986 unreserved characters: a SOQL `q` keeps its `+`
/// (`%2B`, else read as a space), `@`, `'` and `%` exactly as written.
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A GET of `url` with extra `headers`.
pub(crate) fn get(url: &str, headers: &[(&str, &str)]) -> Result<UpstreamRequest, TransportError> {
    let mut builder = http::Request::get(url).header(ACCEPT, JSON);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::new()).map_err(invalid)
}

/// A request with a JSON body (`POST` creates, `PATCH` updates).
pub(crate) fn with_json(
    method: http::Method,
    url: &str,
    body: &impl serde::Serialize,
    headers: &[(&str, &str)],
) -> Result<UpstreamRequest, TransportError> {
    let body = serde_json::to_vec(body).map_err(invalid)?;
    let mut builder = http::Request::builder()
        .method(method)
        .uri(url)
        .header(ACCEPT, JSON)
        .header(CONTENT_TYPE, JSON);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from(body)).map_err(invalid)
}

/// A form POST (the OAuth token endpoint).
pub(crate) fn post_form(
    url: &str,
    pairs: &[(&str, &str)],
) -> Result<UpstreamRequest, TransportError> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        form.append_pair(name, value);
    }
    http::Request::post(url)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, JSON)
        .body(Bytes::from(form.finish()))
        .map_err(invalid)
}

pub(crate) fn invalid(err: impl std::fmt::Display) -> TransportError {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_at_quote_and_percent_survive_encoding() {
        assert_eq!(
            encode("ravi+x@w.com 'a' 100%"),
            "ravi%2Bx%40w.com%20%27a%27%20100%25"
        );
    }

    #[test]
    fn forms_are_url_encoded() {
        let request = post_form("https://x.example/t", &[("a", "b c+d"), ("e", "&")]).unwrap();
        assert_eq!(request.body().as_ref(), b"a=b+c%2Bd&e=%26");
        assert_eq!(
            request.headers()[CONTENT_TYPE],
            "application/x-www-form-urlencoded"
        );
    }
}
