//! What an `/api/*` request must be before any route reads it: a bounded body, and JSON when
//! it has one. The edge checks the token and the rate limits first (`edge::admit`), so an
//! unauthenticated caller never gets a body read, let alone parsed. Then every JSON route's
//! body goes through [`parse_body`] (the edge's one body extractor, `edge::body`).

use crate::error::ApiFailure;
use serde::de::DeserializeOwned;

/// The largest request body Closer reads. Every pane request is far smaller (the largest, an
/// email's participants and subject, is a few KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Refuses a declared `Content-Length` over the limit before reading anything.
pub fn check_declared_length(declared: Option<u64>) -> Result<(), ApiFailure> {
    match declared {
        Some(length) if length > MAX_BODY_BYTES as u64 => Err(too_large()),
        _ => Ok(()),
    }
}

/// Refuses a body that grew past the limit while being read (no or a false `Content-Length`).
pub fn check_read_length(read: usize) -> Result<(), ApiFailure> {
    if read > MAX_BODY_BYTES {
        Err(too_large())
    } else {
        Ok(())
    }
}

/// A body must be declared `application/json` (with or without parameters); an empty body may
/// be anything.
pub fn check_content_type(content_type: Option<&str>, body_len: usize) -> Result<(), ApiFailure> {
    if body_len == 0 {
        return Ok(());
    }
    let essence = content_type
        .and_then(|kind| kind.split(';').next())
        .map(|kind| kind.trim().to_ascii_lowercase());
    if essence.as_deref() == Some("application/json") {
        Ok(())
    } else {
        Err(ApiFailure::UnsupportedMediaType)
    }
}

/// A route's JSON body as `B`, or a 400 whose reason names what is wrong (a missing or unknown
/// field, a field of the wrong type, where) and never echoes a value: the reason is shown to
/// the caller and logged, and a value may be an email's words.
///
/// Parsed from the text by `serde_json`, never through a JS object: there, serde-wasm-bindgen
/// looks up the known fields only and would never see an unknown one.
pub fn parse_body<B: DeserializeOwned>(text: &str) -> Result<B, ApiFailure> {
    if text.trim().is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "The request has no JSON body.".into(),
        });
    }
    serde_json::from_str(text).map_err(|error| ApiFailure::BadRequest {
        reason: format!("The request cannot be read: {}.", without_values(&error)),
    })
}

/// serde_json's message with any value it quotes left out. A field or variant name the caller
/// sent is kept when it looks like a name (a short identifier such as `shoe_size`), so an admin
/// learns which setting is unknown; anything else, such as a sentence, is not repeated.
fn without_values(error: &serde_json::Error) -> String {
    let place = format!("line {}, column {}", error.line(), error.column());
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or_default();
    let expected = message.rsplit_once(", expected ").map(|(_, e)| e);
    let named = |what: &str| match (quoted_name(message), expected) {
        (Some(name), Some(expected)) => format!("unknown {what} `{name}`, expected {expected}"),
        (Some(name), None) => format!("unknown {what} `{name}`"),
        (None, Some(expected)) => format!("an unknown {what}, expected {expected}"),
        (None, None) => format!("an unknown {what}"),
    };
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            format!("not valid JSON ({place})")
        }
        // Field names come from Closer's own types.
        _ if message.starts_with("missing field") => message.to_owned(),
        _ if message.starts_with("unknown field") => named("field"),
        _ if message.starts_with("unknown variant") => named("value"),
        _ => match expected {
            Some(expected) => format!("a value of the wrong type ({place}), expected {expected}"),
            None => format!("a value that does not fit ({place})"),
        },
    }
}

/// The first `` `name` `` of serde's message, if it is a short identifier.
fn quoted_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (name, _) = rest.split_once('`')?;
    let looks_like_a_name = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    looks_like_a_name.then_some(name)
}

fn too_large() -> ApiFailure {
    ApiFailure::PayloadTooLarge {
        limit: MAX_BODY_BYTES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_over_the_limit_are_refused_declared_or_read() {
        assert!(check_declared_length(None).is_ok());
        assert!(check_declared_length(Some(MAX_BODY_BYTES as u64)).is_ok());
        let refused = check_declared_length(Some(MAX_BODY_BYTES as u64 + 1)).unwrap_err();
        assert_eq!(refused.status(), 413);
        assert!(check_read_length(MAX_BODY_BYTES).is_ok());
        assert_eq!(
            check_read_length(MAX_BODY_BYTES + 1).unwrap_err().status(),
            413
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "fields are read by the deserializer only")]
    struct Probe {
        event_id: String,
        count: u32,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Email,
    }

    fn reason(text: &str) -> String {
        match parse_body::<Probe>(text).unwrap_err() {
            ApiFailure::BadRequest { reason } => reason,
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn a_body_is_parsed_and_a_bad_one_named_without_its_values() {
        let probe: Probe = parse_body(r#"{"event_id":"e1","count":2}"#).unwrap();
        assert_eq!(probe.event_id, "e1");
        assert_eq!(reason(""), "The request has no JSON body.");
        assert!(reason("{not json").contains("not valid JSON (line 1"));
        assert_eq!(
            reason(r#"{"count":2}"#),
            "The request cannot be read: missing field `event_id`."
        );
        assert!(
            reason(r#"{"event_id":"e","count":1,"extra":1}"#).contains("unknown field `extra`")
        );
        let wrong_type = reason(r#"{"event_id":"e","count":"Dear Ana, the secret price"}"#);
        assert!(wrong_type.contains("expected u32"), "{wrong_type}");
        let wrong_variant = reason(r#"{"event_id":"e","count":1,"kind":"Dear Ana"}"#);
        assert!(
            wrong_variant.contains("expected `email`"),
            "{wrong_variant}"
        );
        let named_variant = reason(r#"{"event_id":"e","count":1,"kind":"shoe_size"}"#);
        assert!(
            named_variant.contains("unknown value `shoe_size`"),
            "{named_variant}"
        );
        let odd_field = reason(r#"{"event_id":"e","count":1,"Dear Ana, call me":1}"#);
        assert!(odd_field.contains("an unknown field"), "{odd_field}");
        for reason in [wrong_type, wrong_variant, odd_field] {
            assert!(!reason.contains("Dear Ana"), "a value was echoed: {reason}");
        }
    }

    #[test]
    fn only_json_bodies_are_read() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
        ] {
            assert!(check_content_type(Some(ok), 2).is_ok(), "{ok}");
        }
        for refused in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("application/jsonp"),
        ] {
            assert_eq!(
                check_content_type(refused, 2).unwrap_err().status(),
                415,
                "{refused:?}"
            );
        }
        assert!(
            check_content_type(None, 0).is_ok(),
            "no body, no type needed"
        );
    }
}
