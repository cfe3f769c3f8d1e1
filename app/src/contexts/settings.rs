//! The tenant's settings as the pane honours them ([`closer_wire::SellerSettings`]): which AI
//! features show, which card fields a seller may edit, and whether the user is an admin (the
//! worker decided; the pane only shows the Admin link). Read on sign-in and again whenever the
//! CRM connection changes (the settings live with the CRM).
//!
//! Until they are read, AI cards and edit controls stay hidden rather than flash and vanish;
//! if they cannot be read, the defaults apply and the worker still refuses what an admin
//! turned off.

use crate::contexts::session::{Session, SessionState};
use closer_wire::{AiFeatures, CardField, SellerSettings};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The settings handle shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    loaded: RwSignal<Option<SellerSettings>>,
    /// Bumped to read the settings again (the CRM connection changed: another store).
    generation: RwSignal<u32>,
}

impl Settings {
    /// Whether the settings were read (tracked).
    pub fn loaded(&self) -> bool {
        self.loaded.with(Option::is_some)
    }

    /// The AI features on (all off until the settings are read; tracked).
    pub fn features(&self) -> AiFeatures {
        self.loaded.with(|s| {
            s.as_ref().map_or(
                AiFeatures {
                    thread_summary: false,
                    key_facts: false,
                    reply_drafts: false,
                    opportunity_summary: false,
                    meeting_recap: false,
                },
                |s| s.features,
            )
        })
    }

    /// Whether a seller may edit `field` (tracked).
    pub fn editable(&self, field: CardField) -> bool {
        self.loaded
            .with(|s| s.as_ref().is_some_and(|s| s.cards.editable(field)))
    }

    /// Reads the settings again: they live with the CRM, so a new connection may mean others.
    pub fn reload(&self) {
        self.loaded.set(None);
        self.generation.update(|g| *g += 1);
    }

    /// Whether the worker says the user is a Closer admin (tracked).
    pub fn is_admin(&self) -> bool {
        self.loaded.with(|s| s.as_ref().is_some_and(|s| s.is_admin))
    }
}

/// Provides [`Settings`], read from the worker each time the session signs in.
pub fn provide_settings_context() {
    let session = expect_context::<Session>();
    let settings = Settings {
        loaded: RwSignal::new(None),
        generation: RwSignal::new(0),
    };
    provide_context(settings);
    Effect::new(move |_| {
        let generation = settings.generation.get();
        if !matches!(session.state(), SessionState::SignedIn(_)) {
            settings.loaded.set(None);
            return;
        }
        spawn_local(async move {
            let read = session.call(|api| api.seller_settings()).await;
            // An answer overtaken by a sign-out or a newer read is dropped.
            let current = settings.generation.get_untracked() == generation;
            if current && matches!(session.state_untracked(), SessionState::SignedIn(_)) {
                settings.loaded.set(Some(read.unwrap_or_default()));
            }
        });
    });
}
