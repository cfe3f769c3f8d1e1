//! The model's half of the opportunity summary: risks and next steps, each with numbered
//! citation markers that reveal the quoted words and who wrote them (every quote was verified by
//! the worker against the cited note or activity), and the suggested follow-up tasks.

use super::suggested_task::SuggestedTaskRow;
use crate::components::common::answer_feedback::AnswerFeedback;
use crate::tr;
use closer_wire::{AnswerKind, Citation, DealAnalysis, SummaryPoint};
use leptos::prelude::*;

/// A statement with its citation markers.
#[component]
fn PointView(point: SummaryPoint, testid: &'static str) -> impl IntoView {
    view! {
        <li data-testid=testid>
            <span class="point-text">{point.text}</span>
            {point.citations.into_iter().enumerate().map(|(index, citation)| view! {
                <CitationMarker number=index + 1 citation />
            }).collect_view()}
        </li>
    }
}

/// `[n]`, which reveals the quote and its author.
#[component]
fn CitationMarker(number: usize, citation: Citation) -> impl IntoView {
    let open = RwSignal::new(false);
    let Citation { sender, quote, .. } = citation;
    view! {
        <button
            class="cite"
            data-testid="citation"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {format!("[{number}]")}
        </button>
        {move || open.get().then(|| view! {
            <blockquote class="cite-quote" data-testid="citation-quote">
                {format!("“{quote}”")}
                <span class="muted" data-testid="citation-author">{format!(" — {sender}")}</span>
            </blockquote>
        })}
    }
}

/// Risks, next steps and suggested tasks.
#[component]
pub fn AnalysisView(analysis: DealAnalysis) -> impl IntoView {
    let DealAnalysis {
        risks,
        next_steps,
        suggested_tasks,
        model,
        citations_dropped,
        points_dropped,
    } = analysis;
    let nothing = risks.is_empty() && next_steps.is_empty();
    let dropped = citations_dropped + points_dropped;
    view! {
        <div class="deal-analysis" data-testid="deal-analysis">
            {nothing.then(|| view! {
                <p class="muted" data-testid="deal-analysis-empty">
                    {tr!("deal-analysis-empty")}
                </p>
            })}
            {(!risks.is_empty()).then(|| view! {
                <h3>{tr!("deal-risks")}</h3>
                <ul class="points">
                    {risks.into_iter().map(|point| view! { <PointView point testid="deal-risk" /> }).collect_view()}
                </ul>
            })}
            {(!next_steps.is_empty()).then(|| view! {
                <h3>{tr!("recap-next-steps")}</h3>
                <ul class="points">
                    {next_steps.into_iter().map(|point| view! { <PointView point testid="deal-step" /> }).collect_view()}
                </ul>
            })}
            {(!suggested_tasks.is_empty()).then(|| view! {
                <h3>{tr!("deal-suggested-tasks")}</h3>
                <ul class="suggested-tasks">
                    {suggested_tasks.into_iter().map(|task| view! { <SuggestedTaskRow task /> }).collect_view()}
                </ul>
            })}
            <p class="muted" data-testid="deal-model">
                {if dropped > 0 {
                    tr!("deal-model-dropped", model = model.clone(), dropped = dropped)
                } else {
                    model
                }}
            </p>
            <AnswerFeedback feature=AnswerKind::DealAnalysis />
        </div>
    }
}
