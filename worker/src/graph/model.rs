//! Graph's shared shapes (recipients, item bodies, date-times with a zone, collection pages) and
//! lenient JSON parsing: unknown fields are ignored, `null` reads as empty, and a body that does
//! not parse becomes [`ProviderError::Malformed`] without echoing any of its content.

use crate::provider::{Provider, ProviderError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// Parses a Graph JSON body. The error names what was read and where parsing stopped, never the
/// body's text: Graph content must not reach logs.
pub(crate) fn parse_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|err| {
        ProviderError::malformed(
            Provider::Graph,
            format!(
                "{what}: {:?} error at line {} column {}",
                err.classify(),
                err.line(),
                err.column()
            ),
        )
    })
}

/// Reads `null` as the type's default: Graph sends `null` for absent strings and lists in places
/// (e.g. `displayName` of teamwork identities), and none of our callers distinguish the two.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// One page of a Graph collection. `value` is required: a collection answer without it is not
/// what the protocol documents.
#[derive(Debug, Clone, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub(crate) struct Page<T> {
    #[serde(deserialize_with = "null_as_default")]
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

/// A mailbox address with its display name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailAddress {
    /// Display name as the sender's client wrote it (may be empty or be the address itself).
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// SMTP address, as sent (not case-normalised).
    #[serde(deserialize_with = "null_as_default")]
    pub address: String,
}

/// A sender or recipient (`microsoft.graph.recipient`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Recipient {
    /// The address.
    #[serde(deserialize_with = "null_as_default")]
    pub email_address: EmailAddress,
}

/// The format of an item body, and the format asked for with
/// `Prefer: outlook.body-content-type` (Graph's default is HTML).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// HTML, Graph's default.
    #[default]
    Html,
    /// Plain text, converted by Exchange.
    Text,
}

impl<'de> Deserialize<'de> for BodyFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Documented values are `html` and `text`; casing has varied across Outlook APIs, and an
        // unknown value is safer read as text (it will not be rendered as markup).
        let raw = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
        Ok(if raw.eq_ignore_ascii_case("html") {
            Self::Html
        } else {
            Self::Text
        })
    }
}

/// A message or event body (`microsoft.graph.itemBody`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ItemBody {
    /// HTML or text.
    pub content_type: BodyFormat,
    /// The content.
    #[serde(deserialize_with = "null_as_default")]
    pub content: String,
}

/// A local date-time and the zone it is in (`microsoft.graph.dateTimeTimeZone`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DateTimeTimeZone {
    /// `2026-12-02T18:00:00.0000000`, without an offset.
    #[serde(deserialize_with = "null_as_default")]
    pub date_time: String,
    /// A Windows or IANA zone name; the connector asks for `UTC`.
    #[serde(deserialize_with = "null_as_default")]
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_unknown_fields_are_tolerated() {
        let recipient: Recipient = serde_json::from_str(
            r#"{"emailAddress":{"name":null,"address":"a@b.example","extra":1},"other":true}"#,
        )
        .unwrap();
        assert_eq!(recipient.email_address.name, "");
        assert_eq!(recipient.email_address.address, "a@b.example");
    }

    #[test]
    fn body_format_is_case_insensitive_and_unknown_reads_as_text() {
        let parse = |raw: &str| serde_json::from_str::<BodyFormat>(raw).unwrap();
        assert_eq!(parse(r#""HTML""#), BodyFormat::Html);
        assert_eq!(parse(r#""text""#), BodyFormat::Text);
        assert_eq!(parse(r#""markdown""#), BodyFormat::Text);
    }

    #[test]
    fn malformed_bodies_are_reported_without_their_content() {
        let err = parse_json::<Recipient>("message", b"{\"secret customer text").unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, ProviderError::Malformed { .. }));
        assert!(
            text.contains("message") && text.contains("line 1"),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn a_collection_without_value_is_malformed() {
        assert!(parse_json::<Page<Recipient>>("page", b"{\"items\":[]}").is_err());
        let page: Page<Recipient> = parse_json(
            "page",
            br#"{"value":[],"@odata.nextLink":"https://x/next"}"#,
        )
        .unwrap();
        assert_eq!(page.next_link.as_deref(), Some("https://x/next"));
    }
}
