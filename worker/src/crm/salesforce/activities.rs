//! Saved emails and meetings, and finding them again by their idempotency key.
//!
//! An email is an `EmailMessage` (Enhanced Email): matched recipients in `ToIds`/`CcIds` (which
//! become `EmailMessageRelation` rows), the other addresses in `ToAddress`/`CcAddress`, the
//! sender's contact as an `EmailMessageRelation` of type `FromAddress`, `RelatedToId` = the
//! regarding account or opportunity, `MessageIdentifier` = the Internet Message-ID. The message
//! and its sender relation are created in one composite request with `allOrNone`, so a failure
//! leaves nothing.
//!
//! `RelatedToId` is a what-type lookup (account, opportunity, case, campaign...; contacts,
//! leads and users are related through `EmailMessageRelation`, and Salesforce refuses a contact
//! id there with `FIELD_INTEGRITY_EXCEPTION`):
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_emailmessage.htm
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_emailmessagerelation.htm
//! So an email saved regarding a contact leaves `RelatedToId` empty and relates the contact as a
//! person: through the party list it is already on, or else in `ToIds` (the relation type is a
//! restricted picklist with no neutral value; "To" is the one that claims least). It is not
//! related to the contact's account instead: the seller chose a person, and that would cost a
//! read; Salesforce shows the email on the contact, and through the contact on the account.
//! Where Enhanced Email is off the email is a `Task` of subtype `Email` (plain-text description
//! with the parties written out) keyed by [`TASK_MESSAGE_ID_FIELD`].
//!
//! A meeting is an `Event` keyed by [`EVENT_ICAL_UID_FIELD`]; its first matched attendee is the
//! `WhoId` and the others `EventRelation`s (Shared Activities), created in the same all-or-none
//! request ([`composite`](super::composite); a composite graph past 25 records). Each contact
//! is related once (Salesforce keeps one `EventRelation` per person and refuses a second with
//! `DUPLICATE_VALUE`), however often the attendee list names them, and at most
//! [`MAX_EVENT_CONTACTS`] are: "An event can be related to up to 50 contacts"
//! (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_eventrelation.htm).
//!
//! Text longer than its field allows is cut with a visible marker (`limits`).

use super::client::SalesforceClient;
use super::composite::SubRequest;
use super::limits::{self, fit, fit_html, put_fitted};
use super::records::IdOnly;
use super::refresh::SessionRefresher;
use super::soql::soql_string;
use super::time::html_to_text;
use super::writes::{put, who_or_what};
use crate::crm::{ActivityKey, NewAppointment, NewEmailActivity, Party, RecordKind, RecordRef};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use serde_json::{Map, Value, json};

/// The custom text field (External ID, unique, 255) on `Event` holding the meeting's iCalUId.
/// Salesforce has no standard field for it; Closer's install adds this one.
pub const EVENT_ICAL_UID_FIELD: &str = "Closer_ICalUId__c";
/// The custom text field (External ID, 255) on `Task` holding an email's Internet Message-ID
/// when Enhanced Email is off (an `EmailMessage` uses its standard `MessageIdentifier`).
pub const TASK_MESSAGE_ID_FIELD: &str = "Closer_MessageId__c";

/// The most contacts one event may be related to under Shared Activities (its `WhoId` and its
/// `EventRelation`s with `IsParent`).
pub const MAX_EVENT_CONTACTS: usize = 50;

/// `EmailMessage.Status` picklist: `3` Sent (the seller's own mail), `1` Read (mail the seller
/// received and chose to save).
const STATUS_SENT: &str = "3";
const STATUS_READ: &str = "1";

/// The matched contacts of `parties`, each once, in order (the same contact can be listed under
/// two spellings of an address).
fn matched(parties: &[Party]) -> Vec<&str> {
    let mut ids: Vec<&str> = Vec::new();
    for id in parties.iter().filter_map(|p| p.contact_id.as_deref()) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn unmatched(parties: &[Party]) -> Option<String> {
    let addresses: Vec<&str> = parties
        .iter()
        .filter(|p| p.contact_id.is_none())
        .map(|p| p.address.as_str())
        .collect();
    (!addresses.is_empty()).then(|| addresses.join("; "))
}

fn described(parties: &[Party]) -> String {
    parties
        .iter()
        .map(|p| match &p.name {
            Some(name) => format!("{name} <{}>", p.address),
            None => p.address.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    pub(super) async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        if !self.config().enhanced_email() {
            return self.create_email_task(email).await;
        }
        let mut message = Map::new();
        put_fitted(
            &mut message,
            "Subject",
            Some(&email.subject),
            limits::EMAIL_SUBJECT,
        );
        message.insert(
            "HtmlBody".into(),
            Value::String(fit_html(&email.html_body, limits::EMAIL_BODY)),
        );
        put_fitted(
            &mut message,
            "FromAddress",
            Some(&email.from.address),
            limits::EMAIL_FROM,
        );
        put_fitted(
            &mut message,
            "FromName",
            email.from.name.as_deref(),
            limits::EMAIL_FROM,
        );
        put_fitted(
            &mut message,
            "ToAddress",
            unmatched(&email.to).as_deref(),
            limits::EMAIL_ADDRESSES,
        );
        put_fitted(
            &mut message,
            "CcAddress",
            unmatched(&email.cc).as_deref(),
            limits::EMAIL_ADDRESSES,
        );
        let mut to_ids = matched(&email.to);
        let cc_ids = matched(&email.cc);
        match &email.regarding {
            Some(regarding) if regarding.kind == RecordKind::Contact => {
                let id = regarding.id.as_str();
                let party = email.from.contact_id.as_deref() == Some(id)
                    || to_ids.contains(&id)
                    || cc_ids.contains(&id);
                if !party {
                    to_ids.push(id);
                }
            }
            Some(regarding) => put(&mut message, "RelatedToId", Some(&regarding.id)),
            None => {}
        }
        for (field, ids) in [("ToIds", to_ids), ("CcIds", cc_ids)] {
            if !ids.is_empty() {
                message.insert(field.into(), json!(ids));
            }
        }
        message.insert("Incoming".into(), Value::Bool(email.incoming));
        put(&mut message, "MessageDate", Some(&email.sent_at));
        put(
            &mut message,
            "Status",
            Some(if email.incoming {
                STATUS_READ
            } else {
                STATUS_SENT
            }),
        );
        put(
            &mut message,
            "MessageIdentifier",
            Some(&email.internet_message_id),
        );
        let mut requests = vec![SubRequest {
            reference: "email".into(),
            sobject: "EmailMessage",
            body: Value::Object(message),
        }];
        if let Some(sender) = &email.from.contact_id {
            requests.push(SubRequest {
                reference: "sender".into(),
                sobject: "EmailMessageRelation",
                body: json!({
                    "EmailMessageId": "@{email.id}",
                    "RelationId": sender,
                    "RelationType": "FromAddress",
                    "RelationAddress": email.from.address,
                }),
            });
        }
        let id = self.create_all("email", requests).await?;
        Ok(RecordRef::new(RecordKind::Email, id))
    }

    /// The Enhanced-Email-off form: a completed `Task` of subtype `Email` on the sender's (or
    /// first recipient's) contact and the regarding record.
    async fn create_email_task(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        let mut body = Map::new();
        put_fitted(
            &mut body,
            "Subject",
            Some(&format!("Email: {}", email.subject)),
            limits::ACTIVITY_SUBJECT,
        );
        let mut description = format!(
            "From: {}\nTo: {}\n",
            described(std::slice::from_ref(&email.from)),
            described(&email.to)
        );
        if !email.cc.is_empty() {
            description.push_str(&format!("Cc: {}\n", described(&email.cc)));
        }
        description.push('\n');
        description.push_str(&html_to_text(&email.html_body));
        put(
            &mut body,
            "Description",
            Some(&fit(&description, limits::ACTIVITY_DESCRIPTION)),
        );
        let people = if email.incoming {
            std::iter::once(&email.from)
                .chain(&email.to)
                .chain(&email.cc)
                .collect::<Vec<_>>()
        } else {
            email
                .to
                .iter()
                .chain(&email.cc)
                .chain(std::iter::once(&email.from))
                .collect()
        };
        let who = people.iter().find_map(|p| p.contact_id.as_deref());
        put(&mut body, "WhoId", who);
        if let Some(regarding) = &email.regarding {
            put(&mut body, who_or_what(regarding), Some(&regarding.id));
        }
        put(&mut body, "ActivityDate", email.sent_at.get(..10));
        put(&mut body, "Status", Some("Completed"));
        put(&mut body, "TaskSubtype", Some("Email"));
        put(
            &mut body,
            TASK_MESSAGE_ID_FIELD,
            Some(&email.internet_message_id),
        );
        let id = self.create("email", "Task", &Value::Object(body)).await?;
        Ok(RecordRef::new(RecordKind::Email, id))
    }

    pub(super) async fn create_appointment(
        &self,
        meeting: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        let mut event = Map::new();
        put_fitted(
            &mut event,
            "Subject",
            Some(&meeting.subject),
            limits::ACTIVITY_SUBJECT,
        );
        put(&mut event, "StartDateTime", Some(&meeting.start));
        put(&mut event, "EndDateTime", Some(&meeting.end));
        put_fitted(
            &mut event,
            "Location",
            meeting.location.as_deref(),
            limits::EVENT_LOCATION,
        );
        put_fitted(
            &mut event,
            "Description",
            meeting.description.as_deref(),
            limits::ACTIVITY_DESCRIPTION,
        );
        put(&mut event, EVENT_ICAL_UID_FIELD, Some(&meeting.ical_uid));
        let mut people = matched(&meeting.attendees);
        if let Some(regarding) = &meeting.regarding {
            if regarding.kind == RecordKind::Contact {
                people.retain(|id| *id != regarding.id);
                people.insert(0, &regarding.id);
            } else {
                put(&mut event, "WhatId", Some(&regarding.id));
            }
        }
        people.truncate(MAX_EVENT_CONTACTS);
        put(&mut event, "WhoId", people.first().copied());
        let mut requests = vec![SubRequest {
            reference: "event".into(),
            sobject: "Event",
            body: Value::Object(event),
        }];
        for (index, person) in people.iter().enumerate().skip(1) {
            requests.push(SubRequest {
                reference: format!("attendee{index}"),
                sobject: "EventRelation",
                body: json!({
                    "EventId": "@{event.id}",
                    "RelationId": person,
                    "IsParent": true,
                    "IsWhat": false,
                    "IsInvitee": false,
                }),
            });
        }
        let id = if requests.len() == 1 {
            self.create("event", "Event", &requests[0].body).await?
        } else {
            self.create_all("event", requests).await?
        };
        Ok(RecordRef::new(RecordKind::Appointment, id))
    }

    /// The SOQL finding the activity saved under `key`: its kind, entity name and query.
    pub(super) fn saved_query(&self, key: &ActivityKey) -> (RecordKind, &'static str, String) {
        match key {
            ActivityKey::InternetMessageId(id) if self.config().enhanced_email() => (
                RecordKind::Email,
                "email",
                format!(
                    "SELECT Id FROM EmailMessage WHERE MessageIdentifier = {} LIMIT 1",
                    soql_string(id)
                ),
            ),
            ActivityKey::InternetMessageId(id) => (
                RecordKind::Email,
                "email",
                format!(
                    "SELECT Id FROM Task WHERE {TASK_MESSAGE_ID_FIELD} = {} LIMIT 1",
                    soql_string(id)
                ),
            ),
            ActivityKey::ICalUid(uid) => (
                RecordKind::Appointment,
                "event",
                format!(
                    "SELECT Id FROM Event WHERE {EVENT_ICAL_UID_FIELD} = {} LIMIT 1",
                    soql_string(uid)
                ),
            ),
        }
    }

    pub(super) async fn find_activity(
        &self,
        key: &ActivityKey,
    ) -> Result<Option<RecordRef>, ProviderError> {
        let (kind, what, soql) = self.saved_query(key);
        let rows: Vec<IdOnly> = self.query_all(what, &soql).await?;
        Ok(rows
            .into_iter()
            .next()
            .map(|row| RecordRef::new(kind, row.id)))
    }
}

#[cfg(test)]
mod tests {
    use crate::crm::salesforce::SalesforceClient;
    use crate::crm::salesforce::client::tests::{Fake, config};
    use crate::crm::{ActivityKey, NewAppointment, NewEmailActivity, Party, RecordKind, RecordRef};
    use crate::provider::ProviderError;
    use secrecy::SecretString;
    use serde_json::json;

    fn party(address: &str, contact: Option<&str>) -> Party {
        Party {
            address: address.into(),
            name: None,
            contact_id: contact.map(str::to_owned),
        }
    }

    fn email() -> NewEmailActivity {
        NewEmailActivity {
            subject: "Re: Pricing".into(),
            html_body: "<p>Hi</p>".into(),
            from: party("priya@contoso.com", Some("003priya")),
            to: vec![party("megan@northwind.com", None)],
            cc: vec![
                party("daniel@contoso.com", Some("003daniel")),
                party("new@contoso.com", None),
            ],
            sent_at: "2026-11-27T16:45:00Z".into(),
            incoming: true,
            internet_message_id: "<m1@contoso.com>".into(),
            regarding: Some(RecordRef::new(RecordKind::Opportunity, "006deal")),
        }
    }

    const COMPOSITE_OK: &str = r#"{"compositeResponse":[
        {"body":{"id":"02s000000000001AAA","success":true,"errors":[]},"httpHeaders":{},"httpStatusCode":201,"referenceId":"email"},
        {"body":{"id":"0EM000000000001AAA","success":true,"errors":[]},"httpHeaders":{},"httpStatusCode":201,"referenceId":"sender"}]}"#;

    #[tokio::test]
    async fn an_email_is_one_composite_of_message_and_sender() {
        let fake = Fake::answering(&[(200, COMPOSITE_OK)]);
        let client = SalesforceClient::new(&fake, config(), SecretString::from("t"));
        let saved = client.create_email_activity(&email()).await.unwrap();
        assert_eq!(
            saved,
            RecordRef::new(RecordKind::Email, "02s000000000001AAA")
        );
        assert_eq!(
            fake.uris(),
            ["https://org.example/services/data/v62.0/composite"]
        );
        let body = &fake.bodies()[0];
        assert_eq!(body["allOrNone"], true);
        let message = &body["compositeRequest"][0];
        assert_eq!(message["url"], "/services/data/v62.0/sobjects/EmailMessage");
        assert_eq!(message["body"]["ToAddress"], "megan@northwind.com");
        assert_eq!(message["body"]["CcIds"], json!(["003daniel"]));
        assert_eq!(message["body"]["CcAddress"], "new@contoso.com");
        assert_eq!(message["body"]["RelatedToId"], "006deal");
        assert_eq!(message["body"]["MessageIdentifier"], "<m1@contoso.com>");
        assert!(message["body"].get("ToIds").is_none());
        let sender = &body["compositeRequest"][1];
        assert_eq!(sender["body"]["EmailMessageId"], "@{email.id}");
        assert_eq!(sender["body"]["RelationType"], "FromAddress");
        assert_eq!(sender["body"]["RelationId"], "003priya");
    }

    #[tokio::test]
    async fn a_failed_sub_request_is_mapped_not_the_halted_ones() {
        let fake = Fake::answering(&[(
            200,
            r#"{"compositeResponse":[
            {"body":[{"errorCode":"PROCESSING_HALTED","message":"rolled back"}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"email"},
            {"body":[{"errorCode":"INVALID_CROSS_REFERENCE_KEY","message":"bad id"}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"sender"}]}"#,
        )]);
        let client = SalesforceClient::new(&fake, config(), SecretString::from("t"));
        let err = client.create_email_activity(&email()).await.unwrap_err();
        assert!(
            matches!(err, ProviderError::Rejected { ref code, .. } if code == "INVALID_CROSS_REFERENCE_KEY"),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn without_enhanced_email_the_email_is_a_task() {
        let fake = Fake::answering(&[(
            201,
            r#"{"id":"00T000000000001AAA","success":true,"errors":[]}"#,
        )]);
        let client = SalesforceClient::new(
            &fake,
            config().with_enhanced_email(false),
            SecretString::from("t"),
        );
        let saved = client.create_email_activity(&email()).await.unwrap();
        assert_eq!(saved.kind, RecordKind::Email);
        let body = &fake.bodies()[0];
        assert_eq!(body["TaskSubtype"], "Email");
        assert_eq!(body["WhoId"], "003priya");
        assert_eq!(body["WhatId"], "006deal");
        assert_eq!(body["ActivityDate"], "2026-11-27");
        assert_eq!(body["Closer_MessageId__c"], "<m1@contoso.com>");
        assert!(
            body["Description"]
                .as_str()
                .unwrap()
                .contains("Cc: daniel@contoso.com, new@contoso.com")
        );
        assert!(fake.uris()[0].ends_with("/sobjects/Task/"));
        client
            .find_activity(&ActivityKey::InternetMessageId("<m1@contoso.com>".into()))
            .await
            .ok();
        assert!(fake.uris()[1].contains("FROM%20Task%20WHERE%20Closer_MessageId__c"));
    }

    #[tokio::test]
    async fn a_meeting_with_one_attendee_is_one_event() {
        let fake = Fake::answering(&[(
            201,
            r#"{"id":"00U000000000001AAA","success":true,"errors":[]}"#,
        )]);
        let client = SalesforceClient::new(&fake, config(), SecretString::from("t"));
        let saved = client
            .create_appointment(&NewAppointment {
                subject: "Sync".into(),
                start: "2026-11-30T17:00:00Z".into(),
                end: "2026-11-30T17:45:00Z".into(),
                location: None,
                description: None,
                attendees: vec![
                    party("priya@contoso.com", Some("003priya")),
                    party("x@y.z", None),
                ],
                ical_uid: "uid-1".into(),
                regarding: Some(RecordRef::new(RecordKind::Opportunity, "006deal")),
            })
            .await
            .unwrap();
        assert_eq!(saved.kind, RecordKind::Appointment);
        assert_eq!(
            fake.bodies()[0],
            json!({"Subject": "Sync", "StartDateTime": "2026-11-30T17:00:00Z",
                   "EndDateTime": "2026-11-30T17:45:00Z", "Closer_ICalUId__c": "uid-1",
                   "WhatId": "006deal", "WhoId": "003priya"})
        );
    }
}
