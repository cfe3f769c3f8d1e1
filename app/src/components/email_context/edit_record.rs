//! Inline edit of a contact's or an opportunity's editable fields: "Edit" opens inputs filled
//! with the card's values, "Save" sends only what changed with the version the card was read
//! at. On success the card shows the CRM's new values; on a conflict (the record changed in the
//! CRM meanwhile) nothing was written, the card shows the CRM's current values and a message
//! says so. An opportunity's stage is a select of the stages the CRM allows for it now (read
//! from the CRM when the edit opens), never free text. Owns only the edit; the cards own how
//! values are displayed.

use crate::api::EditResult;
use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::session::Session;
use crate::contexts::settings::Settings;
use crate::error::AppError;
use crate::labels;
use crate::tr;
use closer_wire::{
    CardField, ContactCard, EditableField, EditableKind, FieldChange, OpportunityCard, RecordCard,
    UpdateRecord,
};
use leptos::prelude::*;

/// What the pane says on a conflict, whichever CRM it is.
fn conflict_text() -> String {
    tr!("edit-conflict")
}

/// The edit control of a contact card; `card` follows the CRM after a save or a conflict.
#[component]
pub fn EditContact(card: RwSignal<ContactCard>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let values = Signal::derive(move || {
        card.with(|c| {
            editable(
                settings,
                vec![
                    (EditableField::Title, c.title.clone().unwrap_or_default()),
                    (EditableField::Phone, c.phone.clone().unwrap_or_default()),
                ],
            )
        })
    });
    let fresh = Callback::new(move |record: RecordCard| {
        if let RecordCard::Contact { contact } = record {
            // The re-read record carries no added fields: the card keeps those it shows.
            card.update(|c| {
                let extra = std::mem::take(&mut c.extra);
                *c = contact;
                if c.extra.is_empty() {
                    c.extra = extra;
                }
            });
        }
    });
    // Rebuilt only when the editable set changes (the settings arrive), not on every value.
    let offered =
        Memo::new(move |_| values.with(|v| v.iter().map(|(f, _)| *f).collect::<Vec<_>>()));
    move || {
        (!offered.get().is_empty()).then(|| {
            view! {
                <EditRecord
                    kind=EditableKind::Contact
                    id=card.with_untracked(|c| c.id.clone())
                    version=Signal::derive(move || card.with(|c| c.version.clone()))
                    values
                    fresh
                    testid="edit-contact"
                />
            }
        })
    }
}

/// The edit control of an opportunity row; `card` follows the CRM after a save or a conflict.
#[component]
pub fn EditOpportunity(card: RwSignal<OpportunityCard>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let values = Signal::derive(move || {
        card.with(|o| {
            editable(
                settings,
                vec![
                    (EditableField::Stage, o.stage.clone().unwrap_or_default()),
                    (
                        EditableField::Amount,
                        o.amount.map(|a| a.to_string()).unwrap_or_default(),
                    ),
                    (
                        EditableField::CloseDate,
                        o.close_date.clone().unwrap_or_default(),
                    ),
                ],
            )
        })
    });
    let fresh = Callback::new(move |record: RecordCard| {
        if let RecordCard::Opportunity { opportunity } = record {
            card.update(|o| {
                let extra = std::mem::take(&mut o.extra);
                *o = opportunity;
                if o.extra.is_empty() {
                    o.extra = extra;
                }
            });
        }
    });
    // Rebuilt only when the editable set changes (the settings arrive), not on every value.
    let offered =
        Memo::new(move |_| values.with(|v| v.iter().map(|(f, _)| *f).collect::<Vec<_>>()));
    move || {
        (!offered.get().is_empty()).then(|| {
            view! {
                <EditRecord
                    kind=EditableKind::Opportunity
                    id=card.with_untracked(|o| o.record.id.clone())
                    version=Signal::derive(move || card.with(|o| o.version.clone()))
                    values
                    fresh
                    testid="edit-opportunity"
                />
            }
        })
    }
}

/// The fields the tenant's admin lets sellers edit, of `fields`.
fn editable(
    settings: Settings,
    fields: Vec<(EditableField, String)>,
) -> Vec<(EditableField, String)> {
    fields
        .into_iter()
        .filter(|(field, _)| settings.editable(CardField::from(*field)))
        .collect()
}

/// An input's label, `data-testid` and `type`.
fn input_of(field: EditableField) -> (String, &'static str, &'static str) {
    let label = labels::card_field(field.into());
    match field {
        EditableField::Title => (label, "edit-title", "text"),
        EditableField::Phone => (label, "edit-phone", "tel"),
        EditableField::Stage => (label, "edit-stage", "select"),
        EditableField::Amount => (label, "edit-amount", "text"),
        EditableField::CloseDate => (label, "edit-close-date", "date"),
    }
}

/// The fields whose draft differs from the current value (trimmed): only those are sent, so an
/// edit never rewrites a field the seller did not touch.
fn changes(
    current: &[(EditableField, String)],
    drafts: &[(EditableField, String)],
) -> Vec<FieldChange> {
    drafts
        .iter()
        .filter(|(field, draft)| {
            current
                .iter()
                .find(|(f, _)| f == field)
                .is_none_or(|(_, value)| value.trim() != draft.trim())
        })
        .map(|(field, draft)| FieldChange {
            field: *field,
            value: draft.trim().to_owned(),
        })
        .collect()
}

#[component]
fn EditRecord(
    kind: EditableKind,
    id: String,
    version: Signal<String>,
    values: Signal<Vec<(EditableField, String)>>,
    fresh: Callback<RecordCard>,
    testid: &'static str,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    // The stages the CRM offers (`None` while they load), read each time the edit opens.
    let stages: RwSignal<Option<Result<Vec<String>, AppError>>> = RwSignal::new(None);
    let drafts: Vec<(EditableField, RwSignal<String>)> = values
        .get_untracked()
        .into_iter()
        .map(|(field, _)| (field, RwSignal::new(String::new())))
        .collect();
    let has_stage = drafts.iter().any(|(f, _)| *f == EditableField::Stage);
    let load_stages = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let offered = session.call(move |api| api.opportunity_stages(id)).await;
            stages.set(Some(offered.map(|offered| offered.stages)));
        }
    });
    let stages_of = id.clone();
    let save = Action::new_local(move |update: &UpdateRecord| {
        let update = update.clone();
        async move {
            let result = session.call(move |api| api.update_record(update)).await;
            match &result {
                Ok(EditResult::Updated(record)) => fresh.run(record.clone()),
                Ok(EditResult::Conflict(conflict)) => fresh.run(conflict.current.clone()),
                Err(_) => return result,
            }
            open.set(false);
            result
        }
    });
    let start = {
        let drafts = drafts.clone();
        move |_| {
            save.clear();
            for ((_, draft), (_, value)) in drafts.iter().zip(values.get_untracked()) {
                draft.set(value);
            }
            stages.set(None);
            if has_stage {
                load_stages.dispatch(stages_of.clone());
            }
            open.set(true);
        }
    };
    let submit = {
        let drafts = drafts.clone();
        move |_| {
            let typed: Vec<_> = drafts
                .iter()
                .map(|(f, d)| (*f, d.get_untracked()))
                .collect();
            let fields = changes(&values.get_untracked(), &typed);
            if fields.is_empty() {
                open.set(false);
                return;
            }
            save.dispatch(UpdateRecord {
                kind,
                id: id.clone(),
                version: version.get_untracked(),
                fields,
                extra: Vec::new(),
            });
        }
    };
    let inputs = move || {
        drafts
            .iter()
            .map(|&(field, draft)| {
                let (label, testid, kind) = input_of(field);
                if field == EditableField::Stage {
                    return view! { <StageSelect label testid draft stages /> }.into_any();
                }
                view! { <label>{label} <input type=kind data-testid=testid bind:value=draft /></label> }
                    .into_any()
            })
            .collect_view()
    };
    view! {
        <div class="edit-record">
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button data-testid=testid on:click=start.clone()><Icon name=IconName::Edit />{tr!("edit")}</button>
                }
            >
                // Escape closes the form, as it closes Outlook's own panes' editors.
                <div
                    class="form"
                    data-testid="edit-form"
                    on:keydown=move |e| if e.key() == "Escape" { open.set(false) }
                >
                    {inputs.clone()}
                    <div class="actions">
                        <button
                            data-testid="edit-save"
                            disabled=move || save.pending().get()
                            on:click=submit.clone()
                        >{tr!("save")}</button>
                        <button data-testid="edit-cancel" on:click=move |_| open.set(false)>
                            {tr!("cancel")}
                        </button>
                    </div>
                </div>
            </Show>
            {move || match save.value().get() {
                Some(Ok(EditResult::Conflict(_))) => Some(view! {
                    <p class="error" role="alert" data-testid="edit-conflict">{conflict_text()}</p>
                }.into_any()),
                Some(Err(error)) => Some(view! {
                    <ErrorView error=error testid="edit-error" />
                }.into_any()),
                _ => None,
            }}
        </div>
    }
}

/// The options of the stage select: the stages the CRM offers, and the value the card shows
/// first when it is not one of them (a label the CRM derived), so an untouched select sends
/// nothing.
fn stage_options(offered: &[String], shown: &str) -> Vec<String> {
    let mut options = offered.to_vec();
    if !shown.is_empty() && !options.iter().any(|stage| stage == shown) {
        options.insert(0, shown.to_owned());
    }
    options
}

/// The stage select: disabled until the CRM's stages are read; if they cannot be, says why and
/// keeps the current stage.
#[component]
fn StageSelect(
    label: String,
    testid: &'static str,
    draft: RwSignal<String>,
    stages: RwSignal<Option<Result<Vec<String>, AppError>>>,
) -> impl IntoView {
    let options = move || {
        let chosen = draft.get();
        let offered = match stages.get() {
            Some(Ok(offered)) => offered,
            _ => Vec::new(),
        };
        stage_options(&offered, &chosen)
            .into_iter()
            .map(|stage| {
                let selected = stage == chosen;
                let text = stage.clone();
                view! { <option value=stage selected=selected>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <label>
            {label}
            <select
                data-testid=testid
                disabled=move || !matches!(stages.get(), Some(Ok(_)))
                on:change=move |e| draft.set(event_target_value(&e))
            >
                {options}
            </select>
        </label>
        {move || match stages.get() {
            Some(Err(error)) => Some(view! {
                <ErrorView error testid="edit-stage-error" />
            }),
            _ => None,
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent_trimmed() {
        let current = vec![
            (EditableField::Stage, "Propose".to_owned()),
            (EditableField::Amount, "48000".to_owned()),
            (EditableField::CloseDate, "2026-12-15".to_owned()),
        ];
        let drafts = vec![
            (EditableField::Stage, " Propose ".to_owned()),
            (EditableField::Amount, "52000 ".to_owned()),
            (EditableField::CloseDate, "2026-12-15".to_owned()),
        ];
        assert_eq!(
            changes(&current, &drafts),
            vec![FieldChange {
                field: EditableField::Amount,
                value: "52000".into()
            }]
        );
        assert!(changes(&current, &current).is_empty());
    }

    #[test]
    fn the_stage_select_offers_the_crms_stages_and_keeps_a_label_it_shows() {
        let offered = vec![
            "Develop".to_owned(),
            "Propose".to_owned(),
            "Close".to_owned(),
        ];
        assert_eq!(stage_options(&offered, "Propose"), offered);
        assert_eq!(
            stage_options(&offered, "3-Propose"),
            ["3-Propose", "Develop", "Propose", "Close"]
        );
        assert_eq!(stage_options(&offered, ""), offered);
    }
}
