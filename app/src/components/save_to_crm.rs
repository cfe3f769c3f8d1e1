//! The "save to CRM" card an email and a meeting share: choose the regarding record, save once;
//! an item saved before (by anyone: the worker checks the CRM) shows "Saved" with a link. The
//! worker makes saves idempotent; the button is disabled while a save is in flight, and a failed
//! save is shown as failed, never as saved.

use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::components::common::regarding::RegardingPicker;
use crate::error::AppError;
use crate::tr;
use closer_wire::{RecordLinkView, Saved};
use leptos::prelude::*;
use std::future::Future;

/// What differs between the cards: their test ids and words.
pub struct SaveCardText {
    /// Prefixes the card's test ids (`{prefix}save-card`, `{prefix}saved`, `{prefix}saved-link`,
    /// `{prefix}save-regarding`, `{prefix}save-error`).
    pub testid_prefix: &'static str,
    /// The card's heading.
    pub heading: String,
    /// The save button's test id.
    pub button_testid: &'static str,
    /// The save button's words while no save is in flight.
    pub button_label: String,
}

/// The save card. `save` sends the save regarding the chosen record; `no_choices` says why there
/// is nothing to save regarding (shown instead of the form until the item is saved);
/// `children` go above the form (a failed saved-check).
#[component]
pub fn SaveToCrmCard<SaveFn, Call>(
    text: SaveCardText,
    choices: Vec<RecordLinkView>,
    saved_before: Option<RecordLinkView>,
    save: SaveFn,
    #[prop(into)] no_choices: ViewFn,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    SaveFn: Fn(RecordLinkView) -> Call + 'static,
    Call: Future<Output = Result<Saved, AppError>> + 'static,
{
    let SaveCardText {
        testid_prefix: prefix,
        heading,
        button_testid,
        button_label,
    } = text;
    let regarding = RwSignal::new(choices.first().cloned());
    let save = Action::new_local(move |record: &RecordLinkView| save(record.clone()));
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|s| s.activity)
            .or_else(|| saved_before.clone())
    };
    let has_choices = !choices.is_empty();
    // A save that just succeeded is confirmed by a toast for a few seconds (the card keeps
    // saying "Saved"); saves found saved before get none.
    let toast = RwSignal::new(false);
    Effect::new(move |_| {
        if save.value().with(|v| matches!(v, Some(Ok(_)))) {
            toast.set(true);
            set_timeout(move || toast.set(false), std::time::Duration::from_secs(4));
        }
    });
    view! {
        <section class="card" data-testid=format!("{prefix}save-card")>
            <h2><Icon name=IconName::Save />{heading}</h2>
            <Show when=move || toast.get()>
                <p class="toast" role="status" data-testid="save-toast">{tr!("saved-to-crm")}</p>
            </Show>
            {children.map(|above| above())}
            {move || match saved() {
                Some(activity) => view! {
                    <p role="status" data-testid=format!("{prefix}saved")>
                        {tr!("saved")}" "
                        <a href=activity.url.clone() target="_blank" rel="noopener" data-testid=format!("{prefix}saved-link")>
                            {tr!("open-in-crm")}
                        </a>
                    </p>
                }.into_any(),
                None if !has_choices => no_choices.run(),
                None => {
                    let button_label = button_label.clone();
                    view! {
                    <RegardingPicker
                        choices=choices.clone()
                        chosen=regarding
                        testid=format!("{prefix}save-regarding")
                        label=tr!("regarding")
                    />
                    <button
                        data-testid=button_testid
                        disabled=move || save.pending().get()
                        on:click=move |_| {
                            if let Some(record) = regarding.get_untracked() {
                                save.dispatch(record);
                            }
                        }
                    >
                        {move || if save.pending().get() { tr!("saving") } else { button_label.clone() }}
                    </button>
                }.into_any()
                }
            }}
            {move || save.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView error=e testid=format!("{prefix}save-error") prefix=tr!("not-saved") />
            })}
        </section>
    }
}
