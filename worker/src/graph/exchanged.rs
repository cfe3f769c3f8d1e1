//! The latest mail exchanged with given people: `GET /me/messages?$search="participants:a OR
//! participants:b"`, newest first. Bodies come as HTML (Graph's default), like the summary's
//! thread: hidden text is dropped from HTML ([`crate::ai::html`]), which Graph's own text
//! conversion would keep. The meeting prep reads them once for its prompt and drops them.
//!
//! `participants` is the KQL property for sender and recipients (from, to, cc, bcc), and a
//! `$search` answer is sorted by send time, newest first; Graph refuses `$search` with
//! `$orderby` or `$filter`, so neither is sent.
//! https://learn.microsoft.com/en-us/graph/search-query-parameter#using-search-on-message-collections
//!
//! Addresses reach KQL inside a quoted string: one holding anything but the characters of a
//! plain address (a quote, a space, a parenthesis) is left out rather than escaped, so no
//! attendee address can add search terms of its own.

use super::client::GraphClient;
use super::mail::{MESSAGE_SELECT, Message};
use super::model::Page;
use super::query::{self, JSON};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{ProviderError, Sleeper};
use url::Url;

/// Messages read at most per search.
pub const MAX_EXCHANGED: u32 = 10;

/// Whether `address` can go into a KQL phrase as it is.
fn plain_address(address: &str) -> bool {
    address.contains('@')
        && address
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".@_+-'".contains(c))
}

/// The `$search` value for mail with any of `addresses`; `None` when none is usable.
pub fn participants_search(addresses: &[String]) -> Option<String> {
    let terms: Vec<String> = addresses
        .iter()
        .map(|a| a.trim().to_lowercase())
        .filter(|a| plain_address(a))
        .map(|a| format!("participants:{a}"))
        .collect();
    (!terms.is_empty()).then(|| format!("\"{}\"", terms.join(" OR ")))
}

/// `GET /me/messages?$search=…&$select=…&$top=…`, bodies as HTML.
pub fn exchanged_request(
    base: &Url,
    search: &str,
    top: u32,
) -> Result<UpstreamRequest, TransportError> {
    let top = top.clamp(1, MAX_EXCHANGED).to_string();
    let url = query::endpoint(
        base,
        &["me", "messages"],
        &[
            ("$search", search),
            ("$select", MESSAGE_SELECT),
            ("$top", &top),
        ],
    )?;
    query::get(&url, JSON, None)
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// The newest `top` messages sent to or received from any of `addresses`, newest first
    /// (one request; none when no address is usable).
    pub async fn exchanged_with(
        &self,
        addresses: &[String],
        top: u32,
    ) -> Result<Vec<Message>, ProviderError> {
        let Some(search) = participants_search(addresses) else {
            return Ok(Vec::new());
        };
        let request = exchanged_request(self.base_url(), &search, top);
        let page: Page<Message> = self.read_json("exchanged mail", request).await?;
        Ok(page.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_one_participants_phrase_and_odd_ones_are_left_out() {
        let search = participants_search(&[
            " Priya.Raman@contoso.com ".into(),
            "daniel.brooks@contoso.com\" OR subject:x".into(),
            "o'neil@contoso.com".into(),
        ]);
        assert_eq!(
            search.as_deref(),
            Some("\"participants:priya.raman@contoso.com OR participants:o'neil@contoso.com\"")
        );
        assert_eq!(participants_search(&["not an address".into()]), None);
    }

    #[test]
    fn the_request_searches_without_orderby() {
        let base = Url::parse("https://graph.example/v1.0/").unwrap();
        let request = exchanged_request(&base, "\"participants:a@b.c\"", 50).unwrap();
        let url = Url::parse(&request.uri().to_string()).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs[0],
            ("$search".into(), "\"participants:a@b.c\"".into())
        );
        assert_eq!(pairs[2], ("$top".into(), MAX_EXCHANGED.to_string()));
        assert!(!url.as_str().contains("orderby"));
        assert!(request.headers().get("prefer").is_none());
    }
}
