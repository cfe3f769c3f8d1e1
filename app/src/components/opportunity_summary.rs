//! The opportunity summary, opened from an open deal's row ("Summarize deal"): the deal's
//! stage, amount and close date and its latest notes and activities as the CRM holds them, the
//! model's risks and next steps with citation markers that reveal the quoted note and its
//! author, and follow-up tasks suggested from the next steps, each created with one click.
//!
//! Asked on demand, so the CRM cards never wait for a model. When the model fails, the CRM part
//! stays on screen and the analysis offers a retry. Everything the CRM or the model wrote is
//! rendered as text, never as HTML.

mod analysis;
mod facts;
mod suggested_task;

use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::tr;
use analysis::AnalysisView;
use closer_wire::OpportunitySummary;
use facts::{DealFactsView, TimelineView};
use leptos::prelude::*;

/// "Summarize deal" for one opportunity, and the summary once asked.
#[component]
pub fn OpportunitySummaryEntry(#[prop(into)] opportunity_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let summarize = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { session.call(move |api| api.opportunity_summary(id)).await }
    });
    let ask = {
        let id = opportunity_id.clone();
        Callback::new(move |()| {
            if !summarize.pending().get_untracked() {
                summarize.dispatch(id.clone());
            }
        })
    };
    view! {
        <div class="deal-summary" data-testid="deal-summary">
            {move || match summarize.value().get() {
                None => view! {
                    <button
                        class="link-button"
                        data-testid="summarize-deal"
                        disabled=move || summarize.pending().get()
                        on:click=move |_| ask.run(())
                    >
                        {move || if summarize.pending().get() { tr!("summarizing") } else { tr!("deal-summarize") }}
                    </button>
                }.into_any(),
                Some(Ok(summary)) => view! {
                    <SummaryView summary retry=ask pending=summarize.pending() />
                }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorView
                        error
                        testid="deal-error"
                        retry=ask
                        retry_testid="deal-retry"
                        retry_disabled=summarize.pending()
                    />
                }.into_any(),
            }}
        </div>
    }
}

/// A summary: the CRM part always, the analysis or why it is missing.
#[component]
fn SummaryView(
    summary: OpportunitySummary,
    retry: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let OpportunitySummary {
        opportunity,
        timeline,
        analysis,
        analysis_error,
    } = summary;
    view! {
        <DealFactsView facts=opportunity />
        <TimelineView timeline />
        {match (analysis, analysis_error) {
            (Some(analysis), _) => view! { <AnalysisView analysis /> }.into_any(),
            (None, error) => {
                let error = error.map(AppError::Api).unwrap_or(AppError::NoAnswer);
                view! {
                    <ErrorView
                        error
                        testid="deal-analysis-error"
                        prefix=tr!("deal-analysis-unavailable")
                        retry=retry
                        retry_testid="deal-analysis-retry"
                        retry_disabled=pending
                    />
                }.into_any()
            }
        }}
    }
}
