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

/// Sends `request` with `body` as JSON. An answer, whatever its status, is a response; only a
/// worker out of reach is [`AppError::Network`].
async fn send<B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
) -> Result<Response, AppError> {
    let sent = match body {
        Some(body) => match request.json(body) {
            Ok(request) => request.send().await,
            Err(_) => return Err(AppError::Browser(BrowserGap::RequestNotEncoded)),
        },
        None => request.send().await,
    };
    sent.map_err(|_| AppError::Network)
}

/// The body of a 2xx answer as `T`; otherwise the worker's typed error.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, AppError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| AppError::Unexpected { status });
    }
    Err(decode_failure(response).await)
}

/// The worker's typed error body of a non-2xx answer, or [`AppError::Unexpected`].
async fn decode_failure(response: Response) -> AppError {
    let status = response.status();
    match response.json::<ApiError>().await {
        Ok(error) => AppError::Api(error),
        Err(_) => AppError::Unexpected { status },
    }
}
