//! The tenant's admin settings in Closer's store: reading them (defaults until an admin saves),
//! validating an edit, saving it only if nobody saved since the admin read them, and the audit
//! log of every change (who, when, which setting, before and after).
//!
//! Settings and their audit log are one row (`RowKind::Setting`, tenant-wide, key
//! [`SETTINGS_KEY`]): a save writes both at once, so the log never claims a change that was not
//! saved. The row lives in the store that goes with the CRM (the org's table for Dynamics, D1
//! for Salesforce). The log keeps the newest [`AUDIT_KEPT`] changes.
//!
//! A save compares versions then writes: two admins who both read version 3 cannot both save
//! (the second gets [`SettingsError::Conflict`]). The check and the write are two store calls,
//! so two saves landing within the same few milliseconds could both pass; the create-only store
//! write (a later issue) closes that window.

use crate::identity::UserContext;
use crate::store::{CloserStore, Row, RowKind, Scope, StoreError};
use closer_wire::{
    AuditEntry, AuditLog, CardField, FieldSetting, SaveSettings, TenantSettings, Trackers,
};
use serde::{Deserialize, Serialize};

/// The settings row's key.
pub const SETTINGS_KEY: &str = "tenant-settings";
/// How many audit entries the row keeps (newest first).
pub const AUDIT_KEPT: usize = 500;
/// The longest settings row written, in characters: the oldest audit entries go first to stay
/// under it (Dataverse's multiline text column holds at most 1,048,576).
pub const MAX_ROW_CHARS: usize = 512 * 1024;
/// The retention periods insight storage may use, in days.
pub const INSIGHT_DAYS: [u32; 2] = [30, 90];
/// The longest a contact choice is remembered, in days.
pub const MAX_CONTACT_CHOICE_DAYS: u32 = 365;
/// At most this many terms per tracker list, each at most [`MAX_TERM_CHARS`] characters.
pub const MAX_TERMS: usize = 100;
/// At most this many CRM fields added to the cards (all cards together).
pub const MAX_EXTRA_FIELDS: usize = 20;
/// The longest tracker term.
pub const MAX_TERM_CHARS: usize = 60;

/// Why settings could not be read or saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The edit is invalid; nothing was saved.
    #[error("{0}")]
    Invalid(String),
    /// Another admin saved since this one read the settings; nothing was saved.
    #[error("the settings changed since they were read (now version {current})")]
    Conflict {
        /// The version saved now.
        current: u64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the settings row holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// Bumped by every save; 0 while no admin has saved.
    pub version: u64,
    /// The settings.
    pub settings: TenantSettings,
    /// Changes, newest first.
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

fn tenant_scope(tenant_id: &str) -> Scope {
    Scope {
        tenant_id: tenant_id.to_owned(),
        user_id: None,
    }
}

/// The tenant's settings (version 0 and `defaults` while no admin has saved any). A row that
/// does not parse is an error, not silently the defaults: an admin's choices must not vanish.
pub async fn load<S: CloserStore>(
    store: &S,
    tenant_id: &str,
    defaults: &TenantSettings,
    now: u64,
) -> Result<Stored, StoreError> {
    let row = store
        .get(
            &tenant_scope(tenant_id),
            RowKind::Setting,
            SETTINGS_KEY,
            now,
        )
        .await?;
    match row {
        None => Ok(Stored {
            version: 0,
            settings: defaults.clone(),
            audit: Vec::new(),
        }),
        Some(row) => serde_json::from_str(&row.value).map_err(|_| StoreError::Unavailable {
            reason: "the tenant's settings row is not readable".into(),
        }),
    }
}

/// Saves `edit` as `user` if the settings are still at `edit.version`; returns what is stored
/// now. Nothing is written when the edit is invalid or stale, or changes nothing.
pub async fn save<S: CloserStore>(
    store: &S,
    user: &UserContext,
    defaults: &TenantSettings,
    edit: SaveSettings,
    now: u64,
) -> Result<Stored, SettingsError> {
    let settings = normalised(edit.settings)?;
    let current = load(store, &user.tenant_id, defaults, now).await?;
    if current.version != edit.version {
        return Err(SettingsError::Conflict {
            current: current.version,
        });
    }
    let version = current.version + 1;
    let changes = diff(&current.settings, &settings);
    if changes.is_empty() {
        return Ok(current);
    }
    let at = rfc3339(now);
    // Newest save first; within one save, in the settings' order.
    let mut audit: Vec<AuditEntry> = changes
        .into_iter()
        .map(|(setting, before, after)| AuditEntry {
            at: at.clone(),
            by: user.name.clone(),
            by_id: user.object_id.clone(),
            setting,
            before,
            after,
            version,
        })
        .collect();
    audit.extend(current.audit);
    audit.truncate(AUDIT_KEPT);
    let unserialisable = |_| StoreError::Unavailable {
        reason: "settings did not serialise".into(),
    };
    let mut size = serde_json::to_string(&settings)
        .map_err(unserialisable)?
        .len()
        + 64;
    let fits = audit
        .iter()
        .take_while(|entry| {
            size += serde_json::to_string(entry).map_or(0, |text| text.len() + 1);
            size <= MAX_ROW_CHARS
        })
        .count()
        .max(1);
    audit.truncate(fits);
    let stored = Stored {
        version,
        settings,
        audit,
    };
    let value = serde_json::to_string(&stored).map_err(unserialisable)?;
    store
        .put(
            &tenant_scope(&user.tenant_id),
            RowKind::Setting,
            SETTINGS_KEY,
            &Row {
                value,
                expires_at: None,
            },
        )
        .await?;
    Ok(stored)
}

fn invalid(reason: impl Into<String>) -> SettingsError {
    SettingsError::Invalid(reason.into())
}

/// Checks an edit and returns it tidied (tracker terms trimmed, de-duplicated ignoring case).
pub fn normalised(mut settings: TenantSettings) -> Result<TenantSettings, SettingsError> {
    let mut seen: Vec<CardField> = Vec::new();
    for FieldSetting { field, editable } in &settings.cards.fields {
        if seen.contains(field) {
            return Err(invalid(format!(
                "The field \"{}\" is listed twice.",
                field.label()
            )));
        }
        seen.push(*field);
        if *editable && !field.can_be_editable() {
            return Err(invalid(format!(
                "The field \"{}\" cannot be edited from the pane; it can only be shown.",
                field.label()
            )));
        }
    }
    let mut extras: Vec<(closer_wire::CardKind, String)> = Vec::new();
    for extra in &settings.cards.extra {
        if !crate::crm::CardColumns::is_field_name(&extra.name) {
            return Err(invalid(format!(
                "\"{}\" is not a CRM field name.",
                extra.name.chars().take(40).collect::<String>()
            )));
        }
        let key = (extra.card, extra.name.to_ascii_lowercase());
        if extras.contains(&key) {
            return Err(invalid(format!(
                "The CRM field \"{}\" is listed twice on one card.",
                extra.name
            )));
        }
        extras.push(key);
    }
    if extras.len() > MAX_EXTRA_FIELDS {
        return Err(invalid(format!(
            "At most {MAX_EXTRA_FIELDS} CRM fields can be added to the cards."
        )));
    }
    let Trackers {
        competitors,
        products,
        pricing,
    } = &mut settings.trackers;
    for (name, list) in [
        ("competitors", competitors),
        ("products", products),
        ("pricing terms", pricing),
    ] {
        *list = terms(name, list)?;
    }
    if let Some(days) = settings.retention.insight_days
        && !INSIGHT_DAYS.contains(&days)
    {
        return Err(invalid(format!(
            "Insights can be kept 30 or 90 days, not {days}."
        )));
    }
    let days = settings.retention.contact_choice_days;
    if days == 0 || days > MAX_CONTACT_CHOICE_DAYS {
        return Err(invalid(format!(
            "Contact choices can be remembered 1 to {MAX_CONTACT_CHOICE_DAYS} days, not {days}."
        )));
    }
    Ok(settings)
}

fn terms(name: &str, list: &[String]) -> Result<Vec<String>, SettingsError> {
    let mut kept: Vec<String> = Vec::new();
    for term in list.iter().map(|t| t.trim()) {
        if term.is_empty() {
            return Err(invalid(format!("The {name} list has an empty entry.")));
        }
        if term.chars().count() > MAX_TERM_CHARS {
            return Err(invalid(format!(
                "\"{}…\" in the {name} list is longer than {MAX_TERM_CHARS} characters.",
                term.chars().take(20).collect::<String>()
            )));
        }
        if term.chars().any(char::is_control) {
            return Err(invalid(format!(
                "The {name} list has an entry with a control character."
            )));
        }
        if !kept.iter().any(|k| k.to_lowercase() == term.to_lowercase()) {
            kept.push(term.to_owned());
        }
    }
    if kept.len() > MAX_TERMS {
        return Err(invalid(format!(
            "The {name} list has {} entries; at most {MAX_TERMS}.",
            kept.len()
        )));
    }
    Ok(kept)
}

/// The changed settings as `(path, before, after)`, values as JSON, in a stable order.
pub fn diff(before: &TenantSettings, after: &TenantSettings) -> Vec<(String, String, String)> {
    let (Ok(before), Ok(after)) = (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    if let (Some(before), Some(after)) = (before.as_object(), after.as_object()) {
        for (section, after_section) in after {
            let before_section = before.get(section).cloned().unwrap_or_default();
            match (before_section.as_object(), after_section.as_object()) {
                // Card fields are one list: its order is part of the setting.
                (Some(b), Some(a)) if section != "cards" => {
                    for (name, after_value) in a {
                        let before_value = b.get(name).cloned().unwrap_or_default();
                        if &before_value != after_value {
                            changes.push((
                                format!("{section}.{name}"),
                                before_value.to_string(),
                                after_value.to_string(),
                            ));
                        }
                    }
                }
                _ if &before_section != after_section => changes.push((
                    section.clone(),
                    before_section.to_string(),
                    after_section.to_string(),
                )),
                _ => {}
            }
        }
    }
    changes
}

/// The audit log, newest first.
pub fn audit_log(stored: &Stored) -> AuditLog {
    AuditLog {
        entries: stored.audit.clone(),
    }
}

/// The audit log as CSV (RFC 4180: fields quoted, quotes doubled, CRLF line ends). A value that
/// a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'`
/// (OWASP "CSV injection").
pub fn audit_csv(log: &AuditLog) -> String {
    let mut csv = String::from("at,by,by_id,setting,before,after,version\r\n");
    for entry in &log.entries {
        let version = entry.version.to_string();
        let fields = [
            &entry.at,
            &entry.by,
            &entry.by_id,
            &entry.setting,
            &entry.before,
            &entry.after,
            &version,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}

fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

pub use crate::time::rfc3339;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let log = AuditLog {
            entries: vec![AuditEntry {
                at: "2026-12-06T00:00:00Z".into(),
                by: "=HYPERLINK(\"x\")".into(),
                by_id: "oid".into(),
                setting: "trackers.competitors".into(),
                before: "[\"Globex\"]".into(),
                after: "[]".into(),
                version: 2,
            }],
        };
        let csv = audit_csv(&log);
        assert!(csv.starts_with("at,by,by_id,setting,before,after,version\r\n"));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("\"[\"\"Globex\"\"]\""), "{csv}");
        assert!(csv.ends_with("\"2\"\r\n"));
    }
}
