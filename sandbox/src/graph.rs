//! Microsoft Graph v1.0 over the seeded demo mailboxes, calendars and Teams meetings, at the
//! paths of `https://graph.microsoft.com/v1.0` (nested at `/graph/v1.0`).
//!
//! Every request is authenticated with a Graph token the sandbox authority issued and served
//! from that user's mailbox only: another user's ids are 404, exactly as `/me` scopes them in
//! Graph. Behaves like Graph where connectors depend on it: `$select`, `$top` with
//! `@odata.nextLink`, `Prefer: outlook.body-content-type="text"` with `Preference-Applied`,
//! `$filter=conversationId eq '…'` and its `InefficientFilter` refusal when combined with
//! `$orderby`, Graph-shaped errors. What it does not emulate it refuses with a 400 that says so,
//! rather than answering something Graph would not. Seed data lives in [`seed`]; this module
//! owns routing, authentication and the error shape. It never changes the seed.

#![allow(
    clippy::result_large_err,
    reason = "handlers' early returns are Graph-shaped axum Responses, as in `authority`; the sandbox is not a hot path"
)]

mod calendar;
mod clock;
mod compose;
mod directory;
mod html;
mod ids;
mod mail;
mod meetings;
mod odata;
pub mod seed;

use crate::SandboxUrls;
use crate::authority::{GRAPH_RESOURCE, bearer_user};
use crate::demo::DemoUser;
use crate::state::Shared;
pub(crate) use crate::web::percent_encode;
use axum::Router;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// What every Graph handler gets: the shared state (issued tokens) and the sandbox's URLs.
#[derive(Clone)]
pub(crate) struct Ctx {
    state: Shared,
    urls: SandboxUrls,
}

pub(crate) fn router(state: Shared, urls: SandboxUrls) -> Router {
    Router::new()
        .route("/me", get(directory::me))
        .route("/organization", get(directory::organization))
        .route("/me/messages", get(mail::list_all))
        .route("/me/messages/{id}", get(mail::get_one))
        .route("/me/mailFolders/{folder}/messages", get(mail::list_folder))
        .route("/me/translateExchangeIds", post(ids::translate_ids))
        .route("/me/events", get(calendar::list_events))
        .route("/me/events/{id}", get(calendar::event))
        .route("/me/events/{id}/instances", get(calendar::event_instances))
        .route("/me/calendarView", get(calendar::calendar_view))
        .route("/me/calendar/getSchedule", post(calendar::get_schedule))
        .route("/me/mailboxSettings", get(calendar::mailbox_settings))
        .route("/chats/{id}", get(meetings::chat))
        .route("/me/onlineMeetings", get(meetings::find))
        .route("/me/onlineMeetings/{id}", get(meetings::get_one))
        .route(
            "/me/onlineMeetings/{id}/transcripts",
            get(meetings::transcripts),
        )
        .route(
            "/me/onlineMeetings/{id}/transcripts/{transcript}",
            get(meetings::transcript),
        )
        .route(
            "/me/onlineMeetings/{id}/transcripts/{transcript}/content",
            get(meetings::content),
        )
        .fallback(unknown_segment)
        .with_state(Ctx { state, urls })
}

/// An authenticated Graph call: who is calling, with which query options and preferences.
pub(crate) struct Call {
    user: &'static DemoUser,
    options: odata::Options,
    /// `outlook.body-content-type` asked for `text`.
    wants_text: bool,
    /// `outlook.timezone="UTC"` asked for (the only zone the sandbox converts to).
    wants_utc: bool,
    /// This request's URL without the query, for next links.
    self_url: String,
    /// The Graph base URL (`…/graph/v1.0/`), for `@odata.context`.
    base: String,
}

impl FromRequestParts<Ctx> for Call {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, ctx: &Ctx) -> Result<Self, Response> {
        let user = bearer_user(&ctx.state, &parts.headers, GRAPH_RESOURCE)?;
        let Query(pairs) =
            Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map_err(|_| {
                graph_error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    "The query string is malformed.",
                )
            })?;
        let prefer: Vec<(String, String)> = parts
            .headers
            .get_all("prefer")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|item| item.split_once('='))
            .map(|(key, value)| {
                (
                    key.trim().to_ascii_lowercase(),
                    value.trim().trim_matches('"').to_owned(),
                )
            })
            .collect();
        let preference = |name: &str| {
            prefer
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let base = ctx.urls.graph.clone();
        Ok(Call {
            user,
            options: odata::Options::parse(pairs)?,
            wants_text: preference("outlook.body-content-type")
                .is_some_and(|v| v.eq_ignore_ascii_case("text")),
            wants_utc: preference("outlook.timezone")
                .is_some_and(|v| v.eq_ignore_ascii_case("UTC")),
            self_url: format!("{}{}", base, parts.uri.path().trim_start_matches('/')),
            base,
        })
    }
}

impl Call {
    /// The caller's mailbox; every demo user has one.
    fn mailbox(&self) -> Result<&'static seed::Mailbox, Response> {
        seed::mailbox(self.user.id).ok_or_else(|| {
            graph_error(
                StatusCode::NOT_FOUND,
                "MailboxNotEnabledForRESTAPI",
                "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
            )
        })
    }

    /// `@odata.context` for a path under the caller's user.
    fn context(&self, tail: &str) -> String {
        format!("{}$metadata#users('{}'){tail}", self.base, self.user.id)
    }
}

/// A Graph error response: `{"error":{"code","message","innerError":{"date","request-id",
/// "client-request-id"}}}` (https://learn.microsoft.com/en-us/graph/errors).
pub(crate) fn graph_error(status: StatusCode, code: &str, message: &str) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let body = json!({ "error": {
        "code": code,
        "message": message,
        "innerError": {
            "date": clock::iso(now()),
            "request-id": request_id,
            "client-request-id": request_id,
        }
    }});
    (status, json_response(&body)).into_response()
}

/// A Graph JSON answer, with Graph's OData content type.
pub(crate) fn json_response(body: &Value) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        )],
        body.to_string(),
    )
        .into_response()
}

/// Adds `Preference-Applied` (Graph echoes the preferences it honoured).
pub(crate) fn with_preference(mut response: Response, applied: &[&str]) -> Response {
    if !applied.is_empty()
        && let Ok(value) = HeaderValue::from_str(&applied.join(", "))
    {
        response.headers_mut().insert("preference-applied", value);
    }
    response
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A stable GUID-shaped value derived from `seed` (FNV-1a), for ids Graph generates.
pub(crate) fn stable_guid(seed: &str) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in seed.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let hex = format!("{hash:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Graph answers an unknown path with 400 naming the first segment it could not resolve.
async fn unknown_segment(uri: axum::http::Uri) -> Response {
    let segment = uri
        .path()
        .trim_start_matches('/')
        .split('/')
        .find(|segment| !matches!(*segment, "me" | "chats" | "organization" | ""))
        .unwrap_or_default()
        .to_owned();
    graph_error(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        &format!("Resource not found for the segment '{segment}'."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_guids_are_stable_and_distinct() {
        assert_eq!(stable_guid("a"), stable_guid("a"));
        assert_ne!(stable_guid("a"), stable_guid("b"));
        assert_eq!(stable_guid("a").len(), 36);
    }
}
