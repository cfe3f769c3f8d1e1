//! The last meeting recap, kept in Closer's store under insight storage (the admin's opt-in,
//! `retention.insight_days`), one per user and deal: the recap route keeps it with [`keep`]
//! after a meeting, the prep reads it with [`recalled`] before the next one. Off, nothing is
//! kept and nothing is read. A kept recap is generated text about a meeting, never a transcript.

use crate::store::{CloserStore, Row, RowKind, Scope};
use closer_wire::LastRecap;

/// The row key of the last recap of the deal `opportunity_id`.
pub fn key(opportunity_id: &str) -> String {
    format!("recap:opportunity:{}", opportunity_id.trim())
}

/// The last recap of the deal, if one is kept and has not expired. A store that cannot answer,
/// or a row that does not parse, is no recap.
pub async fn recalled<S: CloserStore>(
    store: &S,
    scope: &Scope,
    opportunity_id: &str,
    now: u64,
) -> Option<LastRecap> {
    let row = store
        .get(scope, RowKind::Insight, &key(opportunity_id), now)
        .await
        .ok()
        .flatten()?;
    serde_json::from_str(&row.value).ok()
}

/// Keeps `recap` as the deal's last for `days` (replacing the one before). A failed write only
/// means the next prep shows no recap.
pub async fn keep<S: CloserStore>(
    store: &S,
    scope: &Scope,
    opportunity_id: &str,
    recap: &LastRecap,
    days: u32,
    now: u64,
) {
    let Ok(value) = serde_json::to_string(recap) else {
        return;
    };
    let row = Row {
        value,
        expires_at: Some(now.saturating_add(u64::from(days) * 86_400)),
    };
    let _ = store
        .put(scope, RowKind::Insight, &key(opportunity_id), &row)
        .await;
}
