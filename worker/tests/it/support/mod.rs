//! Test support shared by the worker's integration tests: the native [`HttpTransport`] over
//! reqwest (the edge uses `worker::Fetch`; connectors cannot tell the difference), and a
//! running sandbox per test; Closer's store SQL on SQLite ([`sqlite`]), as D1 runs it; and
//! the sandbox tenant's clients and control endpoints ([`tenant`]).

pub mod sqlite;
pub mod tenant;

use closer_worker::http::{
    HttpTransport, TransportError, UpstreamRequest, UpstreamResponse, origin_of,
};
use std::time::Duration;

/// reqwest behind the transport trait, with a per-call timeout like the edge's.
pub struct ReqwestTransport {
    client: reqwest::Client,
    timeout: Duration,
}

impl ReqwestTransport {
    /// A transport whose every call times out after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self {
            // As the edge's `redirect: manual`: redirects are `AllowListed`'s to follow.
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a reqwest client"),
            timeout,
        }
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new(Duration::from_secs(5))
    }
}

impl HttpTransport for ReqwestTransport {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let origin = origin_of(request.uri())?.ascii_serialization();
        let (parts, body) = request.into_parts();
        let call = self
            .client
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(body)
            .send();
        let exchange = async {
            let response = call.await?;
            let status = response.status();
            let headers = response.headers().clone();
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        };
        let (status, headers, body) = match tokio::time::timeout(self.timeout, exchange).await {
            Err(_) => {
                return Err(TransportError::Timeout {
                    origin,
                    timeout_ms: self.timeout.as_millis() as u64,
                });
            }
            Ok(Err(err)) => {
                return Err(TransportError::Connect {
                    origin,
                    reason: err.to_string(),
                });
            }
            Ok(Ok(parts)) => parts,
        };
        let mut response = http::Response::builder().status(status);
        *response.headers_mut().expect("fresh builder") = headers;
        Ok(response.body(body).expect("valid parts"))
    }
}

/// The real transport, remembering every request body it sent: what a model was given, for
/// the prompt-injection and grounding suites.
#[derive(Default)]
pub struct Capturing {
    inner: ReqwestTransport,
    /// The bodies sent, in order.
    pub bodies: std::cell::RefCell<Vec<String>>,
}

impl HttpTransport for Capturing {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        self.bodies
            .borrow_mut()
            .push(String::from_utf8_lossy(request.body()).into_owned());
        self.inner.send(request).await
    }
}
