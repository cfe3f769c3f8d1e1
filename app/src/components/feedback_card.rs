//! The admin page's "Feedback on AI answers" card: thumbs up and down per kind of answer, from
//! `GET /api/admin/feedback`, and the newest comments while insight storage is on (without who
//! wrote them). It shows counts only; what sellers send is [`super::common::answer_feedback`].

use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::labels;
use crate::tr;
use closer_wire::{AnswerKind, FeedbackReport, Vote};
use leptos::prelude::*;

/// The kind's wire name, for tests to find its row.
fn wire_name(feature: AnswerKind) -> &'static str {
    match feature {
        AnswerKind::Summary => "summary",
        AnswerKind::Draft => "draft",
        AnswerKind::DealAnalysis => "deal_analysis",
        AnswerKind::Recap => "recap",
        AnswerKind::MeetingPrep => "meeting_prep",
    }
}

/// Fetches the tally and shows it, or the error with Retry.
#[component]
pub fn FeedbackCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let report = LocalResource::new(move || session.call(|api| api.admin_feedback()));
    view! {
        <section class="card" data-testid="feedback-card">
            <h2>{tr!("feedback-card-heading")}</h2>
            <div class="actions">
                <button data-testid="feedback-refresh" on:click=move |_| report.refetch()>{tr!("admin-audit-refresh")}</button>
            </div>
            <Suspense fallback=|| view! { <div class="skeleton"></div> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(report) => view! { <FeedbackTally report /> }.into_any(),
                        Err(error) => view! {
                            <ErrorView error testid="feedback-report-error" retry=move |_| report.refetch() />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FeedbackTally(report: FeedbackReport) -> impl IntoView {
    let FeedbackReport {
        counts,
        insight_storage,
        comments,
    } = report;
    view! {
        <table class="audit" data-testid="feedback-counts">
            <thead><tr><th>{tr!("feedback-column-answer")}</th><th>{tr!("feedback-helpful")}</th><th>{tr!("feedback-not-helpful")}</th></tr></thead>
            <tbody>
                {counts.into_iter().map(|count| view! {
                    <tr data-testid="feedback-row" data-feature=wire_name(count.feature)>
                        <td>{labels::answer_kind(count.feature)}</td>
                        <td data-testid="feedback-up-count">{count.up}</td>
                        <td data-testid="feedback-down-count">{count.down}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {if !insight_storage {
            view! {
                <p class="muted" data-testid="feedback-comments-off">
                    {tr!("feedback-comments-off")}
                </p>
            }.into_any()
        } else if comments.is_empty() {
            view! { <p class="muted" data-testid="feedback-comments-empty">{tr!("feedback-comments-empty")}</p> }.into_any()
        } else {
            view! {
                <h3>{tr!("feedback-recent-comments")}</h3>
                <ul data-testid="feedback-comments">
                    {comments.into_iter().map(|c| view! {
                        <li data-testid="feedback-comment-item">
                            <span class="muted">
                                {format!("{} · {} · ", labels::answer_kind(c.feature), if c.vote == Vote::Up { tr!("feedback-vote-up") } else { tr!("feedback-vote-down") })}
                            </span>
                            {c.comment}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
