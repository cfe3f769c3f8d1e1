//! Insight storage, when the tenant's admin opted in (`retention.insight_days`: 30 or 90): a
//! thread summary the model made is kept in Closer's store for that long, per user, and the
//! same summary asked again is answered from it, without reading the thread or calling the
//! model. Off (the default), nothing is kept.
//!
//! A kept summary is generated text about a thread, never the thread: Closer still never
//! stores an email. The row is the user's own (a colleague opening the same thread gets their
//! own summary), expires with the retention, and is purged by the hourly cron. Its key is a
//! hash of the message id, the tracker lists and the answer's language, so a change of
//! trackers or of language makes a new summary.

use crate::ai::answer_language::AnswerLanguage;
use crate::store::{CloserStore, Row, RowKind, Scope};
use closer_wire::{Summary, Trackers};
use sha2::{Digest, Sha256};

/// The row key of the summary of `message_id` under `trackers`, written in `language`: a
/// seller who changes Outlook's language gets a summary in the new one, not the kept one.
pub fn key(message_id: &str, trackers: &Trackers, language: AnswerLanguage) -> String {
    let mut hasher = Sha256::new();
    hasher.update(message_id.trim().as_bytes());
    hasher.update(b"\0");
    hasher.update(serde_json::to_vec(trackers).unwrap_or_default());
    hasher.update(b"\0");
    hasher.update(language.subtag().as_bytes());
    let digest: String = hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("summary:{digest}")
}

/// The kept summary under `key`, if there is one that has not expired. A store that cannot
/// answer, or a row that does not parse, is no summary: a new one is made.
pub async fn recalled<S: CloserStore>(
    store: &S,
    scope: &Scope,
    key: &str,
    now: u64,
) -> Option<Summary> {
    let row = store
        .get(scope, RowKind::Insight, key, now)
        .await
        .ok()
        .flatten()?;
    serde_json::from_str(&row.value).ok()
}

/// Keeps `summary` under `key` for `days`. A failed write only means the next request makes
/// the summary again.
pub async fn keep<S: CloserStore>(
    store: &S,
    scope: &Scope,
    key: &str,
    summary: &Summary,
    days: u32,
    now: u64,
) {
    let Ok(value) = serde_json::to_string(summary) else {
        return;
    };
    let row = Row {
        value,
        expires_at: Some(now.saturating_add(u64::from(days) * 86_400)),
    };
    let _ = store.put(scope, RowKind::Insight, key, &row).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_changes_with_the_message_the_trackers_and_the_language() {
        let trackers = Trackers::default();
        let mut other = Trackers::default();
        other.competitors.push("Globex".into());
        let en = AnswerLanguage::English;
        assert_eq!(key("m1", &trackers, en), key(" m1 ", &trackers, en));
        assert_ne!(key("m1", &trackers, en), key("m2", &trackers, en));
        assert_ne!(key("m1", &trackers, en), key("m1", &other, en));
        assert_ne!(
            key("m1", &trackers, en),
            key("m1", &trackers, AnswerLanguage::German)
        );
        assert!(!key("m1", &trackers, en).contains("m1"));
    }
}
