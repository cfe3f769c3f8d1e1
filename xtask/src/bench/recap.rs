//! The meeting-recap figures, on the real stack (wrangler dev + sandbox, sandbox model), for
//! the hour-long, eight-speaker Contoso negotiation:
//! - `recap_ms`: the worker's time for `POST /api/ai/recap` without the model's: the request's
//!   wall time, less the union of the intervals the sandbox model spent answering the recap's
//!   parts (they run concurrently), as the model recorded them; median of several runs after a
//!   warm-up. What remains is the worker (sign-in checks, Graph reads of event, meeting,
//!   transcript list and WebVTT, parsing, splitting, verifying, merging) and the local hops.
//! - `recap_prompt_tokens`: real `o200k_base` tokens of every prompt the recap sent (all parts,
//!   instructions included), beside the worker's own estimate and the parts.
//! - `recap_citations_verified_pct` and `recap_citations_precision_pct`: with the sandbox model
//!   in its imperfect mode (every 3rd quote paraphrased, 5th misattributed, 7th invented, and
//!   recorded as such), the share of claimed citations the worker kept, and of those kept how
//!   many were faithful.

use super::tokens::Tokenizer;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_sandbox::graph::seed::CONTOSO_RENEWAL_SUBJECT;
use closer_sandbox::openai::traits::{ModelTraits, RecordedChat};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Instant;

const RUNS: usize = 5;

/// The measured figures.
pub struct RecapFigures {
    /// Median worker time without the model, in milliseconds.
    pub worker_ms: f64,
    /// Median wall time of the whole request.
    pub total_ms: f64,
    /// Real-tokenizer tokens of every prompt of one recap.
    pub prompt_tokens: usize,
    /// The worker's own estimate of the transcript's tokens.
    pub estimated_tokens: u64,
    /// Model calls (parts) of one recap.
    pub parts: u64,
    /// The transcript's length, in seconds.
    pub duration_seconds: u64,
    /// Kept share of claimed citations under the imperfect model, in percent.
    pub verified_pct: f64,
    /// Faithful share of kept citations, in percent.
    pub precision_pct: f64,
    /// Citations the imperfect model claimed, and how many were faithful.
    pub claimed: usize,
    /// Faithful claims.
    pub faithful: usize,
}

fn recorded(stack: &Stack) -> Vec<RecordedChat> {
    stack.sandbox.state().lock().llm_requests.clone()
}

/// The length of the union of `[start, start + took]` intervals.
fn union_ms(mut spans: Vec<(f64, f64)>) -> f64 {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut total = 0.0;
    let mut current: Option<(f64, f64)> = None;
    for (start, end) in spans {
        match current {
            Some((s, e)) if start <= e => current = Some((s, e.max(end))),
            Some((s, e)) => {
                total += e - s;
                current = Some((start, end));
            }
            None => current = Some((start, end)),
        }
    }
    total + current.map_or(0.0, |(s, e)| e - s)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Every quote the recap shows.
fn kept_quotes(recap: &Value) -> BTreeSet<String> {
    let mut quotes = BTreeSet::new();
    for list in [
        "summary",
        "action_items",
        "questions",
        "objections",
        "next_steps",
    ] {
        for entry in recap[list].as_array().cloned().unwrap_or_default() {
            for citation in entry["citations"].as_array().cloned().unwrap_or_default() {
                if let Some(quote) = citation["quote"].as_str() {
                    quotes.insert(quote.to_owned());
                }
            }
        }
    }
    quotes
}

/// Recaps the hour-long meeting through `/api/ai/recap`.
pub async fn measure() -> anyhow::Result<RecapFigures> {
    let tokenizer = Tokenizer::o200k()?;
    let stack = Stack::start(StackOptions::default()).await?;
    let origin = stack.sandbox.urls().origin;
    let http = reqwest::Client::new();
    let token = super::sandbox_token(&stack, USERS[0].id).await?;
    let events: Vec<Value> = serde_json::from_value(
        super::get_json(
            &stack,
            &token,
            "/api/mail/calendar?start=2026-11-16T00:00:00Z&end=2026-12-07T00:00:00Z",
        )
        .await?,
    )?;
    let event_id = events
        .iter()
        .find(|e| e["subject"] == CONTOSO_RENEWAL_SUBJECT)
        .and_then(|e| e["id"].as_str())
        .ok_or_else(|| anyhow::anyhow!("the hour-long meeting is not in Megan's calendar"))?
        .to_owned();
    let recap = async |http: &reqwest::Client| -> anyhow::Result<Value> {
        let answer: Value = http
            .post(format!("{}/api/ai/recap", stack.url))
            .bearer_auth(&token)
            .json(&json!({ "event_id": event_id }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        anyhow::ensure!(answer["state"] == "ready", "no recap: {answer}");
        Ok(answer)
    };
    // Warm-up: the isolate, the JWKS and the settings are read once.
    recap(&http).await?;
    let (mut worker, mut total) = (Vec::new(), Vec::new());
    let mut last = Value::Null;
    let mut last_chats = Vec::new();
    for _ in 0..RUNS {
        let before = recorded(&stack).len();
        let started = Instant::now();
        last = recap(&http).await?;
        let wall = started.elapsed().as_secs_f64() * 1000.0;
        let chats: Vec<RecordedChat> = recorded(&stack).into_iter().skip(before).collect();
        let model = union_ms(
            chats
                .iter()
                .map(|c| (c.received_at_ms, c.received_at_ms + c.took_ms))
                .collect(),
        );
        worker.push(wall - model);
        total.push(wall);
        last_chats = chats;
    }
    let prompt_tokens = last_chats
        .iter()
        .map(|chat| {
            tokenizer.chat(
                chat.messages
                    .iter()
                    .map(|(role, text)| (role.as_str(), text.as_str())),
            )
        })
        .sum();

    http.post(format!("{origin}/_sandbox/llm/mode"))
        .json(&ModelTraits {
            imperfect_citations: true,
            ..ModelTraits::default()
        })
        .send()
        .await?
        .error_for_status()?;
    let before = recorded(&stack).len();
    let imperfect = recap(&http).await?;
    let truth: Vec<_> = recorded(&stack)
        .into_iter()
        .skip(before)
        .flat_map(|chat| chat.citations)
        .collect();
    let kept = imperfect["citations_kept"].as_u64().unwrap_or(0);
    let dropped = imperfect["citations_dropped"].as_u64().unwrap_or(0);
    anyhow::ensure!(kept + dropped > 0, "the recap claimed no citations");
    let faithful: BTreeSet<&str> = truth
        .iter()
        .filter(|c| c.faithful)
        .map(|c| c.quote.as_str())
        .collect();
    let shown = kept_quotes(&imperfect);
    let shown_faithful = shown
        .iter()
        .filter(|q| faithful.contains(q.as_str()))
        .count();
    Ok(RecapFigures {
        worker_ms: median(worker),
        total_ms: median(total),
        prompt_tokens,
        estimated_tokens: last["prompt_tokens"].as_u64().unwrap_or(0),
        parts: last["parts"].as_u64().unwrap_or(0),
        duration_seconds: last["duration_seconds"].as_u64().unwrap_or(0),
        verified_pct: 100.0 * kept as f64 / (kept + dropped) as f64,
        precision_pct: if shown.is_empty() {
            0.0
        } else {
            100.0 * shown_faithful as f64 / shown.len() as f64
        },
        claimed: truth.len(),
        faithful: truth.iter().filter(|c| c.faithful).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::union_ms;

    #[test]
    fn overlapping_model_calls_count_once() {
        assert_eq!(union_ms(vec![(0.0, 10.0), (5.0, 20.0), (30.0, 35.0)]), 25.0);
        assert_eq!(union_ms(vec![]), 0.0);
    }
}
