//! URLs and requests for the Dataverse Web API: the tables Closer touches, OData string
//! literals, query encoding, the e-mail lookup filter and its chunking, `@odata.nextLink`
//! checks, and the headers every request carries. Pure: no I/O, and the token is only ever put
//! into a header marked sensitive.

use crate::crm::RecordKind;
use crate::http::{TransportError, UpstreamRequest};
use crate::provider::{Provider, ProviderError};
use bytes::Bytes;
use http::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// `Accept` / `Content-Type` of every call.
pub const JSON: &str = "application/json";

/// The annotations every read asks for: choice and lookup labels, and which table a
/// polymorphic lookup points at
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/select-columns#formatted-values).
pub const READ_ANNOTATIONS: &str = "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname\"";

/// The most characters of path + query one lookup request may use. Dataverse takes GET URLs up
/// to 32 KB (longer ones must go through `$batch`,
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api),
/// but proxies and the edge's fetch are safest well under the 8,000 octets RFC 9110 §4.1 asks
/// every party to accept; 4,096 also leaves room for the org's host. About 20 addresses fit.
pub const URL_BUDGET: usize = 4_096;

/// A Dataverse table as the connector addresses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// Entity set name, the URL segment (`contacts`).
    pub set: &'static str,
    /// Logical name (`contact`): `etn` of deep links, suffix of polymorphic nav properties.
    pub logical: &'static str,
    /// Primary key column (`contactid`; `activityid` for every activity).
    pub key: &'static str,
    /// Primary name column (what a search hit is titled with).
    pub name: &'static str,
}

/// The table behind a record kind.
pub fn table(kind: RecordKind) -> Table {
    let (set, logical, key, name) = match kind {
        RecordKind::Contact => ("contacts", "contact", "contactid", "fullname"),
        RecordKind::Account => ("accounts", "account", "accountid", "name"),
        RecordKind::Opportunity => ("opportunities", "opportunity", "opportunityid", "name"),
        RecordKind::Task => ("tasks", "task", "activityid", "subject"),
        RecordKind::Note => ("annotations", "annotation", "annotationid", "subject"),
        RecordKind::Email => ("emails", "email", "activityid", "subject"),
        RecordKind::Appointment => ("appointments", "appointment", "activityid", "subject"),
    };
    Table {
        set,
        logical,
        key,
        name,
    }
}

/// Whether `id` is a GUID: the only ids the connector puts into a URL path, so that an id can
/// never add a segment or a query of its own.
pub fn is_guid(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.iter().map(|part| part.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|part| part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `set(<guid>)`, or `NotFound` naming the table when `id` is not a GUID (no such row can
/// exist, and it must not reach the URL).
pub fn row_path(table: &Table, id: &str) -> Result<String, ProviderError> {
    if is_guid(id) {
        Ok(format!("{}({})", table.set, id.to_ascii_lowercase()))
    } else {
        Err(ProviderError::NotFound {
            provider: Provider::Dataverse,
            what: table.logical.into(),
        })
    }
}

pub use crate::odata::string_literal;

/// A literal for `contains`/`startswith`: Dataverse evaluates these as SQL `LIKE`, where `%`,
/// `_` and `[` are wildcards, so each is bracketed to match itself
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows#use-wildcard-characters).
pub fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' | '_' | '[' => {
                escaped.push('[');
                escaped.push(c);
                escaped.push(']');
            }
            c => escaped.push(c),
        }
    }
    string_literal(&escaped)
}

/// Percent-encodes a query option value: everything but RFC 3986 unreserved characters and `,`
/// (kept so `$select` lists stay readable). This is what filter-rows.md asks of special
/// characters inside literals: on the wire `@` is `%40` and `+` is `%2B` (a bare `+` would be
/// read as a space), `'` is `%27`, `%` is `%25`. Encoded once: Dataverse decodes the query
/// once, so a second encoding would make it compare against the text `%40`.
pub fn encode_query_value(value: &str) -> String {
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

/// `base` + `path` (already safe: a set name or [`row_path`]) + query options (names kept
/// literal, e.g. `$select`; values encoded).
pub fn url(base: &Url, path: &str, options: &[(&str, String)]) -> Result<Url, TransportError> {
    let mut text = format!("{base}{path}");
    if !options.is_empty() {
        let query = options
            .iter()
            .map(|(name, value)| format!("{name}={}", encode_query_value(value)))
            .collect::<Vec<_>>()
            .join("&");
        text.push('?');
        text.push_str(&query);
    }
    Url::parse(&text).map_err(|err| TransportError::InvalidRequest {
        reason: format!("dataverse url: {err}"),
    })
}

/// How many characters of path and query `url` uses (what [`URL_BUDGET`] limits).
pub fn path_and_query_len(url: &Url) -> usize {
    url.path().len() + url.query().map_or(0, |query| query.len() + 1)
}

/// The e-mail columns a contact is matched on.
pub const EMAIL_COLUMNS: [&str; 3] = ["emailaddress1", "emailaddress2", "emailaddress3"];

/// `emailaddress1 eq 'a' or emailaddress2 eq 'a' or … or emailaddress3 eq 'b'`. Dataverse's
/// string comparison is case-insensitive, so the addresses are sent as given.
pub fn email_filter(addresses: &[&str]) -> String {
    addresses
        .iter()
        .flat_map(|address| {
            let literal = string_literal(address);
            EMAIL_COLUMNS.map(|column| format!("{column} eq {literal}"))
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The lookup URLs for `addresses`: one, unless the filter would push a URL past
/// [`URL_BUDGET`], in which case consecutive chunks that each fit. Addresses are trimmed and
/// de-duplicated case-insensitively; none → no URL at all.
pub fn email_lookup_urls(
    base: &Url,
    select: &str,
    addresses: &[String],
) -> Result<Vec<Url>, TransportError> {
    let mut unique: Vec<&str> = Vec::new();
    for address in addresses.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !unique.iter().any(|seen| seen.eq_ignore_ascii_case(address)) {
            unique.push(address);
        }
    }
    let build = |chunk: &[&str]| {
        url(
            base,
            "contacts",
            &[
                ("$select", select.to_owned()),
                ("$filter", email_filter(chunk)),
            ],
        )
    };
    let mut urls = Vec::new();
    let mut chunk: Vec<&str> = Vec::new();
    for address in unique {
        chunk.push(address);
        if chunk.len() > 1 && path_and_query_len(&build(&chunk)?) > URL_BUDGET {
            chunk.pop();
            urls.push(build(&chunk)?);
            chunk = vec![address];
        }
    }
    if !chunk.is_empty() {
        urls.push(build(&chunk)?);
    }
    Ok(urls)
}

/// Checks a continuation before the user's token follows it: `@odata.nextLink` is used
/// verbatim (it carries Dataverse's paging cookie) but only if it stays under the org's Web API
/// base URL.
pub fn next_link(base: &Url, link: &str) -> Result<Url, ProviderError> {
    Url::parse(link)
        .ok()
        .filter(|url| url.origin() == base.origin() && url.path().starts_with(base.path()))
        .ok_or_else(|| {
            ProviderError::malformed(
                Provider::Dataverse,
                "@odata.nextLink points outside the org",
            )
        })
}

/// A request with the headers every Dataverse call carries
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#http-headers):
/// `Accept`, `OData-MaxVersion`/`OData-Version` 4.0, `If-None-Match: null` (so no cached
/// representation is ever revalidated into a stale answer), the bearer token (marked
/// sensitive), `Prefer` values, extra headers, and a JSON body when given.
pub fn request(
    method: http::Method,
    url: &Url,
    token: &SecretString,
    prefer: &[&str],
    extra: &[(&str, &str)],
    body: Option<&serde_json::Value>,
) -> Result<UpstreamRequest, TransportError> {
    let invalid = |reason: &str| TransportError::InvalidRequest {
        reason: reason.to_owned(),
    };
    let mut builder = http::Request::builder()
        .method(method)
        .uri(url.as_str())
        .header(http::header::ACCEPT, JSON)
        .header("OData-MaxVersion", "4.0")
        .header("OData-Version", "4.0")
        .header(http::header::IF_NONE_MATCH, "null");
    if !prefer.is_empty() {
        builder = builder.header("Prefer", prefer.join(","));
    }
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    let body = match body {
        Some(body) => {
            builder = builder.header(
                http::header::CONTENT_TYPE,
                "application/json; charset=utf-8",
            );
            Bytes::from(serde_json::to_vec(body).map_err(|_| invalid("unserialisable body"))?)
        }
        None => Bytes::new(),
    };
    let mut request = builder
        .body(body)
        .map_err(|err| invalid(&format!("dataverse request: {err}")))?;
    let mut auth = HeaderValue::from_str(&format!("Bearer {}", token.expose_secret()))
        .map_err(|_| invalid("the dataverse token is not a valid header value"))?;
    // Keeps the token out of `http`'s Debug output and HPACK tables.
    auth.set_sensitive(true);
    request
        .headers_mut()
        .insert(http::header::AUTHORIZATION, auth);
    Ok(request)
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
    use rstest::rstest;

    fn base() -> Url {
        Url::parse("https://org.crm.dynamics.com/api/data/v9.2/").unwrap()
    }

    #[rstest]
    #[case("jane@contoso.com", "'jane@contoso.com'")]
    #[case("sean.o'brien@fabrikam.com", "'sean.o''brien@fabrikam.com'")]
    #[case("x' or 1 eq 1 or 'y", "'x'' or 1 eq 1 or ''y'")]
    fn literals_double_quotes(#[case] raw: &str, #[case] literal: &str) {
        assert_eq!(string_literal(raw), literal);
    }

    #[test]
    fn like_wildcards_match_themselves() {
        assert_eq!(like_literal("50%_[x]"), "'50[%][_][[]x]'");
    }

    #[test]
    fn at_and_plus_are_percent_encoded_inside_literals_once() {
        let urls = email_lookup_urls(
            &base(),
            "fullname",
            &["ravi+procurement@woodgrovebank.com".to_owned()],
        )
        .unwrap();
        let query = urls[0].query().unwrap();
        assert!(
            query.contains("emailaddress1%20eq%20%27ravi%2Bprocurement%40woodgrovebank.com%27"),
            "{query}"
        );
        assert!(!query.contains('+') && !query.contains('@') && !query.contains("%25"));
        assert!(query.starts_with("$select=fullname&$filter="), "{query}");
    }

    #[test]
    fn empty_and_duplicate_addresses_collapse() {
        assert!(
            email_lookup_urls(&base(), "fullname", &[])
                .unwrap()
                .is_empty()
        );
        let urls = email_lookup_urls(
            &base(),
            "fullname",
            &["A@x.com".into(), " a@X.com ".into(), String::new()],
        )
        .unwrap();
        assert_eq!(urls.len(), 1);
        assert_eq!(urls[0].query().unwrap().matches("emailaddress1").count(), 1);
    }

    #[test]
    fn many_addresses_are_chunked_under_the_budget_and_none_is_lost() {
        let addresses: Vec<String> = (0..100)
            .map(|i| format!("person.number{i}@example.com"))
            .collect();
        let urls = email_lookup_urls(&base(), "fullname,emailaddress1", &addresses).unwrap();
        assert!(urls.len() > 1, "{} urls", urls.len());
        assert!(urls.iter().all(|url| path_and_query_len(url) <= URL_BUDGET));
        let total: usize = urls
            .iter()
            .map(|url| url.query().unwrap().matches("emailaddress1%20eq").count())
            .sum();
        assert_eq!(total, 100);
    }

    #[test]
    fn non_guid_ids_never_reach_the_path() {
        let contacts = table(RecordKind::Contact);
        assert!(row_path(&contacts, "../accounts").is_err());
        assert_eq!(
            row_path(&contacts, "70BF4D48-34CB-ED11-B596-0022481D68CD").unwrap(),
            "contacts(70bf4d48-34cb-ed11-b596-0022481d68cd)"
        );
    }

    #[test]
    fn next_links_outside_the_org_are_refused() {
        for link in [
            "https://evil.example/api/data/v9.2/contacts?$skiptoken=x",
            "https://org.crm.dynamics.com/other/contacts",
            "not a url",
        ] {
            assert!(next_link(&base(), link).is_err(), "{link}");
        }
        assert!(
            next_link(
                &base(),
                "https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=x"
            )
            .is_ok()
        );
    }

    #[test]
    fn every_request_carries_the_odata_headers_and_a_sensitive_token() {
        let request = request(
            http::Method::GET,
            &base(),
            &SecretString::from("secret-token"),
            &[READ_ANNOTATIONS],
            &[],
            None,
        )
        .unwrap();
        let headers = request.headers();
        assert_eq!(headers["accept"], JSON);
        assert_eq!(headers["odata-maxversion"], "4.0");
        assert_eq!(headers["odata-version"], "4.0");
        assert_eq!(headers["if-none-match"], "null");
        assert!(
            headers["prefer"]
                .to_str()
                .unwrap()
                .contains("FormattedValue")
        );
        assert!(headers["authorization"].is_sensitive());
        assert!(!format!("{request:?}").contains("secret-token"));
    }
}
