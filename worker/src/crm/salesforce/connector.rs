//! [`CrmConnector`] for [`SalesforceClient`]: the trait's contract mapped onto the read, write,
//! activity and search halves, which live with their request shapes in `reads`, `writes`,
//! `activities` and `search`.

use super::client::SalesforceClient;
use super::refresh::SessionRefresher;
use super::writes::sobject_of;
use crate::crm::{
    Account, ActivityKey, Contact, CrmConnector, CrmUser, EmailLookup, FieldUpdate, NewAppointment,
    NewContact, NewEmailActivity, NewNote, NewTask, Opportunity, Page, RecordKind, RecordRef,
    RecordVersion, SalesStages, SearchHit, SearchQuery, Timeline,
};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> CrmConnector for SalesforceClient<T, S, R> {
    async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        self.user_info().await
    }

    async fn contacts_by_emails(&self, emails: &[String]) -> Result<Vec<Contact>, ProviderError> {
        self.contacts_with_emails(emails).await
    }

    async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        self.lookup_email(emails, saved_key).await
    }

    async fn contact(&self, id: &str, extra_fields: &[String]) -> Result<Contact, ProviderError> {
        self.contact_by_id(id, extra_fields).await
    }

    async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        self.account_by_id(id).await
    }

    async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        self.opportunity_by_id(id).await
    }

    async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        self.open_opportunities_of(account_id).await
    }

    async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        self.contact_batch(page_size, next).await
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError> {
        self.sosl(query).await
    }

    async fn create_contact(&self, contact: &NewContact) -> Result<RecordRef, ProviderError> {
        self.insert_contact(contact).await
    }

    async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        self.insert_task(task).await
    }

    async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        self.insert_note(note).await
    }

    async fn update(&self, update: &FieldUpdate) -> Result<RecordVersion, ProviderError> {
        self.patch(update).await
    }

    async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        self.describe_fields(card).await
    }

    async fn sales_stages(&self, _id: &str) -> Result<SalesStages, ProviderError> {
        // One picklist for every opportunity (record types may narrow it; the org has none).
        Ok(SalesStages {
            stages: self.opportunity_stages().await?,
            current: None,
        })
    }

    async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        // The stage is a field: OpportunityStage derives the rest on Salesforce's side.
        let update = FieldUpdate {
            record: RecordRef::new(RecordKind::Opportunity, id),
            expected_version: expected_version.clone(),
            fields: [("StageName".to_owned(), stage.into())].into(),
        };
        self.patch(&update).await.map(|_| ())
    }

    async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        self.insert_email(email).await
    }

    async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        self.insert_event(appointment).await
    }

    async fn find_activity(&self, key: &ActivityKey) -> Result<Option<RecordRef>, ProviderError> {
        self.find(key).await
    }

    async fn opportunity_timeline(&self, id: &str, limit: u32) -> Result<Timeline, ProviderError> {
        self.timeline(id, limit).await
    }

    /// The Lightning Experience URL, `{instance}/lightning/r/{Type}/{Id}/view`.
    fn record_url(&self, record: &RecordRef) -> String {
        format!(
            "{}/lightning/r/{}/{}/view",
            self.config().instance_url(),
            sobject_of(record),
            super::request::encode(&record.id)
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::crm::salesforce::client::tests::{Fake, client};
    use crate::crm::{CrmConnector, RecordKind, RecordRef};

    #[test]
    fn record_urls_open_lightning() {
        let client = client(Fake::default());
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Opportunity, "006x")),
            "https://org.example/lightning/r/Opportunity/006x/view"
        );
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Email, "00Tx")),
            "https://org.example/lightning/r/Task/00Tx/view"
        );
        assert_eq!(
            client.record_url(&RecordRef::new(RecordKind::Appointment, "00Ux")),
            "https://org.example/lightning/r/Event/00Ux/view"
        );
    }

    #[tokio::test]
    async fn the_user_comes_from_userinfo() {
        let fake = Fake::answering(&[(
            200,
            r#"{"sub":"https://login.example/id/00D/005","user_id":"005me","organization_id":"00Dorg",
                "name":"Megan Bowen","email":"megan@northwind.com","preferred_username":"megan"}"#,
        )]);
        let user = client(&fake).current_user().await.unwrap();
        assert_eq!(user.id, "005me");
        assert_eq!(user.name, "Megan Bowen");
        assert_eq!(user.organization_id.as_deref(), Some("00Dorg"));
        assert_eq!(
            fake.uris(),
            ["https://org.example/services/oauth2/userinfo"]
        );
    }
}
