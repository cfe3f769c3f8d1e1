//! During the meeting: a note field that saves to the CRM once (`POST /api/ai/summary/note` with
//! the event as its source and one key per note written, so a double click or a retry after a
//! lost answer makes one note, and the next note gets a fresh key), on the record the seller
//! picks (the meeting's suggested deal first). The quick "create task" beside it is the email
//! pane's follow-up form, subject taken from the meeting.

use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::components::common::regarding::RegardingPicker;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{RecordLinkView, SaveSummaryNote, SavedNote};
use leptos::prelude::*;

/// Characters of a note the worker accepts.
const MAX_NOTE_CHARS: usize = 8_000;

/// A fresh key for one note (time + randomness: unique enough per seller).
fn note_key() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("note-{:x}-{random:08x}", js_sys::Date::now() as u64)
}

/// The meeting-note card for the meeting `event_id` titled `subject`.
#[component]
pub fn MeetingNoteCard(
    event_id: String,
    subject: String,
    choices: Vec<RecordLinkView>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let regarding = RwSignal::new(choices.first().cloned());
    let key = RwSignal::new(note_key());
    // The CRM ids of the notes saved from this card: a double click answers the same id twice.
    let saved = RwSignal::new(Vec::<String>::new());
    let save = Action::new_local(move |request: &SaveSummaryNote| {
        let request = request.clone();
        async move {
            session
                .call(move |api| api.save_summary_note(request))
                .await
        }
    });
    // A newly saved note clears the field and takes a new key: the next note is a new one.
    Effect::new(move |_| {
        if let Some(Ok(SavedNote { note_id, .. })) = save.value().get()
            && !saved.with_untracked(|ids| ids.contains(&note_id))
        {
            saved.update(|ids| ids.push(note_id));
            text.set(String::new());
            key.set(note_key());
        }
    });
    let has_choices = !choices.is_empty();
    let submit = move || {
        let Some(record) = regarding.get_untracked() else {
            return;
        };
        if save.pending().get_untracked() || text.get_untracked().trim().is_empty() {
            return;
        }
        save.dispatch(SaveSummaryNote {
            message_id: event_id.clone(),
            entity: record.kind,
            record_id: record.id,
            title: tr!("meeting-note-title", subject = subject.clone()),
            text: text.get_untracked(),
            key: Some(key.get_untracked()),
        });
    };
    view! {
        <section class="card" data-testid="meeting-note-card">
            <h2><Icon name=IconName::Note />{tr!("meeting-note-heading")}</h2>
            {if has_choices {
                view! {
                    <div class="form">
                        <label>
                            {tr!("meeting-note-label")}
                            <textarea
                                data-testid="meeting-note-text"
                                rows="4"
                                maxlength=MAX_NOTE_CHARS
                                prop:value=move || text.get()
                                on:input=move |e| text.set(event_target_value(&e))
                            ></textarea>
                        </label>
                        <RegardingPicker
                            choices=choices.clone()
                            chosen=regarding
                            testid="meeting-note-regarding"
                            label=tr!("meeting-note-on")
                        />
                    </div>
                    <div class="actions">
                        <button
                            data-testid="meeting-note-save"
                            disabled=move || save.pending().get() || text.get().trim().is_empty()
                            on:click=move |_| submit()
                        >
                            {move || if save.pending().get() { tr!("saving") } else { tr!("meeting-note-save") }}
                        </button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p class="muted" data-testid="meeting-note-no-record">
                        {tr!("meeting-note-no-record")}
                    </p>
                }.into_any()
            }}
            {move || (!saved.with(Vec::is_empty)).then(|| view! {
                <p class="saved" role="status" data-testid="meeting-note-saved">
                    {tr!("meeting-note-saved", count = saved.with(Vec::len))}
                </p>
            })}
            {move || save.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView
                    error=e
                    testid="meeting-note-error"
                    prefix=tr!("not-saved")
                    suffix=tr!("meeting-note-kept")
                />
            })}
        </section>
    }
}
