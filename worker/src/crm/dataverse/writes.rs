//! Writes: creating contacts, tasks and notes (`POST` to the table's set; the new id from
//! `OData-EntityId`), updating fields with optimistic concurrency (`PATCH` with `If-Match`;
//! Dataverse answers 412 for a row changed since it was read, mapped to
//! [`ProviderError::Conflict`]), and the columns behind the fields the pane edits, with their
//! lengths.
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api

use super::body;
use super::client::DataverseClient;
use super::model;
use super::odata::{self, table};
use crate::crm::{FieldUpdate, NewContact, NewNote, NewTask, RecordKind, RecordRef, RecordVersion};
use crate::http::{HttpTransport, UpstreamResponse};
use crate::provider::{Provider, ProviderError, Sleeper};
use closer_wire::EditableField;

/// The longest text each field the pane edits takes in Dynamics, in characters: `jobtitle` 100
/// and `telephone1` 50 (contact reference), and the stage is a process stage's `stagename`, 100
/// (processstage reference); `None` for the amount and the close date, which are not text.
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/contact
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/processstage
pub(crate) fn editable_max_chars(field: EditableField) -> Option<usize> {
    match field {
        EditableField::Title => Some(100),
        EditableField::Phone => Some(50),
        EditableField::Stage => Some(100),
        EditableField::Amount | EditableField::CloseDate => None,
    }
}

/// The conflict code of an edit refused before any PATCH: the row's `versionnumber` moved since
/// the expanded read the seller saw (Dataverse's own 412 code is `0x80060882`).
pub const STALE_EXPANDED_ROW: &str = "0x80060882";

impl<T, S> DataverseClient<T, S> {
    /// The column each field the pane edits is written to, the one `model` reads back, so a
    /// re-read shows the new value. The stage has none: `stepname` is only a label the platform
    /// derives from the business process flow's active stage, which `stages` moves instead
    /// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/model-business-process-flows).
    /// `estimatedvalue` is money documented up to 1,000,000,000,000 (opportunity reference,
    /// https://learn.microsoft.com/en-us/dynamics365/developer/reference/entities/opportunity),
    /// below the pane's bound ([`crate::crm::MAX_AMOUNT`]): a larger amount is refused by the org.
    pub(super) fn editable_column(&self, field: EditableField) -> Option<&'static str> {
        match field {
            EditableField::Title => Some("jobtitle"),
            EditableField::Phone => Some("telephone1"),
            EditableField::Stage => None,
            EditableField::Amount => Some("estimatedvalue"),
            EditableField::CloseDate => Some("estimatedclosedate"),
        }
    }
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// The id of a created row: `OData-EntityId` of the 204, or the key of a 201's body.
    pub(super) fn created(
        &self,
        kind: RecordKind,
        response: &UpstreamResponse,
    ) -> Result<RecordRef, ProviderError> {
        let header = response
            .headers()
            .get("OData-EntityId")
            .and_then(|value| value.to_str().ok())
            .and_then(model::entity_id);
        let id = match header {
            Some(id) => id,
            None => {
                let record = model::parse_record(table(kind).logical, response.body())?;
                model::key(&record, table(kind).logical, table(kind).key)?
            }
        };
        Ok(RecordRef::new(kind, id))
    }

    /// `POST`s a row of `kind`, returning its id.
    pub(super) async fn create(
        &self,
        kind: RecordKind,
        body: &serde_json::Value,
    ) -> Result<RecordRef, ProviderError> {
        let table = table(kind);
        let url = self.endpoint(table.set, &[])?;
        let response = self
            .write(
                table.logical,
                http::Method::POST,
                &url,
                &[],
                &[],
                Some(body),
            )
            .await?;
        self.created(kind, &response)
    }

    pub(super) async fn create_contact(
        &self,
        contact: &NewContact,
    ) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Contact, &body::contact(contact)?)
            .await
    }

    pub(super) async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Task, &body::task(task)?).await
    }

    pub(super) async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Note, &body::note(note)?).await
    }

    /// The `If-Match` of `update`: its expected etag, or, for a row read through an `$expand`
    /// (versioned by `versionnumber`, see [`model::ROW_VERSION_PREFIX`]), the etag read now, if
    /// the row is still at the number the seller saw. A row changed meanwhile, or read without
    /// any version, is a conflict: nothing is ever PATCHed without `If-Match`.
    async fn if_match(&self, update: &FieldUpdate) -> Result<String, ProviderError> {
        match model::ExpectedVersion::of(&update.expected_version) {
            // Dataverse itself compares an etag sent as `If-Match`: no read needed.
            model::ExpectedVersion::Etag(etag) => Ok(etag),
            _ => {
                self.unchanged_etag(
                    update.record.kind,
                    &update.record.id,
                    &update.expected_version,
                )
                .await
            }
        }
    }

    /// The row's current etag, if the row is still at `expected` (an `@odata.etag`, or the
    /// `versionnumber` of an expanded row); a row changed meanwhile, or a version that says
    /// nothing, is a conflict. For writes that touch another row than the one seen (a stage
    /// moves the process instance, not the opportunity), where `If-Match` cannot check it.
    pub(super) async fn unchanged_etag(
        &self,
        kind: RecordKind,
        id: &str,
        expected: &RecordVersion,
    ) -> Result<String, ProviderError> {
        let conflict = || ProviderError::Conflict {
            provider: Provider::Dataverse,
            code: STALE_EXPANDED_ROW.into(),
        };
        let expected = model::ExpectedVersion::of(expected);
        if expected == model::ExpectedVersion::Unknown {
            // Nothing to compare with: refuse without asking the org.
            return Err(conflict());
        }
        let row = self.row(kind, id, "versionnumber").await?;
        let now = model::etag(&row, table(kind).logical)?.0;
        let unchanged = match expected {
            model::ExpectedVersion::Etag(etag) => etag == now,
            model::ExpectedVersion::RowVersion(seen) => model::version_number(&row) == Some(seen),
            model::ExpectedVersion::Unknown => false,
        };
        if unchanged { Ok(now) } else { Err(conflict()) }
    }

    pub(super) async fn update(
        &self,
        update: &FieldUpdate,
    ) -> Result<RecordVersion, ProviderError> {
        let table = table(update.record.kind);
        let url = self.endpoint(
            &odata::row_path(&table, &update.record.id)?,
            &[("$select", table.key.into())],
        )?;
        let body = serde_json::Value::Object(update.fields.clone().into_iter().collect());
        let if_match = self.if_match(update).await?;
        // `If-Match` makes Dataverse refuse (412) a row changed since it was read, and keeps
        // PATCH from creating a row that was deleted meanwhile (compose-http-requests docs).
        let response = self
            .write(
                table.logical,
                http::Method::PATCH,
                &url,
                &["return=representation"],
                &[("If-Match", if_match.as_str())],
                Some(&body),
            )
            .await?;
        if response.status() == http::StatusCode::NO_CONTENT {
            // An org that ignored `return=representation`: read the new version.
            return model::etag(&self.read_record(table.logical, &url).await?, table.logical);
        }
        model::etag(
            &model::parse_record(table.logical, response.body())?,
            table.logical,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use secrecy::SecretString;

    /// The pane's fields land in the columns `model` reads (`CONTACT_SELECT`,
    /// `OPPORTUNITY_SELECT`); the stage is no column, it moves the business process flow.
    #[rstest]
    #[case(EditableField::Title, Some("jobtitle"), Some(100))]
    #[case(EditableField::Phone, Some("telephone1"), Some(50))]
    #[case(EditableField::Stage, None, Some(100))]
    #[case(EditableField::Amount, Some("estimatedvalue"), None)]
    #[case(EditableField::CloseDate, Some("estimatedclosedate"), None)]
    fn each_editable_field_has_its_documented_column(
        #[case] field: EditableField,
        #[case] column: Option<&str>,
        #[case] max_chars: Option<usize>,
    ) {
        let client = DataverseClient::new(
            (),
            url::Url::parse("https://org.example/api/data/v9.2/").unwrap(),
            SecretString::from("t"),
        );
        assert_eq!(client.editable_column(field), column);
        assert_eq!(editable_max_chars(field), max_chars);
        if let Some(column) = column {
            let read = [
                super::model::CONTACT_SELECT,
                super::model::OPPORTUNITY_SELECT,
            ];
            assert!(
                read.iter()
                    .any(|select| select.split(',').any(|c| c == column)),
                "{column} is read back"
            );
        }
    }
}
