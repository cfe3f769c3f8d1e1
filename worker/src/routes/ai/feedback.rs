//! `POST /api/ai/feedback` (a seller's thumbs up or down on one AI answer, with an optional
//! comment) and the tally `GET /api/admin/feedback` shows admins ([`report`]).
//!
//! Each vote is one row of the seller's own (`RowKind::Feedback`, key `vote:` and a random id
//! the edge draws) in Closer's store that goes with the CRM (the org's table for Dynamics, D1
//! for Salesforce). A row holds the answer kind, the vote and when: never the answer's text,
//! never who voted beyond the row's scope. The comment (and the answer's correlation id) is
//! kept only while the admin's insight storage is on, and then the row expires with that
//! retention; a vote alone expires after [`VOTE_DAYS`]. A vote that `replaces` an earlier one
//! deletes that row first, in the seller's own scope (a seller cannot remove a colleague's
//! vote), so changing one's mind counts once. Nothing here logs a comment.

use crate::error::ApiFailure;
use crate::identity::UserContext;
use crate::store::{CloserStore, Row, RowKind, Scope};
use closer_wire::{
    AnswerKind, FeedbackComment, FeedbackCount, FeedbackReport, FeedbackSent,
    MAX_FEEDBACK_COMMENT_CHARS, SendFeedback, TenantSettings, Vote,
};
use serde::{Deserialize, Serialize};

/// How long a vote without a comment is kept: the longest insight retention, so the counts
/// cover a quarter whatever the setting.
pub const VOTE_DAYS: u32 = 90;
/// The prefix of every vote's key.
pub const KEY_PREFIX: &str = "vote:";
/// The longest key accepted in `replaces` (a prefix and 32 hex digits are issued).
const MAX_KEY_CHARS: usize = 64;
/// The longest correlation id kept.
const MAX_ANSWER_ID_CHARS: usize = 100;
/// At most this many votes are read for the tally (a bound on one admin request's work).
pub const MAX_TALLIED: usize = 10_000;
/// The newest comments the admin page shows.
pub const RECENT_COMMENTS: usize = 20;

/// What a vote's row holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StoredVote {
    feature: AnswerKind,
    vote: Vote,
    at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer_id: Option<String>,
}

fn bad(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.into(),
    }
}

/// The key of a new vote, from 16 random bytes.
pub fn vote_key(random: &[u8; 16]) -> String {
    let hex: String = random.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{KEY_PREFIX}{hex}")
}

/// `400` for a comment over the limit, an over-long correlation id, or a `replaces` that is
/// not a vote's key; the comment trimmed, `None` when empty.
fn checked(body: &SendFeedback) -> Result<Option<String>, ApiFailure> {
    let comment = body
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|comment| !comment.is_empty());
    if comment.is_some_and(|c| c.chars().count() > MAX_FEEDBACK_COMMENT_CHARS) {
        return Err(ApiFailure::BadRequest {
            reason: format!(
                "The comment is longer than {MAX_FEEDBACK_COMMENT_CHARS} characters; shorten it."
            ),
        });
    }
    if body
        .answer_id
        .as_deref()
        .is_some_and(|id| id.chars().count() > MAX_ANSWER_ID_CHARS)
    {
        return Err(bad("The answer id is too long."));
    }
    if body.replaces.as_deref().is_some_and(|key| {
        !key.starts_with(KEY_PREFIX)
            || key.len() > MAX_KEY_CHARS
            || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b':')
    }) {
        return Err(bad("The vote to replace is not one Closer issued."));
    }
    Ok(comment.map(str::to_owned))
}

/// `POST /api/ai/feedback`: stores the vote under `key` (from [`vote_key`]) in the seller's
/// `scope`, after deleting the vote it `replaces`.
pub async fn send<S: CloserStore>(
    store: &S,
    scope: &Scope,
    settings: &TenantSettings,
    body: SendFeedback,
    key: String,
    now: u64,
) -> Result<FeedbackSent, ApiFailure> {
    let comment = checked(&body)?;
    let insight_days = settings.retention.insight_days;
    // Off, only the vote, its kind and its time: the comment is dropped unread.
    let (comment, answer_id, days) = match insight_days {
        Some(days) => (comment, body.answer_id.filter(|id| !id.is_empty()), days),
        None => (None, None, VOTE_DAYS),
    };
    let comment_kept = comment.is_some();
    let value = serde_json::to_string(&StoredVote {
        feature: body.feature,
        vote: body.vote,
        at: now,
        comment,
        answer_id,
    })
    .map_err(|_| bad("The feedback cannot be stored."))?;
    // The old vote goes first: if the new write then fails, the seller's retry (with the same
    // `replaces`) still counts once.
    if let Some(old) = body.replaces.as_deref() {
        store.delete(scope, RowKind::Feedback, old).await?;
    }
    let row = Row {
        value,
        expires_at: Some(now.saturating_add(u64::from(days) * 86_400)),
    };
    store.put(scope, RowKind::Feedback, &key, &row).await?;
    Ok(FeedbackSent { key, comment_kept })
}

/// `GET /api/admin/feedback`: up and down per answer kind over the tenant's live votes, and,
/// while insight storage is on, the newest comments (without who wrote them). A row that does
/// not parse is not counted.
pub async fn report<S: CloserStore>(
    store: &S,
    user: &UserContext,
    settings: &TenantSettings,
    now: u64,
) -> Result<FeedbackReport, ApiFailure> {
    let rows = store
        .list(&user.tenant_id, RowKind::Feedback, now, MAX_TALLIED)
        .await?;
    let votes: Vec<StoredVote> = rows
        .iter()
        .filter_map(|row| serde_json::from_str(&row.value).ok())
        .collect();
    let counts = AnswerKind::ALL
        .iter()
        .map(|&feature| {
            let of = |vote: Vote| {
                let n = votes
                    .iter()
                    .filter(|v| v.feature == feature && v.vote == vote)
                    .count();
                u32::try_from(n).unwrap_or(u32::MAX)
            };
            FeedbackCount {
                feature,
                up: of(Vote::Up),
                down: of(Vote::Down),
            }
        })
        .collect();
    let insight_storage = settings.retention.insight_days.is_some();
    let mut comments: Vec<FeedbackComment> = if insight_storage {
        votes
            .into_iter()
            .filter_map(|v| {
                Some(FeedbackComment {
                    feature: v.feature,
                    vote: v.vote,
                    comment: v.comment?,
                    at: v.at,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    comments.sort_by_key(|c| std::cmp::Reverse(c.at));
    comments.truncate(RECENT_COMMENTS);
    Ok(FeedbackReport {
        counts,
        insight_storage,
        comments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn body(comment: Option<&str>, replaces: Option<&str>) -> SendFeedback {
        SendFeedback {
            feature: AnswerKind::Summary,
            vote: Vote::Down,
            comment: comment.map(str::to_owned),
            answer_id: None,
            replaces: replaces.map(str::to_owned),
        }
    }

    #[test]
    fn keys_are_prefixed_hex() {
        assert_eq!(vote_key(&[0xab; 16]), format!("vote:{}", "ab".repeat(16)));
    }

    #[rstest]
    #[case::no_comment(None, None, true)]
    #[case::blank_comment(Some("   "), None, true)]
    #[case::at_the_limit(Some(&*"é".repeat(500)), None, true)]
    #[case::over_the_limit(Some(&*"é".repeat(501)), None, false)]
    #[case::an_issued_key(None, Some("vote:00ff"), true)]
    #[case::another_kind_of_row(None, Some("tenant-settings"), false)]
    #[case::a_key_with_a_quote(None, Some("vote:a'b"), false)]
    fn bodies_are_checked(
        #[case] comment: Option<&str>,
        #[case] replaces: Option<&str>,
        #[case] ok: bool,
    ) {
        assert_eq!(checked(&body(comment, replaces)).is_ok(), ok);
    }
}
