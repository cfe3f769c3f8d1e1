//! The sandbox's mutable state, shared by every route and resettable per test.
//!
//! One mutex around one struct: the sandbox serves a handful of requests at a time, and a
//! single lock keeps "what did the connector write" answers consistent.

use crate::faults::FaultRule;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

/// Shared handle to the state.
#[derive(Clone, Default)]
pub struct Shared(Arc<Mutex<State>>);

impl Shared {
    /// Locks the state (a poisoned lock is taken over: a panicking test must not wedge others).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// An access token the authority issued for a downstream resource (Graph, a CRM).
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The user it acts for.
    pub user_id: String,
    /// The resource it is for (`https://graph.microsoft.com`, ...).
    pub resource: String,
    /// Expiry, seconds since the epoch.
    pub expires_at: u64,
}

/// Everything a test may change or inspect.
#[derive(Default)]
pub struct State {
    /// Active fault rules, first match wins.
    pub faults: Vec<FaultRule>,
    /// Downstream access tokens by token value.
    pub issued: HashMap<String, IssuedToken>,
    /// Authorization codes awaiting redemption: code -> (user id, PKCE challenge, redirect).
    pub codes: HashMap<String, PendingCode>,
    /// When set, the on-behalf-of grant answers `interaction_required` with this claims value.
    pub obo_interaction_required: Option<String>,
    /// Sign with the rotated key (key 2) instead of key 1; both are published after rotation.
    pub rotated: bool,
    /// Publish every key with this fixed `issuer` instead of the `{tenantid}` template, as
    /// Entra does for keys that sign for one tenant only (tests of the key-issuer check).
    pub key_issuer: Option<String>,
    /// Lifetime of user tokens the authority issues, in seconds.
    pub token_lifetime_secs: Option<u64>,
    /// Scripted answers for the chat model, consumed in order before it falls back to its
    /// deterministic behaviour.
    pub scripted_completions: VecDeque<String>,
    /// Tenants whose admin turned off Graph API access to meeting transcripts
    /// (`POST /_sandbox/graph/transcripts-disabled`): every transcript route answers 403.
    pub transcripts_disabled_tenants: std::collections::HashSet<String>,
    /// Model traits forced by `POST /_sandbox/llm/mode`, added to those the model name implies.
    pub llm_traits: crate::openai::traits::ModelTraits,
    /// The most recent chat requests the model answered, oldest first (at most
    /// `openai::traits::MAX_RECORDED`).
    pub llm_requests: Vec<crate::openai::traits::RecordedChat>,
    /// How many OBO exchanges the authority performed (the worker must cache them).
    pub obo_exchanges: u32,
    /// How many requests each route prefix served (for request-count assertions).
    pub request_counts: HashMap<String, u32>,
    /// The Dataverse orgs' records (seeded on creation and on reset).
    pub dataverse: crate::dataverse::DataverseState,
    /// The Salesforce org's records (seeded on creation and on reset).
    pub salesforce: crate::salesforce::SalesforceState,
}

/// An authorization code waiting for the token endpoint.
#[derive(Debug, Clone)]
pub struct PendingCode {
    /// The user who signed in.
    pub user_id: String,
    /// The PKCE S256 challenge from the authorize request.
    pub code_challenge: String,
    /// The redirect URI it must be redeemed with.
    pub redirect_uri: String,
    /// The client it was issued to.
    pub client_id: String,
    /// The scope requested.
    pub scope: String,
}

impl State {
    /// Back to the seeded state: no faults, no issued tokens, key 1.
    pub fn reset(&mut self) {
        *self = State::default();
    }
}
