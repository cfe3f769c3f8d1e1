//! Mail: one message with its `uniqueBody` (the part not quoted from earlier mail), the whole
//! conversation it belongs to, and the inbox list the browser preview shows.
//!
//! Graph refuses `$filter=conversationId eq '…'` combined with `$orderby` (`InefficientFilter`,
//! https://learn.microsoft.com/en-us/graph/api/user-list-messages#using-filter-and-orderby-in-the-same-query),
//! so conversations are fetched unordered, page by page, and sorted here.

use super::client::GraphClient;
use super::model::{BodyFormat, ItemBody, Page, Recipient, null_as_default, parse_json};
use super::query::{self, JSON};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{Provider, ProviderError, Sleeper};
use crate::time::utc_millis;
use serde::Deserialize;
use std::collections::HashSet;
use url::Url;

/// The fields read for a message the pane summarises or saves.
pub const MESSAGE_SELECT: &str = "subject,body,uniqueBody,from,toRecipients,ccRecipients,\
conversationId,internetMessageId,receivedDateTime,sentDateTime,hasAttachments,webLink";
/// The fields of an inbox row.
pub const INBOX_SELECT: &str = "subject,from,toRecipients,ccRecipients,conversationId,\
internetMessageId,receivedDateTime,sentDateTime,hasAttachments,bodyPreview,isRead";
/// Messages per conversation page: a whole negotiation in one round trip (each page is a
/// sequential request, and the AI answers wait for the thread). Graph allows up to 1,000.
pub const CONVERSATION_PAGE_SIZE: u32 = 50;
/// Pages read per conversation at most (500 messages); longer threads come back incomplete.
pub const MAX_CONVERSATION_PAGES: usize = 10;
/// Largest inbox page the preview may ask for.
pub const MAX_INBOX_TOP: u32 = 50;

/// A message, with whichever fields were selected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    /// REST id.
    pub id: String,
    /// Subject (`null` for messages sent without one).
    #[serde(deserialize_with = "null_as_default")]
    pub subject: String,
    /// The whole body, quoted history included.
    pub body: Option<ItemBody>,
    /// Only what this message added: Exchange's cut of the quoted thread.
    pub unique_body: Option<ItemBody>,
    /// The first 255 characters of the body as text (inbox rows).
    pub body_preview: Option<String>,
    /// Sender (the mailbox's owner for sent items).
    pub from: Option<Recipient>,
    /// To recipients.
    #[serde(deserialize_with = "null_as_default")]
    pub to_recipients: Vec<Recipient>,
    /// Cc recipients.
    #[serde(deserialize_with = "null_as_default")]
    pub cc_recipients: Vec<Recipient>,
    /// Exchange's conversation id.
    pub conversation_id: Option<String>,
    /// RFC 5322 `Message-ID`: the key a saved email is idempotent on.
    pub internet_message_id: Option<String>,
    /// When it arrived in this mailbox (ISO 8601, UTC).
    pub received_date_time: Option<String>,
    /// When it was sent.
    pub sent_date_time: Option<String>,
    /// File attachments (Graph does not count inline images here).
    pub has_attachments: bool,
    /// Whether the user has read it.
    pub is_read: Option<bool>,
    /// Outlook on the web link.
    pub web_link: Option<String>,
}

/// A conversation's messages, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    /// The messages, sorted by `receivedDateTime` then `sentDateTime`.
    pub messages: Vec<Message>,
    /// `false` when more than [`MAX_CONVERSATION_PAGES`] pages existed and the oldest or
    /// newest may be missing (Graph's unordered pages give no guarantee which).
    pub complete: bool,
}

fn prefer(format: BodyFormat) -> Option<&'static str> {
    match format {
        // Graph's default; no header keeps the request cacheable by intermediaries.
        BodyFormat::Html => None,
        BodyFormat::Text => Some("outlook.body-content-type=\"text\""),
    }
}

/// `GET /me/messages/{id}` with [`MESSAGE_SELECT`], bodies in `format`.
pub fn message_request(
    base: &Url,
    id: &str,
    format: BodyFormat,
) -> Result<UpstreamRequest, TransportError> {
    let url = query::endpoint(
        base,
        &["me", "messages", id],
        &[("$select", MESSAGE_SELECT)],
    )?;
    query::get(&url, JSON, prefer(format))
}

/// `GET /me/messages?$filter=conversationId eq '…'`, deliberately without `$orderby`.
pub fn conversation_request(
    base: &Url,
    conversation_id: &str,
    format: BodyFormat,
    page_size: u32,
) -> Result<UpstreamRequest, TransportError> {
    let filter = format!("conversationId eq {}", query::odata_string(conversation_id));
    let top = page_size.clamp(1, 1000).to_string();
    let url = query::endpoint(
        base,
        &["me", "messages"],
        &[
            ("$filter", &filter),
            ("$select", MESSAGE_SELECT),
            ("$top", &top),
        ],
    )?;
    query::get(&url, JSON, prefer(format))
}

/// `GET /me/mailFolders/inbox/messages`, newest first, `top` rows (clamped to 1..=50).
pub fn inbox_request(base: &Url, top: u32) -> Result<UpstreamRequest, TransportError> {
    let top = top.clamp(1, MAX_INBOX_TOP).to_string();
    let url = query::endpoint(
        base,
        &["me", "mailFolders", "inbox", "messages"],
        &[
            ("$top", &top),
            ("$select", INBOX_SELECT),
            ("$orderby", "receivedDateTime desc"),
        ],
    )?;
    query::get(&url, JSON, None)
}

/// Parses one message.
pub fn parse_message(body: &[u8]) -> Result<Message, ProviderError> {
    parse_json("message", body)
}

/// Sorts oldest first by `receivedDateTime` (then `sentDateTime`), comparing instants rather
/// than strings; messages without a readable date go last, in the order Graph gave them.
pub fn sort_conversation(messages: &mut [Message]) {
    let instant = |text: &Option<String>| text.as_deref().and_then(utc_millis);
    messages.sort_by_key(|message| {
        let received = instant(&message.received_date_time);
        let sent = instant(&message.sent_date_time);
        (received.is_none(), received, sent)
    });
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// One message by REST id, with `uniqueBody`.
    pub async fn message(&self, id: &str, format: BodyFormat) -> Result<Message, ProviderError> {
        let request = message_request(self.base_url(), id, format);
        let response = self.read("message", request).await?;
        parse_message(response.body())
    }

    /// Every message of a conversation in this mailbox (inbox and sent items alike), oldest
    /// first. `NotFound` when the mailbox holds none.
    pub async fn conversation(
        &self,
        conversation_id: &str,
        format: BodyFormat,
    ) -> Result<Conversation, ProviderError> {
        self.conversation_in_pages(conversation_id, format, CONVERSATION_PAGE_SIZE)
            .await
    }

    /// [`Self::conversation`], read `page_size` messages a request (following `nextLink`).
    pub async fn conversation_in_pages(
        &self,
        conversation_id: &str,
        format: BodyFormat,
        page_size: u32,
    ) -> Result<Conversation, ProviderError> {
        let request = conversation_request(self.base_url(), conversation_id, format, page_size);
        let (mut messages, complete): (Vec<Message>, bool) = self
            .read_pages("conversation", request, MAX_CONVERSATION_PAGES)
            .await?;
        // Skip-based pages can repeat a message when mail arrives between two page reads.
        let mut seen = HashSet::new();
        messages.retain(|message| seen.insert(message.id.clone()));
        if messages.is_empty() {
            return Err(ProviderError::NotFound {
                provider: Provider::Graph,
                what: "conversation".into(),
            });
        }
        sort_conversation(&mut messages);
        Ok(Conversation { messages, complete })
    }

    /// The newest `top` inbox messages, newest first (the browser preview's mailbox).
    pub async fn inbox(&self, top: u32) -> Result<Vec<Message>, ProviderError> {
        let request = inbox_request(self.base_url(), top);
        let page: Page<Message> = self.read_json("inbox", request).await?;
        Ok(page.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::client::tests::{Fake, client};

    const GET_MESSAGE: &[u8] =
        include_bytes!("../../tests/fixtures/graph/get-message.response.json");
    const UNIQUE_BODY_TEXT: &[u8] =
        include_bytes!("../../tests/fixtures/graph/get-message-uniquebody-text.response.json");

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    fn decoded_query(request: &UpstreamRequest) -> Vec<(String, String)> {
        let url = Url::parse(&request.uri().to_string()).unwrap();
        url.query_pairs().into_owned().collect()
    }

    #[test]
    fn the_documented_message_parses() {
        let message = parse_message(GET_MESSAGE).unwrap();
        assert_eq!(message.id, "AAMkADhMGAAA=");
        assert_eq!(message.subject, "9/9/2018: concert");
        assert_eq!(message.conversation_id.as_deref(), Some("AAQkADOUpag6yWs="));
        assert_eq!(
            message.internet_message_id.as_deref(),
            Some("<MWHPR6E1BE060@MWHPR1120.namprd22.prod.outlook.com>")
        );
        let from = message.from.unwrap().email_address;
        assert_eq!(
            (from.name.as_str(), from.address.as_str()),
            ("Adele Vance", "adelev@contoso.OnMicrosoft.com")
        );
        assert_eq!(message.to_recipients[0].email_address.name, "Alex Wilber");
        assert!(message.cc_recipients.is_empty());
        let body = message.body.unwrap();
        assert_eq!(body.content_type, BodyFormat::Html);
        assert!(body.content.contains("The group represents Nevada."));
        assert_eq!(message.unique_body, None);
        assert_eq!(
            message.received_date_time.as_deref(),
            Some("2018-09-09T03:15:08Z")
        );
        assert!(!message.has_attachments);
    }

    #[test]
    fn the_documented_text_unique_body_parses() {
        let message = parse_message(UNIQUE_BODY_TEXT).unwrap();
        let unique = message.unique_body.unwrap();
        assert_eq!(unique.content_type, BodyFormat::Text);
        assert!(unique.content.starts_with("Welcome to our group, Dana!"));
        assert!(unique.content.ends_with("Thanks!\r\n"));
        assert_eq!(message.body.unwrap().content_type, BodyFormat::Text);
    }

    #[test]
    fn text_bodies_are_asked_for_with_the_prefer_header() {
        let request = message_request(&base(), "AAMk-1_2=", BodyFormat::Text).unwrap();
        assert_eq!(
            request.headers()["prefer"],
            "outlook.body-content-type=\"text\""
        );
        assert_eq!(request.uri().path(), "/v1.0/me/messages/AAMk-1_2=");
        let select = decoded_query(&request);
        assert_eq!(select, [("$select".to_owned(), MESSAGE_SELECT.to_owned())]);
        let html = message_request(&base(), "x", BodyFormat::Html).unwrap();
        assert!(html.headers().get("prefer").is_none());
    }

    #[test]
    fn a_quote_in_a_conversation_id_cannot_break_out_of_the_literal() {
        let hostile = "AAQk' or subject eq 'x";
        let request =
            conversation_request(&base(), hostile, BodyFormat::Html, CONVERSATION_PAGE_SIZE)
                .unwrap();
        let raw_query = request.uri().query().unwrap();
        assert!(
            !raw_query.contains('\''),
            "quotes are percent-encoded: {raw_query}"
        );
        assert!(
            !raw_query.contains(' '),
            "spaces are percent-encoded: {raw_query}"
        );
        let filter = decoded_query(&request)
            .into_iter()
            .find(|(name, _)| name == "$filter")
            .unwrap()
            .1;
        let literal = filter
            .strip_prefix("conversationId eq '")
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap();
        // Inside the literal every quote is doubled: nothing ends it early.
        assert!(!literal.replace("''", "").contains('\''), "{literal}");
        assert_eq!(literal.replace("''", "'"), hostile);
    }

    #[test]
    fn conversations_are_never_ordered_by_graph() {
        let request = conversation_request(
            &base(),
            "AAQkADOUpag6yWs=",
            BodyFormat::Html,
            CONVERSATION_PAGE_SIZE,
        )
        .unwrap();
        let names: Vec<String> = decoded_query(&request)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["$filter", "$select", "$top"]);
    }

    #[test]
    fn inbox_is_newest_first_and_bounded() {
        let request = inbox_request(&base(), 500).unwrap();
        assert_eq!(request.uri().path(), "/v1.0/me/mailFolders/inbox/messages");
        let query = decoded_query(&request);
        assert!(query.contains(&("$top".into(), "50".into())));
        assert!(query.contains(&("$orderby".into(), "receivedDateTime desc".into())));
    }

    fn dated(id: &str, received: Option<&str>) -> Message {
        Message {
            id: id.into(),
            received_date_time: received.map(Into::into),
            ..Message::default()
        }
    }

    #[test]
    fn conversations_sort_by_instant_not_by_string() {
        let mut messages = vec![
            dated("undated", None),
            dated("c", Some("2026-11-03T17:14:00Z")),
            // Same instant as "c" minus one hour, written with an offset: string order is wrong.
            dated("b", Some("2026-11-03T08:14:00-08:00")),
            dated("a", Some("2026-11-02T23:59:59.9999999Z")),
        ];
        sort_conversation(&mut messages);
        let order: Vec<&str> = messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "undated"]);
    }

    #[tokio::test]
    async fn conversation_pages_are_followed_deduplicated_and_sorted() {
        let page1 = r#"{"value":[{"id":"3","receivedDateTime":"2026-11-03T00:00:00Z"},
            {"id":"2","receivedDateTime":"2026-11-02T00:00:00Z"}],
            "@odata.nextLink":"https://graph.example/v1.0/me/messages?$skip=2"}"#;
        let page2 = r#"{"value":[{"id":"2","receivedDateTime":"2026-11-02T00:00:00Z"},
            {"id":"1","receivedDateTime":"2026-11-01T00:00:00Z"}]}"#;
        let fake = Fake::answering(&[(200, page1), (200, page2)]);
        let conversation = client(&fake)
            .conversation("c", BodyFormat::Text)
            .await
            .unwrap();
        let ids: Vec<&str> = conversation
            .messages
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["1", "2", "3"]);
        assert!(conversation.complete);
        let sent = fake.sent();
        assert_eq!(sent[1].uri().query(), Some("$skip=2"));
        assert_eq!(
            sent[1].headers()["prefer"],
            "outlook.body-content-type=\"text\""
        );
    }

    #[tokio::test]
    async fn an_endless_conversation_stops_at_the_page_bound() {
        let page = r#"{"value":[{"id":"x"}],
            "@odata.nextLink":"https://graph.example/v1.0/me/messages?$skip=1"}"#;
        let fake = Fake::answering(&[(200, page)]);
        let conversation = client(&fake)
            .conversation("c", BodyFormat::Html)
            .await
            .unwrap();
        assert!(!conversation.complete);
        assert_eq!(fake.sent().len(), MAX_CONVERSATION_PAGES);
    }

    #[tokio::test]
    async fn an_empty_conversation_is_not_found() {
        let fake = Fake::answering(&[(200, r#"{"value":[]}"#)]);
        let err = client(&fake).conversation("c", BodyFormat::Html).await;
        assert_eq!(
            err.unwrap_err().to_string(),
            "microsoft graph has no such conversation"
        );
    }
}
