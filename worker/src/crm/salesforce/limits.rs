//! Salesforce's documented field lengths for what Closer writes, and the one way Closer fits a
//! longer value: cut at a character boundary and end with a visible [`MARKER`], so a long
//! email or meeting is saved (shortened, and saying so) instead of refused with
//! `STRING_TOO_LONG`. Lengths count characters, as Salesforce's do.
//!
//! Sources: the Field Reference for EmailMessage
//! (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-emailmessage.html:
//! `HtmlBody`/`TextBody` 131,072, `Subject` 3,000, `FromName` 1,000, address lists 4,000) and
//! the object reference for Task, Event and Note
//! (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm,
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm,
//! https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_note.htm).

use serde_json::{Map, Value};

/// What a shortened value ends with.
pub const MARKER: &str = " […truncated by Closer]";

pub const EMAIL_SUBJECT: usize = 3_000;
pub const EMAIL_BODY: usize = 131_072;
/// `FromName` and `FromAddress`.
pub const EMAIL_FROM: usize = 1_000;
pub const EMAIL_ADDRESSES: usize = 4_000;
/// `Task.Subject` and `Event.Subject`.
pub const ACTIVITY_SUBJECT: usize = 255;
/// `Task.Description` and `Event.Description`.
pub const ACTIVITY_DESCRIPTION: usize = 32_000;
pub const EVENT_LOCATION: usize = 255;
pub const NOTE_TITLE: usize = 80;
pub const NOTE_BODY: usize = 32_000;

/// `text` if it has at most `max` characters, else its start and [`MARKER`], `max` in all.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(MARKER.chars().count());
    let cut = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    format!("{}{MARKER}", &text[..cut])
}

/// [`fit`] for HTML: the cut is moved back before a tag it would split, so the marker is text
/// the reader sees rather than part of a broken tag.
pub fn fit_html(html: &str, max: usize) -> String {
    if html.chars().count() <= max {
        return html.to_owned();
    }
    let keep = max.saturating_sub(MARKER.chars().count());
    let mut cut = html.char_indices().nth(keep).map_or(html.len(), |(i, _)| i);
    let head = &html[..cut];
    if let Some(open) = head.rfind('<')
        && head[open..].find('>').is_none()
    {
        cut = open;
    }
    format!("{}{MARKER}", &html[..cut])
}

/// Inserts `value`, fitted to `max` characters, under `name` when present.
pub fn put_fitted(body: &mut Map<String, Value>, name: &str, value: Option<&str>, max: usize) {
    if let Some(value) = value {
        body.insert(name.to_owned(), Value::String(fit(value, max)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_kept_and_long_ones_cut_with_the_marker() {
        assert_eq!(fit("Pricing", 255), "Pricing");
        let long = "é".repeat(300);
        let cut = fit(&long, 255);
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.ends_with(MARKER));
        assert!(cut.starts_with("éé"));
    }

    #[test]
    fn html_is_not_cut_inside_a_tag() {
        let html = format!(
            "<p>{}</p><a href=\"https://x.example/{}\">x</a>",
            "a".repeat(40),
            "b".repeat(100)
        );
        let cut = fit_html(&html, 80);
        assert!(cut.chars().count() <= 80);
        assert!(cut.ends_with(MARKER));
        assert!(!cut.contains("<a"), "{cut}");
    }
}
