//! The draft card's state machine: where a draft stands ([`Phase`]), what it rests on
//! ([`Grounding`]), and the handlers (Generate/Refine, Stop, Retry, Undo, Insert) over one
//! [`DraftState`] of `Copy` signals. A state lives as long as the card of one item: another
//! item gets a new one, so nothing is reset by hand, and a stream still running for the old
//! item finds its state gone and stops.

use super::stream::read_events;
use crate::contexts::session::Session;
use crate::error::AppError;
use closer_wire::{DraftEvent, DraftPrepareRequest, DraftRequest, MeetingSlot};
use leptos::prelude::*;

/// Where a draft stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Phase {
    /// Nothing asked yet (or a new item).
    Idle,
    /// Text is arriving.
    Streaming,
    /// Complete.
    Done { model: String, truncated: bool },
    /// The seller stopped it; the text so far stays.
    Stopped,
    /// It failed (the worker's error, the network, a cut stream).
    Failed(AppError),
}

/// What the worker said the draft rests on.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Grounding {
    pub(super) messages_used: u32,
    pub(super) messages_cut: u32,
    pub(super) grounded_in: Option<String>,
    pub(super) slots: Vec<MeetingSlot>,
}

/// The card's state, shared by its handlers (all `Copy` signals).
#[derive(Clone, Copy)]
pub(super) struct DraftState {
    pub(super) session: Session,
    pub(super) text: RwSignal<String>,
    /// The text before the last Generate or Refine: one step of undo.
    pub(super) undo: RwSignal<Option<String>>,
    pub(super) phase: RwSignal<Phase>,
    pub(super) grounding: RwSignal<Grounding>,
    /// Bumped by every run, Stop and item change: a stream whose number is stale stops.
    pub(super) run_number: RwSignal<u64>,
    pub(super) last_request: StoredValue<Option<DraftRequest>>,
    /// The browser preview's reply box (Outlook gets the real reply form).
    pub(super) inserted: RwSignal<Option<String>>,
    pub(super) insert_error: RwSignal<Option<AppError>>,
    /// The thread the worker prepared when the card opened, sealed (opaque here); kept in
    /// memory with the card and handed back with each draft request.
    pub(super) prepared: RwSignal<Option<String>>,
}

impl DraftState {
    pub(super) fn new(session: Session) -> Self {
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
            prepared: RwSignal::new(None),
        }
    }

    /// Asks the worker to read and prepare the thread now, while the seller chooses the
    /// options, so that Generate starts the model at once. Best effort: without it (it failed,
    /// or Generate came first) the draft reads the thread itself, as before.
    pub(super) fn prepare(&self, request: DraftPrepareRequest) {
        let prepared = self.prepared;
        let session = self.session;
        leptos::task::spawn_local(async move {
            if let Ok(answer) = session.call(|api| api.draft_prepare(&request)).await {
                // The card may be gone (another item): then there is nowhere to keep it.
                let _ = prepared.try_set(Some(answer.prepared));
            }
        });
    }

    /// Streams a draft for `request`, replacing the text; the old text becomes the undo step.
    pub(super) fn run(&self, request: DraftRequest, keep_undo: bool) {
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
            // Stale once another run, a Stop or an Undo bumped the number, or once the item
            // changed and this state went with it (its signals disposed: `try_` reads none).
            let wanted = move || state.run_number.try_get_untracked() == Some(number);
            let outcome = match state.session.call(|api| api.draft_stream(&request)).await {
                Ok(body) => read_events(body, wanted, |event| state.apply(event)).await,
                Err(error) => Err(error),
            };
            if !wanted() {
                return;
            }
            match outcome {
                Err(error) => state.phase.set(Phase::Failed(error)),
                Ok(()) if state.phase.get_untracked() == Phase::Streaming => {
                    state.phase.set(Phase::Failed(AppError::StreamCut));
                }
                Ok(()) => {}
            }
        });
    }

    pub(super) fn apply(&self, event: DraftEvent) {
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
            DraftEvent::Error { error } => self.phase.set(Phase::Failed(AppError::Api(error))),
        }
    }

    pub(super) fn stop(&self) {
        self.run_number.update(|n| *n += 1);
        self.phase.set(Phase::Stopped);
    }

    pub(super) fn retry(&self) {
        if let Some(request) = self.last_request.get_value() {
            // A retry replaces the failed attempt; the undo step stays what it was.
            self.run(request, true);
        }
    }

    pub(super) fn undo(&self) {
        if let Some(previous) = self.undo.get_untracked() {
            self.run_number.update(|n| *n += 1);
            self.text.set(previous);
            self.undo.set(None);
            self.phase.set(Phase::Idle);
        }
    }

    pub(super) fn insert(&self) {
        let text = self.text.get_untracked();
        if crate::host::outlook::requested() {
            let error = self.insert_error;
            leptos::task::spawn_local(async move {
                let result = crate::host::outlook::insert_reply(&text).await;
                error.set(result.err().map(AppError::Host));
            });
        } else {
            self.inserted.set(Some(text));
        }
    }
}
