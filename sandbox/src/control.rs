//! `/_sandbox/*`: the control API tests use. Reset, fault rules, authority switches, scripted
//! model answers, and request counts. Never part of any vendor protocol.

use crate::faults::FaultRule;
use crate::state::Shared;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub(crate) fn router(state: Shared) -> Router {
    Router::new()
        .route("/reset", post(reset))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/authority/rotate-keys", post(rotate_keys))
        .route("/authority/key-issuer", post(pin_key_issuer))
        .route(
            "/authority/interaction-required",
            post(require_interaction).delete(clear_interaction),
        )
        .route("/authority/token", post(crate::authority::mint_for_tests))
        .route("/llm/script", post(script_completions))
        .route("/llm/mode", post(set_llm_mode))
        .route("/graph/transcripts-disabled", post(disable_transcripts))
        .route("/llm/requests", get(llm_requests))
        .route("/counts", get(counts))
        .with_state(state)
}

async fn reset(State(state): State<Shared>) -> Json<Value> {
    state.lock().reset();
    Json(json!({ "reset": true }))
}

async fn add_fault(State(state): State<Shared>, Json(rule): Json<FaultRule>) -> Json<Value> {
    let mut state = state.lock();
    state.faults.push(rule);
    Json(json!({ "faults": state.faults.len() }))
}

async fn clear_faults(State(state): State<Shared>) -> Json<Value> {
    state.lock().faults.clear();
    Json(json!({ "faults": 0 }))
}

#[derive(Deserialize)]
struct KeyIssuer {
    issuer: String,
}

/// Publishes every signing key as one tenant's only (a fixed `issuer` in the JWKS).
async fn pin_key_issuer(State(state): State<Shared>, Json(body): Json<KeyIssuer>) -> Json<Value> {
    state.lock().key_issuer = Some(body.issuer.clone());
    Json(json!({ "issuer": body.issuer }))
}

async fn rotate_keys(State(state): State<Shared>) -> Json<Value> {
    state.lock().rotated = true;
    Json(json!({ "signing_kid": crate::authority::current_kid(&state) }))
}

#[derive(Deserialize)]
struct InteractionRequired {
    claims: String,
}

async fn require_interaction(
    State(state): State<Shared>,
    Json(body): Json<InteractionRequired>,
) -> Json<Value> {
    state.lock().obo_interaction_required = Some(body.claims);
    Json(json!({ "interaction_required": true }))
}

async fn clear_interaction(State(state): State<Shared>) -> Json<Value> {
    state.lock().obo_interaction_required = None;
    Json(json!({ "interaction_required": false }))
}

#[derive(Deserialize)]
struct Script {
    completions: Vec<String>,
}

async fn script_completions(State(state): State<Shared>, Json(body): Json<Script>) -> Json<Value> {
    let mut state = state.lock();
    state.scripted_completions.extend(body.completions);
    Json(json!({ "scripted": state.scripted_completions.len() }))
}

#[derive(Deserialize)]
struct TenantSwitch {
    tenant_id: String,
}

/// Turns off Graph API access to transcripts for a tenant, as its admin can.
async fn disable_transcripts(
    State(state): State<Shared>,
    Json(body): Json<TenantSwitch>,
) -> Json<Value> {
    let mut state = state.lock();
    state.transcripts_disabled_tenants.insert(body.tenant_id);
    Json(json!({ "transcripts_disabled": state.transcripts_disabled_tenants.len() }))
}

/// Forces model traits (reasoning, legacy schema, imperfect citations) whatever the model
/// name; `{}` clears them.
async fn set_llm_mode(
    State(state): State<Shared>,
    Json(traits): Json<crate::openai::traits::ModelTraits>,
) -> Json<Value> {
    state.lock().llm_traits = traits;
    Json(json!({ "mode": traits }))
}

/// The recorded chat requests: whole prompts and the citations' ground truth.
async fn llm_requests(State(state): State<Shared>) -> Json<Value> {
    Json(json!({ "requests": state.lock().llm_requests }))
}

async fn counts(State(state): State<Shared>) -> Json<Value> {
    let state = state.lock();
    Json(json!({
        "requests": state.request_counts,
        "obo_exchanges": state.obo_exchanges,
    }))
}
