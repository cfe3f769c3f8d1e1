//! [`RequestContext`]: what every route over the user's CRM works with, built by the edge for
//! one request: the CRM connection, Closer's store that goes with it, who is asking, the
//! tenant's domains and settings, the language AI answers are written in, and the clock.

use crate::ai::answer_language::AnswerLanguage;
use crate::store::Scope;
use crate::store::save_once::{SaveLock, SaveOnce};
use closer_wire::TenantSettings;

/// What every pane route works with: the user's CRM, Closer's store that goes with it, who is
/// asking, and which domains are the tenant's own.
pub struct RequestContext<'a, C, S> {
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
    pub row_key: Option<crate::routes::pane::email::contacts::RowKey>,
    /// The language AI answers are written in: the seller's, from the request's
    /// `Accept-Language` (English when it names none Closer offers).
    pub answer_language: AnswerLanguage,
    /// Seconds since the epoch.
    pub now: u64,
}

impl<C, S> RequestContext<'_, C, S> {
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
