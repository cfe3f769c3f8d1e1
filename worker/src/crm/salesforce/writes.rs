//! Writes: creating contacts, tasks and notes (`POST /sobjects/{Type}/` → 201 `{id, success,
//! errors}`; text past its field's length cut with a marker, `limits`), updating fields with
//! optimistic concurrency, and the fields behind the ones the pane edits, with their lengths.
//!
//! Salesforce has no ETag for most sObjects (only Account rows carry one), but `PATCH` honours
//! `If-Unmodified-Since` against `LastModifiedDate` and answers 412 when the record changed
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_conditional_requests.htm).
//! The check is weak (second precision): an edit in the same second as the version read is not
//! seen. The new version is read back after the 204, and an edit between the PATCH and that
//! read would be returned as ours: both windows are a second wide at most, and the pane rereads
//! the record on every open.

use super::client::{Kind, SalesforceClient};
use super::limits::{self, fit, put_fitted};
use super::records::{CreateResult, VersionRow};
use super::refresh::SessionRefresher;
use super::request::{encode, with_json};
use super::stages::STAGE_FIELD;
use super::time::http_date;
use crate::crm::{FieldUpdate, NewContact, NewNote, NewTask, RecordKind, RecordRef, RecordVersion};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use closer_wire::EditableField;
use serde_json::{Map, Value, json};

/// The longest text each field the pane edits takes in Salesforce, in characters: `Title` 128
/// and `Phone` 40 (Contact reference), `StageName` 255 (Opportunity reference); `None` for the
/// amount and the close date, which are not text.
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
pub(crate) fn editable_max_chars(field: EditableField) -> Option<usize> {
    match field {
        EditableField::Title => Some(128),
        EditableField::Phone => Some(40),
        EditableField::Stage => Some(255),
        EditableField::Amount | EditableField::CloseDate => None,
    }
}

/// The largest `Opportunity.Amount`: a currency(16, 2), 14 digits before the point.
pub(crate) const MAX_AMOUNT: f64 = 99_999_999_999_999.99;

/// The sObject type of a record kind, with the id deciding between `EmailMessage` and `Task`
/// for emails (key prefix `00T` is Task, saved where Enhanced Email is off).
pub(crate) fn sobject_of(record: &RecordRef) -> &'static str {
    match record.kind {
        RecordKind::Contact => "Contact",
        RecordKind::Account => "Account",
        RecordKind::Opportunity => "Opportunity",
        RecordKind::Task => "Task",
        RecordKind::Note => "Note",
        RecordKind::Email if record.id.starts_with("00T") => "Task",
        RecordKind::Email => "EmailMessage",
        RecordKind::Appointment => "Event",
    }
}

/// The lookup a record is attached through: people (`Contact`) are a task's or event's `WhoId`,
/// everything else its `WhatId` (`WhoId` refers to contacts and leads, `WhatId` to accounts,
/// opportunities, cases, campaigns and other non-person records; a wrong type is refused with
/// `FIELD_INTEGRITY_EXCEPTION`).
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
pub(crate) fn who_or_what(record: &RecordRef) -> &'static str {
    if record.kind == RecordKind::Contact {
        "WhoId"
    } else {
        "WhatId"
    }
}

/// Inserts `value` under `name` when present.
pub(crate) fn put(body: &mut Map<String, Value>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        body.insert(name.to_owned(), Value::String(value.to_owned()));
    }
}

impl<T, S, R> SalesforceClient<T, S, R> {
    /// The field each field the pane edits is written to, the one `records` reads back, so a
    /// re-read shows the new value. The stage is a field too ([`STAGE_FIELD`]), written with the
    /// others in one conditional `PATCH`.
    pub(super) fn editable_column(&self, field: EditableField) -> Option<&'static str> {
        Some(match field {
            EditableField::Title => "Title",
            EditableField::Phone => "Phone",
            EditableField::Stage => STAGE_FIELD,
            EditableField::Amount => "Amount",
            EditableField::CloseDate => "CloseDate",
        })
    }
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// `POST /sobjects/{sobject}/`, returning the new id.
    pub(super) async fn create(
        &self,
        what: &str,
        sobject: &str,
        body: &Value,
    ) -> Result<String, ProviderError> {
        let url = self.config().data_url(&format!("sobjects/{sobject}/"));
        let created: CreateResult = self
            .send_json(
                what,
                Kind::Write,
                with_json(http::Method::POST, &url, body, &[]),
            )
            .await?;
        if created.success && !created.id.is_empty() {
            Ok(created.id)
        } else {
            Err(ProviderError::malformed(
                Provider::Salesforce,
                format!("{what}: create answered without success"),
            ))
        }
    }

    pub(super) async fn create_contact(
        &self,
        contact: &NewContact,
    ) -> Result<RecordRef, ProviderError> {
        let mut body = Map::new();
        put(&mut body, "FirstName", contact.first_name.as_deref());
        put(&mut body, "LastName", Some(&contact.last_name));
        put(&mut body, "Email", contact.email.as_deref());
        put(&mut body, "Title", contact.job_title.as_deref());
        put(&mut body, "Phone", contact.phone.as_deref());
        put(&mut body, "AccountId", contact.account_id.as_deref());
        let id = self
            .create("contact", "Contact", &Value::Object(body))
            .await?;
        Ok(RecordRef::new(RecordKind::Contact, id))
    }

    /// A `Task` with the org's default `Status` and `Priority` (their picklist values differ
    /// between orgs, so Closer does not name them).
    pub(super) async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        let mut body = Map::new();
        put_fitted(
            &mut body,
            "Subject",
            Some(&task.subject),
            limits::ACTIVITY_SUBJECT,
        );
        put_fitted(
            &mut body,
            "Description",
            task.description.as_deref(),
            limits::ACTIVITY_DESCRIPTION,
        );
        put(&mut body, "ActivityDate", task.due_date.as_deref());
        if let Some(regarding) = &task.regarding {
            put(&mut body, who_or_what(regarding), Some(&regarding.id));
        }
        let id = self.create("task", "Task", &Value::Object(body)).await?;
        Ok(RecordRef::new(RecordKind::Task, id))
    }

    /// A classic `Note` (`ParentId`, `Title`, `Body`): one atomic call, shown under "Notes &
    /// Attachments". (A Lightning `ContentNote` would need a second record,
    /// `ContentDocumentLink`, to attach it.)
    /// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_note.htm
    pub(super) async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        let body = json!({
            "ParentId": note.regarding.id,
            "Title": fit(&note.title, limits::NOTE_TITLE),
            "Body": fit(&note.body, limits::NOTE_BODY),
        });
        let id = self.create("note", "Note", &body).await?;
        Ok(RecordRef::new(RecordKind::Note, id))
    }

    /// `PATCH` with `If-Unmodified-Since: <expected LastModifiedDate>`; 412 is
    /// [`ProviderError::Conflict`] and nothing was written. A version that is not a
    /// Salesforce date-time cannot be the record's: a conflict, sent nowhere.
    pub(super) async fn update(
        &self,
        update: &FieldUpdate,
    ) -> Result<RecordVersion, ProviderError> {
        let sobject = sobject_of(&update.record);
        let what = sobject.to_ascii_lowercase();
        let since =
            http_date(&update.expected_version.0).ok_or_else(|| ProviderError::Conflict {
                provider: Provider::Salesforce,
                code: "INVALID_VERSION".into(),
            })?;
        let url = self
            .config()
            .data_url(&format!("sobjects/{sobject}/{}", encode(&update.record.id)));
        let body = Value::Object(update.fields.clone().into_iter().collect());
        self.send(
            &what,
            Kind::Write,
            with_json(
                http::Method::PATCH,
                &url,
                &body,
                &[("If-Unmodified-Since", since.as_str())],
            ),
        )
        .await?;
        let row: VersionRow = self
            .row(&what, sobject, &update.record.id, &["LastModifiedDate"])
            .await?;
        Ok(RecordVersion(row.last_modified_date))
    }
}

#[cfg(test)]
mod tests {
    use super::editable_max_chars;
    use crate::crm::salesforce::client::tests::{Fake, client};
    use crate::crm::salesforce::records::{CONTACT_ROW_FIELDS, OPPORTUNITY_FIELDS};
    use crate::crm::{FieldUpdate, NewNote, NewTask, RecordKind, RecordRef, RecordVersion};
    use crate::provider::ProviderError;
    use closer_wire::EditableField;
    use std::collections::BTreeMap;

    const CREATED: &str = r#"{"id":"00T5gAAAAAAAAAAAAA","errors":[],"success":true}"#;

    /// The pane's fields land in the fields `records` reads (`CONTACT_ROW_FIELDS`,
    /// `OPPORTUNITY_FIELDS`), the stage among them.
    #[rstest::rstest]
    #[case(EditableField::Title, "Title", Some(128))]
    #[case(EditableField::Phone, "Phone", Some(40))]
    #[case(EditableField::Stage, "StageName", Some(255))]
    #[case(EditableField::Amount, "Amount", None)]
    #[case(EditableField::CloseDate, "CloseDate", None)]
    fn each_editable_field_has_its_documented_field(
        #[case] field: EditableField,
        #[case] column: &str,
        #[case] max_chars: Option<usize>,
    ) {
        assert_eq!(client(Fake::default()).editable_column(field), Some(column));
        assert_eq!(editable_max_chars(field), max_chars);
        let read = [CONTACT_ROW_FIELDS, OPPORTUNITY_FIELDS];
        assert!(
            read.iter().any(|fields| fields.contains(&column)),
            "{column} is read back"
        );
    }

    fn update(version: &str) -> FieldUpdate {
        FieldUpdate {
            record: RecordRef::new(RecordKind::Contact, "003x"),
            expected_version: RecordVersion(version.into()),
            fields: BTreeMap::from([("Title".to_owned(), serde_json::json!("CFO"))]),
        }
    }

    #[tokio::test]
    async fn an_update_is_conditional_and_reads_back_the_new_version() {
        let fake = Fake::answering(&[
            (204, ""),
            (
                200,
                r#"{"attributes":{"type":"Contact"},"LastModifiedDate":"2026-11-29T10:00:01.000+0000"}"#,
            ),
        ]);
        let version = client(&fake)
            .update(&update("2026-11-20T10:00:00.000+0000"))
            .await
            .unwrap();
        assert_eq!(version.0, "2026-11-29T10:00:01.000+0000");
        let sent = fake.sent();
        assert_eq!(sent[0].method(), http::Method::PATCH);
        assert_eq!(
            sent[0].uri(),
            "https://org.example/services/data/v62.0/sobjects/Contact/003x"
        );
        assert_eq!(
            sent[0].headers()["if-unmodified-since"],
            "Fri, 20 Nov 2026 10:00:00 GMT"
        );
        assert_eq!(fake.bodies()[0], serde_json::json!({"Title": "CFO"}));
    }

    #[tokio::test]
    async fn a_412_is_a_conflict_and_nothing_is_read_back() {
        let fake = Fake::answering(&[(
            412,
            r#"[{"errorCode":"ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE_CHECK","message":"changed"}]"#,
        )]);
        let err = client(&fake)
            .update(&update("2026-11-20T10:00:00.000+0000"))
            .await
            .unwrap_err();
        assert!(matches!(err, ProviderError::Conflict { .. }), "{err:?}");
        assert_eq!(fake.sent().len(), 1);
    }

    #[tokio::test]
    async fn a_version_that_is_no_date_is_a_conflict_unsent() {
        let fake = Fake::answering(&[(204, "")]);
        let err = client(&fake)
            .update(&update("W/\"1234\""))
            .await
            .unwrap_err();
        assert!(matches!(err, ProviderError::Conflict { .. }));
        assert!(fake.sent().is_empty());
    }

    #[tokio::test]
    async fn tasks_hang_off_what_and_notes_off_their_parent() {
        let fake = Fake::answering(&[(201, CREATED)]);
        let client = client(&fake);
        let deal = RecordRef::new(RecordKind::Opportunity, "006x");
        client
            .create_task(&NewTask {
                subject: "Call".into(),
                description: None,
                due_date: Some("2026-12-01".into()),
                regarding: Some(deal.clone()),
            })
            .await
            .unwrap();
        client
            .create_task(&NewTask {
                subject: "Call".into(),
                description: None,
                due_date: None,
                regarding: Some(RecordRef::new(RecordKind::Contact, "003x")),
            })
            .await
            .unwrap();
        client
            .create_note(&NewNote {
                title: "T".into(),
                body: "B".into(),
                regarding: deal,
            })
            .await
            .unwrap();
        let bodies = fake.bodies();
        assert_eq!(
            bodies[0],
            serde_json::json!({"Subject": "Call", "ActivityDate": "2026-12-01", "WhatId": "006x"})
        );
        assert_eq!(
            bodies[1],
            serde_json::json!({"Subject": "Call", "WhoId": "003x"})
        );
        assert_eq!(
            bodies[2],
            serde_json::json!({"ParentId": "006x", "Title": "T", "Body": "B"})
        );
        assert!(fake.uris()[2].ends_with("/sobjects/Note/"));
    }
}
