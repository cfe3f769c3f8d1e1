//! The host seam: where the pane runs and which item is open there.
//!
//! In the browser preview the selection comes from the preview's own mailbox list; in Outlook
//! it will come from Office.js (current item, `ItemChanged` when pinned) and in Teams from the
//! meeting context, each through a small JS shim. Components only read [`Host::item`].

use closer_wire::MailItem;
use leptos::prelude::*;

/// The host handle shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Host {
    /// The item open in the host, if any.
    pub item: RwSignal<Option<MailItem>>,
}

/// Provides the host for this page.
pub fn provide_host_context() -> Host {
    let host = Host {
        item: RwSignal::new(None),
    };
    provide_context(host);
    host
}
