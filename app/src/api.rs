//! The pane's client of the worker's `/api/*` routes, and the one place that decodes failures
//! into [`AppError`]. It knows nothing of contexts or components: [`unauthorized`] holds the
//! calls anyone may make, [`AuthorizedApi`] the calls made with a signed-in user's token. The
//! session (`contexts::session`) owns the authorized client and the rule that a refused token
//! ends the session.

mod authorized;
pub(crate) mod json;
mod unauthorized;

pub use authorized::{AuthorizedApi, EditResult};
pub use unauthorized::{auth_config, health, redeem_code};

use crate::error::{AppError, BrowserGap};
use closer_wire::ApiError;
use gloo_net::http::{RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `value` as JSON text, written by the pane's own writer ([`json`]): the pane carries no
/// JSON codec of serde's ecosystem (serde_json, then serde-wasm-bindgen, were each tens of KB of
/// its first module; issue 16).
fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    json::to_text(value).map_err(|_| AppError::Browser(BrowserGap::RequestNotEncoded))
}

/// JSON text as `T`; `None` when it is not JSON or not a `T`. The browser parses the text
/// (`JSON.parse`) and [`json::from_value`] reads the result; natively (the unit tests)
/// serde_json parses it and the same reader reads it.
#[cfg(target_family = "wasm")]
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    json::from_value(js_sys::JSON::parse(text).ok()?).ok()
}

#[cfg(not(target_family = "wasm"))]
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    json::from_value(serde_json::from_str::<serde_json::Value>(text).ok()?).ok()
}

/// The JSON body of `response` as `T`; `None` when it is not JSON or not a `T`.
async fn from_json<T: DeserializeOwned>(response: &Response) -> Option<T> {
    parse_json(&response.text().await.ok()?)
}

/// Sends `request` with `body` as JSON. An answer, whatever its status, is a response; only a
/// worker out of reach is [`AppError::Network`].
async fn send<B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
) -> Result<Response, AppError> {
    let sent = match body {
        Some(body) => {
            let text = to_json(body)?;
            match request
                .header("Content-Type", "application/json")
                .body(text)
            {
                Ok(request) => request.send().await,
                Err(_) => return Err(AppError::Browser(BrowserGap::RequestNotEncoded)),
            }
        }
        None => request.send().await,
    };
    sent.map_err(|_| AppError::Network)
}

/// The body of a 2xx answer as `T`; otherwise the worker's typed error.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, AppError> {
    let status = response.status();
    if response.ok() {
        return from_json::<T>(&response)
            .await
            .ok_or(AppError::Unexpected { status });
    }
    Err(decode_failure(response).await)
}

/// The worker's typed error body of a non-2xx answer, or [`AppError::Unexpected`].
async fn decode_failure(response: Response) -> AppError {
    let status = response.status();
    match from_json::<ApiError>(&response).await {
        Some(error) => AppError::Api(error),
        None => AppError::Unexpected { status },
    }
}
