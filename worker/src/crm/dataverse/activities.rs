//! Saved emails and meetings, and finding them again by their idempotency key.
//!
//! An email is an `email` activity with its `email_activity_parties` (body shapes in `body`),
//! created Open and then set Completed, as a copy of a message already sent or received is; a
//! meeting is an `appointment`, set Completed when it ended before the org's clock says it was
//! created. The key is a column of the activity: `messageid` for emails, `globalobjectid` for
//! meetings ([`MESSAGE_ID_COLUMN`], [`ICAL_UID_COLUMN`]).
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/email
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/appointment

use super::body::{self, ICAL_UID_COLUMN, MESSAGE_ID_COLUMN, Seller};
use super::client::DataverseClient;
use super::model;
use super::odata::{self, string_literal, table};
use crate::crm::{ActivityKey, NewAppointment, NewEmailActivity, RecordKind, RecordRef};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use url::Url;

/// The activity an [`DataverseClient::activity_query`] answer names, if any.
pub(super) fn saved_activity(
    kind: RecordKind,
    collection: &model::Collection,
) -> Result<Option<RecordRef>, ProviderError> {
    let table = table(kind);
    collection
        .value
        .first()
        .map(|record| {
            model::key(record, table.logical, table.key).map(|id| RecordRef::new(kind, id))
        })
        .transpose()
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// Moves a just-created activity to another state (`SetState` is a PATCH of `statecode`
    /// and `statuscode`). `If-Match: *` keeps the PATCH from re-creating a row deleted meanwhile.
    async fn set_state(
        &self,
        record: &RecordRef,
        state: &serde_json::Value,
    ) -> Result<(), ProviderError> {
        let table = table(record.kind);
        let url = self.endpoint(&odata::row_path(&table, &record.id)?, &[])?;
        self.write(
            table.logical,
            http::Method::PATCH,
            &url,
            &[],
            &[("If-Match", "*")],
            Some(state),
        )
        .await?;
        Ok(())
    }

    async fn seller(&self) -> Result<Seller, ProviderError> {
        let user = self.user().await?;
        Ok(Seller {
            id: user.id.clone(),
            email: user.email.clone(),
        })
    }

    /// The query finding the activity saved under `key` (its kind and URL).
    pub(super) fn activity_query(
        &self,
        key: &ActivityKey,
    ) -> Result<(RecordKind, Url), ProviderError> {
        let (kind, column, value) = match key {
            ActivityKey::InternetMessageId(id) => (RecordKind::Email, MESSAGE_ID_COLUMN, id),
            ActivityKey::ICalUid(uid) => (RecordKind::Appointment, ICAL_UID_COLUMN, uid),
        };
        let table = table(kind);
        let url = self.endpoint(
            table.set,
            &[
                ("$select", table.key.into()),
                ("$filter", format!("{column} eq {}", string_literal(value))),
                ("$top", "1".into()),
            ],
        )?;
        Ok((kind, url))
    }

    pub(super) async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        let everyone = std::iter::once(&email.from)
            .chain(&email.to)
            .chain(&email.cc);
        // The seller's row is only needed when some party is not a matched contact.
        let seller = if everyone.into_iter().any(|party| party.contact_id.is_none()) {
            Some(self.seller().await?)
        } else {
            None
        };
        let created = self
            .create(RecordKind::Email, &body::email(email, seller.as_ref())?)
            .await?;
        // Created Open (a draft with a Send button); the saved copy of a message that was sent
        // or received is Completed.
        self.set_state(
            &created,
            &body::completed_state(RecordKind::Email, email.incoming),
        )
        .await?;
        Ok(created)
    }

    pub(super) async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        let seller = self.seller().await?;
        let table = table(RecordKind::Appointment);
        // The row's `createdon` is the org's clock: a meeting that ended before it is over.
        let url = self.endpoint(
            table.set,
            &[("$select", format!("{},createdon", table.key))],
        )?;
        let response = self
            .write(
                table.logical,
                http::Method::POST,
                &url,
                &["return=representation"],
                &[],
                Some(&body::appointment(appointment, &seller)?),
            )
            .await?;
        let created = self.created(RecordKind::Appointment, &response)?;
        let now = model::parse_record(table.logical, response.body())
            .ok()
            .and_then(|row| model::text(&row, "createdon"))
            .and_then(|at| crate::time::utc_millis(&at));
        let end = crate::time::utc_millis(&appointment.end);
        if let (Some(now), Some(end)) = (now, end)
            && end <= now
        {
            self.set_state(
                &created,
                &body::completed_state(RecordKind::Appointment, false),
            )
            .await?;
        }
        Ok(created)
    }

    pub(super) async fn find_activity(
        &self,
        key: &ActivityKey,
    ) -> Result<Option<RecordRef>, ProviderError> {
        let (kind, url) = self.activity_query(key)?;
        let collection = self.read_collection(table(kind).logical, &url, &[]).await?;
        saved_activity(kind, &collection)
    }
}
