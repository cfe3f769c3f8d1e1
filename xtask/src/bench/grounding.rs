//! The grounded-AI figures, on the real stack (wrangler dev + sandbox, sandbox model):
//! - `prompt_tokens_long_thread`: the 23-message Contoso negotiation's thread as the summary
//!   prompt carries it after preparation (the worker's token estimate, reported in the answer);
//! - `citations_verified_pct`: of every citation the sandbox model claimed over Megan's demo
//!   threads, the share the worker verified against the message text and kept.

use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The long thread's subject.
const NEGOTIATION: &str = "Northwind Fulfillment Cloud – proposal for Contoso";

/// The measured figures.
pub struct Grounding {
    /// Prompt tokens of the long thread after preparation.
    pub long_thread_tokens: u64,
    /// Verified share of claimed citations, in percent.
    pub verified_pct: f64,
    /// Threads summarised.
    pub threads: usize,
}

/// Summarises every demo thread of Megan's inbox through `/api/ai/summary`.
pub async fn measure() -> anyhow::Result<Grounding> {
    let stack = Stack::start(StackOptions::default()).await?;
    let http = reqwest::Client::new();
    let minted: Value = http
        .post(format!(
            "{}/_sandbox/authority/token",
            stack.sandbox.urls().origin
        ))
        .json(&json!({ "user_id": USERS[0].id }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = minted["access_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("the sandbox minted no token"))?;
    let inbox: Vec<Value> = http
        .get(format!("{}/api/mail/inbox", stack.url))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut seen = BTreeSet::new();
    let (mut kept, mut dropped, mut long_thread_tokens) = (0u64, 0u64, 0u64);
    for item in &inbox {
        let subject = item["subject"].as_str().unwrap_or_default();
        let conversation = item["conversation_id"].as_str().unwrap_or(subject);
        if !seen.insert(conversation.to_owned()) {
            continue;
        }
        let summary: Value = http
            .post(format!("{}/api/ai/summary", stack.url))
            .bearer_auth(token)
            .json(&json!({ "message_id": item["id"] }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let cited = |list: &Value| -> u64 {
            list.as_array()
                .into_iter()
                .flatten()
                .map(|entry| entry["citations"].as_array().map_or(0, |c| c.len()) as u64)
                .sum()
        };
        kept += cited(&summary["points"]) + cited(&summary["facts"]);
        dropped += summary["citations_dropped"].as_u64().unwrap_or(0);
        if subject.trim_start_matches("RE: ") == NEGOTIATION {
            long_thread_tokens = summary["prompt_tokens"].as_u64().unwrap_or(0);
        }
    }
    anyhow::ensure!(long_thread_tokens > 0, "the negotiation was not summarised");
    anyhow::ensure!(kept + dropped > 0, "no citations were claimed");
    Ok(Grounding {
        long_thread_tokens,
        verified_pct: 100.0 * kept as f64 / (kept + dropped) as f64,
        threads: seen.len(),
    })
}
