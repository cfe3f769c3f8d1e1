//! An opportunity's timeline on Salesforce: its latest classic `Note`s (`ParentId`), `Task`s
//! and `Event`s (`WhatId`) and, with Enhanced Email on, `EmailMessage`s (`RelatedToId`),
//! merged newest first. With Enhanced Email off an email is a `Task` of subtype `Email`, which
//! the task query already returns.
//!
//! One bounded SOQL query per object (`ORDER BY … DESC LIMIT n`), all at once. Notes are the
//! classic `Note` object because that is what Closer writes (see `writes`); orgs that only use
//! Enhanced Notes (`ContentNote`) show their activities but not those notes.
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_note.htm
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
//!
//! Owns only these query shapes and their parsing.

use super::client::SalesforceClient;
use super::refresh::SessionRefresher;
use super::soql::soql_string;
use super::time::parse_datetime;
use crate::crm::{RecordKind, RecordRef, Timeline, TimelineEntry};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use serde_json::{Map, Value};

/// One object read for the timeline: the SOQL, and which fields hold what.
struct Source {
    kind: RecordKind,
    object: &'static str,
    /// The lookup to the opportunity.
    parent: &'static str,
    subject: &'static str,
    text: Option<&'static str>,
    /// The field dating the entry (also the `ORDER BY`).
    when: &'static str,
    /// A field or relationship path naming the author.
    author: &'static str,
}

const NOTES: Source = Source {
    kind: RecordKind::Note,
    object: "Note",
    parent: "ParentId",
    subject: "Title",
    text: Some("Body"),
    when: "CreatedDate",
    author: "CreatedBy.Name",
};
const TASKS: Source = Source {
    kind: RecordKind::Task,
    object: "Task",
    parent: "WhatId",
    subject: "Subject",
    text: Some("Description"),
    when: "CreatedDate",
    author: "Owner.Name",
};
const EVENTS: Source = Source {
    kind: RecordKind::Appointment,
    object: "Event",
    parent: "WhatId",
    subject: "Subject",
    text: Some("Description"),
    when: "StartDateTime",
    author: "Owner.Name",
};
const EMAILS: Source = Source {
    kind: RecordKind::Email,
    object: "EmailMessage",
    parent: "RelatedToId",
    subject: "Subject",
    text: None,
    when: "MessageDate",
    author: "FromName",
};

impl Source {
    fn soql(&self, opportunity_id: &str, limit: u32) -> String {
        let mut fields = vec!["Id", self.subject, self.when, self.author];
        fields.extend(self.text);
        if self.kind == RecordKind::Task {
            // `IsClosed` follows the task's Status (a closed TaskStatus value such as
            // Completed); it cannot be set directly.
            // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
            fields.push("TaskSubtype");
            fields.push("IsClosed");
        }
        format!(
            "SELECT {} FROM {} WHERE {} = {} ORDER BY {} DESC LIMIT {limit}",
            fields.join(", "),
            self.object,
            self.parent,
            soql_string(opportunity_id),
            self.when
        )
    }
}

/// Salesforce answers date-times in UTC (`2026-11-20T09:00:00.000+0000`); the timeline speaks
/// `2026-11-20T09:00:00Z`. Anything else is kept as given rather than guessed at.
fn instant(value: &str) -> String {
    let utc = value.ends_with("+0000") || value.ends_with('Z');
    match (parse_datetime(value), value.get(..19)) {
        (Some(_), Some(prefix)) if utc => format!("{prefix}Z"),
        _ => value.to_owned(),
    }
}

/// A field of `row`, following one relationship level (`Owner.Name`).
fn field(row: &Map<String, Value>, path: &str) -> Option<String> {
    let value = match path.split_once('.') {
        Some((relationship, name)) => row.get(relationship)?.get(name)?,
        None => row.get(path)?,
    };
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn entry(source: &Source, row: &Map<String, Value>) -> Result<TimelineEntry, ProviderError> {
    let id = field(row, "Id").ok_or_else(|| {
        ProviderError::malformed(
            Provider::Salesforce,
            format!("{} without Id", source.object),
        )
    })?;
    // A task that records an email (Enhanced Email off) is shown as the email it is, without
    // its body, like an `EmailMessage`.
    let is_email = source.kind == RecordKind::Task
        && field(row, "TaskSubtype").is_some_and(|subtype| subtype == "Email");
    let (kind, text) = if is_email {
        (RecordKind::Email, String::new())
    } else {
        let text = source.text.and_then(|name| field(row, name));
        (source.kind, text.unwrap_or_default())
    };
    Ok(TimelineEntry {
        record: RecordRef::new(kind, id),
        subject: field(row, source.subject).unwrap_or_default(),
        text,
        author: field(row, source.author),
        at: field(row, source.when)
            .map(|value| instant(&value))
            .unwrap_or_default(),
        open: (kind == RecordKind::Task)
            .then(|| row.get("IsClosed").and_then(Value::as_bool))
            .flatten()
            .map(|closed| !closed),
    })
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    async fn timeline_source(
        &self,
        source: &Source,
        opportunity_id: &str,
        limit: u32,
    ) -> Result<Vec<TimelineEntry>, ProviderError> {
        let rows: Vec<Map<String, Value>> = self
            .query_all(source.object, &source.soql(opportunity_id, limit))
            .await?;
        rows.iter().map(|row| entry(source, row)).collect()
    }

    /// The latest notes and activities of the opportunity `id`, newest first, at most `limit`.
    pub(super) async fn opportunity_timeline(
        &self,
        id: &str,
        limit: u32,
    ) -> Result<Timeline, ProviderError> {
        let limit = limit.clamp(1, 50);
        let (notes, tasks, events, emails) = futures::try_join!(
            self.timeline_source(&NOTES, id, limit),
            self.timeline_source(&TASKS, id, limit),
            self.timeline_source(&EVENTS, id, limit),
            async {
                if self.config().enhanced_email() {
                    self.timeline_source(&EMAILS, id, limit).await
                } else {
                    Ok(Vec::new())
                }
            },
        )?;
        let entries = [notes, tasks, events, emails].concat();
        Ok(Timeline::newest_first(entries, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn the_query_is_bounded_newest_first_and_escapes_the_id() {
        let soql = NOTES.soql("006' OR Id != '", 5);
        assert_eq!(
            soql,
            "SELECT Id, Title, CreatedDate, CreatedBy.Name, Body FROM Note WHERE ParentId = '006\\' OR Id != \\'' ORDER BY CreatedDate DESC LIMIT 5"
        );
        assert!(TASKS.soql("006x", 3).contains("TaskSubtype"));
    }

    #[test]
    fn a_note_row_becomes_an_entry_in_utc() {
        let note = row(json!({
            "attributes": { "type": "Note" },
            "Id": "002x", "Title": "CFO approval", "Body": "Amelia must sign off.",
            "CreatedDate": "2026-11-20T09:00:00.000+0000",
            "CreatedBy": { "attributes": { "type": "User" }, "Name": "Megan Bowen" },
        }));
        let entry = entry(&NOTES, &note).unwrap();
        assert_eq!(entry.record, RecordRef::new(RecordKind::Note, "002x"));
        assert_eq!(entry.at, "2026-11-20T09:00:00Z");
        assert_eq!(entry.author.as_deref(), Some("Megan Bowen"));
        assert_eq!(entry.text, "Amelia must sign off.");
    }

    #[test]
    fn an_email_task_is_an_email_without_its_body() {
        let task = row(json!({
            "Id": "00Tx", "Subject": "Email: pricing", "Description": "the whole body",
            "TaskSubtype": "Email", "CreatedDate": "2026-11-21T08:00:00.000+0000", "Owner": null,
        }));
        let entry = entry(&TASKS, &task).unwrap();
        assert_eq!(entry.record.kind, RecordKind::Email);
        assert_eq!(entry.text, "");
        assert_eq!(entry.author, None);
    }

    #[test]
    fn a_row_without_an_id_is_malformed() {
        assert!(matches!(
            entry(&EVENTS, &row(json!({ "Subject": "x" }))),
            Err(ProviderError::Malformed { .. })
        ));
    }
}
