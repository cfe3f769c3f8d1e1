//! OData `$batch` for Dataverse reads: several GETs in one `POST {base}$batch`
//! (`multipart/mixed`), answered by one `multipart/mixed` body with an `application/http`
//! response per request, in order
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
//! The batch is sent with `Prefer: odata.continue-on-error`, so a failing request answers its
//! own error part and the others still run (without it Dataverse stops at the first failure).
//!
//! Owns building the batch body and splitting the answer back into one [`UpstreamResponse`]
//! per request; what each part means is the caller's. Only GETs are batched (no change sets),
//! so the batch is idempotent and may be retried like any read. Pure: no I/O.

use super::odata::{JSON, READ_ANNOTATIONS};
use crate::http::{TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{Provider, ProviderError};
use bytes::Bytes;
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// The boundary of every batch Closer sends. A fixed one is safe: each part is a request line
/// with a percent-encoded URL plus fixed headers, so no line inside a part can start with
/// `--`, whatever the addresses looked up.
const BOUNDARY: &str = "batch_closer_7c1e2f";

fn invalid(reason: &str) -> TransportError {
    TransportError::InvalidRequest {
        reason: reason.to_owned(),
    }
}

/// The `multipart/mixed` body for GETs of `urls` (absolute URLs under the org's Web API), each
/// asking for the usual read annotations and, with `If-None-Match: null`, for fresh data: the
/// lookup expands collection-valued properties, which "may return cached data" otherwise
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/join-tables).
pub fn body(urls: &[Url]) -> String {
    let mut body = String::new();
    for url in urls {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
             GET {url} HTTP/1.1\r\nAccept: {JSON}\r\nIf-None-Match: null\r\nPrefer: {READ_ANNOTATIONS}\r\n\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    body
}

/// `POST {base}$batch` carrying GETs of `urls`, with the user's token (marked sensitive).
pub fn request(
    base: &Url,
    urls: &[Url],
    token: &SecretString,
) -> Result<UpstreamRequest, TransportError> {
    let endpoint = base
        .join("$batch")
        .map_err(|_| invalid("the dataverse base cannot take $batch"))?;
    let mut request = http::Request::builder()
        .method(http::Method::POST)
        .uri(endpoint.as_str())
        .header(http::header::ACCEPT, JSON)
        .header("OData-MaxVersion", "4.0")
        .header("OData-Version", "4.0")
        .header("Prefer", "odata.continue-on-error")
        .header(
            http::header::CONTENT_TYPE,
            format!("multipart/mixed; boundary={BOUNDARY}"),
        )
        .body(Bytes::from(body(urls)))
        .map_err(|err| invalid(&format!("dataverse batch: {err}")))?;
    let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| invalid("the dataverse token is not a valid header value"))?;
    auth.set_sensitive(true);
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, auth);
    Ok(request)
}

fn malformed(reason: &str) -> ProviderError {
    ProviderError::malformed(Provider::Dataverse, format!("$batch response: {reason}"))
}

/// The `boundary` parameter of a `multipart/mixed` content type.
fn boundary_of(content_type: &str) -> Option<&str> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/mixed") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// Splits `head\r\n\r\nrest` (a bare `\n\n` accepted too).
fn split_head(text: &str) -> Option<(&str, &str)> {
    text.split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
}

/// One part's embedded HTTP response: status line, headers, body.
fn part_response(part: &str) -> Result<UpstreamResponse, ProviderError> {
    let (_, embedded) = split_head(part).ok_or_else(|| malformed("a part has no body"))?;
    let embedded = embedded.trim_start_matches(['\r', '\n']);
    let (head, body) = split_head(embedded).unwrap_or((embedded, ""));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| malformed("a part is not an HTTP response"))?;
    let mut response = http::Response::builder().status(status);
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            response = response.header(name.trim(), value.trim());
        }
    }
    response
        .body(Bytes::from(body.trim_end_matches(['\r', '\n']).to_owned()))
        .map_err(|_| malformed("a part has an invalid header"))
}

/// The batch's answers, one per request in the order sent. A part that is itself a change set
/// (never sent by Closer) or a body that is not `multipart/mixed` is malformed.
pub fn parts(response: &UpstreamResponse) -> Result<Vec<UpstreamResponse>, ProviderError> {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let boundary = boundary_of(content_type).ok_or_else(|| malformed("not multipart/mixed"))?;
    let text =
        std::str::from_utf8(response.body()).map_err(|_| malformed("the body is not UTF-8"))?;
    let delimiter = format!("--{boundary}");
    let mut sections = text.split(delimiter.as_str());
    sections.next(); // the preamble
    let mut out = Vec::new();
    let mut closed = false;
    for section in sections {
        if section.starts_with("--") {
            closed = true;
            break;
        }
        if section
            .to_ascii_lowercase()
            .contains("content-type: multipart/mixed")
        {
            return Err(malformed("change sets are not expected"));
        }
        out.push(part_response(section)?);
    }
    if !closed {
        return Err(malformed("the closing boundary is missing"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://org.crm.dynamics.com/api/data/v9.2/").unwrap()
    }

    #[test]
    fn requests_carry_every_get_and_continue_on_error() {
        let urls = [
            base().join("contacts?$select=fullname").unwrap(),
            base().join("emails?$top=1").unwrap(),
        ];
        let request = request(&base(), &urls, &SecretString::from("secret-token")).unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://org.crm.dynamics.com/api/data/v9.2/$batch"
        );
        assert_eq!(request.headers()["prefer"], "odata.continue-on-error");
        assert!(request.headers()["authorization"].is_sensitive());
        let body = std::str::from_utf8(request.body()).unwrap();
        assert_eq!(body.matches("Content-Type: application/http").count(), 2);
        assert!(body.contains(
            "GET https://org.crm.dynamics.com/api/data/v9.2/contacts?$select=fullname HTTP/1.1\r\n"
        ));
        assert_eq!(body.matches("If-None-Match: null\r\n").count(), 2);
        assert!(body.ends_with(&format!("--{BOUNDARY}--\r\n")));
        assert!(!body.contains("secret-token"));
    }

    fn multipart(boundary: &str, body: &str) -> UpstreamResponse {
        http::Response::builder()
            .status(200)
            .header(
                "Content-Type",
                format!("multipart/mixed; boundary={boundary}"),
            )
            .body(Bytes::from(body.to_owned()))
            .unwrap()
    }

    #[test]
    fn answers_split_into_one_response_per_request() {
        let body = "--batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
            HTTP/1.1 200 OK\r\nContent-Type: application/json; odata.metadata=minimal\r\nOData-Version: 4.0\r\n\r\n\
            {\"value\":[]}\r\n\
            --batchresponse_1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
            HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Type: application/json\r\n\r\n\
            {\"error\":{\"code\":\"0x80072322\",\"message\":\"slow down\"}}\r\n\
            --batchresponse_1--\r\n";
        let parts = parts(&multipart("batchresponse_1", body)).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].status(), 200);
        assert_eq!(parts[0].body().as_ref(), b"{\"value\":[]}");
        assert_eq!(parts[1].status(), 429);
        assert_eq!(parts[1].headers()["retry-after"], "7");
    }

    #[test]
    fn anything_but_a_closed_multipart_answer_is_malformed() {
        let json = http::Response::builder()
            .status(200)
            .header("Content-Type", "application/json")
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        assert!(matches!(parts(&json), Err(ProviderError::Malformed { .. })));
        let cut = "--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}";
        assert!(parts(&multipart("b", cut)).is_err());
        let not_http = "--b\r\nContent-Type: application/http\r\n\r\nhello\r\n--b--";
        assert!(parts(&multipart("b", not_http)).is_err());
    }
}
