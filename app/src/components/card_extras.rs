//! The CRM fields an admin added to a card, shown read-only after the standard ones.

use closer_wire::FieldValue;
use leptos::prelude::*;

/// `Label: value` for each extra field that has a value; nothing when there is none.
#[component]
pub fn CardExtras(#[prop(into)] values: Signal<Vec<FieldValue>>) -> impl IntoView {
    move || {
        let values = values.get();
        (!values.is_empty()).then(|| {
            view! {
                <dl class="card-extras">
                    {values.into_iter().map(|field| view! {
                        <div data-testid="card-extra" data-field=field.name.clone()>
                            <dt>{field.label}</dt>
                            <dd>{field.value}</dd>
                        </div>
                    }).collect_view()}
                </dl>
            }
        })
    }
}
