//! `POST /api/pane/email/save`: the open email as a CRM activity, exactly once.
//!
//! The worker reads the message from Graph itself (subject, HTML body, parties, sent time,
//! Internet Message-ID); the pane sends only its id and the regarding record. The save is
//! idempotent on the Internet Message-ID: Closer's store ([`RowKind::SavedActivity`], tenant
//! rows) is asked first, then the CRM (`find_activity`, which also sees saves made elsewhere);
//! either answer returns the existing activity with `created: false`.
//!
//! Two saves at once (a double click, a retry after a timeout) are serialised by the save-once
//! protocol ([`crate::store::save_once`]); under its lock the store and the CRM are checked
//! again. A failed create releases the lock and records nothing, so the email is never reported
//! saved when it is not.

use super::contacts::{address_key, remembered};
use super::context::SAVED_EMAIL_NAME;
use crate::crm::{ActivityKey, CrmConnector, NewEmailActivity, Party, RecordKind, RecordRef};
use crate::error::ApiFailure;
use crate::graph::{BodyFormat, GraphClient, Message, Recipient};
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use crate::routes::pane::cards::{link, regarding_kind};
use crate::routes::pane::participants::{self, by_address, display_name};
use crate::routes::request::RequestContext;
use crate::store::CloserStore;
use crate::store::save_once::{SaveLock, save_once};
use closer_wire::{MailAddress, SaveEmail, Saved};
use futures::future::join_all;
use std::collections::BTreeMap;

/// The refusal when another save of an email (or of a summary note) holds its lock too long.
pub(crate) const EMAIL_BUSY: &str =
    "This email is being saved by another request; try again in a moment.";

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

/// Saves the email `request.message_id` regarding the chosen record, or returns the activity an
/// earlier save created. `seller_address` is the signed-in user's address: mail from it is
/// outgoing, anything else incoming.
pub async fn save_email<C, S, T, Sl, W>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    seller_address: &str,
    lock: SaveLock<'_, W>,
    request: SaveEmail,
) -> Result<Saved, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
    W: Sleeper,
{
    let regarding = EMAIL.regarding(&request.regarding_kind, &request.regarding_id)?;
    let message = graph
        .message(request.message_id.trim(), BodyFormat::Html)
        .await?;
    let key = message
        .internet_message_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| bad_request("This message has no Internet Message-ID yet (a draft?)."))?
        .to_owned();
    let subject = message.subject.clone();
    let activity_key = ActivityKey::InternetMessageId(key.clone());
    let prepare = async {
        let parties = resolve_parties(ctx, &message).await?;
        new_activity(message, key.clone(), &parties, seller_address, regarding)
    };
    let outcome = save_once(
        ctx.saving(&key, &lock, EMAIL_BUSY),
        async || {
            Ok(ctx
                .crm
                .find_activity(&activity_key)
                .await?
                .map(|found| found.id))
        },
        prepare,
        async |activity: &NewEmailActivity| Ok(ctx.crm.create_email_activity(activity).await?.id),
    )
    .await?;
    Ok(EMAIL.saved(ctx.crm, &outcome.id, &subject, outcome.created))
}

/// What a save turns an item into: the CRM activity kind, its name when it has no subject, and
/// how refusals name the item. Shared by the email and the meeting saves.
pub(crate) struct SavedItem {
    /// The activity the CRM keeps.
    pub kind: RecordKind,
    /// The link's name when the item has no subject.
    pub untitled: &'static str,
    /// The item with its article, capitalised ("An email").
    pub an_item: &'static str,
    /// The item's noun ("email").
    pub noun: &'static str,
}

/// An email, saved as an email activity.
const EMAIL: SavedItem = SavedItem {
    kind: RecordKind::Email,
    untitled: SAVED_EMAIL_NAME,
    an_item: "An email",
    noun: "email",
};

impl SavedItem {
    /// The record the pane chose for the item: a contact, an account or an opportunity.
    pub(crate) fn regarding(&self, kind: &str, id: &str) -> Result<RecordRef, ApiFailure> {
        let kind = regarding_kind(kind).ok_or_else(|| {
            bad_request(&format!(
                "{} is saved regarding a contact, an account or an opportunity.",
                self.an_item
            ))
        })?;
        let id = id.trim();
        if id.is_empty() {
            return Err(bad_request(&format!(
                "Choose the record this {} is about.",
                self.noun
            )));
        }
        Ok(RecordRef::new(kind, id))
    }

    /// The answer for the activity `id`, named by the item's subject.
    pub(crate) fn saved<C: CrmConnector>(
        &self,
        crm: &C,
        id: &str,
        subject: &str,
        created: bool,
    ) -> Saved {
        let name = if subject.trim().is_empty() {
            self.untitled
        } else {
            subject
        };
        Saved {
            activity: link(crm, self.kind, id, name),
            created,
        }
    }
}

fn mail_address(recipient: &Recipient) -> MailAddress {
    MailAddress {
        name: Some(recipient.email_address.name.clone()),
        address: recipient.email_address.address.clone(),
    }
}

/// The contact id of each external party (among `from`, `to` and `cc`) that resolves to exactly
/// one contact (or to the seller's remembered choice), by lowercased address: one CRM query for
/// all of them.
pub(crate) async fn resolve_contacts<C: CrmConnector, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    from: Option<&MailAddress>,
    to: &[MailAddress],
    cc: &[MailAddress],
) -> Result<BTreeMap<String, String>, ApiFailure> {
    let split = participants::split(from, to, cc, ctx.internal_domains);
    if split.external.is_empty() {
        return Ok(BTreeMap::new());
    }
    let candidates = by_address(ctx.crm.contacts_by_emails(&split.addresses()).await?);
    let mut resolved = BTreeMap::new();
    let mut ambiguous = Vec::new();
    for (address, contacts) in &candidates {
        match contacts.as_slice() {
            [one] => {
                resolved.insert(address.clone(), one.id.clone());
            }
            [] => {}
            several => ambiguous.push((address, several)),
        }
    }
    let choices = join_all(
        ambiguous
            .iter()
            .map(|(address, several)| remembered(ctx, address, several)),
    )
    .await;
    for ((address, _), choice) in ambiguous.iter().zip(choices) {
        if let Some(contact) = choice {
            resolved.insert((*address).clone(), contact.id.clone());
        }
    }
    Ok(resolved)
}

/// The email's parties, resolved to contacts ([`resolve_contacts`]).
async fn resolve_parties<C: CrmConnector, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    message: &Message,
) -> Result<BTreeMap<String, String>, ApiFailure> {
    let from = message.from.as_ref().map(mail_address);
    let to: Vec<MailAddress> = message.to_recipients.iter().map(mail_address).collect();
    let cc: Vec<MailAddress> = message.cc_recipients.iter().map(mail_address).collect();
    resolve_contacts(ctx, from.as_ref(), &to, &cc).await
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn new_activity(
    message: Message,
    internet_message_id: String,
    contacts: &BTreeMap<String, String>,
    seller_address: &str,
    regarding: RecordRef,
) -> Result<NewEmailActivity, ApiFailure> {
    let party = |recipient: &Recipient| {
        let address = recipient.email_address.address.trim().to_owned();
        Party {
            name: display_name(Some(&recipient.email_address.name), &address),
            contact_id: contacts.get(&address_key(&address)).cloned(),
            address,
        }
    };
    let from = message
        .from
        .as_ref()
        .map(party)
        .ok_or_else(|| bad_request("This message has no sender."))?;
    let sent_at = message
        .sent_date_time
        .clone()
        .or_else(|| message.received_date_time.clone())
        .ok_or_else(|| bad_request("This message has not been sent yet."))?;
    let html_body = match &message.body {
        Some(body) if body.content_type == BodyFormat::Html => body.content.clone(),
        Some(body) => format!("<pre>{}</pre>", escape_html(&body.content)),
        None => String::new(),
    };
    Ok(NewEmailActivity {
        subject: message.subject.clone(),
        html_body,
        incoming: !from.address.eq_ignore_ascii_case(seller_address.trim()),
        from,
        to: message.to_recipients.iter().map(party).collect(),
        cc: message.cc_recipients.iter().map(party).collect(),
        sent_at,
        internet_message_id,
        regarding: Some(regarding),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::EmailAddress;

    fn recipient(name: &str, address: &str) -> Recipient {
        Recipient {
            email_address: EmailAddress {
                name: name.into(),
                address: address.into(),
            },
        }
    }

    fn message() -> Message {
        Message {
            subject: "RE: proposal".into(),
            from: Some(recipient("Priya Raman", "Priya.Raman@contoso.com")),
            to_recipients: vec![recipient("Megan Bowen", "megan.bowen@northwindtraders.com")],
            cc_recipients: vec![recipient("", "daniel.brooks@contoso.com")],
            sent_date_time: Some("2026-10-28T15:22:00Z".into()),
            ..Message::default()
        }
    }

    #[test]
    fn parties_carry_their_resolved_contacts_and_mail_from_others_is_incoming() {
        let contacts =
            BTreeMap::from([("priya.raman@contoso.com".to_owned(), "c-priya".to_owned())]);
        let regarding = RecordRef::new(RecordKind::Opportunity, "o-1");
        let activity = new_activity(
            message(),
            "<m@x>".into(),
            &contacts,
            "megan.bowen@northwindtraders.com",
            regarding.clone(),
        )
        .unwrap();
        assert!(activity.incoming);
        assert_eq!(activity.from.contact_id.as_deref(), Some("c-priya"));
        assert_eq!(activity.from.address, "Priya.Raman@contoso.com");
        assert_eq!(activity.to[0].contact_id, None);
        assert_eq!(activity.cc[0].name, None);
        assert_eq!(activity.regarding, Some(regarding));
        assert_eq!(activity.html_body, "");
    }

    #[test]
    fn the_sellers_own_mail_is_outgoing_and_text_bodies_are_escaped() {
        let mut message = message();
        message.from = Some(recipient("Megan", "MEGAN.BOWEN@northwindtraders.com"));
        message.body = Some(crate::graph::ItemBody {
            content_type: BodyFormat::Text,
            content: "a < b & c".into(),
        });
        let activity = new_activity(
            message,
            "<m@x>".into(),
            &BTreeMap::new(),
            "megan.bowen@northwindtraders.com",
            RecordRef::new(RecordKind::Account, "a"),
        )
        .unwrap();
        assert!(!activity.incoming);
        assert_eq!(activity.html_body, "<pre>a &lt; b &amp; c</pre>");
    }

    #[test]
    fn only_people_and_deals_can_be_regarded() {
        let request = |kind: &str, id: &str| SaveEmail {
            message_id: "m".into(),
            regarding_kind: kind.into(),
            regarding_id: id.into(),
        };
        let regarding =
            |request: SaveEmail| EMAIL.regarding(&request.regarding_kind, &request.regarding_id);
        assert!(regarding(request("opportunity", "o")).is_ok());
        assert!(regarding(request("email", "e")).is_err());
        assert!(regarding(request("account", " ")).is_err());
    }
}
