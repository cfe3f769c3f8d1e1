//! A labelled select over a fixed set of choices (an enum's `ALL`), bound to a signal: the
//! draft card's category, tone and length. An option's value is the choice's wire key.

use leptos::prelude::*;

/// `label [choice ▾]`, showing `chosen`; picking an option sets it.
#[component]
pub fn ChoiceSelect<T>(
    #[prop(into)] label: String,
    testid: &'static str,
    choices: &'static [T],
    chosen: RwSignal<T>,
    /// The option's value (the wire key).
    key: fn(T) -> &'static str,
    /// The option's words.
    text: fn(T) -> String,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let choose = move |value: String| {
        if let Some(choice) = choices.iter().find(|c| key(**c) == value) {
            chosen.set(*choice);
        }
    };
    view! {
        <label>
            {label}
            <select data-testid=testid on:change=move |e| choose(event_target_value(&e))>
                {choices
                    .iter()
                    .map(|&c| view! {
                        <option value=key(c) selected=move || chosen.get() == c>{text(c)}</option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
