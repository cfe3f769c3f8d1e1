//! `/api/mail/*`, the browser preview's mailbox (the Office hosts get their item from Outlook
//! instead): `GET /api/mail/inbox`, the signed-in user's newest inbox messages, and
//! `GET /api/mail/calendar` ([`calendar`]), their events. Ids, participants and a
//! one-line preview only: bodies are never returned or kept.

pub mod calendar;

pub use calendar::calendar;

use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::mail::Message;
use crate::graph::model::Recipient;
use crate::http::HttpTransport;
use crate::provider::Sleeper;
use closer_wire::{MailAddress, MailItem};

/// How many messages the preview lists.
pub const INBOX_SIZE: u32 = 25;

/// Reads the inbox.
pub async fn inbox<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
) -> Result<Vec<MailItem>, ApiFailure> {
    Ok(graph
        .inbox(INBOX_SIZE)
        .await?
        .into_iter()
        .map(to_item)
        .collect())
}

fn address(recipient: Recipient) -> MailAddress {
    MailAddress {
        name: Some(recipient.email_address.name).filter(|n| !n.trim().is_empty()),
        address: recipient.email_address.address.to_ascii_lowercase(),
    }
}

/// The wire shape of a Graph message, without its body.
pub fn to_item(message: Message) -> MailItem {
    MailItem {
        id: message.id,
        subject: message.subject,
        from: message.from.map(address),
        to: message.to_recipients.into_iter().map(address).collect(),
        cc: message.cc_recipients.into_iter().map(address).collect(),
        internet_message_id: message.internet_message_id,
        conversation_id: message.conversation_id,
        received: message.received_date_time,
        preview: message.body_preview,
        unread: message.is_read == Some(false),
    }
}
