//! The grounded-AI figures, on the real stack (wrangler dev + sandbox, sandbox model):
//! - `prompt_tokens_long_thread`: the whole prompt the worker sent for the 23-message Contoso
//!   negotiation's summary (instructions, CRM context and prepared thread, as the sandbox model
//!   recorded it), counted with the real `o200k_base` tokenizer ([`super::tokens`]); beside it,
//!   what preparation cut: the thread's raw message bodies (as Graph serves them) in tokens and
//!   characters against the prepared thread, and the messages left out;
//! - `citations_verified_pct`, `citations_precision_pct`, `citations_recall_pct`: the sandbox
//!   model runs in its imperfect mode (paraphrasing, misattributing and inventing a known share
//!   of its quotes, and recording which), and the worker's verifier is scored against that
//!   truth over Megan's demo threads.

use super::tokens::{Scores, Tokenizer, scores};
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::authority::{GRAPH_RESOURCE, issue_downstream_token};
use closer_sandbox::demo::USERS;
use closer_sandbox::openai::traits::{ModelTraits, RecordedChat};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The long thread's subject.
const NEGOTIATION: &str = "Northwind Fulfillment Cloud – proposal for Contoso";

/// The measured figures.
pub struct Grounding {
    /// Real-tokenizer tokens of the whole summary prompt of the long thread.
    pub long_thread_tokens: usize,
    /// What preparation did to the long thread.
    pub preparation: Preparation,
    /// Verified share of claimed citations, in percent.
    pub verified_pct: f64,
    /// The verifier against the model's known truth.
    pub scores: Scores,
    /// Citations claimed, and how many of them were faithful.
    pub claimed: u64,
    /// Faithful citations among them.
    pub faithful: u64,
    /// Threads summarised.
    pub threads: usize,
}

/// The long thread before and after preparation.
#[derive(Debug, Default)]
pub struct Preparation {
    /// Tokens of the raw message bodies, concatenated.
    pub raw_tokens: usize,
    /// Characters of the raw message bodies.
    pub raw_chars: usize,
    /// Tokens of the prepared thread as the prompt carries it.
    pub prepared_tokens: usize,
    /// Characters of the prepared thread.
    pub prepared_chars: usize,
    /// Tokens of the rest of the prompt (instructions, CRM context, framing).
    pub other_tokens: usize,
    /// Messages in the prompt.
    pub messages_used: u64,
    /// Messages left out for the budget.
    pub messages_cut: u64,
}

/// Summarises every demo thread of Megan's inbox through `/api/ai/summary`.
pub async fn measure() -> anyhow::Result<Grounding> {
    let tokenizer = Tokenizer::o200k()?;
    let stack = Stack::start(StackOptions::default()).await?;
    let origin = stack.sandbox.urls().origin;
    let http = reqwest::Client::new();
    http.post(format!("{origin}/_sandbox/llm/mode"))
        .json(&ModelTraits {
            imperfect_citations: true,
            ..ModelTraits::default()
        })
        .send()
        .await?
        .error_for_status()?;
    let token = &super::sandbox_token(&stack, USERS[0].id).await?;
    let inbox: Vec<Value> = http
        .get(format!("{}/api/mail/inbox", stack.url))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut seen = BTreeSet::new();
    let (mut kept_total, mut dropped_total) = (0u64, 0u64);
    let (mut true_pos, mut false_pos, mut false_neg) = (0u64, 0u64, 0u64);
    let (mut claimed, mut faithful_total) = (0u64, 0u64);
    let mut long_thread: Option<(usize, Preparation)> = None;
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
        let recorded = last_chat(&stack)?;
        let kept = kept_quotes(&summary);
        kept_total += kept.len() as u64;
        dropped_total += summary["citations_dropped"].as_u64().unwrap_or(0);
        let faithful: BTreeSet<&str> = recorded
            .citations
            .iter()
            .filter(|c| c.faithful)
            .map(|c| c.quote.as_str())
            .collect();
        let unfaithful: BTreeSet<&str> = recorded
            .citations
            .iter()
            .filter(|c| !c.faithful && !faithful.contains(c.quote.as_str()))
            .map(|c| c.quote.as_str())
            .collect();
        claimed += recorded.citations.len() as u64;
        faithful_total += recorded.citations.iter().filter(|c| c.faithful).count() as u64;
        true_pos += kept
            .iter()
            .filter(|q| faithful.contains(q.as_str()))
            .count() as u64;
        false_pos += kept
            .iter()
            .filter(|q| unfaithful.contains(q.as_str()))
            .count() as u64;
        false_neg += faithful.iter().filter(|q| !kept.contains(**q)).count() as u64;
        if subject.trim_start_matches("RE: ") == NEGOTIATION {
            let raw = raw_bodies(&stack, &http, conversation).await?;
            long_thread = Some(prepared(&tokenizer, &recorded, &raw, &summary));
        }
    }
    let (long_thread_tokens, preparation) =
        long_thread.ok_or_else(|| anyhow::anyhow!("the negotiation was not summarised"))?;
    anyhow::ensure!(kept_total + dropped_total > 0, "no citations were claimed");
    Ok(Grounding {
        long_thread_tokens,
        preparation,
        verified_pct: 100.0 * kept_total as f64 / (kept_total + dropped_total) as f64,
        scores: scores(true_pos, false_pos, false_neg),
        claimed,
        faithful: faithful_total,
        threads: seen.len(),
    })
}

/// The model request the last summary made, as the sandbox model recorded it.
fn last_chat(stack: &Stack) -> anyhow::Result<RecordedChat> {
    stack
        .sandbox
        .state()
        .lock()
        .llm_requests
        .last()
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the sandbox model recorded no request"))
}

/// The quotes of every citation the worker kept (points and facts).
fn kept_quotes(summary: &Value) -> BTreeSet<String> {
    ["points", "facts"]
        .iter()
        .flat_map(|list| summary[*list].as_array().cloned().unwrap_or_default())
        .flat_map(|entry| entry["citations"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["quote"].as_str().map(str::to_owned))
        .collect()
}

/// The conversation's message bodies as Graph serves them (text, quoted history, signatures
/// and all): what the prompt would carry without preparation.
async fn raw_bodies(
    stack: &Stack,
    http: &reqwest::Client,
    conversation: &str,
) -> anyhow::Result<String> {
    let graph_token = issue_downstream_token(stack.sandbox.state(), USERS[0].id, GRAPH_RESOURCE);
    let page: Value = http
        .get(format!("{}me/messages", stack.sandbox.urls().graph))
        .bearer_auth(graph_token)
        .header("prefer", "outlook.body-content-type=\"text\"")
        .query(&[
            ("$filter", format!("conversationId eq '{conversation}'")),
            ("$select", "body".to_owned()),
            ("$top", "50".to_owned()),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(page["value"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["body"]["content"].as_str())
        .collect::<Vec<_>>()
        .join("\n\n"))
}

/// The long thread's prompt in real tokens, and what preparation cut from its raw bodies.
fn prepared(
    tokenizer: &Tokenizer,
    recorded: &RecordedChat,
    raw: &str,
    summary: &Value,
) -> (usize, Preparation) {
    let whole = tokenizer.chat(
        recorded
            .messages
            .iter()
            .map(|(role, content)| (role.as_str(), content.as_str())),
    );
    // The prepared thread is the `<thread>…</thread>` part of the prompt.
    let thread: String = recorded
        .messages
        .iter()
        .filter(|(role, _)| role == "user")
        .filter_map(|(_, content)| {
            // The block's own opening line (the instructions mention the tag inline).
            let start = content.find("<thread>\n")?;
            let end = content.rfind("</thread>").map_or(content.len(), |e| e + 9);
            Some(content[start..end].to_owned())
        })
        .collect();
    let prepared_tokens = tokenizer.text(&thread);
    (
        whole,
        Preparation {
            raw_tokens: tokenizer.text(raw),
            raw_chars: raw.chars().count(),
            prepared_tokens,
            prepared_chars: thread.chars().count(),
            other_tokens: whole.saturating_sub(prepared_tokens),
            messages_used: summary["messages_used"].as_u64().unwrap_or(0),
            messages_cut: summary["messages_cut"].as_u64().unwrap_or(0),
        },
    )
}
