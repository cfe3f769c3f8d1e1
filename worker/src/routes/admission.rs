//! What an `/api/*` request must be before any route reads it: a bounded body, and JSON when
//! it has one. The edge checks the token and the rate limits first (`edge::admit`), so an
//! unauthenticated caller never gets a body read, let alone parsed.

use crate::error::ApiFailure;

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
