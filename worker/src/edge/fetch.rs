//! `worker::Fetch` behind the transport trait, with a timeout on every call.

use super::OBO;
use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse, origin_of};
use bytes::Bytes;
use futures::future::{Either, select};
use std::time::Duration;
use worker::{AbortController, Delay, Fetch, Headers, Method, RequestInit};

/// `worker::Fetch` with a timeout on every call.
pub struct FetchTransport {
    pub(super) timeout: Duration,
}

impl HttpTransport for FetchTransport {
    async fn send(&self, request: UpstreamRequest) -> Result<UpstreamResponse, TransportError> {
        let origin = origin_of(request.uri())?.ascii_serialization();
        let connect = |err: worker::Error| TransportError::Connect {
            origin: origin.clone(),
            reason: err.to_string(),
        };
        let (parts, body) = request.into_parts();
        // Kept to forget an on-behalf-of token the downstream refuses (below).
        let bearer = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_owned);
        let headers = Headers::new();
        for (name, value) in &parts.headers {
            let value = value.to_str().map_err(|_| TransportError::InvalidRequest {
                reason: format!("header {name} is not visible ASCII"),
            })?;
            headers.append(name.as_str(), value).map_err(connect)?;
        }
        let mut init = RequestInit::new();
        init.with_method(Method::from(parts.method.as_str().to_owned()))
            .with_headers(headers)
            // Redirects are followed by `http::AllowListed`, each hop checked.
            .with_redirect(worker::RequestRedirect::Manual);
        if !body.is_empty() {
            init.with_body(Some(js_sys::Uint8Array::from(body.as_ref()).into()));
        }
        let request =
            worker::Request::new_with_init(&parts.uri.to_string(), &init).map_err(connect)?;

        let controller = AbortController::default();
        let signal = controller.signal();
        let exchange = async {
            let fetch = Fetch::Request(request);
            let mut response = fetch.send_with_signal(&signal).await?;
            let body = response.bytes().await?;
            Ok::<_, worker::Error>((response.status_code(), response.headers().clone(), body))
        };
        let deadline = Delay::from(self.timeout);
        futures::pin_mut!(exchange, deadline);
        let (status, response_headers, body) = match select(exchange, deadline).await {
            Either::Left((result, _)) => result.map_err(connect)?,
            Either::Right(((), _)) => {
                controller.abort();
                return Err(TransportError::Timeout {
                    origin,
                    timeout_ms: self.timeout.as_millis() as u64,
                });
            }
        };
        if status == 401
            && let Some(bearer) = &bearer
        {
            // Revoked, or its session ended before its expiry: exchange again next time.
            OBO.with(|cache| cache.forget_token(bearer));
        }
        let mut builder = http::Response::builder().status(status);
        for (name, value) in response_headers.entries() {
            builder = builder.header(name, value);
        }
        builder
            .body(Bytes::from(body))
            .map_err(|e| TransportError::Connect {
                origin,
                reason: format!("unreadable response head: {e}"),
            })
    }
}
