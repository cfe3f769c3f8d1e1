//! `POST /api/ai/summary/note`: the seller saves the summary they read as a note on one CRM
//! record (contact, account or opportunity) — once. The key is the message and the record:
//! a second click, a retry after a timeout or a second tab finds the note the first created.
//! Same save-once protocol as saving an email ([`crate::store::save_once`]): Closer's store
//! row, then the save lock taken with the store's create-only write, the row checked again under
//! it.

use crate::crm::{CrmConnector, NewNote, RecordKind, RecordRef};
use crate::error::ApiFailure;
use crate::provider::Sleeper;
use crate::routes::pane::email::save::EMAIL_BUSY;
use crate::routes::request::RequestContext;
use crate::store::CloserStore;
use crate::store::save_once::{SaveLock, save_once};
use closer_wire::{SaveSummaryNote, SavedNote};
use sha2::{Digest, Sha256};

/// Characters of note text accepted (a summary is a few hundred).
pub const MAX_NOTE_CHARS: usize = 8_000;
/// Characters of the pane's note key.
const MAX_KEY_CHARS: usize = 100;
/// Characters of a note title.
pub const MAX_TITLE_CHARS: usize = 200;

/// Saves `request` as a note, or returns the note an earlier save of the same summary created.
pub async fn save_note<C, S, W>(
    ctx: &RequestContext<'_, C, S>,
    lock: SaveLock<'_, W>,
    request: SaveSummaryNote,
) -> Result<SavedNote, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    W: Sleeper,
{
    let note = new_note(&request)?;
    if request
        .key
        .as_deref()
        .is_some_and(|key| key.trim().is_empty() || key.chars().count() > MAX_KEY_CHARS)
    {
        return Err(ApiFailure::BadRequest {
            reason: "The note's key is empty or too long.".into(),
        });
    }
    let source = match request.key.as_deref() {
        // The pane's key for one note among several of the same source.
        Some(key) => format!("{}\nkey:{}", request.message_id.trim(), key.trim()),
        None => request.message_id.clone(),
    };
    let key = note_key(&source, &note.regarding);
    let outcome = save_once(
        ctx.saving(&key, &lock, EMAIL_BUSY),
        // A note carries no key the CRM can be searched by: Closer's store row is the record.
        async || Ok(None),
        std::future::ready(Ok::<_, ApiFailure>(note)),
        async |note: &NewNote| Ok(ctx.crm.create_note(note).await?.id),
    )
    .await?;
    Ok(SavedNote {
        note_id: outcome.id,
        already_saved: !outcome.created,
    })
}

/// The store key of a summary note: the message and the record, hashed to a fixed length.
pub fn note_key(message_id: &str, record: &RecordRef) -> String {
    let digest = Sha256::digest(format!(
        "{}\n{:?}\n{}",
        message_id.trim(),
        record.kind,
        record.id
    ));
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("summary-note:{hex}")
}

fn new_note(request: &SaveSummaryNote) -> Result<NewNote, ApiFailure> {
    let bad = |reason: &str| ApiFailure::BadRequest {
        reason: reason.to_owned(),
    };
    let kind = match request.entity.as_str() {
        "contact" => RecordKind::Contact,
        "account" => RecordKind::Account,
        "opportunity" => RecordKind::Opportunity,
        _ => {
            return Err(bad(
                "A summary is saved on a contact, an account or an opportunity.",
            ));
        }
    };
    let record_id = request.record_id.trim();
    if record_id.is_empty() || request.message_id.trim().is_empty() {
        return Err(bad("Choose the record to save the summary on."));
    }
    let body = request.text.trim();
    if body.is_empty() || body.chars().count() > MAX_NOTE_CHARS {
        return Err(bad("The summary to save is empty or too long."));
    }
    let title: String = request.title.trim().chars().take(MAX_TITLE_CHARS).collect();
    Ok(NewNote {
        title: if title.is_empty() {
            "Email summary".to_owned()
        } else {
            title
        },
        body: body.to_owned(),
        regarding: RecordRef::new(kind, record_id),
    })
}
