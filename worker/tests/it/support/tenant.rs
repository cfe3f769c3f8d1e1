//! The sandbox tenant as the integration tests reach it: Megan Bowen's Graph client (the token
//! the worker's on-behalf-of exchange would get), the production model client's configuration
//! for the sandbox model, and the sandbox's control endpoints (`/_sandbox/*`: faults, model
//! scripts) and request counters; and the Salesforce sign-in page's "Allow" as a browser
//! presses it.

use super::ReqwestTransport;
use closer_sandbox::Sandbox;
use closer_sandbox::authority::{GRAPH_RESOURCE, issue_downstream_token};
use closer_sandbox::demo::USERS;
use closer_sandbox::openai::{SANDBOX_LLM_KEY, SANDBOX_MODEL};
use closer_worker::graph::{GraphClient, MailboxLimiter};
use closer_worker::http::HttpTransport;
use closer_worker::llm::{LlmClient, LlmConfig, LlmFlavor};
use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;

/// Megan Bowen's place in the sandbox's demo users (and seeded mailboxes).
pub const MEGAN: usize = 0;

/// Megan's Graph client over the sandbox.
pub fn megan_graph(sandbox: &Sandbox) -> GraphClient<ReqwestTransport> {
    let megan = &USERS[MEGAN];
    GraphClient::new(
        ReqwestTransport::default(),
        Url::parse(&sandbox.urls().graph).unwrap(),
        SecretString::from(issue_downstream_token(
            sandbox.state(),
            megan.id,
            GRAPH_RESOURCE,
        )),
        MailboxLimiter::new().permits(megan.tenant_id, megan.id),
    )
}

/// The production model client's configuration for the sandbox's OpenAI-compatible model.
pub fn model_config(sandbox: &Sandbox) -> LlmConfig {
    LlmConfig::new(
        LlmFlavor::OpenAi,
        Url::parse(&sandbox.urls().llm).unwrap(),
        SANDBOX_MODEL,
    )
    .unwrap()
    .with_api_key(SecretString::from(SANDBOX_LLM_KEY))
}

/// The production model client over `transport`, talking to the sandbox model.
pub fn model<T: HttpTransport>(sandbox: &Sandbox, transport: T) -> LlmClient<T> {
    LlmClient::new(transport, model_config(sandbox))
}

/// Posts `body` to the sandbox's control endpoint `/_sandbox/{path}`; panics unless it is taken.
pub async fn control(sandbox: &Sandbox, path: &str, body: Value) {
    reqwest::Client::new()
        .post(format!("{}/_sandbox/{path}", sandbox.urls().origin))
        .json(&body)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

/// Queues the sandbox model's next answer, verbatim.
pub async fn script_answer(sandbox: &Sandbox, answer: Value) {
    control(
        sandbox,
        "llm/script",
        json!({ "completions": [answer.to_string()] }),
    )
    .await;
}

/// How many requests the sandbox's Graph has answered so far.
pub fn graph_requests(sandbox: &Sandbox) -> u32 {
    let state = sandbox.state().lock();
    state
        .request_counts
        .get("/graph/v1.0")
        .copied()
        .unwrap_or(0)
}

/// Presses "Allow" as the CRM user `crm_user` on the sandbox's Salesforce authorize page for
/// `authorize_url`; the query Salesforce sends the browser back with (`code`, `state`, or
/// `error`), and where to.
pub async fn salesforce_allows(
    sandbox: &Sandbox,
    authorize_url: &str,
    crm_user: &str,
) -> (Url, std::collections::HashMap<String, String>) {
    let authorize = Url::parse(authorize_url).unwrap();
    let mut form: Vec<(String, String)> = authorize.query_pairs().into_owned().collect();
    form.push(("user".into(), crm_user.into()));
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!(
            "{}/salesforce/services/oauth2/authorize",
            sandbox.urls().origin
        ))
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = Url::parse(redirect.headers()["location"].to_str().unwrap()).unwrap();
    let query = location.query_pairs().into_owned().collect();
    (location, query)
}
