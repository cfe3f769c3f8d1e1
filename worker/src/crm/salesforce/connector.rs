//! [`CrmConnector`] for [`SalesforceClient`], one line per method: each trait method calls the
//! inherent method of the same name in the module of its operation group (`reads`, `lookup`,
//! `writes`, `activities`, `search`, `stages`, `timeline`), which holds the request shapes and
//! the parsing. Dataverse's `connector.rs` is the same table over the same modules.
//!
//! `SalesforceClient::name` resolves to the inherent method (inherent items come before trait
//! items); were one missing it would name this trait method, and an `async fn` calling itself
//! does not compile (E0733) while the two plain ones would trip `unconditional_recursion`
//! (denied with the rest of the warnings), so the table cannot recurse by accident.

use super::client::SalesforceClient;
use super::refresh::SessionRefresher;
use crate::crm::{
    Account, ActivityKey, Contact, CrmConnector, CrmUser, EmailLookup, FieldUpdate, NewAppointment,
    NewContact, NewEmailActivity, NewNote, NewTask, Opportunity, Page, RecordRef, RecordVersion,
    SalesStages, SearchHit, SearchQuery, Timeline,
};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> CrmConnector for SalesforceClient<T, S, R> {
    async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        SalesforceClient::current_user(self).await
    }

    async fn contacts_by_emails(&self, emails: &[String]) -> Result<Vec<Contact>, ProviderError> {
        SalesforceClient::contacts_by_emails(self, emails).await
    }

    async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        SalesforceClient::email_lookup(self, emails, saved_key).await
    }

    async fn contact(&self, id: &str, extra_fields: &[String]) -> Result<Contact, ProviderError> {
        SalesforceClient::contact(self, id, extra_fields).await
    }

    async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        SalesforceClient::account(self, id).await
    }

    async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        SalesforceClient::opportunity(self, id).await
    }

    async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        SalesforceClient::open_opportunities(self, account_id).await
    }

    async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        SalesforceClient::contacts_page(self, page_size, next).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError> {
        SalesforceClient::search(self, query).await
    }

    async fn create_contact(&self, contact: &NewContact) -> Result<RecordRef, ProviderError> {
        SalesforceClient::create_contact(self, contact).await
    }

    async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        SalesforceClient::create_task(self, task).await
    }

    async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        SalesforceClient::create_note(self, note).await
    }

    async fn update(&self, update: &FieldUpdate) -> Result<RecordVersion, ProviderError> {
        SalesforceClient::update(self, update).await
    }

    fn editable_column(&self, field: closer_wire::EditableField) -> Option<&'static str> {
        SalesforceClient::editable_column(self, field)
    }

    async fn sales_stages(&self, id: &str) -> Result<SalesStages, ProviderError> {
        SalesforceClient::sales_stages(self, id).await
    }

    async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        SalesforceClient::card_fields(self, card).await
    }

    async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        SalesforceClient::move_stage(self, id, expected_version, stage).await
    }

    async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        SalesforceClient::create_email_activity(self, email).await
    }

    async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        SalesforceClient::create_appointment(self, appointment).await
    }

    async fn find_activity(&self, key: &ActivityKey) -> Result<Option<RecordRef>, ProviderError> {
        SalesforceClient::find_activity(self, key).await
    }

    async fn opportunity_timeline(&self, id: &str, limit: u32) -> Result<Timeline, ProviderError> {
        SalesforceClient::opportunity_timeline(self, id, limit).await
    }

    fn record_url(&self, record: &RecordRef) -> String {
        SalesforceClient::record_url(self, record)
    }
}
