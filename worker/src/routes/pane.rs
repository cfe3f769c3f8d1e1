//! `/api/pane/email*`: the Outlook task pane for an open email, for either CRM. Who the
//! participants are in the CRM, their accounts and open deals, whether the email is saved
//! ([`email_cards`], each section failing on its own); remembering the seller's pick among
//! duplicate contacts ([`choose_contact`]); "Add contact" ([`add_contact`]); and saving the
//! email as a CRM activity, exactly once ([`save_email`]). Beside the open email: a follow-up task ([`task`],
//! `POST /api/pane/task`) and CRM search ([`search`], `POST /api/search`).
//! Inline edit of a contact's or an opportunity's fields, refused on a concurrent CRM change
//! ([`edit`], `POST /api/pane/record`).
//!
//! Handlers are plain async functions over [`CrmConnector`], [`CloserStore`] and the Graph
//! client: no `worker::` types, no HTTP, so they run natively against the sandbox in tests.
//! They keep CRM ids only (remembered matches, saved-activity ids) and never store or log a
//! message body: the text read for a signature is dropped when the response is built.
//!
//! [`CrmConnector`]: crate::crm::CrmConnector

pub mod cards;
pub mod contacts;
pub mod context;
pub mod edit;
pub mod participants;
pub mod save;
pub mod search;
pub mod task;

use crate::store::Scope;
use crate::store::save_once::{SaveLock, SaveOnce};
use closer_wire::TenantSettings;

pub use contacts::{add_contact, choose_contact};
pub use context::{EmailCards, email_cards, email_context};
pub use save::save_email;

/// What every pane route works with: the user's CRM, Closer's store that goes with it, who is
/// asking, and which domains are the tenant's own.
pub struct Pane<'a, C, S> {
    /// The user's CRM connection.
    pub crm: &'a C,
    /// Closer's store for that CRM (the org's Dataverse table, or D1).
    pub store: &'a S,
    /// The signed-in user's scope (tenant and user).
    pub scope: Scope,
    /// The tenant's verified domains, lowercased: addresses there are colleagues.
    pub internal_domains: &'a [String],
    /// The tenant's admin settings (card fields, saving defaults) the route honours.
    pub settings: TenantSettings,
    /// Keys remembered contact choices; `None` when the deployment has no `VAULT_KEY` (then
    /// choices are not remembered).
    pub row_key: Option<contacts::RowKey>,
    /// Seconds since the epoch.
    pub now: u64,
}

impl<C, S> Pane<'_, C, S> {
    /// The user's own rows (remembered contact matches).
    pub fn user_scope(&self) -> &Scope {
        &self.scope
    }

    /// The tenant's rows (saved activities and their save locks): an email saved by one seller
    /// is saved for every seller of the tenant, as it is in the CRM.
    pub fn tenant_scope(&self) -> Scope {
        Scope {
            tenant_id: self.scope.tenant_id.clone(),
            user_id: None,
        }
    }

    /// This request's save of the item `key` (in the tenant's rows), for
    /// [`save_once`](crate::store::save_once::save_once); `busy` is the sentence when another
    /// request holds the item's lock for too long.
    pub fn saving<'p, W>(
        &'p self,
        key: &'p str,
        lock: &'p SaveLock<'p, W>,
        busy: &'static str,
    ) -> SaveOnce<'p, S, W> {
        SaveOnce {
            store: self.store,
            scope: self.tenant_scope(),
            now: self.now,
            key,
            lock,
            busy,
        }
    }
}
