//! Salesforce REST emulation (filled in by the CRM work).

use crate::{SandboxUrls, state::Shared};
use axum::Router;

/// The Salesforce org's mutable records (seeded from `crm_seed`).
#[derive(Debug, Default)]
pub struct SalesforceState {}

pub(crate) fn router(state: Shared, _urls: SandboxUrls) -> Router {
    Router::new().with_state(state)
}
