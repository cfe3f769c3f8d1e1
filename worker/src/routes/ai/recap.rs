//! `POST /api/ai/recap`: a past meeting's recap from its Teams transcript, with the CRM updates
//! it suggests.
//!
//! The transcript is read live ([`read_transcript`]: event → join URL → online meeting →
//! newest transcript → WebVTT cues), merged into speaker turns and split into parts that each
//! fit the model's budget ([`crate::ai::recap::split`]); the parts are recapped concurrently and
//! every citation is verified against the turn it names, then the parts are merged so the end
//! of a long meeting counts like its start. Trackers and talk time are the worker's own
//! counts. When the seller's deal is known, its current values and offered stages are read
//! from the CRM at the same time as the transcript, and field suggestions are made only where a
//! verified quote states a new value. Nothing is written: each suggestion is applied by the
//! seller's click through the pane's existing routes, with [`CrmSuggestion::key`] making a
//! task or a note at most once. The transcript is dropped with the request.

use crate::ai::answer_language::AnswerLanguage;
use crate::ai::guard::echoes_system_prompt;
use crate::ai::recap::{self, DealValue, GroundedPart, ModelRecap, PART_BUDGET_TOKENS};
use crate::ai::trackers::Trackers;
use crate::ai::transcript::turns;
use crate::crm::{CrmConnector, Opportunity, RecordKind, SalesStages};
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::http::HttpTransport;
use crate::llm::{ChatMessage, ChatModel, ChatRequest, JsonSchemaFormat};
use crate::provider::Sleeper;
use crate::routes::ai::summary::{model_failure, unusable};
use crate::routes::pane::cards::link;
use crate::routes::pane::meeting::transcript::{
    no_transcript_message, read_transcript, speaker_shares,
};
use crate::routes::pane::task::MAX_SUBJECT_CHARS;
use closer_wire::{
    CrmSuggestion, EditableField, LastRecap, MeetingRecap, MeetingRecapRequest, Recap,
    RecordLinkView, SuggestedChange,
};
use sha2::{Digest, Sha256};

/// Follow-up tasks suggested at most.
pub const MAX_TASK_SUGGESTIONS: usize = 5;

/// The deal as the recap read it.
struct Deal {
    link: RecordLinkView,
    opportunity: Opportunity,
    stages: Vec<String>,
}

/// The deal `opportunity_id` names, with the stages it may move to; `None` when there is no
/// CRM, no deal, or the CRM could not say (the recap then suggests no field changes).
async fn read_deal<C: CrmConnector>(crm: Option<&C>, opportunity_id: Option<&str>) -> Option<Deal> {
    let crm = crm?;
    let id = opportunity_id.map(str::trim).filter(|id| !id.is_empty())?;
    let (opportunity, stages) = futures::join!(crm.opportunity(id), crm.sales_stages(id));
    let opportunity = opportunity.ok()?;
    let stages = stages
        .map(|SalesStages { stages, .. }| stages)
        .unwrap_or_default()
        .into_iter()
        .filter(|stage| !recap::is_closed_stage(stage))
        .collect();
    Some(Deal {
        link: link(
            crm,
            RecordKind::Opportunity,
            &opportunity.id,
            opportunity.name.clone(),
        ),
        opportunity,
        stages,
    })
}

/// A key for one suggestion of one meeting: the same words of the same meeting make the same
/// key, so re-recapping and clicking again find the first task or note.
fn key(event_id: &str, kind: &str, content: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{kind}\n{}", event_id.trim(), content.trim()));
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("recap-{kind}-{hex}")
}

/// The recap as the meeting note's text.
fn note_text(subject: &str, grounded: &GroundedPart) -> String {
    let mut text = format!("Meeting recap: {}\n", subject.trim());
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            text.push_str(&format!("\n{title}\n"));
            for line in lines {
                text.push_str(&format!("• {line}\n"));
            }
        }
    };
    let plain = |points: &[closer_wire::RecapPoint]| -> Vec<String> {
        points.iter().map(|p| p.text.clone()).collect()
    };
    section("Summary", plain(&grounded.summary));
    section(
        "Action items",
        grounded
            .action_items
            .iter()
            .map(|a| {
                let owner = a
                    .owner
                    .as_deref()
                    .map(|o| format!(" ({o})"))
                    .unwrap_or_default();
                let due = a
                    .due_date
                    .as_deref()
                    .map(|d| format!(", due {d}"))
                    .unwrap_or_default();
                format!("{}{owner}{due}", a.text)
            })
            .collect(),
    );
    section("Questions", plain(&grounded.questions));
    section("Objections", plain(&grounded.objections));
    section("Next steps", plain(&grounded.next_steps));
    text.chars()
        .take(crate::routes::ai::summary::note::MAX_NOTE_CHARS)
        .collect()
}

fn field_suggestion(
    event_id: &str,
    deal: &Deal,
    field: EditableField,
    found: Option<DealValue>,
    current: Option<String>,
) -> Option<CrmSuggestion> {
    let found = found?;
    let unchanged = match field {
        EditableField::Amount => current
            .as_deref()
            .and_then(|c| c.parse::<f64>().ok())
            .zip(found.value.parse::<f64>().ok())
            .is_some_and(|(a, b)| (a - b).abs() < 0.5),
        _ => current
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(&found.value)),
    };
    if unchanged {
        return None;
    }
    Some(CrmSuggestion {
        key: key(event_id, &format!("{field:?}"), &found.value),
        change: SuggestedChange::Field {
            opportunity: deal.link.clone(),
            field,
            value: found.value,
            current,
            version: deal.opportunity.version.0.clone(),
        },
        citation: Some(found.citation),
    })
}

fn suggestions(
    event_id: &str,
    subject: &str,
    deal: Option<&Deal>,
    grounded: &GroundedPart,
) -> Vec<CrmSuggestion> {
    let mut out: Vec<CrmSuggestion> = grounded
        .action_items
        .iter()
        .take(MAX_TASK_SUGGESTIONS)
        .map(|item| {
            let subject: String = item.text.chars().take(MAX_SUBJECT_CHARS).collect();
            CrmSuggestion {
                key: key(event_id, "task", &subject),
                change: SuggestedChange::Task {
                    subject,
                    due_date: item.due_date.clone(),
                    regarding: deal.map(|d| d.link.clone()),
                },
                citation: item.citations.first().cloned(),
            }
        })
        .collect();
    let Some(deal) = deal else {
        return out;
    };
    let has_points = !grounded.summary.is_empty() || !grounded.action_items.is_empty();
    if has_points {
        out.push(CrmSuggestion {
            key: key(event_id, "note", &deal.opportunity.id),
            change: SuggestedChange::Note {
                title: format!("Meeting recap: {}", subject.trim())
                    .chars()
                    .take(crate::routes::ai::summary::note::MAX_TITLE_CHARS)
                    .collect(),
                text: note_text(subject, grounded),
                regarding: deal.link.clone(),
            },
            citation: None,
        });
    }
    let opportunity = &deal.opportunity;
    out.extend(field_suggestion(
        event_id,
        deal,
        EditableField::CloseDate,
        grounded.close_date.clone(),
        opportunity.close_date.clone(),
    ));
    out.extend(field_suggestion(
        event_id,
        deal,
        EditableField::Amount,
        grounded.amount.clone(),
        opportunity.amount.map(|a| format!("{}", a.round() as i64)),
    ));
    out.extend(field_suggestion(
        event_id,
        deal,
        EditableField::Stage,
        grounded.stage.clone(),
        opportunity.stage.clone(),
    ));
    out
}

/// The recap as the deal's last recap for the next meeting's prep: its points as plain text
/// (generated text about the meeting, never the transcript).
pub fn as_last_recap(recap: &Recap) -> LastRecap {
    let points = recap
        .summary
        .iter()
        .chain(&recap.next_steps)
        .map(|p| p.text.clone())
        .chain(recap.action_items.iter().map(|a| a.text.clone()))
        .collect();
    LastRecap {
        subject: recap.subject.clone(),
        held: recap.held.clone(),
        points,
    }
}

/// Recaps the meeting of `request.event_id` in `language`, or says why there is no transcript.
pub async fn meeting_recap<T, S, M, C>(
    graph: &GraphClient<T, S>,
    model: &M,
    crm: Option<&C>,
    trackers: &Trackers,
    language: AnswerLanguage,
    request: &MeetingRecapRequest,
) -> Result<MeetingRecap, ApiFailure>
where
    T: HttpTransport,
    S: Sleeper,
    M: ChatModel,
    C: CrmConnector,
{
    let (transcript, deal) = futures::join!(
        read_transcript(graph, &request.event_id),
        read_deal(crm, request.opportunity_id.as_deref())
    );
    let (event, cues) = match transcript? {
        Ok(found) => found,
        Err(reason) => {
            return Ok(MeetingRecap::Unavailable {
                reason,
                message: no_transcript_message(reason).to_owned(),
            });
        }
    };
    let turns = turns(&cues);
    let parts = recap::split(&turns, PART_BUDGET_TOKENS);
    let stages = deal.as_ref().map(|d| d.stages.clone()).unwrap_or_default();
    let schema = recap::schema(&stages);
    let system = recap::system_prompt(language);
    let calls = parts.iter().map(|part| {
        let request = ChatRequest::new(vec![
            ChatMessage::system(system.clone()),
            ChatMessage::user(recap::user_prompt(part, parts.len(), &event.subject)),
        ])
        .with_json_schema(JsonSchemaFormat::strict("meeting_recap", schema.clone()))
        .with_max_tokens(1_500)
        .with_temperature(0.2);
        async move { model.complete(&request).await }
    });
    let answers = futures::future::join_all(calls).await;
    let mut model_name = String::new();
    let mut grounded_parts = Vec::with_capacity(parts.len());
    for (part, answer) in parts.iter().zip(answers) {
        let completion = answer.map_err(model_failure)?;
        if echoes_system_prompt(&completion.content, &system) {
            return Err(unusable("it repeated its instructions"));
        }
        let parsed: ModelRecap = completion
            .parse_json()
            .map_err(|_| unusable("it was not in the expected form"))?;
        model_name = completion.model;
        grounded_parts.push(recap::ground(parsed, part, &stages));
    }
    let grounded = recap::merge(grounded_parts);
    let duration_ms = cues.iter().map(|c| c.end_ms).max().unwrap_or(0);
    let suggestions = suggestions(&request.event_id, &event.subject, deal.as_ref(), &grounded);
    Ok(MeetingRecap::Ready(Box::new(Recap {
        subject: event.subject.clone(),
        held: event
            .start
            .as_ref()
            .and_then(crate::routes::pane::meeting::utc_instant),
        trackers: recap::tracker_hits(trackers, &turns),
        speakers: speaker_shares(&cues),
        suggestions,
        model: model_name,
        duration_seconds: u64::try_from(duration_ms.max(0) / 1000).unwrap_or(0),
        parts: u32::try_from(parts.len()).unwrap_or(u32::MAX),
        prompt_tokens: u32::try_from(parts.iter().map(|p| p.approx_tokens).sum::<usize>())
            .unwrap_or(u32::MAX),
        citations_kept: grounded.kept,
        citations_dropped: grounded.dropped,
        summary: grounded.summary,
        action_items: grounded.action_items,
        questions: grounded.questions,
        objections: grounded.objections,
        next_steps: grounded.next_steps,
    })))
}
