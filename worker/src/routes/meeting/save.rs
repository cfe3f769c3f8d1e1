//! `POST /api/pane/meeting/save`: the open meeting as a CRM activity (a Dynamics appointment, a
//! Salesforce Event), exactly once.
//!
//! The worker reads the event from Graph (subject, times, location, attendees, iCalUId); the
//! pane sends only its id and the regarding record. Idempotent on the iCalUId, which every
//! attendee's copy shares: Closer's store row first, then the CRM (`find_activity`, which also
//! sees a save by a colleague at the same meeting or by Dynamics' own sync); either answer
//! returns the existing activity with `created: false`. Two saves at once (a double click, a
//! retry after a timeout) are serialised by the email save's lock
//! ([`crate::routes::pane::lock`]) under the meeting's key; a failed create releases the lock
//! and records nothing, so a meeting is never reported saved when it is not.

use super::calendar::mail_address;
use super::{SAVED_MEETING_NAME, saved_key, utc_instant};
use crate::crm::{ActivityKey, CrmConnector, NewAppointment, Party, RecordKind, RecordRef};
use crate::error::ApiFailure;
use crate::graph::{Event, GraphClient};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes::pane::Pane;
use crate::routes::pane::cards::{link, regarding_kind};
use crate::routes::pane::contacts::{address_key, remembered};
use crate::routes::pane::lock::{LOCK_ROUNDS, SaveLock, acquire, release, still_held, stored};
use crate::routes::pane::participants::{self, by_address, display_name};
use crate::store::{CloserStore, Row, RowKind, Scope};
use closer_wire::{MailAddress, SaveMeeting, Saved};
use futures::future::join_all;
use std::collections::BTreeMap;

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

fn busy() -> ApiFailure {
    bad_request("This meeting is being saved by another request; try again in a moment.")
}

/// Saves the meeting `request.event_id` regarding the chosen record, or returns the activity an
/// earlier save (Closer's or anyone's, by iCalUId) created.
pub async fn save_meeting<C, S, T, Sl, W>(
    pane: &Pane<'_, C, S>,
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
    let regarding = regarding_of(&request)?;
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
    let tenant = pane.tenant_scope();
    if let Some(id) = stored(pane, &tenant, &key).await? {
        return Ok(saved(pane, &id, &subject, false));
    }
    let activity_key = ActivityKey::ICalUid(uid.clone());
    let people = people(&event);
    let (found, contacts) = futures::join!(
        pane.crm.find_activity(&activity_key),
        resolve_contacts(pane, &people)
    );
    if let Some(found) = found? {
        remember(pane, &tenant, &key, &found).await;
        return Ok(saved(pane, &found.id, &subject, false));
    }
    let appointment = new_appointment(&event, uid, &people, &contacts?, regarding)?;
    for _ in 0..LOCK_ROUNDS {
        match acquire(pane, &tenant, &key, &lock).await {
            Ok(Some(id)) => return Ok(saved(pane, &id, &subject, false)),
            Ok(None) => {}
            Err(ApiFailure::BadRequest { .. }) => return Err(busy()),
            Err(err) => return Err(err),
        }
        let outcome = create_once(pane, &tenant, &key, &appointment, &lock.token).await;
        match outcome {
            // Another request's token replaced ours: it saves; wait for its answer.
            Ok(None) => continue,
            Ok(Some(saved)) => {
                release(pane, &tenant, &key, &lock.token).await;
                return Ok(saved);
            }
            Err(err) => {
                release(pane, &tenant, &key, &lock.token).await;
                return Err(err);
            }
        }
    }
    Err(busy())
}

fn regarding_of(request: &SaveMeeting) -> Result<RecordRef, ApiFailure> {
    let kind = regarding_kind(&request.regarding_kind).ok_or_else(|| {
        bad_request("A meeting is saved regarding a contact, an account or an opportunity.")
    })?;
    let id = request.regarding_id.trim();
    if id.is_empty() {
        return Err(bad_request("Choose the record this meeting is about."));
    }
    Ok(RecordRef::new(kind, id))
}

fn saved<C: CrmConnector, S>(
    pane: &Pane<'_, C, S>,
    id: &str,
    subject: &str,
    created: bool,
) -> Saved {
    let name = if subject.trim().is_empty() {
        SAVED_MEETING_NAME
    } else {
        subject
    };
    Saved {
        activity: link(pane.crm, RecordKind::Appointment, id, name),
        created,
    }
}

/// Records the activity id. After the CRM accepted the meeting, a store failure must not turn
/// the save into an error: the CRM check finds it on the next save.
async fn remember<C, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    activity: &RecordRef,
) {
    let row = Row {
        value: activity.id.clone(),
        expires_at: None,
    };
    let _ = pane
        .store
        .put(tenant, RowKind::SavedActivity, key, &row)
        .await;
}

/// Under the lock: checks again, makes sure the lock is still this request's, then creates and
/// records the activity. `Ok(None)`: the lock was lost and nothing was written.
async fn create_once<C: CrmConnector, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    tenant: &Scope,
    key: &str,
    appointment: &NewAppointment,
    token: &str,
) -> Result<Option<Saved>, ApiFailure> {
    if let Some(id) = stored(pane, tenant, key).await? {
        return Ok(Some(saved(pane, &id, &appointment.subject, false)));
    }
    let activity_key = ActivityKey::ICalUid(appointment.ical_uid.clone());
    if let Some(found) = pane.crm.find_activity(&activity_key).await? {
        remember(pane, tenant, key, &found).await;
        return Ok(Some(saved(pane, &found.id, &appointment.subject, false)));
    }
    if !still_held(pane, tenant, key, token).await? {
        return Ok(None);
    }
    let created = pane.crm.create_appointment(appointment).await?;
    remember(pane, tenant, key, &created).await;
    Ok(Some(saved(pane, &created.id, &appointment.subject, true)))
}

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

/// The contact id of each external attendee that resolves to exactly one contact (or to the
/// seller's remembered choice), by lowercased address: one CRM query for all of them.
async fn resolve_contacts<C: CrmConnector, S: CloserStore>(
    pane: &Pane<'_, C, S>,
    people: &[MailAddress],
) -> Result<BTreeMap<String, String>, ApiFailure> {
    let split = participants::split(None, people, &[], pane.internal_domains);
    if split.external.is_empty() {
        return Ok(BTreeMap::new());
    }
    let candidates = by_address(pane.crm.contacts_by_emails(&split.addresses()).await?);
    let mut resolved = BTreeMap::new();
    let mut ambiguous = Vec::new();
    for (address, contacts) in &candidates {
        match contacts.as_slice() {
            [] => {}
            [one] => {
                resolved.insert(address.clone(), one.id.clone());
            }
            several => ambiguous.push((address, several)),
        }
    }
    let choices = join_all(
        ambiguous
            .iter()
            .map(|(address, several)| remembered(pane, address, several)),
    )
    .await;
    for ((address, _), choice) in ambiguous.iter().zip(choices) {
        if let Some(contact) = choice {
            resolved.insert((*address).clone(), contact.id.clone());
        }
    }
    Ok(resolved)
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
        assert!(regarding_of(&request("opportunity", "o")).is_ok());
        assert!(regarding_of(&request("appointment", "x")).is_err());
        assert!(regarding_of(&request("contact", "")).is_err());
    }
}
