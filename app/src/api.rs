//! The pane's client of the worker's `/api/*` routes, and the one place that decodes failures
//! into [`AppError`]. It knows nothing of contexts or components: [`unauthorized`] holds the
//! calls anyone may make, [`AuthorizedApi`] the calls made with a signed-in user's token. The
//! session (`contexts::session`) owns the authorized client and the rule that a refused token
//! ends the session.

mod authorized;
mod unauthorized;

pub use authorized::{AuthorizedApi, EditResult};
pub use unauthorized::{auth_config, health, redeem_code};

use crate::error::{AppError, BrowserGap};
use closer_wire::ApiError;
use gloo_net::http::{RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `value` as JSON text. The browser writes and reads the pane's JSON (`JSON.stringify`,
/// `JSON.parse`), with serde-wasm-bindgen between its values and the wire types: the
/// pane carries no JSON codec of its own (serde_json was about a twentieth of its first
/// module; issue 16). `json_compatible` writes `None` as `null` and maps as objects, as
/// serde_json did, in the fields' declared order.
///
/// Natively (the pane's unit tests) there is no browser: serde_json stands in, writing the
/// same text.
#[cfg(target_family = "wasm")]
fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    let not_encoded = || AppError::Browser(BrowserGap::RequestNotEncoded);
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| not_encoded())?;
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(not_encoded)
}

#[cfg(not(target_family = "wasm"))]
fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|_| AppError::Browser(BrowserGap::RequestNotEncoded))
}

/// JSON text as `T`; `None` when it is not JSON or not a `T` (see [`to_json`]).
#[cfg(target_family = "wasm")]
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

#[cfg(not(target_family = "wasm"))]
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
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
