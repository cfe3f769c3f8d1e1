//! An opportunity's timeline on Dataverse: its latest notes (`annotations` whose
//! `_objectid_value` is the opportunity) and activities (`tasks`, `emails`, `appointments` whose
//! `_regardingobjectid_value` is the opportunity), merged newest first.
//!
//! Each table is read with its own bounded query (`$top`), all four at once: the generic
//! `activitypointers` table would answer activities in one query, but it carries no
//! description for tasks and meetings, which is what the opportunity summary cites.
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/annotation
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/activitypointer
//!
//! Owns only these read shapes and their parsing; the author is the owner's formatted value.

use super::client::DataverseClient;
use super::model::{self, Record};
use super::odata::{self, table};
use crate::crm::{RecordKind, RecordRef, Timeline, TimelineEntry};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};

/// One source of timeline entries: which table, which columns hold what.
struct Source {
    kind: RecordKind,
    /// The lookup column pointing at the opportunity.
    parent: &'static str,
    /// Title column.
    subject: &'static str,
    /// Text column, when the table has a useful one.
    text: Option<&'static str>,
    /// The columns that date the entry, first present wins (also the `$orderby`).
    when: &'static [&'static str],
}

const SOURCES: [Source; 4] = [
    Source {
        kind: RecordKind::Note,
        parent: "_objectid_value",
        subject: "subject",
        text: Some("notetext"),
        when: &["createdon"],
    },
    Source {
        kind: RecordKind::Task,
        parent: "_regardingobjectid_value",
        subject: "subject",
        text: Some("description"),
        when: &["createdon"],
    },
    // An email's `description` is its HTML body: long, already in the mailbox, and not what a
    // deal timeline needs; the subject and date are.
    Source {
        kind: RecordKind::Email,
        parent: "_regardingobjectid_value",
        subject: "subject",
        text: None,
        when: &["actualend", "createdon"],
    },
    Source {
        kind: RecordKind::Appointment,
        parent: "_regardingobjectid_value",
        subject: "subject",
        text: Some("description"),
        when: &["scheduledstart", "createdon"],
    },
];

/// `2026-11-20T10:00:00Z` as is; a bare date becomes midnight UTC so entries sort together.
fn instant(value: &str) -> String {
    if value.len() == 10 {
        format!("{value}T00:00:00Z")
    } else {
        value.to_owned()
    }
}

fn entry(source: &Source, record: &Record) -> Result<TimelineEntry, ProviderError> {
    let table = table(source.kind);
    let id = model::key(record, table.logical, table.key)?;
    let at = source
        .when
        .iter()
        .find_map(|column| model::text(record, column))
        .map(|value| instant(&value))
        .unwrap_or_default();
    Ok(TimelineEntry {
        record: RecordRef::new(source.kind, id),
        subject: model::text(record, source.subject).unwrap_or_default(),
        text: source
            .text
            .and_then(|column| model::text(record, column))
            .unwrap_or_default(),
        author: model::formatted(record, "_ownerid_value"),
        at,
        // A task's state: 0 Open, 1 Completed, 2 Canceled.
        // https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/task#BKMK_StateCode
        open: (source.kind == RecordKind::Task)
            .then(|| record.get("statecode").and_then(serde_json::Value::as_i64))
            .flatten()
            .map(|state| state == 0),
    })
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    async fn timeline_source(
        &self,
        source: &Source,
        opportunity_id: &str,
        limit: u32,
    ) -> Result<Vec<TimelineEntry>, ProviderError> {
        let table = table(source.kind);
        let mut select = vec![source.subject, "_ownerid_value"];
        select.extend(source.text);
        select.extend(source.when);
        if source.kind == RecordKind::Task {
            select.push("statecode");
        }
        let url = odata::url(
            &self.base,
            table.set,
            &[
                ("$select", select.join(",")),
                ("$filter", format!("{} eq {opportunity_id}", source.parent)),
                ("$orderby", format!("{} desc", source.when[0])),
                ("$top", limit.to_string()),
            ],
        )
        .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let collection = self.read_collection(table.logical, &url, &[]).await?;
        collection
            .value
            .iter()
            .map(|record| entry(source, record))
            .collect()
    }

    /// The latest notes and activities of the opportunity `id`, newest first, at most `limit`.
    pub(super) async fn opportunity_timeline(
        &self,
        id: &str,
        limit: u32,
    ) -> Result<Timeline, ProviderError> {
        // A non-GUID id can name no row, and must not reach a `$filter`.
        if !odata::is_guid(id) {
            return Err(ProviderError::NotFound {
                provider: Provider::Dataverse,
                what: "opportunity".into(),
            });
        }
        let id = id.to_ascii_lowercase();
        let limit = limit.clamp(1, 50);
        let [notes, tasks, emails, meetings] = &SOURCES;
        let (notes, tasks, emails, meetings) = futures::try_join!(
            self.timeline_source(notes, &id, limit),
            self.timeline_source(tasks, &id, limit),
            self.timeline_source(emails, &id, limit),
            self.timeline_source(meetings, &id, limit),
        )?;
        let entries = [notes, tasks, emails, meetings].concat();
        Ok(Timeline::newest_first(entries, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: serde_json::Value) -> Record {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn a_note_row_becomes_an_entry_with_its_owner_as_author() {
        let row = record(json!({
            "annotationid": "0f8e1d2c-0000-4000-a000-000000000001",
            "subject": "CFO approval",
            "notetext": "Amelia must sign off.",
            "createdon": "2026-11-20T10:00:00Z",
            "_ownerid_value": "u-1",
            "_ownerid_value@OData.Community.Display.V1.FormattedValue": "Megan Bowen",
        }));
        let entry = entry(&SOURCES[0], &row).unwrap();
        assert_eq!(entry.record.kind, RecordKind::Note);
        assert_eq!(entry.subject, "CFO approval");
        assert_eq!(entry.text, "Amelia must sign off.");
        assert_eq!(entry.author.as_deref(), Some("Megan Bowen"));
        assert_eq!(entry.at, "2026-11-20T10:00:00Z");
    }

    #[test]
    fn an_email_is_dated_by_its_send_time_and_carries_no_body() {
        let row = record(json!({
            "activityid": "0f8e1d2c-0000-4000-a000-000000000002",
            "subject": "Re: pricing",
            "actualend": "2026-11-21T08:30:00Z",
            "createdon": "2026-11-22T09:00:00Z",
            "description": "<p>long html</p>",
        }));
        let entry = entry(&SOURCES[2], &row).unwrap();
        assert_eq!(entry.at, "2026-11-21T08:30:00Z");
        assert_eq!(entry.text, "");
        assert_eq!(entry.author, None);
    }

    #[test]
    fn a_row_without_its_key_is_malformed() {
        let row = record(json!({ "subject": "x" }));
        assert!(matches!(
            entry(&SOURCES[1], &row),
            Err(ProviderError::Malformed { .. })
        ));
    }
}
