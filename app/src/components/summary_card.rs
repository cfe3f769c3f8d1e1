//! The thread summary card: asked on demand, after the CRM cards have painted, so a slow or
//! failing model never holds up the rest of the pane (a failure shows its reason and Retry
//! here only). Points carry citation markers that reveal the verified quote and its sender;
//! key sales facts and trackers follow ([`crate::components::insights`]). "Save as note" writes
//! the summary to one chosen CRM record, once. Everything from the model is shown as text.

use crate::components::common::answer_feedback::AnswerFeedback;
use crate::components::common::citation::CitationMarkers;
use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::components::insights::{SalesFacts, Trackers};
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::format::record_kind;
use crate::labels;
use crate::tr;
use closer_wire::{AnswerKind, SaveSummaryNote, Summary};
use leptos::prelude::*;

/// "Summarize this thread".
#[component]
pub fn SummaryCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let summarize = Action::new_local(move |message_id: &String| {
        let message_id = message_id.clone();
        let conversation_id = conversation_of(host, &message_id);
        async move {
            session
                .call(move |api| api.summary(message_id, conversation_id))
                .await
        }
    });
    // A new item clears the previous item's summary.
    Effect::new(move |_| {
        host.item.track();
        summarize.value().set(None);
    });
    move || {
        host.item.get().map(|item| {
            let id = item.id.clone();
            let subject = item.subject.clone();
            let retry_id = id.clone();
            view! {
                <section class="card" data-testid="summary-card" aria-busy=move || summarize.pending().get().to_string()>
                    <h2><Icon name=IconName::Ai />{tr!("recap-summary")}</h2>
                    {move || match summarize.value().get() {
                        Some(Ok(summary)) => view! {
                            <SummaryView summary message_id=retry_id.clone() subject=subject.clone() />
                        }.into_any(),
                        Some(Err(error)) => {
                            let id = retry_id.clone();
                            view! {
                                <ErrorView
                                    error
                                    message_testid="summary-error"
                                    retry=move |_| { summarize.dispatch(id.clone()); }
                                    retry_testid="summary-retry"
                                    retry_disabled=Signal::derive(move || summarize.pending().get())
                                />
                            }.into_any()
                        }
                        None => ().into_any(),
                    }}
                    <button
                        data-testid="summarize"
                        disabled=move || summarize.pending().get()
                        on:click={
                            let id = id.clone();
                            move |_| { summarize.dispatch(id.clone()); }
                        }
                    >
                        {move || if summarize.pending().get() { tr!("summarizing") } else { tr!("summarize") }}
                    </button>
                </section>
            }
        })
    }
}

/// One answer: points, facts, trackers, provenance, and saving it.
#[component]
fn SummaryView(summary: Summary, message_id: String, subject: String) -> impl IntoView {
    let note_text = note_text(&summary);
    let provenance = provenance(&summary);
    let Summary {
        points,
        facts,
        trackers,
        crm_context,
        note_targets,
        ..
    } = summary;
    let empty = points.is_empty();
    view! {
        <ul class="summary-points" data-testid="summary-text">
            {points.into_iter().map(|point| view! {
                <li data-testid="summary-point">
                    <span class="point-text">{point.text}</span>
                    <CitationMarkers citations=point.citations />
                </li>
            }).collect_view()}
        </ul>
        {empty.then(|| view! {
            <p class="muted" data-testid="summary-empty">
                {tr!("summary-empty")}
            </p>
        })}
        <SalesFacts facts />
        <Trackers hits=trackers />
        {(!crm_context.is_empty()).then(|| view! {
            <p class="muted" data-testid="summary-crm-context">
                {tr!("summary-crm-context", records = crm_context.join("; "))}
            </p>
        })}
        <p class="muted" data-testid="summary-model">{provenance}</p>
        <AnswerFeedback feature=AnswerKind::Summary />
        {(!empty && !note_targets.is_empty()).then(|| view! {
            <SaveAsNote message_id subject text=note_text targets=note_targets />
        })}
    }
}

/// "model · N message(s), M older left out · K unverified citation(s) dropped".
fn provenance(summary: &Summary) -> String {
    tr!(
        "summary-provenance",
        model = summary.model.clone(),
        used = summary.messages_used,
        cut = summary.messages_cut,
        dropped = summary.citations_dropped,
    )
}

/// The note's text: the points, then the facts the thread mentions.
fn note_text(summary: &Summary) -> String {
    let mut text = summary
        .points
        .iter()
        .map(|p| format!("• {}", p.text))
        .collect::<Vec<_>>()
        .join("\n");
    let facts: Vec<String> = summary
        .facts
        .iter()
        .filter_map(|f| {
            Some(format!(
                "{}: {}",
                labels::fact_kind(f.kind),
                f.value.as_ref()?
            ))
        })
        .collect();
    if !facts.is_empty() {
        text.push_str(&format!("\n\n{}:\n", tr!("summary-key-facts")));
        text.push_str(&facts.join("\n"));
    }
    text
}

/// Choose a record, save once.
#[component]
fn SaveAsNote(
    message_id: String,
    subject: String,
    text: String,
    targets: Vec<closer_wire::NoteTarget>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let chosen = RwSignal::new(0usize);
    let options = targets.clone();
    let save = Action::new_local(move |index: &usize| {
        let target = targets.get(*index).cloned();
        let request = target.map(|t| SaveSummaryNote {
            message_id: message_id.clone(),
            entity: t.entity,
            record_id: t.record_id,
            title: tr!("summary-note-title", subject = subject.clone()),
            text: text.clone(),
            key: None,
        });
        async move {
            match request {
                Some(request) => {
                    session
                        .call(move |api| api.save_summary_note(request))
                        .await
                }
                None => Err(AppError::Unexpected { status: 400 }),
            }
        }
    });
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    view! {
        <div class="save-note" data-testid="save-note">
            <select
                data-testid="note-target"
                aria-label=tr!("summary-note-target")
                on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))
            >
                {options.into_iter().enumerate().map(|(index, t)| view! {
                    <option value=index.to_string()>{format!("{} · {}", record_kind(&t.entity), t.name)}</option>
                }).collect_view()}
            </select>
            <button
                data-testid="save-summary-note"
                disabled=move || save.pending().get() || saved()
                on:click=move |_| { save.dispatch(chosen.get_untracked()); }
            >
                {move || if saved() { tr!("summary-saved-as-note") } else if save.pending().get() { tr!("saving") } else { tr!("summary-save-as-note") }}
            </button>
            {move || match save.value().get() {
                Some(Ok(note)) => view! {
                    <p class="muted" data-testid="summary-note-saved">
                        {if note.already_saved { tr!("summary-note-already-saved") } else { tr!("summary-note-saved") }}
                    </p>
                }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorView error=error testid="summary-note-error" />
                }.into_any(),
                None => ().into_any(),
            }}
        </div>
    }
}

/// The open item's thread id when it is still the item asked about (spares the worker a read).
pub(crate) fn conversation_of(host: Host, message_id: &str) -> Option<String> {
    host.item
        .get_untracked()
        .filter(|item| item.id == message_id)
        .and_then(|item| item.conversation_id)
}
