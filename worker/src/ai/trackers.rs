//! Trackers: configured keyword lists (competitors, products, pricing terms) matched exactly in
//! the prepared thread, independent of the model — whole words, case-insensitive (ASCII), each
//! shown with the sentence it occurs in.
//!
//! The lists come from the `TRACKERS` wrangler var, a JSON object of category → keywords
//! (`{"competitors":["Globex"],"products":["Fulfillment Cloud"],"pricing":["discount"]}`);
//! without it, [`DEFAULT_TRACKERS`] applies. An invalid value is a configuration error, not a
//! silent default.

use super::thread::SourceMessage;
use closer_wire::TrackerHit;
use std::collections::BTreeMap;

/// The lists used when `TRACKERS` is not set: generic sales terms only. Competitors and
/// products are each seller's own and come from `TRACKERS` (the sandbox stack sets the demo
/// tenant's, `closer_sandbox::demo::TRACKERS`).
pub const DEFAULT_TRACKERS: &str = r#"{
  "pricing": ["discount", "price", "pricing", "per seat", "list price", "budget", "quote", "invoice", "purchase order"],
  "process": ["procurement", "legal review", "security review", "contract", "renewal", "signature"]
}"#;
/// Hits reported at most (the pane lists them; a thread full of "price" is not news).
pub const MAX_HITS: usize = 40;

/// Keyword lists by category, in the configured order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trackers {
    lists: Vec<(String, Vec<String>)>,
}

/// `TRACKERS` is not a JSON object of string lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("TRACKERS must be a JSON object of keyword lists, e.g. {{\"competitors\":[\"Globex\"]}}")]
pub struct InvalidTrackers;

impl Trackers {
    /// Parses the configured value, or the defaults when there is none.
    pub fn from_config(raw: Option<&str>) -> Result<Self, InvalidTrackers> {
        let raw = raw
            .filter(|r| !r.trim().is_empty())
            .unwrap_or(DEFAULT_TRACKERS);
        let parsed: BTreeMap<String, Vec<String>> =
            serde_json::from_str(raw).map_err(|_| InvalidTrackers)?;
        let lists = parsed
            .into_iter()
            .map(|(category, keywords)| {
                let keywords = keywords
                    .into_iter()
                    .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|k| !k.is_empty())
                    .collect();
                (category, keywords)
            })
            .collect();
        Ok(Self { lists })
    }

    /// The tenant's lists as its admin set them (competitors, products, pricing terms), plus
    /// the generic deal-process terms every tenant gets.
    pub fn from_settings(settings: &closer_wire::Trackers) -> Self {
        let process = Self::from_config(None)
            .map(|defaults| defaults.lists)
            .unwrap_or_default()
            .into_iter()
            .filter(|(category, _)| category == "process");
        let lists = [
            ("competitors", &settings.competitors),
            ("pricing", &settings.pricing),
            ("products", &settings.products),
        ]
        .into_iter()
        .map(|(category, keywords)| {
            let keywords = keywords
                .iter()
                .map(|k| k.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|k| !k.is_empty())
                .collect();
            (category.to_owned(), keywords)
        })
        .chain(process)
        .collect();
        Self { lists }
    }

    /// Every configured keyword with its category, in configuration order.
    pub fn keywords(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lists.iter().flat_map(|(category, keywords)| {
            keywords
                .iter()
                .map(move |k| (category.as_str(), k.as_str()))
        })
    }

    /// Every keyword occurrence in `sources`, at most one per keyword and message, newest
    /// message first, capped at [`MAX_HITS`].
    pub fn find(&self, sources: &[SourceMessage]) -> Vec<TrackerHit> {
        let mut hits = Vec::new();
        for source in sources.iter().rev() {
            for (category, keywords) in &self.lists {
                for keyword in keywords {
                    if let Some(sentence) = first_sentence_with(&source.text, keyword) {
                        hits.push(TrackerHit {
                            category: category.clone(),
                            keyword: keyword.clone(),
                            message_id: source.id.clone(),
                            sentence,
                        });
                    }
                }
            }
        }
        hits.truncate(MAX_HITS);
        hits
    }
}

/// The sentence of `text` holding `keyword` as whole words, if any. Runs of whitespace in the
/// text match the keyword's single spaces (line breaks and double spaces are common in mail).
pub fn first_sentence_with(text: &str, keyword: &str) -> Option<String> {
    // The text with whitespace runs collapsed and ASCII lowercased, and for every byte of it
    // the byte of `text` it came from.
    let mut flat = String::with_capacity(text.len());
    let mut origin: Vec<usize> = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            if flat.ends_with(' ') {
                continue;
            }
            flat.push(' ');
            origin.push(at);
        } else {
            let lower = c.to_ascii_lowercase();
            for _ in 0..lower.len_utf8() {
                origin.push(at);
            }
            flat.push(lower);
        }
    }
    origin.push(text.len());
    let needle = keyword.to_ascii_lowercase();
    let at = flat.match_indices(&needle).map(|(at, _)| at).find(|&at| {
        let before = flat[..at].chars().next_back();
        let after = flat[at + needle.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })?;
    let start = origin[at];
    let last = origin[at + needle.len() - 1];
    let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
    Some(sentence_around(text, start, end))
}

/// The sentence of `text` around bytes `start..end`: from after the previous `.!?` or line
/// break to the next one.
fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let is_boundary = |c: char| c == '\n' || c == '!' || c == '?' || c == '.';
    let from = text[..start]
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            // A period followed by a digit is a decimal point, not a sentence end.
            is_boundary(c) && !(c == '.' && text[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let to = text[end..]
        .char_indices()
        .find(|&(i, c)| {
            is_boundary(c)
                && !(c == '.' && text[end + i + 1..].starts_with(|d: char| d.is_ascii_digit()))
        })
        .map_or(text.len(), |(i, c)| {
            end + i + if c == '\n' { 0 } else { c.len_utf8() }
        });
    text[from..to].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, text: &str) -> SourceMessage {
        SourceMessage {
            id: id.into(),
            reference: id.into(),
            sender_address: "a@b.example".into(),
            sender_name: "A".into(),
            date: String::new(),
            text: text.into(),
        }
    }

    #[test]
    fn keywords_match_whole_words_case_insensitively_with_their_sentence() {
        let trackers = Trackers::from_config(Some(
            r#"{"competitors":["Globex"],"pricing":["price", "per seat"]}"#,
        ))
        .unwrap();
        let sources = [source(
            "m1",
            "Thanks. We are also evaluating GLOBEX, whose quote was lower. Pricing is $1.50 per   seat.\nGlobexCorp is unrelated.",
        )];
        let hits = trackers.find(&sources);
        let found: Vec<(&str, &str, &str)> = hits
            .iter()
            .map(|h| (h.category.as_str(), h.keyword.as_str(), h.sentence.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "competitors",
                    "Globex",
                    "We are also evaluating GLOBEX, whose quote was lower."
                ),
                ("pricing", "per seat", "Pricing is $1.50 per   seat."),
            ],
            "'price' must not match inside 'Pricing'"
        );
    }

    #[test]
    fn defaults_apply_without_configuration_and_bad_configuration_is_an_error() {
        let defaults = Trackers::from_config(None).unwrap();
        // No tenant's names are built in: a competitor is found only when configured.
        assert!(
            defaults
                .find(&[source("m1", "Litware offered more.")])
                .is_empty()
        );
        assert!(
            !defaults
                .find(&[source("m1", "Can you share a discount?")])
                .is_empty()
        );
        assert_eq!(
            Trackers::from_config(Some("[\"Globex\"]")),
            Err(InvalidTrackers)
        );
        assert_eq!(
            Trackers::from_config(Some("{\"x\": 3}")),
            Err(InvalidTrackers)
        );
    }

    #[test]
    fn nothing_is_found_in_text_that_lacks_the_keywords() {
        let trackers = Trackers::from_config(None).unwrap();
        assert!(
            trackers
                .find(&[source("m1", "See you Tuesday.")])
                .is_empty()
        );
    }
}
