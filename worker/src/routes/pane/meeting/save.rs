//! `POST /api/pane/meeting/save`: the open meeting as a CRM activity (a Dynamics appointment, a
//! Salesforce Event), exactly once.
//!
//! The worker reads the event from Graph (subject, times, location, attendees, iCalUId); the
//! pane sends only its id and the regarding record. Idempotent on the iCalUId, which every
//! attendee's copy shares: Closer's store row first, then the CRM (`find_activity`, which also
//! sees a save by a colleague at the same meeting or by Dynamics' own sync); either answer
//! returns the existing activity with `created: false`. Two saves at once (a double click, a
//! retry after a timeout) are serialised by the save-once protocol
//! ([`crate::store::save_once`]) under the meeting's key; a failed create releases the lock
//! and records nothing, so a meeting is never reported saved when it is not.

use super::{SAVED_MEETING_NAME, saved_key, utc_instant};
use crate::crm::{ActivityKey, CrmConnector, NewAppointment, Party, RecordKind, RecordRef};
use crate::error::ApiFailure;
use crate::graph::{Event, GraphClient};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes::mail::calendar::mail_address;
use crate::routes::pane::email::contacts::address_key;
use crate::routes::pane::email::save::{SavedItem, resolve_contacts};
use crate::routes::pane::participants::display_name;
use crate::routes::request::RequestContext;
use crate::store::CloserStore;
use crate::store::save_once::{SaveLock, save_once};
use closer_wire::{MailAddress, SaveMeeting, Saved};
use std::collections::BTreeMap;

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

/// The refusal when another save of this meeting holds the lock for too long.
const MEETING_BUSY: &str = "This meeting is being saved by another request; try again in a moment.";

/// Saves the meeting `request.event_id` regarding the chosen record, or returns the activity an
/// earlier save (Closer's or anyone's, by iCalUId) created.
pub async fn save_meeting<C, S, T, Sl, W>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    lock: SaveLock<'_, W>,
    request: SaveMeeting,
) -> Result<Saved, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
    W: Sleeper,
{
    let regarding = MEETING.regarding(&request.regarding_kind, &request.regarding_id)?;
    let event_id = request.event_id.trim();
    if event_id.is_empty() {
        return Err(bad_request("Expected the meeting's event id."));
    }
    let event = graph.event(event_id).await?;
    let uid = event
        .ical_uid
        .as_deref()
        .map(str::trim)
        .filter(|uid| !uid.is_empty())
        .ok_or_else(|| bad_request("This meeting has no iCalUId yet: send the invitation first."))?
        .to_owned();
    let key = saved_key(&uid);
    let subject = event.subject.clone();
    let activity_key = ActivityKey::ICalUid(uid.clone());
    let prepare = async {
        let people = people(&event);
        // The organizer is one of `people`: a meeting has no sender apart from its attendees.
        let contacts = resolve_contacts(ctx, None, &people, &[]).await?;
        new_appointment(&event, uid, &people, &contacts, regarding)
    };
    let outcome = save_once(
        ctx.saving(&key, &lock, MEETING_BUSY),
        async || {
            Ok(ctx
                .crm
                .find_activity(&activity_key)
                .await?
                .map(|found| found.id))
        },
        prepare,
        async |appointment: &NewAppointment| Ok(ctx.crm.create_appointment(appointment).await?.id),
    )
    .await?;
    Ok(MEETING.saved(ctx.crm, &outcome.id, &subject, outcome.created))
}

/// A meeting, saved as an appointment (a Salesforce Event).
const MEETING: SavedItem = SavedItem {
    kind: RecordKind::Appointment,
    untitled: SAVED_MEETING_NAME,
    an_item: "A meeting",
    noun: "meeting",
};

/// Everyone at the meeting, organizer first, each address once (rooms are not people).
fn people(event: &Event) -> Vec<MailAddress> {
    let organizer = event.organizer.iter().map(|o| &o.email_address);
    let attendees = event
        .attendees
        .iter()
        .filter(|a| !a.kind.eq_ignore_ascii_case("resource"))
        .map(|a| &a.email_address);
    let mut people: Vec<MailAddress> = Vec::new();
    for person in organizer.chain(attendees).map(mail_address) {
        if !person.address.is_empty() && !people.iter().any(|p| p.address == person.address) {
            people.push(person);
        }
    }
    people
}

fn new_appointment(
    event: &Event,
    ical_uid: String,
    people: &[MailAddress],
    contacts: &BTreeMap<String, String>,
    regarding: RecordRef,
) -> Result<NewAppointment, ApiFailure> {
    let start = event.start.as_ref().and_then(utc_instant);
    let end = event.end.as_ref().and_then(utc_instant);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(bad_request("This meeting has no start and end time."));
    };
    let attendees = people
        .iter()
        .map(|person| Party {
            name: display_name(person.name.as_deref(), &person.address),
            contact_id: contacts.get(&address_key(&person.address)).cloned(),
            address: person.address.clone(),
        })
        .collect();
    Ok(NewAppointment {
        subject: event.subject.clone(),
        start,
        end,
        location: event
            .location
            .as_ref()
            .map(|l| l.display_name.trim().to_owned())
            .filter(|l| !l.is_empty()),
        // The invitation's opening lines: what the seller sees of it in Outlook's list.
        description: event
            .body_preview
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned),
        attendees,
        ical_uid,
        regarding: Some(regarding),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::calendar::parse_event;

    fn event() -> Event {
        parse_event(
            br#"{"id":"e1","iCalUId":"0400","subject":"Order form",
            "start":{"dateTime":"2026-12-02T18:00:00.0000000","timeZone":"UTC"},
            "end":{"dateTime":"2026-12-02T18:30:00.0000000","timeZone":"UTC"},
            "organizer":{"emailAddress":{"name":"Megan Bowen","address":"megan.bowen@northwindtraders.com"}},
            "attendees":[
              {"type":"required","emailAddress":{"name":"Megan Bowen","address":"Megan.Bowen@northwindtraders.com"}},
              {"type":"required","emailAddress":{"name":"Priya Raman","address":"Priya.Raman@contoso.com"}},
              {"type":"optional","emailAddress":{"name":"daniel.brooks@contoso.com","address":"daniel.brooks@contoso.com"}},
              {"type":"resource","emailAddress":{"name":"Room 4","address":"room4@northwindtraders.com"}}],
            "location":{"displayName":" "}}"#,
        )
        .unwrap()
    }

    #[test]
    fn attendees_are_everyone_once_with_their_contacts_and_no_rooms() {
        let event = event();
        let people = people(&event);
        let contacts =
            BTreeMap::from([("priya.raman@contoso.com".to_owned(), "c-priya".to_owned())]);
        let regarding = RecordRef::new(RecordKind::Opportunity, "o-1");
        let appointment =
            new_appointment(&event, "0400".into(), &people, &contacts, regarding.clone()).unwrap();
        let addresses: Vec<&str> = appointment
            .attendees
            .iter()
            .map(|a| a.address.as_str())
            .collect();
        assert_eq!(
            addresses,
            [
                "megan.bowen@northwindtraders.com",
                "priya.raman@contoso.com",
                "daniel.brooks@contoso.com"
            ]
        );
        assert_eq!(
            appointment.attendees[1].contact_id.as_deref(),
            Some("c-priya")
        );
        assert_eq!(appointment.attendees[2].name, None);
        assert_eq!(appointment.start, "2026-12-02T18:00:00Z");
        assert_eq!(appointment.location, None);
        assert_eq!(appointment.regarding, Some(regarding));
    }

    #[test]
    fn a_meeting_without_times_or_a_regarding_record_is_refused() {
        let mut event = event();
        event.end = None;
        let refused = new_appointment(
            &event,
            "0400".into(),
            &[],
            &BTreeMap::new(),
            RecordRef::new(RecordKind::Account, "a"),
        );
        assert!(matches!(refused, Err(ApiFailure::BadRequest { .. })));
        let request = |kind: &str, id: &str| SaveMeeting {
            event_id: "e".into(),
            regarding_kind: kind.into(),
            regarding_id: id.into(),
        };
        let regarding = |request: SaveMeeting| {
            MEETING.regarding(&request.regarding_kind, &request.regarding_id)
        };
        assert!(regarding(request("opportunity", "o")).is_ok());
        assert!(regarding(request("appointment", "x")).is_err());
        assert!(regarding(request("contact", "")).is_err());
    }
}
