//! What a draft came to: what it rests on, its text as it streams in, how it ended (done with
//! the model's name, stopped, or failed with Retry), then Refine, Undo and Insert, and the
//! browser preview's reply box.

use super::state::{DraftState, Grounding, Phase};
use crate::components::common::answer_feedback::AnswerFeedback;
use crate::components::common::error_view::ErrorView;
use closer_wire::AnswerKind;
use leptos::prelude::*;

/// The draft's output and its actions; `refine` runs the refinement the seller typed.
#[component]
pub(super) fn DraftOutput(
    state: DraftState,
    refine_text: RwSignal<String>,
    refine: Callback<()>,
) -> impl IntoView {
    let streaming = move || state.phase.get() == Phase::Streaming;
    let has_text = move || !state.text.get().is_empty();
    view! {
        <Grounded grounding=state.grounding />
        <Show when=move || has_text() || streaming()>
            <pre class="draft-text" data-testid="draft-text" aria-live="polite" data-streaming=move || streaming().to_string()>
                {move || state.text.get()}
            </pre>
        </Show>
        {move || match state.phase.get() {
            Phase::Failed(error) => view! {
                <ErrorView
                    error
                    testid="draft-error"
                    retry=move |_| state.retry()
                    retry_testid="draft-retry"
                />
            }.into_any(),
            Phase::Done { model, truncated } => view! {
                <p class="muted" data-testid="draft-model">
                    {format!("{model}{}", if truncated { " · cut at the length limit" } else { "" })}
                </p>
                <AnswerFeedback feature=AnswerKind::Draft />
            }.into_any(),
            Phase::Stopped => view! {
                <p class="muted" data-testid="draft-stopped">"Stopped."</p>
            }.into_any(),
            Phase::Idle | Phase::Streaming => ().into_any(),
        }}
        <Show when=move || has_text() && !streaming()>
            <div class="form">
                <label>
                    "Refine"
                    <input
                        data-testid="draft-refine-text"
                        maxlength="1000"
                        placeholder="e.g. shorter, mention the pilot"
                        prop:value=move || refine_text.get()
                        on:input=move |e| refine_text.set(event_target_value(&e))
                    />
                </label>
            </div>
            <div class="actions">
                <button data-testid="draft-refine" on:click=move |_| refine.run(())>"Refine"</button>
                <button
                    data-testid="draft-undo"
                    disabled=move || state.undo.get().is_none()
                    on:click=move |_| state.undo()
                >
                    "Undo"
                </button>
                <button data-testid="draft-insert" on:click=move |_| state.insert()>"Insert"</button>
            </div>
        </Show>
        <Show when=move || !has_text() && !streaming() && state.undo.get().is_some()>
            <div class="actions">
                <button data-testid="draft-undo" on:click=move |_| state.undo()>"Undo"</button>
            </div>
        </Show>
        {move || state.insert_error.get().map(|error| view! {
            <ErrorView error testid="draft-insert-error" />
        })}
        {move || state.inserted.get().map(|text| view! {
            <div class="reply-preview" data-testid="reply-preview">
                <p class="muted">"Reply (preview): in Outlook, Insert opens the reply with this text."</p>
                <textarea data-testid="reply-preview-body" aria-label="Reply preview" readonly rows="8" prop:value=text></textarea>
            </div>
        })}
    }
}

/// What the draft rests on: messages read, the CRM record, the offered slots.
#[component]
pub(super) fn Grounded(grounding: RwSignal<Grounding>) -> impl IntoView {
    move || {
        let grounding = grounding.get();
        (grounding.messages_used > 0).then(|| {
            let cut = if grounding.messages_cut > 0 {
                format!(", {} older left out", grounding.messages_cut)
            } else {
                String::new()
            };
            view! {
                <p class="muted" data-testid="draft-grounding">
                    {format!("From {} message(s){cut}", grounding.messages_used)}
                    {grounding.grounded_in.map(|g| format!(" · {g}"))}
                </p>
                {(!grounding.slots.is_empty()).then(|| view! {
                    <ul class="draft-slots" data-testid="draft-slot-list">
                        {grounding.slots.into_iter().map(|slot| view! {
                            <li data-testid="draft-slot">{slot.label}</li>
                        }).collect_view()}
                    </ul>
                })}
            }
        })
    }
}
