//! A labelled checkbox bound to a signal: the one shape of every on/off option in the pane
//! (search filters, draft options).

use leptos::prelude::*;

/// `[x] label`, checked while `checked` is true.
#[component]
pub fn Checkbox(
    checked: RwSignal<bool>,
    testid: &'static str,
    /// The text after the box (with its leading space, as it reads next to the box).
    #[prop(into)]
    label: String,
    /// The label's class, where its card lays options out in a row.
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label class=class>
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=move || checked.get()
                on:change=move |e| checked.set(event_target_checked(&e))
            />
            {label}
        </label>
    }
}
