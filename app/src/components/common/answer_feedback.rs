//! [`AnswerFeedback`]: thumbs up or down under an AI answer, and after a thumbs down an optional
//! comment, sent to `POST /api/ai/feedback`. It owns that markup and the vote's key (so a
//! changed vote, or a comment added to a thumbs down, replaces the earlier one instead of
//! counting twice); never the answer's text, which it does not send. A failure shows in
//! [`ErrorView`].

use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::session::Session;
use crate::labels;
use crate::tr;
use closer_wire::{AnswerKind, MAX_FEEDBACK_COMMENT_CHARS, SendFeedback, Vote};
use leptos::prelude::*;

/// "Was this helpful?" with 👍 / 👎 (pressed state announced), a comment box after 👎, and a
/// status line screen readers read.
#[component]
pub fn AnswerFeedback(
    /// Which kind of answer this is.
    feature: AnswerKind,
) -> impl IntoView {
    let session = expect_context::<Session>();
    // The seller's vote as the worker holds it, and its key (to replace it).
    let voted = RwSignal::new(None::<Vote>);
    let key = RwSignal::new(None::<String>);
    let comment = RwSignal::new(String::new());
    // Whether the comment went with the vote the worker holds (then the box closes).
    let commented = RwSignal::new(false);
    let send = Action::new_local(move |body: &SendFeedback| {
        let body = body.clone();
        let vote = body.vote;
        let with_comment = body.comment.is_some();
        async move {
            session
                .call(move |api| api.send_feedback(body))
                .await
                .map(|sent| (vote, with_comment, sent))
        }
    });
    Effect::new(move |_| {
        if let Some(Ok((vote, with_comment, sent))) = send.value().get() {
            voted.set(Some(vote));
            commented.set(with_comment);
            key.set(Some(sent.key));
        }
    });
    let dispatch = move |vote: Vote, text: Option<String>| {
        send.dispatch(SendFeedback {
            feature,
            vote,
            comment: text,
            answer_id: None,
            replaces: key.get_untracked(),
        });
    };
    let pressed = move |vote: Vote| move || (voted.get() == Some(vote)).to_string();
    let busy = move || send.pending().get();
    view! {
        <div
            class="answer-feedback"
            role="group"
            aria-label=tr!("feedback-group", answer = labels::answer_kind(feature))
            data-testid="answer-feedback"
        >
            <span class="muted">{tr!("feedback-question")}</span>
            <button
                class="icon"
                data-testid="feedback-up"
                aria-label=tr!("feedback-helpful")
                aria-pressed=pressed(Vote::Up)
                disabled=busy
                on:click=move |_| dispatch(Vote::Up, None)
            >
                <Icon name=IconName::ThumbUp />
            </button>
            <button
                class="icon"
                data-testid="feedback-down"
                aria-label=tr!("feedback-not-helpful")
                aria-pressed=pressed(Vote::Down)
                disabled=busy
                on:click=move |_| dispatch(Vote::Down, None)
            >
                <Icon name=IconName::ThumbDown />
            </button>
            {move || (voted.get() == Some(Vote::Down) && !commented.get()).then(|| view! {
                <div class="feedback-comment">
                    <label>
                        {tr!("feedback-what-was-wrong")}
                        <textarea
                            data-testid="feedback-comment"
                            rows="2"
                            maxlength=MAX_FEEDBACK_COMMENT_CHARS.to_string()
                            prop:value=move || comment.get()
                            on:input=move |ev| comment.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <button
                        data-testid="feedback-send"
                        disabled=move || busy() || comment.with(|c| c.trim().is_empty())
                        on:click=move |_| dispatch(Vote::Down, Some(comment.get_untracked()))
                    >
                        {tr!("feedback-send")}
                    </button>
                </div>
            })}
            <p class="feedback-status" role="status" data-testid="feedback-status">
                {move || matches!(send.value().get(), Some(Ok(_))).then(|| tr!("feedback-thanks"))}
            </p>
            {move || send.value().get().and_then(Result::err).map(|error| view! {
                <ErrorView error testid="feedback-error" prefix=tr!("feedback-not-sent") />
            })}
        </div>
    }
}
