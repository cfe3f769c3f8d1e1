//! The tenant's settings as the edge reads them: from the store that goes with the user's CRM
//! (the org's table for Dynamics, D1 for Salesforce), at most every [`SETTINGS_TTL_SECONDS`]
//! per isolate and tenant, so honouring them costs no CRM request on a pane open. A save in
//! this isolate replaces the cached value at once ([`remember_settings`]), other isolates
//! follow within the TTL.

use super::connection::CrmTarget;
use super::{EdgeStore, SignedIn};
use crate::crm::any::AnyStore;
use crate::crm::dataverse::DataverseStore;
use crate::edge::{EdgeSleeper, now};
use crate::error::ApiFailure;
use crate::routes;
use crate::settings;
use closer_wire::{CrmVendor, TenantSettings};
use std::cell::RefCell;
use std::collections::HashMap;

/// How long an isolate trusts its copy of a tenant's settings.
pub const SETTINGS_TTL_SECONDS: u64 = 30;
/// Tenants (and orgs) whose settings an isolate keeps at most.
const SETTINGS_CACHED: usize = 1024;

thread_local! {
    // "tenant|store" -> (read at, settings). Tenant-wide values, no user's data.
    static SETTINGS: RefCell<HashMap<String, (u64, TenantSettings)>> = RefCell::default();
}

/// Keeps `settings` as this isolate's copy for `key` (after a read or an admin's save).
pub(crate) fn remember_settings(key: String, settings: &TenantSettings, at: u64) {
    SETTINGS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= SETTINGS_CACHED && !cache.contains_key(&key) {
            cache.retain(|_, (read_at, _)| at.saturating_sub(*read_at) < SETTINGS_TTL_SECONDS);
            if cache.len() >= SETTINGS_CACHED {
                cache.clear();
            }
        }
        cache.insert(key, (at, settings.clone()));
    });
}

impl<'e> SignedIn<'e> {
    /// Closer's store for the user's CRM, the vendor, and the cache key of the tenant's
    /// settings in it.
    pub(crate) async fn settings_store(
        &self,
    ) -> Result<(EdgeStore<'_, 'e>, CrmVendor, String), ApiFailure> {
        let tenant = &self.user.tenant_id;
        match self.crm_target(self.stored_connection().await?)? {
            CrmTarget::Dynamics { base, .. } => {
                let token = self.org_token(&base).await?;
                let key = format!("{tenant}|{base}");
                let store =
                    DataverseStore::new(&self.transport, base, token).with_sleeper(EdgeSleeper);
                Ok((AnyStore::Dataverse(store), CrmVendor::Dynamics, key))
            }
            CrmTarget::Salesforce { .. } => Ok((
                AnyStore::Sql(self.store()),
                CrmVendor::Salesforce,
                format!("{tenant}|d1"),
            )),
        }
    }

    /// The tenant's settings in `store` (cached per isolate, [`SETTINGS_TTL_SECONDS`]).
    pub(crate) async fn settings_in(
        &self,
        store: &EdgeStore<'_, 'e>,
        key: &str,
    ) -> Result<TenantSettings, ApiFailure> {
        let at = now();
        let cached = SETTINGS.with(|cache| {
            cache
                .borrow()
                .get(key)
                .filter(|(read_at, _)| at.saturating_sub(*read_at) < SETTINGS_TTL_SECONDS)
                .map(|(_, settings)| settings.clone())
        });
        if let Some(settings) = cached {
            return Ok(settings);
        }
        let defaults = routes::settings::defaults(&self.config);
        let stored = settings::load(store, &self.user.tenant_id, &defaults, at).await?;
        remember_settings(key.to_owned(), &stored.settings, at);
        Ok(stored.settings)
    }

    /// The tenant's settings for the user's CRM.
    pub(crate) async fn tenant_settings(&self) -> Result<TenantSettings, ApiFailure> {
        let (store, _, key) = self.settings_store().await?;
        self.settings_in(&store, &key).await
    }
}
