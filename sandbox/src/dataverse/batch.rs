//! `POST /dataverse/{org}/api/data/v9.x/$batch`: several requests in one `multipart/mixed`
//! body, run in order, answered `200` with one `application/http` part each
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
//! A failing request answers its own error part; without `Prefer: odata.continue-on-error` the
//! batch stops after it, as Dataverse does. Each part runs through the same handler as a
//! direct request (so `$select`, `$filter`, `$expand`, annotations and errors are identical),
//! with the batch's `Authorization`, and fault rules with a status apply per part path.
//!
//! Emulated: GET parts, with absolute URLs or URLs relative to the service root. Change sets
//! and other methods are a 400 saying so; more than 1,000 parts is a 400, as in Dataverse.

use super::{Ctx, dataverse_error};
use axum::body::to_bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

const MAX_PARTS: usize = 1_000;

fn bad(message: &str) -> Response {
    dataverse_error(StatusCode::BAD_REQUEST, "0x80060891", message)
}

/// The `boundary` of a `multipart/mixed` content type.
fn boundary(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/mixed") {
        return None;
    }
    params.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// One request of the batch.
struct Part {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

fn split_head(text: &str) -> (&str, &str) {
    text.split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .unwrap_or((text, ""))
}

fn parse_parts(body: &str, boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}");
    let mut sections = body.split(delimiter.as_str());
    sections.next();
    let mut parts = Vec::new();
    for section in sections {
        if section.starts_with("--") {
            return Ok(parts);
        }
        let (mime_headers, embedded) = split_head(section.trim_start_matches(['\r', '\n']));
        if mime_headers
            .to_ascii_lowercase()
            .contains("multipart/mixed")
        {
            return Err("The sandbox does not emulate change sets in $batch.".into());
        }
        let (head, _) = split_head(embedded.trim_start_matches(['\r', '\n']));
        let mut lines = head.lines();
        let request_line = lines.next().unwrap_or_default();
        let mut words = request_line.split_whitespace();
        let (Some(method), Some(target), Some(_version)) =
            (words.next(), words.next(), words.next())
        else {
            return Err(format!("Invalid request line in $batch: '{request_line}'."));
        };
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
            .collect();
        parts.push(Part {
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
        });
    }
    Err("The $batch body has no closing boundary.".into())
}

/// The part's path below the service root and its query, from an absolute or relative URL.
fn relative(target: &str, root_path: &str) -> Option<String> {
    let without_origin = match target.find("://") {
        Some(at) => &target[at + 3..][target[at + 3..].find('/')?..],
        None => target,
    };
    let rest = without_origin
        .strip_prefix(root_path)
        .unwrap_or(without_origin.trim_start_matches('/'));
    Some(rest.to_owned())
}

/// Serves a `$batch` POST.
pub(crate) async fn handle(
    ctx: &Ctx,
    org: String,
    version: &str,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if method != Method::POST {
        return dataverse_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "0x80060888",
            "$batch takes POST only.",
        );
    }
    let Some(boundary) = boundary(headers) else {
        return bad("A $batch request must be multipart/mixed with a boundary.");
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return bad("The $batch body is not UTF-8.");
    };
    let parts = match parse_parts(text, &boundary) {
        Ok(parts) if parts.len() > MAX_PARTS => {
            return bad("A $batch request can contain up to 1000 requests.");
        }
        Ok(parts) => parts,
        Err(message) => return bad(&message),
    };
    let continue_on_error = headers
        .get_all("prefer")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.contains("odata.continue-on-error"));
    let root_path = format!("/dataverse/{org}/api/data/{version}/");
    let mut answers = Vec::new();
    for part in parts {
        if !part.method.eq_ignore_ascii_case("GET") {
            return bad("The sandbox emulates GET requests in $batch only.");
        }
        let Some(rest) = relative(&part.target, &root_path) else {
            return bad(&format!("Invalid URL in $batch: '{}'.", part.target));
        };
        let path = format!("{root_path}{rest}");
        let answer = match crate::faults::injected_status(&ctx.state, &path, "GET") {
            Some(injected) => injected,
            None => {
                let mut part_headers = HeaderMap::new();
                if let Some(auth) = headers.get(header::AUTHORIZATION) {
                    part_headers.insert(header::AUTHORIZATION, auth.clone());
                }
                for (name, value) in &part.headers {
                    if let (Ok(name), Ok(value)) = (
                        HeaderName::from_bytes(name.as_bytes()),
                        HeaderValue::from_str(value),
                    ) {
                        part_headers.append(name, value);
                    }
                }
                let (path_only, _) = rest.split_once('?').unwrap_or((&rest, ""));
                match path.parse::<Uri>() {
                    Ok(uri) => super::api::serve_one(
                        ctx,
                        org.clone(),
                        version,
                        path_only,
                        &Method::GET,
                        &part_headers,
                        &uri,
                    ),
                    Err(_) => bad(&format!("Invalid URL in $batch: '{}'.", part.target)),
                }
            }
        };
        let failed = !answer.status().is_success();
        answers.push(answer);
        if failed && !continue_on_error {
            break;
        }
    }
    let response_boundary = format!("batchresponse_{}", uuid::Uuid::new_v4());
    let mut out = String::new();
    for answer in answers {
        let (head, body) = answer.into_parts();
        let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
        let reason = head.status.canonical_reason().unwrap_or_default();
        out.push_str(&format!(
            "--{response_boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 {} {reason}\r\n",
            head.status.as_u16()
        ));
        for (name, value) in &head.headers {
            if let Ok(value) = value.to_str() {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        out.push_str("\r\n");
        out.push_str(&String::from_utf8_lossy(&body));
        out.push_str("\r\n");
    }
    out.push_str(&format!("--{response_boundary}--\r\n"));
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                format!("multipart/mixed; boundary={response_boundary}"),
            ),
            (HeaderName::from_static("odata-version"), "4.0".to_owned()),
        ],
        out,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_read_request_lines_and_headers() {
        let body = "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n\
            GET http://127.0.0.1:1/dataverse/northwind/api/data/v9.2/contacts?$top=1 HTTP/1.1\r\nPrefer: x\r\n\r\n\
            --b\r\nContent-Type: application/http\r\n\r\nGET emails?$top=1 HTTP/1.1\r\n\r\n--b--\r\n";
        let parts = parse_parts(body, "b").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].headers, [("Prefer".to_owned(), "x".to_owned())]);
        let root = "/dataverse/northwind/api/data/v9.2/";
        assert_eq!(relative(&parts[0].target, root).unwrap(), "contacts?$top=1");
        assert_eq!(relative(&parts[1].target, root).unwrap(), "emails?$top=1");
    }

    #[test]
    fn change_sets_and_unclosed_bodies_are_refused() {
        let changeset = "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c--\r\n--b--";
        assert!(parse_parts(changeset, "b").is_err());
        assert!(parse_parts("--b\r\n\r\nGET x HTTP/1.1\r\n\r\n", "b").is_err());
    }
}
