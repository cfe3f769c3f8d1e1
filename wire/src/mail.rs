//! Mail items as the pane sees them: the host's current item and the preview's mailbox list.

use serde::{Deserialize, Serialize};

/// A person on an email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailAddress {
    /// Display name, when the message carries one.
    pub name: Option<String>,
    /// SMTP address.
    pub address: String,
}

/// The item open in the host (Outlook's current item, or the preview's selection): ids and
/// participants only, never the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailItem {
    /// The Graph (REST) id of the message.
    pub id: String,
    /// Subject.
    pub subject: String,
    /// Sender.
    pub from: Option<MailAddress>,
    /// To recipients.
    pub to: Vec<MailAddress>,
    /// Cc recipients.
    pub cc: Vec<MailAddress>,
    /// The Internet Message-ID (the save-to-CRM idempotency key).
    pub internet_message_id: Option<String>,
    /// The conversation (thread) id.
    pub conversation_id: Option<String>,
    /// When it arrived, RFC 3339.
    pub received: Option<String>,
    /// A one-line preview (the preview's mailbox list only).
    pub preview: Option<String>,
    /// Unread.
    pub unread: bool,
}
