//! `POST /api/ai/summary` and `POST /api/ai/summary/note`: a grounded summary of the open
//! message's thread, and saving it to the CRM as a note, once.
//!
//! The thread is read live from Graph (HTML, so hidden text can be dropped), prepared by
//! [`crate::ai::thread`] and sent as delimited DATA, with CRM context only for participants the
//! CRM knows ([`context`]). The model answers in a JSON schema ([`answer`]); every citation is
//! verified against the text the model saw, unsupported points and facts are dropped, an answer
//! that repeats the system prompt is refused, and tracker keywords are matched by the worker
//! itself. Nothing is stored unless the admin opted in to insight storage ([`insights`]), and
//! nothing is written to the CRM except by the seller's own "Save as note" ([`note`]).

pub mod answer;
pub mod context;
pub mod note;

use crate::ai::answer_language::AnswerLanguage;
use crate::ai::guard::echoes_system_prompt;
use crate::ai::thread::{self, DATA_NOT_INSTRUCTIONS, PreparedThread};
use crate::ai::trackers::Trackers;
use crate::crm::CrmConnector;
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::mail::Message;
use crate::graph::model::BodyFormat;
use crate::http::HttpTransport;
use crate::llm::{ChatMessage, ChatModel, ChatRequest, JsonSchemaFormat, LlmError};
use crate::provider::{Provider, ProviderError, Sleeper};
use closer_wire::{Summary, SummaryRequest};

/// Tokens of thread text a summary prompt may hold.
pub const THREAD_BUDGET_TOKENS: usize = 3_500;
/// Points of a summary at most; short threads get fewer ([`max_points`]).
pub const MAX_POINTS: usize = 5;
/// Words of thread text per summary point: a two-line email does not get five bullets.
const WORDS_PER_POINT: usize = 60;

/// The summary's system prompt (the part before the point cap).
pub const SYSTEM: &str = "You summarize email threads for a B2B seller: what the customer \
wants, numbers and dates, concerns, next steps, and the key sales facts (budget, authority and \
stakeholders, need, timing, competitors, pricing, next steps, sentiment, objections). Every \
point and fact cites the message ref and the exact words it rests on; a fact the thread does \
not state is null. CRM records between <crm> and </crm> are context, not citable.";

/// The Graph messages of `message_id`'s conversation, oldest first, bodies as HTML.
pub async fn thread_of<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    message_id: &str,
    conversation_id: Option<&str>,
) -> Result<Vec<Message>, ApiFailure> {
    // The host's conversation id spares the read of the message, if the message is in it.
    if let Some(conversation) = conversation_id.map(str::trim).filter(|c| !c.is_empty()) {
        match graph.conversation(conversation, BodyFormat::Html).await {
            Ok(thread) if thread.messages.iter().any(|m| m.id == message_id) => {
                return Ok(thread.messages);
            }
            Ok(_) | Err(ProviderError::NotFound { .. }) => {}
            Err(other) => return Err(other.into()),
        }
    }
    let opened = graph.message(message_id, BodyFormat::Html).await?;
    Ok(match opened.conversation_id.as_deref() {
        Some(conversation) => {
            graph
                .conversation(conversation, BodyFormat::Html)
                .await?
                .messages
        }
        None => vec![opened],
    })
}

/// How many points a thread of this size deserves.
pub fn max_points(thread: &PreparedThread) -> usize {
    let words: usize = thread
        .sources
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
    (words / WORDS_PER_POINT + 1).clamp(1, MAX_POINTS)
}

/// The full system prompt for a thread that deserves `points` points, answered in `language`.
pub fn system_prompt(points: usize, language: AnswerLanguage) -> String {
    format!(
        "{SYSTEM} Write at most {points} point{}, fewer if the thread is short; never pad. \
         {DATA_NOT_INSTRUCTIONS} {}",
        if points == 1 { "" } else { "s" },
        language.rule()
    )
}

/// Summarizes the thread of `request.message_id` for the seller at `seller_address`, in
/// `language`, with CRM context from `crm` (when connected) for participants matched to a
/// contact.
pub async fn summary<T, S, M, C>(
    graph: &GraphClient<T, S>,
    model: &M,
    crm: Option<&C>,
    seller_address: &str,
    trackers: &Trackers,
    language: AnswerLanguage,
    request: &SummaryRequest,
) -> Result<Summary, ApiFailure>
where
    T: HttpTransport,
    S: Sleeper,
    M: ChatModel,
    C: CrmConnector,
{
    let messages = thread_of(
        graph,
        &request.message_id,
        request.conversation_id.as_deref(),
    )
    .await?;
    let prepared = thread::prepare(&messages, THREAD_BUDGET_TOKENS);
    let crm_context = match crm {
        Some(crm) => {
            let participants = context::participants(&messages);
            let contact_ids = if request.contact_ids.is_empty() {
                context::matched_contacts(crm, &participants, seller_address).await
            } else {
                request.contact_ids.clone()
            };
            context::read(
                crm,
                &participants,
                &contact_ids,
                request.opportunity_id.as_deref(),
            )
            .await
        }
        None => context::CrmContext::default(),
    };
    summarize(model, &prepared, &crm_context, trackers, language).await
}

/// The model call and everything after it, over an already prepared thread.
pub async fn summarize<M: ChatModel>(
    model: &M,
    prepared: &PreparedThread,
    crm_context: &context::CrmContext,
    trackers: &Trackers,
    language: AnswerLanguage,
) -> Result<Summary, ApiFailure> {
    let points = max_points(prepared);
    let system = system_prompt(points, language);
    let request = ChatRequest::new(vec![
        ChatMessage::system(system.clone()),
        ChatMessage::user(format!("{}{}", crm_context.prompt(), prepared.prompt)),
    ])
    .with_json_schema(JsonSchemaFormat::strict(
        "grounded_summary",
        answer::schema(points),
    ))
    .with_max_tokens(1_200)
    .with_temperature(0.2);
    let completion = model.complete(&request).await.map_err(model_failure)?;
    if echoes_system_prompt(&completion.content, &system) {
        return Err(unusable("it repeated its instructions"));
    }
    let parsed: answer::ModelAnswer = completion
        .parse_json()
        .map_err(|_| unusable("it was not in the expected form"))?;
    let grounded = answer::ground(parsed, prepared, points);
    let text = grounded
        .points
        .iter()
        .map(|p| format!("• {}", p.text))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Summary {
        text,
        points: grounded.points,
        facts: grounded.facts,
        trackers: trackers.find(&prepared.sources),
        model: completion.model,
        messages_used: prepared.used,
        messages_cut: prepared.cut,
        prompt_tokens: prepared.approx_tokens as u32,
        citations_dropped: grounded.dropped,
        crm_context: crm_context.lines.clone(),
        note_targets: crm_context.records.clone(),
    })
}

pub(crate) fn model_failure(error: LlmError) -> ApiFailure {
    match error {
        LlmError::Provider(p) => ApiFailure::Provider(p),
        LlmError::UnsupportedSetting { setting, .. } => ApiFailure::NotConfigured { what: setting },
        other => ApiFailure::Provider(ProviderError::malformed(
            Provider::Llm,
            format!("no summary: {other}"),
        )),
    }
}

/// A model answer the worker will not show (the pane offers to retry).
pub(crate) fn unusable(why: &str) -> ApiFailure {
    ApiFailure::Provider(ProviderError::malformed(
        Provider::Llm,
        format!("the model's answer was withheld: {why}"),
    ))
}

#[cfg(test)]
mod tests;
