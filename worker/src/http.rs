//! The transport seam: every upstream call in the worker goes through [`HttpTransport`].
//!
//! Connectors build `http::Request`s and parse `http::Response`s; they never do I/O themselves.
//! At the edge the trait is implemented over `worker::Fetch` (with a timeout); natively, tests
//! implement it over a plain HTTP client. [`AllowListed`] wraps any transport so that only the
//! configured upstream origins can be reached. A non-2xx status is a response, not an error here.

use bytes::Bytes;
use url::{Origin, Url};

/// A request as connectors build it.
pub type UpstreamRequest = http::Request<Bytes>;
/// A response as connectors parse it.
pub type UpstreamResponse = http::Response<Bytes>;

/// Why no HTTP response came back.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TransportError {
    /// The URL's origin is not one of the configured upstreams; nothing was sent.
    #[error("host {origin} is not an allowed upstream")]
    HostNotAllowed {
        /// The refused origin (scheme, host and port; never a path or query).
        origin: String,
    },
    /// The connection could not be made or broke before a response arrived.
    #[error("could not reach {origin}: {reason}")]
    Connect {
        /// The origin that did not answer.
        origin: String,
        /// The platform's reason, without URL paths or queries.
        reason: String,
    },
    /// No complete response within the call's timeout.
    #[error("{origin} did not answer within {timeout_ms} ms")]
    Timeout {
        /// The origin that was too slow.
        origin: String,
        /// The timeout that elapsed.
        timeout_ms: u64,
    },
    /// The request could not be built (a connector bug, reported rather than panicking).
    #[error("invalid request: {reason}")]
    InvalidRequest {
        /// What was wrong.
        reason: String,
    },
}

/// Sends one request to an upstream and returns its response, whatever its status.
///
/// Futures are not `Send`: on wasm32 they hold JS values, and the worker is single-threaded.
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send; no Send bound wanted"
)]
pub trait HttpTransport {
    /// Sends `request`; implementations apply their per-call timeout.
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError>;
}

impl<T: HttpTransport + ?Sized> HttpTransport for &T {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        (**self).send(request).await
    }
}

/// A transport that refuses every origin not on its allow-list before anything is sent.
#[derive(Debug, Clone)]
pub struct AllowListed<T> {
    inner: T,
    allowed: Vec<Origin>,
    /// Origins allowed for this request only, once checked by the caller: the Dynamics org the
    /// user connected to (one that discovery listed for them, on a CRM host).
    also: std::cell::RefCell<Vec<Origin>>,
}

impl<T> AllowListed<T> {
    /// Wraps `inner` so that only `allowed` origins are reachable.
    pub fn new(inner: T, allowed: Vec<Origin>) -> Self {
        Self {
            inner,
            allowed,
            also: std::cell::RefCell::default(),
        }
    }

    /// Also allows `origin` from now on (a transport lives for one request).
    pub fn allow(&self, origin: Origin) {
        let mut also = self.also.borrow_mut();
        if !also.contains(&origin) {
            also.push(origin);
        }
    }

    fn allows(&self, origin: &Origin) -> bool {
        self.allowed.contains(origin) || self.also.borrow().contains(origin)
    }
}

/// Whether `url` is a Dynamics org's Web API on a CRM host: https, and its host one label under
/// one of `suffixes` (`.crm.dynamics.com`, `.crm4.dynamics.com`, …), so that no other host
/// under Microsoft's domain, and no deeper subdomain, passes for an org.
pub fn is_crm_host(url: &url::Url, suffixes: &[String]) -> bool {
    let Some(url::Host::Domain(host)) = url.host() else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    url.scheme() == "https"
        && suffixes.iter().any(|suffix| {
            suffix.starts_with('.')
                && host
                    .strip_suffix(suffix.as_str())
                    .is_some_and(|org| !org.is_empty() && !org.contains('.'))
        })
}

/// Redirects followed per request, at most (browsers allow 20; upstreams need one or two).
pub const MAX_REDIRECTS: usize = 5;

impl<T: HttpTransport> HttpTransport for AllowListed<T> {
    /// Sends `request` if its origin is allowed, and follows redirects here, checking each
    /// `Location` against the allow-list (the transports below never follow one themselves:
    /// `redirect: manual` at the edge), so a redirect cannot lead a token to another host.
    /// Only reads (GET, HEAD) are followed; a write answered with a redirect gets that answer,
    /// which connectors treat as an error. `Authorization` is dropped when a redirect changes
    /// origin, as the Fetch standard does.
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let mut request = request;
        for _ in 0..=MAX_REDIRECTS {
            let origin = origin_of(request.uri())?;
            if !self.allows(&origin) {
                return Err(TransportError::HostNotAllowed {
                    origin: origin.ascii_serialization(),
                });
            }
            let follow_up = if matches!(request.method(), &http::Method::GET | &http::Method::HEAD)
            {
                Some(request.clone())
            } else {
                None
            };
            let response = self.inner.send(request).await?;
            let (Some(previous), true) = (follow_up, response.status().is_redirection()) else {
                return Ok(response);
            };
            let Some(location) = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|value| value.to_str().ok())
            else {
                return Ok(response);
            };
            let base = Url::parse(&previous.uri().to_string()).map_err(|_| {
                TransportError::InvalidRequest {
                    reason: "request URI is not absolute".into(),
                }
            })?;
            let next = base
                .join(location)
                .map_err(|_| TransportError::InvalidRequest {
                    reason: "redirect Location is not a URL".into(),
                })?;
            let (mut parts, body) = previous.into_parts();
            if next.origin() != origin {
                parts.headers.remove(http::header::AUTHORIZATION);
            }
            parts.uri = next
                .as_str()
                .parse()
                .map_err(|_| TransportError::InvalidRequest {
                    reason: "redirect Location is not a URI".into(),
                })?;
            request = http::Request::from_parts(parts, body);
        }
        Err(TransportError::InvalidRequest {
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }
}

/// The origin of a request URI, for allow-listing and for error messages that must not carry
/// paths or queries (those can hold ids or search terms).
pub fn origin_of(uri: &http::Uri) -> Result<Origin, TransportError> {
    Url::parse(&uri.to_string())
        .map(|url| url.origin())
        .map_err(|_| TransportError::InvalidRequest {
            reason: "request URI is not absolute".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Answer, ScriptedTransport};
    use std::cell::Cell;

    /// Answers 204 to everything (and counts what reached it).
    fn counting() -> ScriptedTransport {
        ScriptedTransport::answering(&[(204, "")])
    }

    fn get(url: &str) -> UpstreamRequest {
        http::Request::get(url).body(Bytes::new()).unwrap()
    }

    fn allowed(urls: &[&str]) -> Vec<Origin> {
        urls.iter()
            .map(|u| Url::parse(u).unwrap().origin())
            .collect()
    }

    /// Redirects every request to `location` until `hops` are used, then answers 200.
    fn redirecting(location: &str, hops: u32) -> ScriptedTransport {
        let location = location.to_owned();
        let hops = Cell::new(hops);
        ScriptedTransport::by_request(move |_| {
            if hops.get() == 0 {
                return Answer::http(200, "");
            }
            hops.set(hops.get() - 1);
            Answer::http(302, "").header(http::header::LOCATION.as_str(), &location)
        })
    }

    fn authorized_get(url: &str) -> UpstreamRequest {
        http::Request::get(url)
            .header(http::header::AUTHORIZATION, "Bearer secret")
            .body(Bytes::new())
            .unwrap()
    }

    /// Each request's URL and Authorization header, in order.
    fn seen_by(transport: &ScriptedTransport) -> Vec<(String, Option<String>)> {
        transport
            .sent()
            .iter()
            .map(|request| {
                let auth = request
                    .headers()
                    .get(http::header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap().to_owned());
                (request.uri().to_string(), auth)
            })
            .collect()
    }

    #[tokio::test]
    async fn a_redirect_to_a_host_off_the_list_is_refused_before_it_is_followed() {
        let transport = AllowListed::new(
            redirecting("https://evil.example/steal", 1),
            allowed(&["https://graph.example/"]),
        );
        let err = transport
            .send(authorized_get("https://graph.example/v1.0/me"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, TransportError::HostNotAllowed { ref origin } if origin == "https://evil.example"),
            "{err:?}"
        );
        assert_eq!(transport.inner.calls(), 1, "evil.example never reached");
    }

    #[tokio::test]
    async fn allowed_redirects_are_followed_and_drop_the_token_across_origins() {
        let transport = AllowListed::new(
            redirecting("/v1.0/me/moved", 1),
            allowed(&["https://graph.example/"]),
        );
        let response = transport
            .send(authorized_get("https://graph.example/v1.0/me"))
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let seen = seen_by(&transport.inner);
        assert_eq!(seen[1].0, "https://graph.example/v1.0/me/moved");
        assert_eq!(
            seen[1].1.as_deref(),
            Some("Bearer secret"),
            "same origin keeps it"
        );

        let transport = AllowListed::new(
            redirecting("https://files.example/blob", 1),
            allowed(&["https://graph.example/", "https://files.example/"]),
        );
        transport
            .send(authorized_get("https://graph.example/v1.0/me"))
            .await
            .unwrap();
        assert_eq!(
            seen_by(&transport.inner)[1].1,
            None,
            "another origin never gets it"
        );
    }

    #[tokio::test]
    async fn redirect_loops_stop_and_writes_are_not_followed() {
        let transport = AllowListed::new(
            redirecting("https://graph.example/again", 100),
            allowed(&["https://graph.example/"]),
        );
        assert!(transport.send(get("https://graph.example/")).await.is_err());
        assert_eq!(transport.inner.calls() as usize, MAX_REDIRECTS + 1);

        let transport = AllowListed::new(
            redirecting("https://graph.example/elsewhere", 1),
            allowed(&["https://graph.example/"]),
        );
        let post = http::Request::post("https://graph.example/x")
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        assert_eq!(transport.send(post).await.unwrap().status(), 302);
        assert_eq!(transport.inner.calls(), 1);
    }

    #[tokio::test]
    async fn allowed_origin_passes_through() {
        let transport = AllowListed::new(counting(), allowed(&["https://graph.example/"]));
        let response = transport.send(get("https://graph.example/v1.0/me")).await;
        assert_eq!(response.unwrap().status(), 204);
        assert_eq!(transport.inner.calls(), 1);
    }

    #[tokio::test]
    async fn other_hosts_ports_and_schemes_never_reach_the_network() {
        let transport = AllowListed::new(counting(), allowed(&["https://graph.example/"]));
        for url in [
            "https://evil.example/v1.0/me",
            "https://graph.example:8443/v1.0/me",
            "http://graph.example/v1.0/me",
            "https://graph.example.evil.example/",
        ] {
            let err = transport.send(get(url)).await.unwrap_err();
            assert!(
                matches!(err, TransportError::HostNotAllowed { .. }),
                "{url}"
            );
        }
        assert_eq!(transport.inner.calls(), 0);
    }

    #[test]
    fn crm_hosts_are_one_label_under_a_crm_suffix_over_https() {
        let suffixes = vec![
            ".crm.dynamics.com".to_owned(),
            ".crm4.dynamics.com".to_owned(),
        ];
        let url = |u: &str| url::Url::parse(u).unwrap();
        for ok in [
            "https://org1.crm.dynamics.com/api/data/v9.2/",
            "https://X.CRM4.dynamics.com/",
        ] {
            assert!(is_crm_host(&url(ok), &suffixes), "{ok}");
        }
        for refused in [
            "http://org1.crm.dynamics.com/",
            "https://crm.dynamics.com/",
            "https://a.b.crm.dynamics.com/",
            "https://org1.api.businesscentral.dynamics.com/",
            "https://crm.dynamics.com.evil.example/",
            "https://evilcrm.dynamics.com/",
            "https://127.0.0.1/",
        ] {
            assert!(!is_crm_host(&url(refused), &suffixes), "{refused}");
        }
    }

    #[tokio::test]
    async fn an_origin_allowed_later_is_reachable_and_only_that_one() {
        let transport = AllowListed::new(counting(), vec![]);
        assert!(
            transport
                .send(get("https://org1.crm.dynamics.com/"))
                .await
                .is_err()
        );
        transport.allow(
            url::Url::parse("https://org1.crm.dynamics.com/")
                .unwrap()
                .origin(),
        );
        assert!(
            transport
                .send(get("https://org1.crm.dynamics.com/x"))
                .await
                .is_ok()
        );
        assert!(
            transport
                .send(get("https://org2.crm.dynamics.com/"))
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn refusal_names_the_origin_not_the_path() {
        let transport = AllowListed::new(counting(), vec![]);
        let err = transport
            .send(get("https://x.example/secret/path?token=abc"))
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("https://x.example"));
        assert!(
            !text.contains("secret") && !text.contains("token"),
            "{text}"
        );
    }
}
