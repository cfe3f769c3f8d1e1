//! "Before the meeting": the prep card of the meeting pane. The latest emails with the
//! attendees, the deal's open tasks, the last kept recap and the AI brief (what the customer
//! cares about, open questions, a suggested agenda), each point with markers that reveal its
//! verified quote. One worker call; an upcoming meeting is prepared when it opens, an ended one
//! on a click (its recap is the other card's). Its failure is its own, with a retry: the rest of
//! the pane stays. Never renders email text, only headers, points and verified quotes.

use crate::components::common::answer_feedback::AnswerFeedback;
use crate::components::common::citation::CitationMarkers;
use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::session::Session;
use crate::format::day_text;
use crate::tr;
use closer_wire::{
    AnswerKind, MeetingContext, MeetingPrep, MeetingPrepRequest, PrepBrief, PrepPoint,
};
use leptos::prelude::*;

/// Whether the meeting ending at `end` (RFC 3339 UTC) has not ended yet.
fn upcoming(end: Option<&str>) -> bool {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    // Both are `YYYY-MM-DDTHH:MM:SS…Z`: the text order is the time order.
    end.is_none_or(|end| end > now.as_str())
}

/// The prep card for the open meeting.
#[component]
pub fn PrepCard(context: MeetingContext) -> impl IntoView {
    let session = expect_context::<Session>();
    let request = MeetingPrepRequest {
        event_id: context.meeting.id.clone(),
        opportunity_id: context
            .suggested_regarding
            .as_ref()
            .filter(|r| r.kind == "opportunity")
            .map(|r| r.id.clone()),
    };
    let prepare = Action::new_local(move |request: &MeetingPrepRequest| {
        let request = request.clone();
        async move { session.call(move |api| api.meeting_prep(request)).await }
    });
    let soon = upcoming(context.meeting.end.as_deref());
    if soon {
        prepare.dispatch(request.clone());
    }
    let retry = request.clone();
    view! {
        <section class="card" data-testid="prep-card">
            <h2><Icon name=IconName::Calendar />{tr!("prep-heading")}</h2>
            {move || prepare.pending().get().then(|| view! {
                <p class="muted" data-testid="prep-loading">{tr!("prep-loading")}</p>
            })}
            {move || match prepare.value().get() {
                Some(Ok(prep)) => view! { <PrepView prep /> }.into_any(),
                Some(Err(error)) => {
                    let again = retry.clone();
                    view! {
                        <ErrorView
                            error
                            message_testid="prep-error"
                            retry=move |_| { prepare.dispatch(again.clone()); }
                            retry_testid="prep-retry"
                            retry_disabled=Signal::derive(move || prepare.pending().get())
                        />
                    }.into_any()
                }
                None if !soon && !prepare.pending().get() => {
                    let ask = request.clone();
                    view! {
                        <p class="muted">{tr!("prep-ended")}</p>
                        <button data-testid="prep-show" on:click=move |_| { prepare.dispatch(ask.clone()); }>
                            {tr!("prep-show-anyway")}
                        </button>
                    }.into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

#[component]
fn PrepView(prep: MeetingPrep) -> impl IntoView {
    let MeetingPrep {
        recent_emails,
        open_tasks,
        opportunity,
        last_recap,
        brief,
        brief_unavailable,
    } = prep;
    let no_emails = recent_emails.is_empty();
    view! {
        {opportunity.map(|deal| view! {
            <p class="muted" data-testid="prep-deal">{tr!("prep-deal")}" "<a href=deal.url target="_blank" rel="noopener">{deal.name}</a></p>
        })}
        {brief.map(|brief| view! { <BriefView brief /> })}
        {brief_unavailable.map(|why| view! {
            <p class="muted" data-testid="prep-brief-unavailable">{why}</p>
        })}
        <h3>{tr!("prep-recent-emails")}</h3>
        {no_emails.then(|| view! {
            <p class="muted" data-testid="prep-no-emails">{tr!("prep-no-emails")}</p>
        })}
        <ul class="prep-emails" data-testid="prep-emails">
            {recent_emails.into_iter().map(|email| {
                let when = email.received.as_deref().map(day_text).unwrap_or_default();
                let subject = if email.subject.trim().is_empty() { tr!("no-subject") } else { email.subject };
                view! {
                    <li data-testid="prep-email">
                        {match email.web_link {
                            Some(link) => view! { <a href=link target="_blank" rel="noopener">{subject}</a> }.into_any(),
                            None => view! { <span>{subject}</span> }.into_any(),
                        }}
                        <span class="muted" data-testid="prep-email-from">{format!(" · {} · {when}", email.from)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        {(!open_tasks.is_empty()).then(|| view! {
            <h3>{tr!("prep-open-tasks")}</h3>
            <ul data-testid="prep-tasks">
                {open_tasks.into_iter().map(|task| view! {
                    <li data-testid="prep-task">
                        <a href=task.url target="_blank" rel="noopener">{task.subject}</a>
                        <span class="muted">{format!(" · {}", task.owner.unwrap_or_default())}</span>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {last_recap.map(|recap| view! {
            <h3>{tr!("prep-last-recap")}</h3>
            <p class="muted" data-testid="prep-recap-subject">
                {format!("{} · {}", recap.subject, recap.held.as_deref().map(day_text).unwrap_or_default())}
            </p>
            <ul data-testid="prep-recap">
                {recap.points.into_iter().map(|point| view! { <li>{point}</li> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn BriefView(brief: PrepBrief) -> impl IntoView {
    let dropped = brief.citations_dropped;
    let empty =
        brief.cares_about.is_empty() && brief.open_questions.is_empty() && brief.agenda.is_empty();
    let model = brief.model.clone();
    view! {
        <div data-testid="prep-brief">
            <Section title=tr!("prep-cares") testid="prep-cares" points=brief.cares_about />
            <Section title=tr!("prep-questions") testid="prep-questions" points=brief.open_questions />
            <Section title=tr!("prep-agenda") testid="prep-agenda" points=brief.agenda />
            {empty.then(|| view! {
                <p class="muted" data-testid="prep-brief-empty">{tr!("prep-brief-empty")}</p>
            })}
            <p class="muted" data-testid="prep-model">
                {if dropped > 0 {
                    tr!("prep-model-dropped", model = model.clone(), dropped = dropped)
                } else {
                    model
                }}
            </p>
            <AnswerFeedback feature=AnswerKind::MeetingPrep />
        </div>
    }
}

#[component]
fn Section(title: String, testid: &'static str, points: Vec<PrepPoint>) -> impl IntoView {
    (!points.is_empty()).then(|| {
        view! {
            <h3>{title}</h3>
            <ul class="summary-points" data-testid=testid>
                {points.into_iter().map(|point| view! {
                    <li data-testid="prep-point">
                        <span class="point-text">{point.text}</span>
                        <CitationMarkers citations=point.citations />
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}
