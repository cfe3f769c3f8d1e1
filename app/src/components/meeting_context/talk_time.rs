//! Who spoke how much in the open meeting, from its Teams transcript (the first part of the
//! recap): asked for on a click, shown as a small bar chart, or the worker's one sentence on
//! why there is no transcript. The transcript's text never reaches the pane.

use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::MeetingTranscript;
use leptos::prelude::*;

/// The talk-time card for the meeting `event_id`.
#[component]
pub fn TalkTimeCard(event_id: String) -> impl IntoView {
    let session = expect_context::<Session>();
    let read = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { session.call(move |api| api.meeting_transcript(id)).await }
    });
    view! {
        <section class="card" data-testid="talk-time-card">
            <h2>{tr!("talk-time-heading")}</h2>
            <div class="actions">
                <button
                    data-testid="talk-time-show"
                    disabled=move || read.pending().get()
                    on:click=move |_| { read.dispatch(event_id.clone()); }
                >
                    {move || if read.pending().get() { tr!("reading-transcript") } else { tr!("talk-time-show") }}
                </button>
            </div>
            {move || read.value().get().map(|answer| match answer {
                Ok(MeetingTranscript::Ready { speakers, turns }) => view! {
                    <ul class="talk-time" data-testid="talk-time">
                        {speakers.into_iter().map(|share| {
                            let minutes = share.talk_seconds / 60;
                            let seconds = share.talk_seconds % 60;
                            view! {
                                <li data-testid="talk-time-row">
                                    <span class="speaker">{share.speaker}</span>
                                    <span class="bar" style=format!("width: {:.0}%", share.share_pct.clamp(0.0, 100.0))></span>
                                    <span class="muted">{format!("{:.0} % · {minutes}:{seconds:02}", share.share_pct)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="muted">{tr!("talk-time-turns", count = turns)}</p>
                }.into_any(),
                Ok(MeetingTranscript::Unavailable { message, .. }) => view! {
                    <p class="muted" data-testid="talk-time-unavailable">{message}</p>
                }.into_any(),
                Err(error) => view! {
                    <ErrorView error=error testid="talk-time-error" />
                }.into_any(),
            })}
        </section>
    }
}
