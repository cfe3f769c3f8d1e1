//! The CRM fields an admin added to a card, after the standard ones: read-only, or, when the
//! admin lets sellers edit one, with an inline edit (a select for a picklist) that writes
//! through `POST /api/pane/record` at the card's version, like the standard fields.

use crate::api::EditResult;
use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::tr;
use closer_wire::{EditableKind, ExtraChange, FieldValue, RecordCard, UpdateRecord};
use leptos::prelude::*;

/// What an editable extra field needs to write: which record, at which version, and what to
/// do with the record the CRM answers (`(record, field name, value written)`).
#[derive(Clone)]
pub struct ExtraEditor {
    /// The record's kind.
    pub kind: EditableKind,
    /// Its CRM id.
    pub id: String,
    /// The version the card holds.
    pub version: Signal<String>,
    /// Called with the CRM's record after a write (or its current values after a conflict).
    pub saved: Callback<(RecordCard, String, String)>,
}

/// The card's extras with `name` set to `value`, the others kept (the CRM's re-read record
/// carries no extras).
pub fn with_value(extras: &[FieldValue], name: &str, value: &str) -> Vec<FieldValue> {
    extras
        .iter()
        .cloned()
        .map(|mut field| {
            if field.name == name {
                field.value = value.to_owned();
            }
            field
        })
        .collect()
}

/// `Label: value` for each extra field; nothing when there is none.
#[component]
pub fn CardExtras(
    #[prop(into)] values: Signal<Vec<FieldValue>>,
    #[prop(optional)] editor: Option<ExtraEditor>,
) -> impl IntoView {
    move || {
        let values = values.get();
        let editor = editor.clone();
        (!values.is_empty()).then(|| {
            view! {
                <dl class="card-extras">
                    {values.into_iter().map(|field| {
                        let editor = editor.clone().filter(|_| field.editable);
                        let (name, label) = (field.name.clone(), field.label.clone());
                        let value = match editor {
                            Some(editor) => view! {
                                <crate::split::Deferred
                                    load=Box::new(move || crate::split::editable_extra(field.clone(), editor.clone()))
                                    testid="extra-editor"
                                />
                            }
                            .into_any(),
                            None => field.value.into_any(),
                        };
                        view! {
                            <div data-testid="card-extra" data-field=name>
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }
        })
    }
}

#[component]
pub fn EditableValue(field: FieldValue, editor: ExtraEditor) -> impl IntoView {
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(field.value.clone());
    let error = RwSignal::new(None::<AppError>);
    let conflict_seen = RwSignal::new(false);
    let name = field.name.clone();
    let save = Action::new_local(move |value: &String| {
        let request = UpdateRecord {
            kind: editor.kind,
            id: editor.id.clone(),
            version: editor.version.get_untracked(),
            fields: Vec::new(),
            extra: vec![ExtraChange {
                name: name.clone(),
                value: value.clone(),
            }],
        };
        let (name, value, saved) = (name.clone(), value.clone(), editor.saved);
        async move {
            match session.call(move |api| api.update_record(request)).await {
                Ok(EditResult::Updated(record)) => {
                    error.set(None);
                    conflict_seen.set(false);
                    open.set(false);
                    saved.run((record, name, value.trim().to_owned()));
                }
                Ok(EditResult::Conflict(conflict)) => {
                    error.set(None);
                    conflict_seen.set(true);
                    saved.run((conflict.current, String::new(), String::new()));
                }
                Err(failure) => {
                    conflict_seen.set(false);
                    error.set(Some(failure));
                }
            }
        }
    });
    let id = field.name.clone();
    let label = field.label.clone();
    let options = field.options.clone();
    view! {
        <Show
            when=move || open.get()
            fallback={
                let (id, value) = (id.clone(), field.value.clone());
                move || view! {
                    <span>{value.clone()}</span>
                    " "
                    <button data-testid=format!("extra-edit-{id}") on:click=move |_| open.set(true)>{tr!("edit")}</button>
                }
            }
        >
            {
                let id = id.clone();
                let label = label.clone();
                let options = options.clone();
                view! {
                    {if options.is_empty() {
                        view! { <input data-testid=format!("extra-input-{id}") aria-label=label.clone() bind:value=draft /> }.into_any()
                    } else {
                        view! {
                            <select
                                data-testid=format!("extra-input-{id}")
                                aria-label=label.clone()
                                prop:value=move || draft.get()
                                on:change=move |e| draft.set(event_target_value(&e))
                            >
                                <option value="">"—"</option>
                                {options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                            </select>
                        }.into_any()
                    }}
                    <button
                        data-testid=format!("extra-save-{id}")
                        disabled=move || save.pending().get()
                        on:click=move |_| { save.dispatch(draft.get_untracked()); }
                    >{tr!("save")}</button>
                    <button on:click=move |_| open.set(false)>{tr!("cancel")}</button>
                }
            }
        </Show>
        {move || conflict_seen.get().then(|| view! {
            <p class="error" role="alert" data-testid="extra-error">
                {tr!("edit-conflict")}
            </p>
        })}
        {move || error.get().map(|error| view! { <ErrorView error testid="extra-error" /> })}
    }
}
