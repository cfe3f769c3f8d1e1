//! The Entra-like authority: OpenID metadata for now (keys and tokens arrive with the identity
//! work). Paths follow `https://login.microsoftonline.com/{tenant}/v2.0/...`.

use crate::SandboxUrls;
use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub(crate) fn router(urls: SandboxUrls) -> Router {
    Router::new().route(
        "/{tenant}/v2.0/.well-known/openid-configuration",
        get(move |Path(tenant): Path<String>| async move { openid_configuration(&urls, &tenant) }),
    )
}

/// The documented shape of `/.well-known/openid-configuration` (only the fields clients use).
fn openid_configuration(urls: &SandboxUrls, tenant: &str) -> Json<Value> {
    let base = urls.authority.trim_end_matches('/');
    Json(json!({
        "issuer": format!("{base}/{{tenantid}}/v2.0"),
        "authorization_endpoint": format!("{base}/{tenant}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/{tenant}/oauth2/v2.0/token"),
        "jwks_uri": format!("{base}/{tenant}/discovery/v2.0/keys"),
        "response_types_supported": ["code"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}
