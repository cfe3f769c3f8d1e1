//! Sign-in: what the pane needs to start a sign-in, and who it is signed in as.

use serde::{Deserialize, Serialize};

/// `GET /api/auth/config`: public facts for the browser sign-in (authorization code + PKCE).
/// Nothing here is secret; the Office hosts get their token through NAA/SSO instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthConfig {
    /// The authority base URL, e.g. `https://login.microsoftonline.com/`.
    pub authority_url: String,
    /// The tenant segment to sign in against (`organizations`, `common`, or a tenant id).
    pub tenant: String,
    /// Closer's client id.
    pub client_id: String,
    /// The scope to request: Closer's own API, never Graph.
    pub scope: String,
}

/// `GET /api/me`: the signed-in user as Microsoft Graph describes them (read through the
/// on-behalf-of exchange), and their tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    /// Display name.
    pub display_name: String,
    /// Primary email address.
    pub email: String,
    /// Job title, when set.
    pub job_title: Option<String>,
    /// Tenant (directory) id.
    pub tenant_id: String,
    /// The tenant's display name.
    pub tenant_name: String,
}
