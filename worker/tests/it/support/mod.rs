//! Test support shared by the worker's integration tests: the native [`HttpTransport`] over
//! reqwest (the edge uses `worker::Fetch`; connectors cannot tell the difference), and a
//! running sandbox per test; Closer's store SQL on SQLite ([`sqlite`]), as D1 runs it; the
//! create-only write's contract every store passes ([`create_only`]); and
//! the sandbox tenant's clients and control endpoints ([`tenant`]).

pub mod create_only;
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

/// One recorded request: the method, the URL and body percent-decoded (for matching), and the
/// body as sent.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub url: String,
    pub body: String,
    pub raw_body: String,
}

fn decoded(text: &str) -> String {
    url::form_urlencoded::parse(text.as_bytes())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The real transport, recording every request it sends: the pane's world counts CRM requests
/// with it, the AI suites read what a model was given. Clones share one log.
#[derive(Clone, Default)]
pub struct Recording {
    inner: std::rc::Rc<ReqwestTransport>,
    log: std::rc::Rc<std::cell::RefCell<Vec<Sent>>>,
}

impl Recording {
    /// The requests recorded since the last [`Recording::clear`].
    pub fn sent(&self) -> Vec<Sent> {
        self.log.borrow().clone()
    }

    /// The bodies sent, as sent, in order.
    pub fn bodies(&self) -> Vec<String> {
        self.log
            .borrow()
            .iter()
            .map(|s| s.raw_body.clone())
            .collect()
    }

    /// Forgets what was recorded.
    pub fn clear(&self) {
        self.log.borrow_mut().clear();
    }
}

impl HttpTransport for Recording {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let raw_body = String::from_utf8_lossy(request.body()).into_owned();
        self.log.borrow_mut().push(Sent {
            method: request.method().to_string(),
            url: decoded(&request.uri().to_string()),
            body: decoded(&raw_body),
            raw_body,
        });
        self.inner.send(request).await
    }
}

/// Waits with tokio's timer (the edge uses a JS timer).
pub struct TokioSleeper;

impl closer_worker::provider::Sleeper for TokioSleeper {
    async fn sleep(&self, duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }
}
