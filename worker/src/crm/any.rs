//! The user's one CRM, whichever it is: [`AnyCrm`] implements [`CrmConnector`] by delegating to
//! the Dataverse or the Salesforce client, and [`AnyStore`] implements [`CloserStore`] over the
//! store that goes with that CRM (Dynamics tenants keep Closer's rows in their org's Dataverse
//! table, Salesforce tenants in D1). Routes are then written once, generic over the traits.
//!
//! Owns only the delegation: no request shapes, no error mapping, no I/O of its own. Which
//! variant a request gets is the edge's decision (the user's stored connection).

use super::dataverse::{DataverseClient, DataverseStore};
use super::salesforce::{OAuthRefresher, SalesforceClient, SessionRefresher};
use super::{
    Account, ActivityKey, Contact, CrmConnector, CrmUser, EmailLookup, FieldUpdate, NewAppointment,
    NewContact, NewEmailActivity, NewNote, NewTask, Opportunity, Page, RecordRef, RecordVersion,
    SalesStages, SearchHit, SearchQuery, Timeline,
};
use crate::http::HttpTransport;
use crate::provider::{NoWait, Provider, ProviderError, Sleeper};
use crate::store::sql::{SqlDatabase, SqlStore};
use crate::store::{CloserStore, Row, RowKind, Scope, StoreError};

/// One user's CRM: Dynamics 365 (Dataverse) or Salesforce, over the same transport and sleeper.
/// `R` is Salesforce's session refresher (the refresh-token grant in production).
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value per request, built once and borrowed; boxing would only add an allocation"
)]
pub enum AnyCrm<T, S = NoWait, R = OAuthRefresher<T>> {
    /// Dynamics 365.
    Dataverse(DataverseClient<T, S>),
    /// Salesforce.
    Salesforce(SalesforceClient<T, S, R>),
}

impl<T, S, R> AnyCrm<T, S, R> {
    /// Which CRM this is, for messages and logs.
    pub fn provider(&self) -> Provider {
        match self {
            Self::Dataverse(_) => Provider::Dataverse,
            Self::Salesforce(_) => Provider::Salesforce,
        }
    }
}

/// Calls the same method on whichever client this is.
macro_rules! delegate {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            AnyCrm::Dataverse(crm) => crm.$method($($arg),*).await,
            AnyCrm::Salesforce(crm) => crm.$method($($arg),*).await,
        }
    };
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> CrmConnector for AnyCrm<T, S, R> {
    async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        delegate!(self.current_user())
    }

    async fn contacts_by_emails(&self, emails: &[String]) -> Result<Vec<Contact>, ProviderError> {
        delegate!(self.contacts_by_emails(emails))
    }

    async fn contact(&self, id: &str, extra_fields: &[String]) -> Result<Contact, ProviderError> {
        delegate!(self.contact(id, extra_fields))
    }

    async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        delegate!(self.email_lookup(emails, saved_key))
    }

    async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        delegate!(self.account(id))
    }

    async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        delegate!(self.opportunity(id))
    }

    async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        delegate!(self.open_opportunities(account_id))
    }

    async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        delegate!(self.contacts_page(page_size, next))
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError> {
        delegate!(self.search(query))
    }

    async fn create_contact(&self, contact: &NewContact) -> Result<RecordRef, ProviderError> {
        delegate!(self.create_contact(contact))
    }

    async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        delegate!(self.create_task(task))
    }

    async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        delegate!(self.create_note(note))
    }

    async fn update(&self, update: &FieldUpdate) -> Result<RecordVersion, ProviderError> {
        delegate!(self.update(update))
    }

    async fn sales_stages(&self, id: &str) -> Result<SalesStages, ProviderError> {
        delegate!(self.sales_stages(id))
    }

    async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        delegate!(self.card_fields(card))
    }

    async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        delegate!(self.move_stage(id, expected_version, stage))
    }

    async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        delegate!(self.create_email_activity(email))
    }

    async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        delegate!(self.create_appointment(appointment))
    }

    async fn find_activity(&self, key: &ActivityKey) -> Result<Option<RecordRef>, ProviderError> {
        delegate!(self.find_activity(key))
    }

    async fn opportunity_timeline(&self, id: &str, limit: u32) -> Result<Timeline, ProviderError> {
        delegate!(self.opportunity_timeline(id, limit))
    }

    fn editable_column(&self, field: closer_wire::EditableField) -> Option<&'static str> {
        match self {
            Self::Dataverse(crm) => crm.editable_column(field),
            Self::Salesforce(crm) => crm.editable_column(field),
        }
    }

    fn record_url(&self, record: &RecordRef) -> String {
        match self {
            Self::Dataverse(crm) => crm.record_url(record),
            Self::Salesforce(crm) => crm.record_url(record),
        }
    }
}

/// Closer's store for the user's CRM: the org's Dataverse table (Dynamics) or SQL on D1
/// (Salesforce). The two never mix for one request.
pub enum AnyStore<T, S, D> {
    /// The `osc_closerrows` table in the user's Dynamics org.
    Dataverse(DataverseStore<T, S>),
    /// D1 (SQLite in tests).
    Sql(SqlStore<D>),
}

/// Calls the same store method on whichever store this is.
macro_rules! delegate_store {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            AnyStore::Dataverse(store) => store.$method($($arg),*).await,
            AnyStore::Sql(store) => store.$method($($arg),*).await,
        }
    };
}

impl<T: HttpTransport, S: Sleeper, D: SqlDatabase> CloserStore for AnyStore<T, S, D> {
    async fn get(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        now: u64,
    ) -> Result<Option<Row>, StoreError> {
        delegate_store!(self.get(scope, kind, key, now))
    }

    async fn put(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
    ) -> Result<(), StoreError> {
        delegate_store!(self.put(scope, kind, key, row))
    }

    async fn put_if_absent(
        &self,
        scope: &Scope,
        kind: RowKind,
        key: &str,
        row: &Row,
        now: u64,
    ) -> Result<bool, StoreError> {
        delegate_store!(self.put_if_absent(scope, kind, key, row, now))
    }

    async fn delete(&self, scope: &Scope, kind: RowKind, key: &str) -> Result<(), StoreError> {
        delegate_store!(self.delete(scope, kind, key))
    }

    async fn purge_expired(&self, now: u64) -> Result<u64, StoreError> {
        delegate_store!(self.purge_expired(now))
    }

    async fn list(
        &self,
        tenant_id: &str,
        kind: RowKind,
        now: u64,
        limit: usize,
    ) -> Result<Vec<Row>, StoreError> {
        delegate_store!(self.list(tenant_id, kind, now, limit))
    }
}
