//! The JSON bodies Closer writes to Dataverse: contacts, tasks, notes, e-mail and appointment
//! activities with their parties. Pure functions of the CRM vocabulary, so that each is checked
//! field by field against the composed fixtures in `tests/fixtures/dataverse/`.
//!
//! Lookups are set with `<nav>@odata.bind: "/<set>(<guid>)"`; polymorphic lookups have one nav
//! property per target table: `parentcustomerid_account`, `objectid_<table>` on notes,
//! `regardingobjectid_<table>_<activity>` on activities
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/web-api-navigation-properties).
//! Parties follow `ActivityParty.ParticipationTypeMask`: Sender 1, To 2, Cc 3, Required 5,
//! Optional 6, Organizer 7; an address with no CRM record goes in `addressused`
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/activityparty-entity).
//!
//! Subjects longer than their column's `MaxLength` would be refused by the org, so they are cut
//! with a visible "…" ([`clip`]): email 800 and appointment 200 characters (entity reference,
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/email
//! and .../appointment), task 200 and note 500 (.../task, .../annotation), and a note's
//! `notetext` to 100,000. A saved activity's state is not part of the create: `statecode` is not valid for create,
//! so [`completed_state`] is written by a second request.

use super::odata::{is_guid, table};
use crate::crm::{
    NewAppointment, NewContact, NewEmailActivity, NewNote, NewTask, Party, RecordKind, RecordRef,
};
use crate::provider::{Provider, ProviderError};
use serde_json::{Map, Value, json};

/// `MaxLength` of `email.subject`.
pub const EMAIL_SUBJECT_MAX: usize = 800;
/// `MaxLength` of `appointment.subject`.
pub const APPOINTMENT_SUBJECT_MAX: usize = 200;
/// `MaxLength` of `appointment.location` (Outlook allows longer locations, e.g. several rooms).
pub const APPOINTMENT_LOCATION_MAX: usize = 200;
/// `MaxLength` of `task.subject`.
pub const TASK_SUBJECT_MAX: usize = 200;
/// `MaxLength` of `annotation.subject`.
pub const NOTE_SUBJECT_MAX: usize = 500;
/// `MaxLength` of `annotation.notetext`.
pub const NOTE_TEXT_MAX: usize = 100_000;

/// `text` cut to at most `max` characters, the last one "…" when anything was cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(max.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// The `statecode`/`statuscode` PATCH that completes a saved activity: an email is Completed as
/// Received (4) when it came in and Sent (3) when the seller sent it; a meeting that is over is
/// Completed (3). Pairs from the `email` and `appointment` entity references.
pub fn completed_state(kind: RecordKind, incoming: bool) -> Value {
    let status = match (kind, incoming) {
        (RecordKind::Email, true) => 4,
        (RecordKind::Email, false) => 3,
        _ => 3,
    };
    json!({ "statecode": 1, "statuscode": status })
}

/// Participation type: the e-mail's sender.
pub const SENDER: u8 = 1;
/// Participation type: a To recipient.
pub const TO_RECIPIENT: u8 = 2;
/// Participation type: a Cc recipient.
pub const CC_RECIPIENT: u8 = 3;
/// Participation type: a required attendee.
pub const REQUIRED_ATTENDEE: u8 = 5;
/// Participation type: an optional attendee.
pub const OPTIONAL_ATTENDEE: u8 = 6;
/// Participation type: the meeting's organizer.
pub const ORGANIZER: u8 = 7;

/// The appointment column holding the Outlook event's iCalUId. `globalobjectid` is the column
/// Dynamics' own Outlook synchronisation fills with the meeting's global object id, of which
/// Graph's `iCalUId` is the hex form; using it (rather than a custom column) keeps Closer's
/// saves and server-side sync recognising the same meeting. [C: verify in the org's
/// `$metadata` that it is valid for create.]
pub const ICAL_UID_COLUMN: &str = "globalobjectid";
/// The e-mail column holding the Internet Message-ID (`Email.MessageId`).
pub const MESSAGE_ID_COLUMN: &str = "messageid";

/// The signed-in seller as a party: their `systemuserid` and e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seller {
    /// `systemuserid` (WhoAmI's `UserId`).
    pub id: String,
    /// `internalemailaddress`, when the org has one.
    pub email: Option<String>,
}

fn bind_value(record: &RecordRef) -> Result<String, ProviderError> {
    let target = table(record.kind);
    if !is_guid(&record.id) {
        return Err(ProviderError::NotFound {
            provider: Provider::Dataverse,
            what: target.logical.into(),
        });
    }
    Ok(format!(
        "/{}({})",
        target.set,
        record.id.to_ascii_lowercase()
    ))
}

/// `regardingobjectid_<table>_<activity>@odata.bind` for an activity about `record`.
pub fn regarding(
    body: &mut Map<String, Value>,
    record: &RecordRef,
    activity: RecordKind,
) -> Result<(), ProviderError> {
    let nav = format!(
        "regardingobjectid_{}_{}@odata.bind",
        table(record.kind).logical,
        table(activity).logical
    );
    body.insert(nav, Value::String(bind_value(record)?));
    Ok(())
}

/// A new contact; the company is bound through `parentcustomerid_account`.
pub fn contact(contact: &NewContact) -> Result<Value, ProviderError> {
    let mut body = Map::new();
    body.insert("lastname".into(), json!(contact.last_name));
    for (column, value) in [
        ("firstname", &contact.first_name),
        ("emailaddress1", &contact.email),
        ("jobtitle", &contact.job_title),
        ("telephone1", &contact.phone),
    ] {
        if let Some(value) = value {
            body.insert(column.into(), json!(value));
        }
    }
    if let Some(account) = &contact.account_id {
        body.insert(
            "parentcustomerid_account@odata.bind".into(),
            json!(bind_value(&RecordRef::new(
                RecordKind::Account,
                account.clone()
            ))?),
        );
    }
    Ok(Value::Object(body))
}

/// A new task. `scheduledend` (Due) is a user-local date-time: a due date is sent at noon UTC,
/// which is the same calendar day in every time zone from UTC−11 to UTC+11.
pub fn task(task: &NewTask) -> Result<Value, ProviderError> {
    let mut body = Map::new();
    body.insert(
        "subject".into(),
        json!(clip(&task.subject, TASK_SUBJECT_MAX)),
    );
    if let Some(description) = &task.description {
        body.insert("description".into(), json!(description));
    }
    if let Some(due) = &task.due_date {
        let due = if due.contains('T') {
            due.clone()
        } else {
            format!("{due}T12:00:00Z")
        };
        body.insert("scheduledend".into(), json!(due));
    }
    if let Some(record) = &task.regarding {
        regarding(&mut body, record, RecordKind::Task)?;
    }
    Ok(Value::Object(body))
}

/// A new note (`annotation`), attached through `objectid_<table>`.
pub fn note(note: &NewNote) -> Result<Value, ProviderError> {
    let nav = format!("objectid_{}@odata.bind", table(note.regarding.kind).logical);
    Ok(json!({
        "subject": clip(&note.title, NOTE_SUBJECT_MAX),
        "notetext": clip(&note.body, NOTE_TEXT_MAX),
        nav: bind_value(&note.regarding)?,
    }))
}

/// One party: the matched contact, else the seller when it is their address, else the bare
/// address.
fn party(party: &Party, mask: u8, seller: Option<&Seller>) -> Result<Value, ProviderError> {
    let mut out = Map::new();
    let is_seller = seller.filter(|seller| {
        seller
            .email
            .as_deref()
            .is_some_and(|email| email.eq_ignore_ascii_case(party.address.trim()))
    });
    if let Some(contact) = &party.contact_id {
        out.insert(
            "partyid_contact@odata.bind".into(),
            json!(bind_value(&RecordRef::new(
                RecordKind::Contact,
                contact.clone()
            ))?),
        );
    } else if let Some(seller) = is_seller {
        out.insert(
            "partyid_systemuser@odata.bind".into(),
            json!(format!("/systemusers({})", seller.id)),
        );
    } else {
        out.insert("addressused".into(), json!(party.address));
    }
    out.insert("participationtypemask".into(), json!(mask));
    Ok(Value::Object(out))
}

/// A saved e-mail: parties, regarding record, `messageid` (the idempotency key),
/// `directioncode` (false = incoming) and `actualend` (when it was sent).
pub fn email(email: &NewEmailActivity, seller: Option<&Seller>) -> Result<Value, ProviderError> {
    let mut parties = vec![party(&email.from, SENDER, seller)?];
    for to in &email.to {
        parties.push(party(to, TO_RECIPIENT, seller)?);
    }
    for cc in &email.cc {
        parties.push(party(cc, CC_RECIPIENT, seller)?);
    }
    let mut body = Map::new();
    body.insert(
        "subject".into(),
        json!(clip(&email.subject, EMAIL_SUBJECT_MAX)),
    );
    body.insert("description".into(), json!(email.html_body));
    body.insert("directioncode".into(), json!(!email.incoming));
    body.insert(MESSAGE_ID_COLUMN.into(), json!(email.internet_message_id));
    body.insert("actualend".into(), json!(email.sent_at));
    if let Some(record) = &email.regarding {
        regarding(&mut body, record, RecordKind::Email)?;
    }
    body.insert("email_activity_parties".into(), Value::Array(parties));
    Ok(Value::Object(body))
}

/// A saved meeting: the seller as organizer, every attendee as required (Outlook's optional
/// flag does not reach Closer's vocabulary), the iCalUId in [`ICAL_UID_COLUMN`].
pub fn appointment(meeting: &NewAppointment, seller: &Seller) -> Result<Value, ProviderError> {
    let mut parties = vec![json!({
        "partyid_systemuser@odata.bind": format!("/systemusers({})", seller.id),
        "participationtypemask": ORGANIZER,
    })];
    let mut listed: Vec<&Party> = Vec::new();
    for attendee in &meeting.attendees {
        let is_seller = attendee.contact_id.is_none()
            && seller
                .email
                .as_deref()
                .is_some_and(|email| email.eq_ignore_ascii_case(attendee.address.trim()));
        // One party per person: the same contact (under two addresses) or the same address in
        // another case is listed once, as Outlook lists the person once.
        let listed_already = listed.iter().any(|seen| {
            seen.address
                .trim()
                .eq_ignore_ascii_case(attendee.address.trim())
                || (seen.contact_id.is_some() && seen.contact_id == attendee.contact_id)
        });
        if !is_seller && !listed_already {
            parties.push(party(attendee, REQUIRED_ATTENDEE, None)?);
            listed.push(attendee);
        }
    }
    let mut body = Map::new();
    body.insert(
        "subject".into(),
        json!(clip(&meeting.subject, APPOINTMENT_SUBJECT_MAX)),
    );
    body.insert("scheduledstart".into(), json!(meeting.start));
    body.insert("scheduledend".into(), json!(meeting.end));
    if let Some(location) = &meeting.location {
        body.insert(
            "location".into(),
            json!(clip(location, APPOINTMENT_LOCATION_MAX)),
        );
    }
    if let Some(description) = &meeting.description {
        body.insert("description".into(), json!(description));
    }
    body.insert(ICAL_UID_COLUMN.into(), json!(meeting.ical_uid));
    if let Some(record) = &meeting.regarding {
        regarding(&mut body, record, RecordKind::Appointment)?;
    }
    body.insert("appointment_activity_parties".into(), Value::Array(parties));
    Ok(Value::Object(body))
}
