//! The reply-draft card: category, tone, length, language, a custom prompt and "suggest
//! meeting slots"; Generate streams the draft in as the model writes it; Refine with free
//! text; one step of Undo; Stop, and Retry after a failure; Insert puts the draft into the
//! reply through Office.js in Outlook, and in the browser preview shows the reply box it would
//! fill. The draft is always text, never HTML. The worker does all the work; this card only
//! asks and shows.

use crate::components::common::checkbox::Checkbox;
use crate::components::common::choice_select::ChoiceSelect;
use crate::components::draft::stream::read_events;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use closer_wire::{
    DraftCategory, DraftEvent, DraftLength, DraftRefinement, DraftRequest, DraftTone, EmailContext,
    MeetingSlot, RecordLinkView,
};
use leptos::prelude::*;

/// The opportunity the CRM cards connected the open email to: the draft is grounded in it.
/// Provided by the pane, set by the CRM cards when they load ([`connect_opportunity`]).
#[derive(Debug, Clone, Copy)]
pub struct ConnectedOpportunity(RwSignal<Option<RecordLinkView>>);

/// Provides [`ConnectedOpportunity`] to the pane's cards.
pub fn provide_connected_opportunity() {
    provide_context(ConnectedOpportunity(RwSignal::new(None)));
}

/// Notes the opportunity `context` connects the email to: the suggested regarding record when
/// it is an opportunity, else the first open opportunity of the matched accounts.
pub fn connect_opportunity(context: &EmailContext) {
    let Some(connected) = use_context::<ConnectedOpportunity>() else {
        return;
    };
    let suggested = context
        .suggested_regarding
        .clone()
        .filter(|r| r.kind == "opportunity");
    let first_open = || {
        context
            .accounts
            .iter()
            .flat_map(|a| &a.opportunities)
            .map(|o| o.record.clone())
            .next()
    };
    connected.0.set(suggested.or_else(first_open));
}

/// Where a draft stands.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Nothing asked yet (or a new item).
    Idle,
    /// Text is arriving.
    Streaming,
    /// Complete.
    Done { model: String, truncated: bool },
    /// The seller stopped it; the text so far stays.
    Stopped,
    /// It failed; the message is the worker's sentence.
    Failed(String),
}

/// What the worker said the draft rests on.
#[derive(Debug, Clone, Default, PartialEq)]
struct Grounding {
    messages_used: u32,
    messages_cut: u32,
    grounded_in: Option<String>,
    slots: Vec<MeetingSlot>,
}

/// The card's state, shared by its handlers (all `Copy` signals).
#[derive(Clone, Copy)]
struct DraftState {
    session: Session,
    text: RwSignal<String>,
    /// The text before the last Generate or Refine: one step of undo.
    undo: RwSignal<Option<String>>,
    phase: RwSignal<Phase>,
    grounding: RwSignal<Grounding>,
    /// Bumped by every run, Stop and item change: a stream whose number is stale stops.
    run_number: RwSignal<u64>,
    last_request: StoredValue<Option<DraftRequest>>,
    /// The browser preview's reply box (Outlook gets the real reply form).
    inserted: RwSignal<Option<String>>,
    insert_error: RwSignal<Option<String>>,
}

impl DraftState {
    fn new(session: Session) -> Self {
        Self {
            session,
            text: RwSignal::new(String::new()),
            undo: RwSignal::new(None),
            phase: RwSignal::new(Phase::Idle),
            grounding: RwSignal::new(Grounding::default()),
            run_number: RwSignal::new(0),
            last_request: StoredValue::new(None),
            inserted: RwSignal::new(None),
            insert_error: RwSignal::new(None),
        }
    }

    fn reset(&self) {
        self.run_number.update(|n| *n += 1);
        self.text.set(String::new());
        self.undo.set(None);
        self.phase.set(Phase::Idle);
        self.grounding.set(Grounding::default());
        self.inserted.set(None);
        self.insert_error.set(None);
        self.last_request.set_value(None);
    }

    /// Streams a draft for `request`, replacing the text; the old text becomes the undo step.
    fn run(&self, request: DraftRequest, keep_undo: bool) {
        self.run_number.update(|n| *n += 1);
        let number = self.run_number.get_untracked();
        if !keep_undo {
            let before = self.text.get_untracked();
            self.undo.set((!before.is_empty()).then_some(before));
        }
        self.text.set(String::new());
        self.phase.set(Phase::Streaming);
        self.last_request.set_value(Some(request.clone()));
        let state = *self;
        leptos::task::spawn_local(async move {
            let wanted = move || state.run_number.get_untracked() == number;
            let outcome = match state.session.call(|api| api.draft_stream(&request)).await {
                Ok(body) => read_events(body, wanted, |event| state.apply(event)).await,
                Err(error) => Err(error),
            };
            if !wanted() {
                return;
            }
            match outcome {
                Err(error) => state.phase.set(Phase::Failed(error.to_string())),
                Ok(()) if state.phase.get_untracked() == Phase::Streaming => {
                    state.phase.set(Phase::Failed(
                        "The draft stopped before it was complete. Retry.".into(),
                    ));
                }
                Ok(()) => {}
            }
        });
    }

    fn apply(&self, event: DraftEvent) {
        match event {
            DraftEvent::Started {
                messages_used,
                messages_cut,
                grounded_in,
                slots,
            } => self.grounding.set(Grounding {
                messages_used,
                messages_cut,
                grounded_in,
                slots,
            }),
            DraftEvent::Delta { text } => self.text.update(|t| t.push_str(&text)),
            DraftEvent::Done { model, truncated } => {
                self.phase.set(Phase::Done { model, truncated })
            }
            DraftEvent::Error { error } => self.phase.set(Phase::Failed(error.message)),
        }
    }

    fn stop(&self) {
        self.run_number.update(|n| *n += 1);
        self.phase.set(Phase::Stopped);
    }

    fn retry(&self) {
        if let Some(request) = self.last_request.get_value() {
            // A retry replaces the failed attempt; the undo step stays what it was.
            self.run(request, true);
        }
    }

    fn undo(&self) {
        if let Some(previous) = self.undo.get_untracked() {
            self.run_number.update(|n| *n += 1);
            self.text.set(previous);
            self.undo.set(None);
            self.phase.set(Phase::Idle);
        }
    }

    fn insert(&self) {
        let text = self.text.get_untracked();
        if crate::host::outlook::requested() {
            let error = self.insert_error;
            leptos::task::spawn_local(async move {
                let result = crate::host::outlook::insert_reply(&text).await;
                error.set(result.err());
            });
        } else {
            self.inserted.set(Some(text));
        }
    }
}

/// "Draft a reply".
#[component]
pub fn DraftCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let state = DraftState::new(session);
    let category = RwSignal::new(DraftCategory::default());
    let custom_prompt = RwSignal::new(String::new());
    let tone = RwSignal::new(DraftTone::default());
    let length = RwSignal::new(DraftLength::default());
    let language = RwSignal::new("English".to_owned());
    let suggest_slots = RwSignal::new(false);
    let refine_text = RwSignal::new(String::new());
    let opportunity = use_context::<ConnectedOpportunity>().map(|c| c.0);

    // Another item: the draft was for the previous one.
    Effect::new(move |_| {
        host.item.track();
        state.reset();
        if let Some(opportunity) = opportunity {
            // Until the new item's CRM cards say which opportunity it belongs to.
            opportunity.set(None);
        }
        refine_text.set(String::new());
    });

    let request_for = move |message_id: String, refine: Option<DraftRefinement>| DraftRequest {
        conversation_id: crate::components::summary_card::conversation_of(host, &message_id),
        message_id,
        category: category.get_untracked(),
        custom_prompt: (category.get_untracked() == DraftCategory::Custom)
            .then(|| custom_prompt.get_untracked()),
        tone: tone.get_untracked(),
        length: length.get_untracked(),
        language: language.get_untracked(),
        suggest_meeting_slots: suggest_slots.get_untracked(),
        refine,
        opportunity_id: opportunity.and_then(|o| o.get_untracked()).map(|o| o.id),
    };
    let streaming = move || state.phase.get() == Phase::Streaming;
    let has_text = move || !state.text.get().is_empty();

    move || {
        host.item.get().map(|item| {
            let generate = {
                let id = item.id.clone();
                move |_| state.run(request_for(id.clone(), None), false)
            };
            let refine = {
                let id = item.id.clone();
                move |_| {
                    let instruction = refine_text.get_untracked();
                    if instruction.trim().is_empty() {
                        return;
                    }
                    let refinement = DraftRefinement {
                        previous_draft: state.text.get_untracked(),
                        instruction,
                    };
                    state.run(request_for(id.clone(), Some(refinement)), false);
                    refine_text.set(String::new());
                }
            };
            view! {
                <section class="card draft" data-testid="draft-card">
                    <h2>"Draft a reply"</h2>
                    <div class="form">
                        <ChoiceSelect
                            label="Category"
                            testid="draft-category"
                            choices=&DraftCategory::ALL
                            chosen=category
                            key=DraftCategory::key
                            text=DraftCategory::label
                        />
                        <Show when=move || category.get() == DraftCategory::Custom>
                            <label>
                                "What should the reply do?"
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
                                label="Tone"
                                testid="draft-tone"
                                choices=&DraftTone::ALL
                                chosen=tone
                                key=DraftTone::key
                                text=DraftTone::key
                            />
                            <ChoiceSelect
                                label="Length"
                                testid="draft-length"
                                choices=&DraftLength::ALL
                                chosen=length
                                key=DraftLength::key
                                text=DraftLength::key
                            />
                            <label>
                                "Language"
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
                            label=" Suggest meeting slots"
                            class="inline"
                        />
                    </div>
                    <div class="actions">
                        <button data-testid="draft-generate" disabled=streaming on:click=generate>
                            {move || if streaming() { "Drafting…" } else { "Generate" }}
                        </button>
                        <Show when=streaming>
                            <button data-testid="draft-stop" on:click=move |_| state.stop()>"Stop"</button>
                        </Show>
                    </div>
                    <Grounded grounding=state.grounding />
                    <Show when=move || has_text() || streaming()>
                        <pre class="draft-text" data-testid="draft-text" aria-live="polite">
                            {move || state.text.get()}
                        </pre>
                    </Show>
                    {move || match state.phase.get() {
                        Phase::Failed(message) => view! {
                            <div class="error" role="alert" data-testid="draft-error">
                                <p>{message}</p>
                                <button data-testid="draft-retry" on:click=move |_| state.retry()>"Retry"</button>
                            </div>
                        }.into_any(),
                        Phase::Done { model, truncated } => view! {
                            <p class="muted" data-testid="draft-model">
                                {format!("{model}{}", if truncated { " · cut at the length limit" } else { "" })}
                            </p>
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
                            <button data-testid="draft-refine" on:click=refine.clone()>"Refine"</button>
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
                    {move || state.insert_error.get().map(|message| view! {
                        <p class="error" role="alert" data-testid="draft-insert-error">{message}</p>
                    })}
                    {move || state.inserted.get().map(|text| view! {
                        <div class="reply-preview" data-testid="reply-preview">
                            <p class="muted">"Reply (preview): in Outlook, Insert opens the reply with this text."</p>
                            <textarea data-testid="reply-preview-body" readonly rows="8" prop:value=text></textarea>
                        </div>
                    })}
                </section>
            }
        })
    }
}

/// What the draft rests on: messages read, the CRM record, the offered slots.
#[component]
fn Grounded(grounding: RwSignal<Grounding>) -> impl IntoView {
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
