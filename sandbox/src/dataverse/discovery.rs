//! The Global Discovery Service at `/globaldisco/api/discovery/v2.0/Instances`: the orgs the
//! signed-in user is a member of, with `Url`/`ApiUrl` pointing at this sandbox's orgs
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/discover-url-organization-web-api).
//! Tokens must be for the discovery resource, as in the cloud. Query options are not emulated
//! and are refused.

use super::{Ctx, dataverse_error};
use crate::authority::bearer_user;
use crate::demo;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The resource discovery tokens are issued for.
pub const DISCOVERY_RESOURCE: &str = "https://globaldisco.crm.dynamics.com";

/// `GET Instances`.
pub(crate) async fn instances(State(ctx): State<Ctx>, headers: HeaderMap, uri: Uri) -> Response {
    let Ok(user) = bearer_user(&ctx.state, &headers, DISCOVERY_RESOURCE) else {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    };
    if uri.query().is_some_and(|query| !query.is_empty()) {
        return dataverse_error(
            StatusCode::BAD_REQUEST,
            "0x80060888",
            "The sandbox's Global Discovery does not emulate query options.",
        );
    }
    let state = ctx.state.lock();
    let tenant = demo::user(user.id).map(|user| user.tenant_id);
    let value: Vec<Value> = state
        .dataverse
        .orgs
        .values()
        .filter(|org| org.systemuser_for(user.id).is_some())
        .map(|org| {
            let url = format!("{}/dataverse/{}", ctx.urls.origin, org.unique_name);
            json!({
                "Id": org.id,
                "UniqueName": org.unique_name,
                "UrlName": org.unique_name,
                "FriendlyName": org.friendly_name,
                "State": 0,
                "Version": "9.2.25113.00175",
                "Url": url,
                "ApiUrl": url,
                "LastUpdated": "2026-11-01T00:00:00Z",
                "TenantId": tenant,
                "Region": "NA",
            })
        })
        .collect();
    (
        [(
            header::CONTENT_TYPE,
            "application/json; odata.metadata=minimal",
        )],
        json!({ "value": value }).to_string(),
    )
        .into_response()
}
