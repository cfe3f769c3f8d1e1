//! `POST /api/pane/task`: a follow-up task from the pane (subject, due date, regarding record),
//! created in the user's CRM (Dataverse `task`, Salesforce `Task`) and answered with its "Open
//! in CRM" link.
//!
//! Validates everything before the CRM is called, so a bad request writes nothing. No HTTP.
//! Unlike a saved email a task has no natural idempotency key (a seller may want two alike),
//! so the pane sends one per intended task ([`CreateTask::idempotency_key`]): with it,
//! [`create_task_once`] runs the save-once protocol (Closer's row for the key, then the lock),
//! and a double click, a retry after a timeout or a re-summarized suggestion finds the first
//! task instead of making a second.

use crate::crm::{CrmConnector, NewTask, RecordKind, RecordRef};
use crate::error::ApiFailure;
use crate::provider::Sleeper;
use crate::routes::pane::cards::{link, regarding_kind};
use crate::routes::request::RequestContext;
use crate::store::save_once::{SaveLock, save_once};
use crate::store::{CloserStore, Row, RowKind};
use crate::time::is_calendar_date;
use closer_wire::{CreateTask, RecordLinkView};

/// The refusal while another request creates the same task.
pub const TASK_BUSY: &str = "This task is being created right now; try again in a moment.";

/// The longest idempotency key the pane may send.
const MAX_KEY_CHARS: usize = 100;

/// The longest subject the pane takes: what every CRM keeps whole (the connectors state their
/// own lengths).
pub const MAX_SUBJECT_CHARS: usize = crate::crm::MAX_TASK_SUBJECT_CHARS;

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

/// Creates the task and returns its link (named by its subject).
pub async fn create_task<C: CrmConnector>(
    crm: &C,
    request: CreateTask,
) -> Result<RecordLinkView, ApiFailure> {
    let task = new_task(request)?;
    let created = crm.create_task(&task).await?;
    Ok(link(crm, RecordKind::Task, &created.id, task.subject))
}

/// Creates the task once per [`CreateTask::idempotency_key`] (a plain create without one).
pub async fn create_task_once<C, S, W>(
    ctx: &RequestContext<'_, C, S>,
    lock: &SaveLock<'_, W>,
    request: CreateTask,
) -> Result<RecordLinkView, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    W: Sleeper,
{
    let Some(key) = request.idempotency_key.as_deref().map(str::trim) else {
        return create_task(ctx.crm, request).await;
    };
    let valid = !key.is_empty()
        && key.chars().count() <= MAX_KEY_CHARS
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'));
    if !valid {
        return Err(bad_request(
            "A task's idempotency key is 1 to 100 letters, digits, '-', '_', ':' or '.'.",
        ));
    }
    let task = new_task(request.clone())?;
    // The key is the seller's own (a colleague cannot pre-claim it) and is bound to the task it
    // was first used for: the same key with another task is a conflict, not that first task.
    let user = ctx.scope.user_id.as_deref().unwrap_or_default();
    let claim = format!("task-request:{key}");
    let fingerprint = fingerprint(&task);
    // Claimed with the create-only write: of two requests with one key and different tasks,
    // exactly one binds it, and the other reads that binding.
    let row = Row {
        value: fingerprint,
        expires_at: None,
    };
    let claimed = ctx
        .store
        .put_if_absent(&ctx.scope, RowKind::SavedActivity, &claim, &row, ctx.now)
        .await?;
    if !claimed
        && let Some(bound) = ctx
            .store
            .get(&ctx.scope, RowKind::SavedActivity, &claim, ctx.now)
            .await?
        && bound.value != row.value
    {
        return Err(ApiFailure::KeyReused);
    }
    let store_key = format!("task:{user}:{key}");
    let saved = save_once(
        ctx.saving(&store_key, lock, TASK_BUSY),
        // A CRM task carries no key to find it by: Closer's row is the record of the key.
        async || Ok(None),
        std::future::ready(Ok::<_, ApiFailure>(())),
        async |()| Ok(ctx.crm.create_task(&task).await?.id),
    )
    .await?;
    Ok(link(ctx.crm, RecordKind::Task, &saved.id, task.subject))
}

/// What a task request asks for, hashed (FNV-1a over its fields): equal for a retry, unequal
/// for another task.
fn fingerprint(task: &NewTask) -> String {
    let regarding = task
        .regarding
        .as_ref()
        .map(|r| format!("{:?}:{}", r.kind, r.id))
        .unwrap_or_default();
    let text = format!(
        "{}\u{1f}{}\u{1f}{}",
        task.subject,
        task.due_date.as_deref().unwrap_or_default(),
        regarding
    );
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The CRM's task for a valid request; a readable [`ApiFailure::BadRequest`] otherwise.
pub fn new_task(request: CreateTask) -> Result<NewTask, ApiFailure> {
    let subject = request.subject.trim();
    if subject.is_empty() {
        return Err(bad_request("A task needs a subject."));
    }
    if subject.chars().count() > MAX_SUBJECT_CHARS {
        return Err(bad_request(&format!(
            "A task subject is at most {MAX_SUBJECT_CHARS} characters."
        )));
    }
    let due_date = match request.due_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(date) if is_calendar_date(date) => Some(date.to_owned()),
        Some(_) => return Err(bad_request("A due date is a date like 2026-12-01.")),
    };
    Ok(NewTask {
        subject: subject.to_owned(),
        description: None,
        due_date,
        regarding: regarding(&request.regarding_kind, &request.regarding_id)?,
    })
}

/// The record the task is about: none when both parts are empty.
fn regarding(kind: &str, id: &str) -> Result<Option<RecordRef>, ApiFailure> {
    let (kind, id) = (kind.trim(), id.trim());
    if kind.is_empty() && id.is_empty() {
        return Ok(None);
    }
    let kind = regarding_kind(kind)
        .ok_or_else(|| bad_request("A task is about a contact, an account or an opportunity."))?;
    if id.is_empty() {
        return Err(bad_request("Choose the record this task is about."));
    }
    Ok(Some(RecordRef::new(kind, id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::search::tests::RecordingCrm;
    use rstest::rstest;

    fn request(subject: &str, due: Option<&str>, kind: &str, id: &str) -> CreateTask {
        CreateTask {
            idempotency_key: None,
            subject: subject.into(),
            due_date: due.map(Into::into),
            regarding_kind: kind.into(),
            regarding_id: id.into(),
        }
    }

    #[rstest]
    #[case("2026-12-01", true)]
    #[case("2028-02-29", true)]
    #[case("2000-02-29", true)]
    #[case("2027-02-29", false)]
    #[case("1900-02-29", false)]
    #[case("2026-04-31", false)]
    #[case("2026-13-01", false)]
    #[case("2026-00-10", false)]
    #[case("2026-12-00", false)]
    #[case("2026-1-01", false)]
    #[case("2026/12/01", false)]
    #[case("2026-12-01T09:00:00Z", false)]
    #[case("+026-12-01", false)]
    #[case("1899-12-31", false)]
    #[case("tomorrow", false)]
    fn due_dates_are_calendar_days(#[case] date: &str, #[case] valid: bool) {
        assert_eq!(is_calendar_date(date), valid, "{date}");
    }

    #[rstest]
    #[case::empty_subject(request("  ", None, "", ""))]
    #[case::long_subject(request(&"x".repeat(201), None, "", ""))]
    #[case::bad_date(request("Call Priya", Some("12/01/2026"), "", ""))]
    #[case::unknown_kind(request("Call Priya", None, "email", "e-1"))]
    #[case::kind_without_id(request("Call Priya", None, "opportunity", " "))]
    #[case::id_without_kind(request("Call Priya", None, "", "o-1"))]
    fn invalid_requests_are_refused(#[case] request: CreateTask) {
        assert!(matches!(
            new_task(request),
            Err(ApiFailure::BadRequest { .. })
        ));
    }

    #[test]
    fn a_valid_request_is_trimmed_and_keeps_its_regarding_record() {
        let subject = "é".repeat(MAX_SUBJECT_CHARS);
        let task = new_task(request(
            &format!(" {subject} "),
            Some(" 2026-12-01 "),
            "Opportunity",
            " o-1 ",
        ))
        .unwrap();
        assert_eq!(task.subject, subject);
        assert_eq!(task.due_date.as_deref(), Some("2026-12-01"));
        assert_eq!(
            task.regarding,
            Some(RecordRef::new(RecordKind::Opportunity, "o-1"))
        );
        let loose = new_task(request("Call", Some(""), "", "")).unwrap();
        assert_eq!((loose.due_date, loose.regarding), (None, None));
    }

    #[tokio::test]
    async fn the_task_is_created_and_linked_in_the_crm() {
        let crm = RecordingCrm::default();
        let created = create_task(
            &crm,
            request("Send the quote", Some("2026-12-01"), "account", "a-1"),
        )
        .await
        .unwrap();
        assert_eq!(created.kind, "task");
        assert_eq!(created.id, "task-1");
        assert_eq!(created.name, "Send the quote");
        assert_eq!(created.url, "https://crm.example/task/task-1");
        let tasks = crm.tasks.borrow();
        assert_eq!(tasks.len(), 1);
        assert_eq!(
            tasks[0].regarding,
            Some(RecordRef::new(RecordKind::Account, "a-1"))
        );
    }

    #[tokio::test]
    async fn an_invalid_task_never_reaches_the_crm() {
        let crm = RecordingCrm::default();
        let refused = create_task(&crm, request("", None, "", "")).await;
        assert!(refused.is_err());
        assert!(crm.tasks.borrow().is_empty());
    }
}
