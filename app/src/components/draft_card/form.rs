//! The draft's options: category (and the custom prompt for "Custom"), tone, length, language
//! and "suggest meeting slots", as signals the card turns into a request.

use crate::components::common::checkbox::Checkbox;
use crate::components::common::choice_select::ChoiceSelect;
use crate::labels;
use crate::tr;
use closer_wire::{DraftCategory, DraftLength, DraftTone};
use leptos::prelude::*;

/// What the seller chose for the next draft.
#[derive(Clone, Copy)]
pub(super) struct DraftOptions {
    pub(super) category: RwSignal<DraftCategory>,
    pub(super) custom_prompt: RwSignal<String>,
    pub(super) tone: RwSignal<DraftTone>,
    pub(super) length: RwSignal<DraftLength>,
    pub(super) language: RwSignal<String>,
    pub(super) suggest_slots: RwSignal<bool>,
}

impl DraftOptions {
    pub(super) fn new() -> Self {
        Self {
            category: RwSignal::new(DraftCategory::default()),
            custom_prompt: RwSignal::new(String::new()),
            tone: RwSignal::new(DraftTone::default()),
            length: RwSignal::new(DraftLength::default()),
            // The seller's language by default (the pane's); they may name another.
            language: RwSignal::new(crate::i18n::current().english_name().to_owned()),
            suggest_slots: RwSignal::new(false),
        }
    }
}

/// The options form.
#[component]
pub(super) fn DraftForm(options: DraftOptions) -> impl IntoView {
    let DraftOptions {
        category,
        custom_prompt,
        tone,
        length,
        language,
        suggest_slots,
    } = options;
    view! {
        <div class="form">
            <ChoiceSelect
                label=tr!("draft-category")
                testid="draft-category"
                choices=&DraftCategory::ALL
                chosen=category
                key=DraftCategory::key
                text=labels::draft_category
            />
            <Show when=move || category.get() == DraftCategory::Custom>
                <label>
                    {tr!("draft-custom-prompt")}
                    <textarea
                        data-testid="draft-custom-prompt"
                        maxlength="1000"
                        rows="2"
                        prop:value=move || custom_prompt.get()
                        on:input=move |e| custom_prompt.set(event_target_value(&e))
                    ></textarea>
                </label>
            </Show>
            <div class="draft-options">
                <ChoiceSelect
                    label=tr!("draft-tone")
                    testid="draft-tone"
                    choices=&DraftTone::ALL
                    chosen=tone
                    key=DraftTone::key
                    text=labels::draft_tone
                />
                <ChoiceSelect
                    label=tr!("draft-length")
                    testid="draft-length"
                    choices=&DraftLength::ALL
                    chosen=length
                    key=DraftLength::key
                    text=labels::draft_length
                />
                <label>
                    {tr!("draft-language")}
                    <input
                        data-testid="draft-language"
                        maxlength="40"
                        prop:value=move || language.get()
                        on:input=move |e| language.set(event_target_value(&e))
                    />
                </label>
            </div>
            <Checkbox
                checked=suggest_slots
                testid="draft-slots"
                label=format!(" {}", tr!("draft-slots"))
                class="inline"
            />
        </div>
    }
}
