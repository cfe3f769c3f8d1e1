//! `GET /api/health` (anyone): whether Closer is up, and its version ([`HealthStatus`]).
//! `GET /api/admin/health` (admins): how it is wired and whether each upstream answers
//! ([`Health`]).

use serde::{Deserialize, Serialize};

/// `GET /api/health`: what an anonymous caller learns. No URLs, no reasons: those are for
/// admins ([`Health`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthStatus {
    /// `ok` when every configured upstream answered its last probe, else `degraded`.
    pub status: String,
    /// The worker's build version (the crate version).
    pub version: String,
}

/// The worker's self-report, for admins. Carries base URLs only, never a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// The worker's build version (the crate version).
    pub version: String,
    /// A value read from Closer's D1 store: proves the data layer is wired.
    pub store_schema: String,
    /// One entry per configured upstream.
    pub upstreams: Vec<UpstreamCheck>,
}

/// Which upstream a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpstreamKind {
    /// The Entra (or sandbox) authority that issues and signs tokens.
    Identity,
    /// Microsoft Graph.
    Graph,
    /// The CRM (Dataverse or Salesforce).
    Crm,
    /// The OpenAI-compatible model endpoint.
    Llm,
}

/// One upstream's configured base URL and whether it answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpstreamCheck {
    /// Which upstream.
    pub kind: UpstreamKind,
    /// Its configured base URL (no credentials are ever part of it).
    pub base_url: String,
    /// Whether it answered the probe.
    pub status: UpstreamStatus,
}

/// The outcome of probing one upstream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpstreamStatus {
    /// It answered with an HTTP status (any status: the probe checks reachability, not auth).
    Reachable {
        /// The status of the probe's response.
        http_status: u16,
    },
    /// It did not answer usefully; a readable reason.
    Unreachable {
        /// Why, in words a person can act on.
        reason: String,
    },
    /// Configuration names no base URL for it.
    NotConfigured,
}
