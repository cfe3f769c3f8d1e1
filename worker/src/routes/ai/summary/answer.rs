//! The summary's structured output: the JSON schema the model must follow, and turning its
//! answer into verified points and facts. Citations name a message by its prompt reference
//! (`m3`); they are checked against that message's text ([`crate::ai::citations`]) and mapped
//! to Graph ids. A point or fact without a verified citation is not shown: an unsupported
//! statement is worse than none.

use crate::ai::citations::{self, Source, Verified};
use crate::ai::thread::PreparedThread;
use closer_wire::{Citation, FactKind, SalesFact, SummaryPoint};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Citations per point or fact at most.
pub const MAX_CITATIONS: u64 = 3;

/// The model's answer, as the schema shapes it.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelAnswer {
    /// The summary's points.
    pub points: Vec<ModelPoint>,
    /// Key sales facts by [`FactKind::key`].
    #[serde(default)]
    pub facts: BTreeMap<String, ModelFact>,
}

/// A point as the model wrote it.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelPoint {
    /// The statement.
    pub text: String,
    /// Claimed citations.
    #[serde(default)]
    pub citations: Vec<ModelCitation>,
}

/// A fact as the model wrote it.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelFact {
    /// The fact, or `null` when the thread does not mention it.
    pub value: Option<String>,
    /// Claimed citations.
    #[serde(default)]
    pub citations: Vec<ModelCitation>,
}

/// A citation as the model wrote it: the message's prompt reference and the quote.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelCitation {
    /// `m3`.
    #[serde(alias = "message", alias = "message_id")]
    pub r#ref: String,
    /// The exact words.
    pub quote: String,
}

/// The JSON schema of [`ModelAnswer`] (strict: every property required, nothing else allowed),
/// with at most `max_points` points.
pub fn schema(max_points: usize) -> Value {
    let facts: serde_json::Map<String, Value> = FactKind::ALL
        .iter()
        .map(|kind| (kind.key().to_owned(), json!({ "$ref": "#/$defs/fact" })))
        .collect();
    let fact_keys: Vec<&str> = FactKind::ALL.iter().map(|k| k.key()).collect();
    json!({
        "type": "object",
        "properties": {
            "points": {
                "type": "array",
                "minItems": 1,
                "maxItems": max_points,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": { "type": "string" },
                        "citations": { "$ref": "#/$defs/citations" }
                    },
                    "required": ["text", "citations"],
                    "additionalProperties": false
                }
            },
            "facts": {
                "type": "object",
                "properties": facts,
                "required": fact_keys,
                "additionalProperties": false
            }
        },
        "required": ["points", "facts"],
        "additionalProperties": false,
        "$defs": {
            "citations": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_CITATIONS,
                "items": {
                    "type": "object",
                    "properties": {
                        "ref": { "type": "string", "description": "the message ref, e.g. m3" },
                        "quote": { "type": "string", "description": "exact words of that message" }
                    },
                    "required": ["ref", "quote"],
                    "additionalProperties": false
                }
            },
            "fact": {
                "type": "object",
                "properties": {
                    "value": { "type": ["string", "null"] },
                    "citations": { "$ref": "#/$defs/citations" }
                },
                "required": ["value", "citations"],
                "additionalProperties": false
            }
        }
    })
}

/// Verified points and facts, and how many citations were dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grounded {
    /// Points with at least one verified citation.
    pub points: Vec<SummaryPoint>,
    /// Every fact kind, "not mentioned" unless a citation verified.
    pub facts: Vec<SalesFact>,
    /// Claimed citations that did not verify.
    pub dropped: u32,
}

/// Verifies `answer` against the prepared thread; at most `max_points` points are kept.
pub fn ground(answer: ModelAnswer, thread: &PreparedThread, max_points: usize) -> Grounded {
    let sources: Vec<Source> = thread
        .sources
        .iter()
        .map(|s| Source {
            id: &s.reference,
            author: s.sender(),
            text: &s.text,
        })
        .collect();
    let mut tally = Verified::default();
    let mut check = |claimed: Vec<ModelCitation>| -> Vec<Citation> {
        let claimed = claimed
            .into_iter()
            .take(MAX_CITATIONS as usize)
            .map(|c| Citation {
                message_id: c.r#ref,
                sender: String::new(),
                quote: c.quote,
            })
            .collect();
        let kept = tally.absorb(citations::verify(claimed, &sources));
        kept.into_iter()
            .map(|mut c| {
                // The pane and the CRM know messages by Graph id, not by prompt reference.
                if let Some(source) = thread.source(&c.message_id) {
                    c.message_id = source.id.clone();
                }
                c
            })
            .collect()
    };
    let mut points = Vec::new();
    for point in answer.points {
        let citations = check(point.citations);
        let text = point.text.trim().to_owned();
        if !citations.is_empty() && !text.is_empty() && points.len() < max_points {
            points.push(SummaryPoint { text, citations });
        }
    }
    let mut claimed_facts = answer.facts;
    let facts = FactKind::ALL
        .iter()
        .map(|&kind| {
            let claimed = claimed_facts.remove(kind.key());
            let (value, citations) = match claimed {
                Some(ModelFact {
                    value: Some(value),
                    citations,
                }) if !value.trim().is_empty() => (Some(value.trim().to_owned()), check(citations)),
                _ => (None, Vec::new()),
            };
            SalesFact {
                kind,
                value: value.filter(|_| !citations.is_empty()),
                citations,
            }
        })
        .collect();
    Grounded {
        points,
        facts,
        dropped: tally.dropped,
    }
}
