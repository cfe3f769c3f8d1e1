//! The recap of a past meeting, from its Teams transcript (`POST /api/ai/recap`), asked for on a
//! click: summary, action items, the customer's questions and objections, next steps and the
//! trackers heard, each point with the speaker, time and words the worker verified; and the
//! CRM updates the transcript suggests, each applied only by its own button, once. Applying
//! goes through the routes the pane already uses (task with the suggestion's key, note, the
//! conflict-safe record edit), so a second click or a retry makes nothing twice. No transcript:
//! the worker's one sentence on why; an error keeps its own Retry and the rest of the pane.

use crate::api::EditResult;
use crate::components::common::answer_feedback::AnswerFeedback;
use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::format::day_text;
use crate::tr;
use closer_wire::{
    ActionItem, CreateTask, CrmSuggestion, EditableField, EditableKind, FieldChange,
    MeetingContext, MeetingRecap, MeetingRecapRequest, Recap, RecapPoint, SaveSummaryNote,
    SuggestedChange, TranscriptCitation, UpdateRecord,
};
use leptos::prelude::*;

/// The recap card for the meeting of `context`.
#[component]
pub fn RecapCard(context: MeetingContext) -> impl IntoView {
    let session = expect_context::<Session>();
    let opportunity_id = context
        .suggested_regarding
        .as_ref()
        .filter(|r| r.kind == "opportunity")
        .map(|r| r.id.clone());
    let request = MeetingRecapRequest {
        event_id: context.meeting.id.clone(),
        opportunity_id,
    };
    let event_id = context.meeting.id.clone();
    let make = Action::new_local(move |request: &MeetingRecapRequest| {
        let request = request.clone();
        async move { session.call(move |api| api.meeting_recap(request)).await }
    });
    view! {
        <section class="card recap" data-testid="recap-card" aria-busy=move || make.pending().get().to_string()>
            <h2><Icon name=IconName::Ai />{tr!("recap-heading")}</h2>
            <div class="actions">
                <button
                    data-testid="recap-generate"
                    disabled=move || make.pending().get()
                    on:click=move |_| { make.dispatch(request.clone()); }
                >
                    {move || if make.pending().get() {
                        tr!("reading-transcript")
                    } else if make.value().get().is_some() {
                        tr!("recap-again")
                    } else {
                        tr!("recap-generate")
                    }}
                </button>
            </div>
            {move || make.value().get().map(|answer| match answer {
                Ok(MeetingRecap::Ready(recap)) => view! {
                    <RecapView recap=*recap event_id=event_id.clone() />
                }.into_any(),
                Ok(MeetingRecap::Unavailable { message, .. }) => view! {
                    <p class="muted" data-testid="recap-unavailable">{message}</p>
                }.into_any(),
                Err(error) => view! {
                    <ErrorView error testid="recap-error" suffix=tr!("press-to-try-again") />
                }.into_any(),
            })}
        </section>
    }
}

/// "Priya Raman · 12:34 — “the words”".
fn citation_line(citation: &TranscriptCitation) -> impl IntoView + use<> {
    view! {
        <span class="recap-cite muted" data-testid="recap-citation" data-at=citation.at_seconds.to_string()>
            <span data-testid="recap-citation-speaker">{citation.speaker.clone()}</span>
            {format!(" · {} — “{}”", citation.at, citation.quote)}
        </span>
    }
}

fn points(title: String, testid: &'static str, items: Vec<RecapPoint>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h3>{title}</h3>
            <ul data-testid=testid>
                {items.into_iter().map(|point| view! {
                    <li data-testid="recap-point">
                        <span>{point.text}</span>
                        {point.citations.first().map(citation_line)}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

fn action_items(items: Vec<ActionItem>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h3>{tr!("recap-action-items")}</h3>
            <ul data-testid="recap-actions">
                {items.into_iter().map(|item| {
                    let who = match (&item.owner, &item.due_date) {
                        (Some(owner), Some(due)) => tr!("recap-action-owner-due", owner = owner.clone(), due = day_text(due)),
                        (Some(owner), None) => format!(" — {owner}"),
                        (None, Some(due)) => tr!("recap-action-due", due = day_text(due)),
                        (None, None) => String::new(),
                    };
                    view! {
                        <li data-testid="recap-action">
                            <span>{format!("{}{who}", item.text)}</span>
                            {item.citations.first().map(citation_line)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
fn RecapView(recap: Recap, event_id: String) -> impl IntoView {
    let footnote = tr!(
        "recap-footnote",
        model = recap.model.clone(),
        kept = recap.citations_kept,
        dropped = recap.citations_dropped,
        parts = recap.parts,
    );
    let nothing = recap.summary.is_empty() && recap.action_items.is_empty();
    view! {
        <div data-testid="recap">
            {nothing.then(|| view! {
                <p class="muted" data-testid="recap-empty">
                    {tr!("recap-empty")}
                </p>
            })}
            {points(tr!("recap-summary"), "recap-summary", recap.summary)}
            {action_items(recap.action_items)}
            {points(tr!("recap-questions"), "recap-questions", recap.questions)}
            {points(tr!("recap-objections"), "recap-objections", recap.objections)}
            {points(tr!("recap-next-steps"), "recap-next-steps", recap.next_steps)}
            {(!recap.trackers.is_empty()).then(|| view! {
                <h3>{tr!("recap-heard")}</h3>
                <ul class="chips" data-testid="recap-trackers">
                    {recap.trackers.into_iter().map(|hit| view! {
                        <li data-testid="recap-tracker" title=tr!("recap-tracker-title", speaker = hit.citation.speaker.clone(), at = hit.citation.at.clone(), quote = hit.citation.quote.clone())>
                            {format!("{} ({}) ×{}", hit.keyword, hit.category, hit.mentions)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!recap.suggestions.is_empty()).then(|| view! {
                <h3>{tr!("recap-suggestions")}</h3>
                <ul class="suggestions" data-testid="recap-suggestions">
                    {recap.suggestions.into_iter().map(|suggestion| view! {
                        <SuggestionRow suggestion event_id=event_id.clone() />
                    }).collect_view()}
                </ul>
            })}
            <p class="muted model" data-testid="recap-footnote">{footnote}</p>
            <AnswerFeedback feature=closer_wire::AnswerKind::Recap />
        </div>
    }
}

/// The field's name inside a sentence ("Set the stage of …"), lower case where the language
/// writes it so.
fn field_name(field: EditableField) -> String {
    match field {
        EditableField::Stage => tr!("recap-field-stage"),
        EditableField::Amount => tr!("recap-field-amount"),
        EditableField::CloseDate => tr!("recap-field-close-date"),
        EditableField::Title => tr!("recap-field-title"),
        EditableField::Phone => tr!("recap-field-phone"),
    }
}

fn describe(change: &SuggestedChange) -> (String, String) {
    match change {
        SuggestedChange::Task {
            subject, due_date, ..
        } => (
            match due_date {
                Some(due) => tr!(
                    "recap-task-due",
                    subject = subject.clone(),
                    due = day_text(due)
                ),
                None => tr!("recap-task", subject = subject.clone()),
            },
            tr!("recap-create-task"),
        ),
        SuggestedChange::Note { regarding, .. } => (
            tr!("recap-note-on", record = regarding.name.clone()),
            tr!("recap-save-note"),
        ),
        SuggestedChange::Field {
            opportunity,
            field,
            value,
            current,
            ..
        } => (
            match current {
                Some(current) => tr!(
                    "recap-set-field-now",
                    field = field_name(*field),
                    record = opportunity.name.clone(),
                    value = value.clone(),
                    current = current.clone(),
                ),
                None => tr!(
                    "recap-set-field",
                    field = field_name(*field),
                    record = opportunity.name.clone(),
                    value = value.clone(),
                ),
            },
            tr!("recap-update"),
        ),
    }
}

/// What applying a suggestion came to.
#[derive(Debug, Clone)]
enum Applied {
    /// Done: what to say, and the record to open.
    Done(String, Option<String>),
    /// The deal changed in the CRM since the recap read it: nothing was written.
    Conflict,
}

async fn apply(
    session: Session,
    event_id: String,
    suggestion: CrmSuggestion,
) -> Result<Applied, AppError> {
    match suggestion.change {
        SuggestedChange::Task {
            subject,
            due_date,
            regarding,
        } => {
            let (regarding_kind, regarding_id) =
                regarding.map(|r| (r.kind, r.id)).unwrap_or_default();
            let task = session
                .call(move |api| {
                    api.create_task(CreateTask {
                        subject,
                        due_date,
                        regarding_kind,
                        regarding_id,
                        idempotency_key: Some(suggestion.key),
                    })
                })
                .await?;
            Ok(Applied::Done(tr!("recap-task-created"), Some(task.url)))
        }
        SuggestedChange::Note {
            title,
            text,
            regarding,
        } => {
            let saved = session
                .call(move |api| {
                    api.save_summary_note(SaveSummaryNote {
                        message_id: event_id,
                        entity: regarding.kind.clone(),
                        record_id: regarding.id.clone(),
                        title,
                        text,
                        key: None,
                    })
                })
                .await?;
            let said = if saved.already_saved {
                tr!("recap-note-already-saved")
            } else {
                tr!("recap-note-saved")
            };
            Ok(Applied::Done(said, Some(regarding.url)))
        }
        SuggestedChange::Field {
            opportunity,
            field,
            value,
            version,
            ..
        } => {
            let update = UpdateRecord {
                kind: EditableKind::Opportunity,
                id: opportunity.id.clone(),
                version,
                fields: vec![FieldChange { field, value }],
                extra: Vec::new(),
            };
            match session.call(move |api| api.update_record(update)).await? {
                EditResult::Updated(_) => Ok(Applied::Done(
                    tr!(
                        "recap-field-updated",
                        field = capitalised(&field_name(field))
                    ),
                    Some(opportunity.url),
                )),
                EditResult::Conflict(_) => Ok(Applied::Conflict),
            }
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[component]
fn SuggestionRow(suggestion: CrmSuggestion, event_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let (text, button) = describe(&suggestion.change);
    let kind = match &suggestion.change {
        SuggestedChange::Task { .. } => "task",
        SuggestedChange::Note { .. } => "note",
        SuggestedChange::Field { .. } => "field",
    };
    let quote = suggestion.citation.clone();
    let run = Action::new_local(move |suggestion: &CrmSuggestion| {
        apply(session, event_id.clone(), suggestion.clone())
    });
    let done = move || matches!(run.value().get(), Some(Ok(Applied::Done(..))));
    view! {
        <li data-testid="recap-suggestion" data-kind=kind>
            <span data-testid="recap-suggestion-text">{text}</span>
            {quote.as_ref().map(citation_line)}
            <div class="actions">
                <button
                    data-testid="recap-apply"
                    disabled=move || run.pending().get() || done()
                    on:click=move |_| {
                        // Once done, the button stays disabled; the worker's keys make a
                        // retry after a failure find what the first attempt created.
                        if !done() {
                            run.dispatch(suggestion.clone());
                        }
                    }
                >
                    {move || if run.pending().get() { tr!("recap-applying") } else { button.clone() }}
                </button>
            </div>
            {move || run.value().get().map(|outcome| match outcome {
                Ok(Applied::Done(said, url)) => view! {
                    <p class="saved" role="status" data-testid="recap-applied">
                        {said}
                        {url.map(|url| view! {
                            " · " <a href=url target="_blank" rel="noopener" data-testid="recap-applied-link">{tr!("open-in-crm")}</a>
                        })}
                    </p>
                }.into_any(),
                Ok(Applied::Conflict) => view! {
                    <p class="error" role="alert" data-testid="recap-apply-conflict">
                        {tr!("recap-conflict")}
                    </p>
                }.into_any(),
                Err(error) => view! {
                    <ErrorView
                        error
                        testid="recap-apply-error"
                        suffix=tr!("recap-apply-failed")
                    />
                }.into_any(),
            })}
        </li>
    }
}
