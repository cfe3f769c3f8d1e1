//! Dataverse Web API emulation (filled in by the CRM work).

use crate::{SandboxUrls, state::Shared};
use axum::Router;

/// The Dataverse orgs' mutable records (seeded from `crm_seed`).
#[derive(Debug, Default)]
pub struct DataverseState {}

pub(crate) fn router(state: Shared, _urls: SandboxUrls) -> Router {
    Router::new().with_state(state)
}

pub(crate) fn discovery_router(state: Shared, _urls: SandboxUrls) -> Router {
    Router::new().with_state(state)
}
