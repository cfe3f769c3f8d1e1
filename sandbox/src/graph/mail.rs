//! Mail routes: `GET /me/messages` (with `$filter` on `conversationId` or `internetMessageId`, or
//! `$search` on `participants`),
//! `GET /me/messages/{id}` and `GET /me/mailFolders/{inbox|sentitems}/messages`.
//!
//! A message's REST id is `{mailbox prefix}_{thread tag}-{nn}AAAA=` (its other forms are in
//! `ids`). `internetMessageId` depends only on the sender and the send time, so a message in two
//! mailboxes has one.

use super::compose::{self, Want};
use super::seed::{Mailbox, Thread};
use super::{Call, clock, graph_error, json_response, odata, percent_encode, with_preference};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

const DEFAULT_PAGE: usize = 10;
const MAX_PAGE: usize = 1000;

/// A seeded message in a mailbox.
#[derive(Clone, Copy)]
pub(super) struct MessageRef {
    mailbox: &'static Mailbox,
    thread: &'static Thread,
    index: usize,
}

impl MessageRef {
    pub(super) fn id(&self) -> String {
        format!(
            "{}_{}-{:02}AAAA=",
            self.mailbox.id_prefix,
            self.thread.tag,
            self.index + 1
        )
    }

    fn conversation_id(&self) -> String {
        conversation_id(self.mailbox, self.thread)
    }

    fn inbound(&self) -> bool {
        self.thread.mails[self.index].from.email != self.mailbox.owner.email
    }

    fn folder(&self) -> &'static str {
        if self.inbound() { "inbox" } else { "sentitems" }
    }

    fn sent(&self) -> i64 {
        clock::parse(self.thread.mails[self.index].sent).unwrap_or_default()
    }

    /// Inbound mail arrives a few seconds after it was sent; sent items "arrive" at once.
    fn received(&self) -> i64 {
        self.sent() + if self.inbound() { 3 } else { 0 }
    }

    fn is_read(&self) -> bool {
        !(self.thread.unread && self.index + 1 == self.thread.mails.len() && self.inbound())
    }

    fn internet_message_id(&self) -> String {
        let mail = &self.thread.mails[self.index];
        let stamp: String = mail.sent.chars().filter(char::is_ascii_digit).collect();
        let local = mail.from.email.split('@').next().unwrap_or_default();
        format!("<{stamp}.{local}@{}>", mail.from.domain())
    }

    fn json(&self, want: Want) -> Value {
        let mail = &self.thread.mails[self.index];
        let id = self.id();
        let (body_type, body) = compose::body(self.thread, self.index, want);
        let (unique_type, unique) = compose::unique_body(self.thread, self.index, want);
        let recipient = |p: &super::seed::Person| json!({ "emailAddress": { "name": p.name, "address": p.email } });
        let received = clock::iso(self.received());
        json!({
            "@odata.etag": format!("W/\"CQAAABYAAAD{}\"", id.replace(['-', '_', '='], "")),
            "id": id,
            "createdDateTime": received,
            "lastModifiedDateTime": received,
            "changeKey": format!("CQAAABYAAAD{}", self.thread.tag),
            "categories": [],
            "receivedDateTime": received,
            "sentDateTime": clock::iso(self.sent()),
            "hasAttachments": mail.attachment.is_some(),
            "internetMessageId": self.internet_message_id(),
            "subject": compose::subject(self.thread, self.index),
            "bodyPreview": compose::preview(self.thread, self.index),
            "importance": "normal",
            "parentFolderId": folder_id(self.mailbox, self.folder()),
            "conversationId": self.conversation_id(),
            "isDeliveryReceiptRequested": false,
            "isReadReceiptRequested": false,
            "isRead": self.is_read(),
            "isDraft": false,
            "webLink": format!(
                "https://outlook.office365.com/owa/?ItemID={}&exvsurl=1&viewmodel=ReadMessageItem",
                percent_encode(&self.id())
            ),
            "inferenceClassification": "focused",
            "body": { "contentType": body_type, "content": body },
            "uniqueBody": { "contentType": unique_type, "content": unique },
            "sender": recipient(mail.from),
            "from": recipient(mail.from),
            "toRecipients": mail.to.iter().map(|p| recipient(p)).collect::<Vec<_>>(),
            "ccRecipients": mail.cc.iter().map(|p| recipient(p)).collect::<Vec<_>>(),
            "bccRecipients": [],
            "replyTo": [],
            "flag": { "flagStatus": "notFlagged" },
        })
    }
}

fn conversation_id(mailbox: &Mailbox, thread: &Thread) -> String {
    format!("AAQk{}_{}-QAAAA=", &mailbox.id_prefix[4..], thread.tag)
}

fn folder_id(mailbox: &Mailbox, folder: &str) -> String {
    let tag = if folder == "inbox" { "Inbx" } else { "Sent" };
    format!("{}_{tag}-AAAAAEMAAA=", mailbox.id_prefix)
}

/// Every message of a mailbox.
pub(super) fn messages(mailbox: &'static Mailbox) -> impl Iterator<Item = MessageRef> {
    mailbox.threads.iter().flat_map(move |thread| {
        (0..thread.mails.len()).map(move |index| MessageRef {
            mailbox,
            thread,
            index,
        })
    })
}

/// REST ids are URL-safe base64; `+` or `/` means an EWS id reached a REST URL (gotcha 7).
pub(super) fn malformed_id(id: &str) -> Option<Response> {
    id.contains(['+', '/', ' ']).then(|| {
        graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidIdMalformed",
            "Id is malformed.",
        )
    })
}

pub(super) fn item_not_found() -> Response {
    graph_error(
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
        "The specified object was not found in the store.",
    )
}

fn want(call: &Call) -> Want {
    if call.wants_text {
        Want::Text
    } else {
        Want::Html
    }
}

fn respond(call: &Call, body: &Value) -> Response {
    let applied: &[&str] = if call.wants_text {
        &["outlook.body-content-type=\"text\""]
    } else {
        &[]
    };
    with_preference(json_response(body), applied)
}

fn selected(call: &Call, message: &MessageRef) -> Result<Value, Response> {
    let Value::Object(object) = message.json(want(call)) else {
        unreachable!("messages render as objects")
    };
    odata::select(
        "microsoft.graph.message",
        object,
        call.options.select.as_deref(),
        &["uniqueBody"],
    )
}

/// `GET /me/messages/{id}`.
pub(super) async fn get_one(call: Call, Path(id): Path<String>) -> Result<Response, Response> {
    if let Some(refusal) = malformed_id(&id) {
        return Err(refusal);
    }
    let mailbox = call.mailbox()?;
    let message = messages(mailbox)
        .find(|m| m.id() == id)
        .ok_or_else(item_not_found)?;
    let mut body = selected(&call, &message)?;
    body["@odata.context"] = Value::String(call.context("/messages/$entity"));
    Ok(respond(&call, &body))
}

/// `GET /me/messages`: every folder.
pub(super) async fn list_all(call: Call) -> Result<Response, Response> {
    let mailbox = call.mailbox()?;
    list(&call, messages(mailbox).collect(), "/messages")
}

/// `GET /me/mailFolders/{folder}/messages` for the well-known `inbox` and `sentitems`.
pub(super) async fn list_folder(
    call: Call,
    Path(folder): Path<String>,
) -> Result<Response, Response> {
    let mailbox = call.mailbox()?;
    let folder = folder.to_ascii_lowercase();
    let folder = match folder.as_str() {
        "inbox" | "sentitems" => folder,
        other if other == folder_id(mailbox, "inbox").to_ascii_lowercase() => "inbox".into(),
        other if other == folder_id(mailbox, "sentitems").to_ascii_lowercase() => {
            "sentitems".into()
        }
        _ => return Err(item_not_found()),
    };
    let in_folder = messages(mailbox).filter(|m| m.folder() == folder).collect();
    list(
        &call,
        in_folder,
        &format!("/mailFolders('{folder}')/messages"),
    )
}

/// Whether `message` has `address` as sender or recipient (KQL `participants`: from, to, cc
/// and bcc; the seed has no bcc).
fn has_participant(message: &MessageRef, address: &str) -> bool {
    let mail = &message.thread.mails[message.index];
    std::iter::once(mail.from)
        .chain(mail.to.iter().copied())
        .chain(mail.cc.iter().copied())
        .any(|p| p.email.eq_ignore_ascii_case(address))
}

/// `$search` on messages, as Graph documents it: a KQL phrase in double quotes, results sorted
/// by send time, newest first; `$orderby` and `$filter` refused beside it. The sandbox
/// emulates `participants:<address>` terms joined by `OR` only.
/// https://learn.microsoft.com/en-us/graph/search-query-parameter#using-search-on-message-collections
fn searched(
    options: &odata::Options,
    search: &str,
    mut found: Vec<MessageRef>,
) -> Result<Vec<MessageRef>, Response> {
    if options.orderby.is_some() || options.filter.is_some() {
        let other = if options.orderby.is_some() {
            "$orderBy"
        } else {
            "$filter"
        };
        return Err(graph_error(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidUrlQuery",
            &format!("The query parameter '{other}' is not supported with '$search'."),
        ));
    }
    let phrase = search
        .trim()
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(|| {
            graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Syntax error: the $search value must be a quoted phrase.",
            )
        })?;
    let mut addresses = Vec::new();
    for term in phrase.split(" OR ") {
        let Some(address) = term.trim().strip_prefix("participants:") else {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The sandbox emulates $search on participants:<address> terms joined by OR only.",
            ));
        };
        addresses.push(address.trim().to_owned());
    }
    found.retain(|m| addresses.iter().any(|a| has_participant(m, a)));
    found.sort_by_key(|m| std::cmp::Reverse(m.sent()));
    Ok(found)
}

fn list(call: &Call, mut found: Vec<MessageRef>, context: &str) -> Result<Response, Response> {
    let options = &call.options;
    if let Some(search) = &options.search {
        let items = searched(options, search, found)?
            .iter()
            .map(|message| selected(call, message))
            .collect::<Result<Vec<_>, _>>()?;
        let body = odata::page(
            items,
            options,
            DEFAULT_PAGE,
            MAX_PAGE,
            &call.context(context),
            &call.self_url,
        );
        return Ok(respond(call, &body));
    }
    if let Some(filter) = &options.filter {
        let Some((property, literal)) = odata::eq_filter(filter) else {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidUrlQueryFilter",
                "The query filter contains one or more invalid nodes.",
            ));
        };
        // Graph: a property in $orderby must also be in $filter, first and in the same order.
        // https://learn.microsoft.com/en-us/graph/api/user-list-messages#using-filter-and-orderby-in-the-same-query
        if let Some(orderby) = &options.orderby
            && !odata::order(orderby).0.eq_ignore_ascii_case(&property)
        {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "InefficientFilter",
                "The restriction or sort order is too complex for this operation.",
            ));
        }
        match property.to_ascii_lowercase().as_str() {
            "conversationid" => found.retain(|m| m.conversation_id() == literal),
            "internetmessageid" => found.retain(|m| m.internet_message_id() == literal),
            _ => {
                return Err(graph_error(
                    StatusCode::BAD_REQUEST,
                    "ErrorInvalidUrlQueryFilter",
                    "The sandbox emulates $filter on conversationId and internetMessageId only.",
                ));
            }
        }
    }
    // Without $orderby Graph lists newest first; the sandbox does the same.
    let (order_by, ascending) = match &options.orderby {
        Some(orderby) => {
            let (property, descending) = odata::order(orderby);
            (property.to_ascii_lowercase(), !descending)
        }
        None => ("receiveddatetime".into(), false),
    };
    match order_by.as_str() {
        "receiveddatetime" => found.sort_by_key(|m| m.received()),
        "sentdatetime" => found.sort_by_key(|m| m.sent()),
        "conversationid" => found.sort_by_key(|m| m.conversation_id()),
        _ => {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The sandbox orders messages by receivedDateTime or sentDateTime only.",
            ));
        }
    }
    if !ascending {
        found.reverse();
    }
    let items = found
        .iter()
        .map(|message| selected(call, message))
        .collect::<Result<Vec<_>, _>>()?;
    let body = odata::page(
        items,
        options,
        DEFAULT_PAGE,
        MAX_PAGE,
        &call.context(context),
        &call.self_url,
    );
    Ok(respond(call, &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;
    use crate::graph::ids::{from_rest, to_rest};
    use crate::graph::seed;
    use std::collections::HashSet;

    fn megan() -> &'static Mailbox {
        seed::mailbox(demo::USERS[0].id).unwrap()
    }

    #[test]
    fn a_participants_search_finds_mail_from_or_to_the_address_newest_first() {
        let options = odata::Options::default();
        let all: Vec<MessageRef> = messages(megan()).collect();
        let found = searched(
            &options,
            "\"participants:PRIYA.RAMAN@contoso.com OR participants:nobody@example.com\"",
            all,
        )
        .unwrap_or_else(|_| panic!("refused"));
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|m| has_participant(m, "priya.raman@contoso.com"))
        );
        assert!(found.windows(2).all(|w| w[0].sent() >= w[1].sent()));
        let unsupported = searched(&options, "\"subject:pricing\"", messages(megan()).collect());
        assert!(unsupported.is_err());
        let ordered = odata::Options {
            orderby: Some("receivedDateTime desc".into()),
            ..Default::default()
        };
        assert!(searched(&ordered, "\"participants:a@b.c\"", Vec::new()).is_err());
    }

    #[test]
    fn ids_are_unique_url_safe_and_differ_from_their_ews_form() {
        let mut ids = HashSet::new();
        let mut message_ids = HashSet::new();
        for mailbox in &seed::MAILBOXES {
            for message in messages(mailbox) {
                let id = message.id();
                assert!(ids.insert(id.clone()), "{id}");
                assert!(malformed_id(&id).is_none());
                let ews = from_rest(&id, "ewsId").unwrap();
                assert_ne!(ews, id);
                assert!(malformed_id(&ews).is_some());
                assert_eq!(to_rest(&ews, "ewsId").unwrap(), id);
                message_ids.insert(message.internet_message_id());
            }
        }
        // The forecast thread sits in two mailboxes with one Message-ID per message.
        assert_eq!(message_ids.len(), ids.len() - 2);
    }

    #[test]
    fn mailbox_folders_split_inbound_and_sent_mail() {
        let inbox: Vec<MessageRef> = messages(megan())
            .filter(|m| m.folder() == "inbox")
            .collect();
        let sent = messages(megan())
            .filter(|m| m.folder() == "sentitems")
            .count();
        assert!(inbox.len() > 15 && sent > 15, "{} / {sent}", inbox.len());
        assert!(inbox.iter().all(MessageRef::inbound));
        assert!(inbox.iter().any(|m| !m.is_read()));
    }

    #[test]
    fn internet_message_ids_use_the_sender_domain() {
        let first = messages(megan()).nth(1).unwrap();
        assert_eq!(
            first.internet_message_id(),
            "<20261028152200.priya.raman@contoso.com>"
        );
    }
}
