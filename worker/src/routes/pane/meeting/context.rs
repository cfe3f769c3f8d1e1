//! `POST /api/pane/meeting`: every card for an open meeting in one answer.
//!
//! One Graph read (the event: attendees and iCalUId), then, concurrently, the email pane's
//! cards over the attendees ([`crate::routes::pane::email_context`]: one CRM lookup for every
//! external attendee, colleagues skipped, then their accounts and open deals) and the saved
//! check (Closer's store, then `find_activity` by iCalUId in the CRM). The attendees go to the
//! card builder without a sender, so no message text is read for a signature; each card's role
//! is then the attendee's own (`organizer`, `required`, `optional`).

use super::{SAVED_MEETING_NAME, saved_key};
use crate::crm::{ActivityKey, CrmConnector, RecordKind};
use crate::error::ApiFailure;
use crate::graph::{Event, GraphClient};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes::mail::calendar::{mail_address, to_item};
use crate::routes::pane::cards::link;
use crate::routes::pane::email_context;
use crate::routes::request::RequestContext;
use crate::store::{CloserStore, RowKind};
use closer_wire::{
    EmailContextRequest, MailAddress, MeetingContext, MeetingContextRequest, RecordLinkView,
};
use std::collections::BTreeMap;

/// Builds the pane's cards for the meeting `request.event_id`.
pub async fn meeting_context<C, S, T, Sl>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    request: MeetingContextRequest,
) -> Result<MeetingContext, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    let event_id = request.event_id.trim();
    if event_id.is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "Expected the meeting's event id.".into(),
        });
    }
    let event = graph.event(event_id).await?;
    let meeting = to_item(&event);
    let people = EmailContextRequest {
        message_id: event.id.clone(),
        internet_message_id: None,
        from: None,
        to: meeting
            .organizer
            .iter()
            .chain(&meeting.required)
            .cloned()
            .collect(),
        cc: meeting.optional.clone(),
    };
    let (cards, saved) = futures::join!(
        email_context(ctx, graph, people),
        saved_as(ctx, event.ical_uid.as_deref())
    );
    let cards = cards?;
    let roles = roles(&event);
    let mut attendees = cards.participants;
    for attendee in &mut attendees {
        if let Some(role) = roles.get(&attendee.address) {
            attendee.role = (*role).to_owned();
        }
    }
    Ok(MeetingContext {
        meeting,
        attendees,
        accounts: cards.accounts,
        suggested_regarding: cards.suggested_regarding,
        saved_as: saved?,
        internal_count: cards.internal_count,
    })
}

/// Each attendee's role by lowercased address; the organizer's wins over an attendee entry.
fn roles(event: &Event) -> BTreeMap<String, &'static str> {
    let mut roles = BTreeMap::new();
    let organizer = event
        .organizer
        .iter()
        .map(|o| ("organizer", &o.email_address));
    let attendees = event.attendees.iter().filter_map(|a| {
        let role = match a.kind.to_ascii_lowercase().as_str() {
            "required" => "required",
            "optional" => "optional",
            _ => return None,
        };
        Some((role, &a.email_address))
    });
    for (role, email) in organizer.chain(attendees) {
        let MailAddress { address, .. } = mail_address(email);
        roles.entry(address).or_insert(role);
    }
    roles
}

/// The CRM activity the meeting is saved as: Closer's row first, else the CRM (which also finds
/// meetings saved outside Closer, by the same iCalUId).
async fn saved_as<C: CrmConnector, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    ical_uid: Option<&str>,
) -> Result<Option<RecordLinkView>, ApiFailure> {
    let Some(uid) = ical_uid.map(str::trim).filter(|uid| !uid.is_empty()) else {
        return Ok(None);
    };
    // A store that cannot answer is not fatal: the CRM is the record of what was saved.
    let stored = ctx
        .store
        .get(
            &ctx.tenant_scope(),
            RowKind::SavedActivity,
            &saved_key(uid),
            ctx.now,
        )
        .await
        .ok()
        .flatten();
    let id = match stored {
        Some(row) => Some(row.value),
        None => ctx
            .crm
            .find_activity(&ActivityKey::ICalUid(uid.to_owned()))
            .await?
            .map(|record| record.id),
    };
    Ok(id.map(|id| link(ctx.crm, RecordKind::Appointment, &id, SAVED_MEETING_NAME)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::calendar::parse_event;

    #[test]
    fn the_organizer_keeps_its_role_and_rooms_have_none() {
        let event = parse_event(
            br#"{"id":"e1",
            "organizer":{"emailAddress":{"name":"Alex","address":"Alex@Contoso.com"}},
            "attendees":[
              {"type":"required","emailAddress":{"address":"alex@contoso.com"}},
              {"type":"Optional","emailAddress":{"address":"Lee@contoso.com"}},
              {"type":"resource","emailAddress":{"address":"room@contoso.com"}}]}"#,
        )
        .unwrap();
        let roles = roles(&event);
        assert_eq!(roles["alex@contoso.com"], "organizer");
        assert_eq!(roles["lee@contoso.com"], "optional");
        assert!(!roles.contains_key("room@contoso.com"));
    }
}
