//! What a draft came to: what it rests on, its text as it streams in, how it ended (done with
//! the model's name, stopped, or failed with Retry), then Refine, Undo and Insert, and the
//! browser preview's reply box.

use super::state::{DraftState, Grounding, Phase};
use crate::components::common::answer_feedback::AnswerFeedback;
use crate::components::common::error_view::ErrorView;
use crate::tr;
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
                    {if truncated { tr!("draft-model-cut", model = model.clone()) } else { model.clone() }}
                </p>
                <AnswerFeedback feature=AnswerKind::Draft />
            }.into_any(),
            Phase::Stopped => view! {
                <p class="muted" data-testid="draft-stopped">{tr!("draft-stopped")}</p>
            }.into_any(),
            Phase::Idle | Phase::Streaming => ().into_any(),
        }}
        <Show when=move || has_text() && !streaming()>
            <div class="form">
                <label>
                    {tr!("draft-refine")}
                    <input
                        data-testid="draft-refine-text"
                        maxlength="1000"
                        placeholder=tr!("draft-refine-placeholder")
                        prop:value=move || refine_text.get()
                        on:input=move |e| refine_text.set(event_target_value(&e))
                    />
                </label>
            </div>
            <div class="actions">
                <button data-testid="draft-refine" on:click=move |_| refine.run(())>{tr!("draft-refine")}</button>
                <button
                    data-testid="draft-undo"
                    disabled=move || state.undo.get().is_none()
                    on:click=move |_| state.undo()
                >
                    {tr!("draft-undo")}
                </button>
                <button data-testid="draft-insert" on:click=move |_| state.insert()>{tr!("draft-insert")}</button>
            </div>
        </Show>
        <Show when=move || !has_text() && !streaming() && state.undo.get().is_some()>
            <div class="actions">
                <button data-testid="draft-undo" on:click=move |_| state.undo()>{tr!("draft-undo")}</button>
            </div>
        </Show>
        {move || state.insert_error.get().map(|error| view! {
            <ErrorView error testid="draft-insert-error" />
        })}
        {move || state.inserted.get().map(|text| view! {
            <div class="reply-preview" data-testid="reply-preview">
                <p class="muted">{tr!("draft-preview-hint")}</p>
                <textarea data-testid="reply-preview-body" aria-label=tr!("draft-preview") readonly rows="8" prop:value=text></textarea>
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

            view! {
                <p class="muted" data-testid="draft-grounding">
                    {tr!("draft-grounding", used = grounding.messages_used, cut = grounding.messages_cut)}
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
