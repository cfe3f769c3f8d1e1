//! The deterministic sandbox model: what it answers to a validated chat, and its token counts.
//! Answers are built only from the prompt's own sentences (so citations quoting them verify)
//! and are labelled `[sandbox model]` when free text. Knows nothing of HTTP.

use super::schema;
use serde_json::{Value, json};

/// The label that starts every free-text answer, so nobody mistakes it for a real model.
pub const LABEL: &str = "[sandbox model]";

/// Who wrote a message, as far as the model cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// `user` messages: the material answers are built from.
    User,
    /// Everything else (`system`, `developer`, `assistant`, `tool`).
    Other,
}

/// A validated message: who wrote it and its text.
#[derive(Debug, Clone)]
pub struct Message {
    /// The speaker.
    pub speaker: Speaker,
    /// The text (content parts joined).
    pub text: String,
}

/// The kind of answer asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    /// Free text.
    Text,
    /// Any JSON object (`{"type":"json_object"}`).
    JsonObject,
    /// A JSON instance of this schema (`{"type":"json_schema"}`).
    JsonSchema(Value),
}

/// What the model produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The content.
    pub content: String,
    /// `stop`, or `length` when `max_tokens` cut a text answer.
    pub finish_reason: &'static str,
    /// The citations it claimed, with whether each is faithful.
    pub citations: Vec<schema::CitationTruth>,
}

/// Answers `messages` in `format`, cutting text answers at `max_tokens`.
#[cfg(test)]
pub fn answer(messages: &[Message], format: &Format, max_tokens: Option<u64>) -> Answer {
    answer_as(messages, format, max_tokens, false)
}

/// [`answer`], by a model that gets a known share of its citations wrong when `imperfect`
/// (see [`schema::instance_with_truth`]).
pub fn answer_as(
    messages: &[Message],
    format: &Format,
    max_tokens: Option<u64>,
    imperfect: bool,
) -> Answer {
    let sourced: Vec<Sourced> = messages
        .iter()
        .filter(|m| m.speaker == Speaker::User)
        .flat_map(|m| sourced_sentences(&m.text))
        .collect();
    // When the prompt delimits its sources, only their words are material: never the markup
    // or the notes around them.
    let mut quotes: Vec<Sourced> = if sourced.iter().any(|q| q.source.is_some()) {
        sourced.into_iter().filter(|q| q.source.is_some()).collect()
    } else {
        sourced
    };
    // Greetings and sign-offs ("Hi all,", "Best,") say nothing: quote substance when there is.
    if quotes.iter().any(|q| is_substantive(q.text)) {
        quotes.retain(|q| is_substantive(q.text));
    }
    let mut citations = Vec::new();
    let content = match format {
        Format::Text => summary(messages),
        Format::JsonObject => {
            json!({ "summary": quotes.first().map_or(LABEL, |q| q.text) }).to_string()
        }
        Format::JsonSchema(schema) => {
            let (value, truth) = schema::instance_with_truth(schema, &quotes, imperfect);
            citations = truth;
            value.to_string()
        }
    };
    match max_tokens {
        Some(max) if *format == Format::Text && tokens(&content) > max => {
            let cut: String = content.chars().take((max * 4) as usize).collect();
            Answer {
                content: cut,
                finish_reason: "length",
                citations,
            }
        }
        _ => Answer {
            content,
            finish_reason: "stop",
            citations,
        },
    }
}

/// Tokens as the sandbox counts them: one per four characters, rounded up.
pub fn tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

/// The sentences of `text`, verbatim: cut after `.`, `!` or `?` followed by whitespace, and at
/// line ends; trimmed; empty ones dropped.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        let end = match c {
            '\n' | '\r' => Some(i),
            '.' | '!' | '?' if next_is_space => Some(i + c.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(&mut out, &text[start..end]);
            start = end;
        }
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

/// A sentence of the prompt and the source it belongs to, if the prompt delimits sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sourced<'a> {
    /// The `ref="…"` of the enclosing `<tag ref="…">` line, if any.
    pub source: Option<&'a str>,
    /// The sentence, verbatim.
    pub text: &'a str,
}

/// The sentences of `text` with their sources. A line that is only markup (`<message ref="m3"
/// from="…">`, `</message>`, `<thread>`) is never a sentence; an opening one with a `ref`
/// attribute starts that source, a closing one ends it.
pub fn sourced_sentences(text: &str) -> Vec<Sourced<'_>> {
    let mut out = Vec::new();
    let mut source: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('<') && trimmed.ends_with('>') {
            source = if trimmed.starts_with("</") {
                None
            } else {
                attribute(trimmed, "ref").or(source)
            };
            continue;
        }
        out.extend(
            sentences(line)
                .into_iter()
                .map(|text| Sourced { source, text }),
        );
    }
    out
}

/// Sentences of at least this many words are worth quoting.
const SUBSTANTIVE_WORDS: usize = 4;

fn is_substantive(sentence: &str) -> bool {
    sentence.split_whitespace().count() >= SUBSTANTIVE_WORDS
}

/// The value of `name="…"` in a tag line.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, piece: &'a str) {
    let piece = piece.trim();
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// The first two sentences of the last user message, labelled.
fn summary(messages: &[Message]) -> String {
    let last = messages.iter().rev().find(|m| m.speaker == Speaker::User);
    let picked: Vec<&str> = last
        .map(|m| sentences(&m.text).into_iter().take(2).collect())
        .unwrap_or_default();
    if picked.is_empty() {
        format!("{LABEL} There is no user text to summarise.")
    } else {
        format!("{LABEL} {}", picked.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(text: &str) -> Message {
        Message {
            speaker: Speaker::User,
            text: text.into(),
        }
    }

    #[test]
    fn sentences_are_verbatim_slices() {
        let text = "Hi Anna,\nThanks for the call. Can we meet on 3.5 Friday? Yes!\n\n- Bob";
        assert_eq!(
            sentences(text),
            [
                "Hi Anna,",
                "Thanks for the call.",
                "Can we meet on 3.5 Friday?",
                "Yes!",
                "- Bob"
            ]
        );
        assert!(sentences(text).iter().all(|s| text.contains(s)));
        assert!(sentences("  \n ").is_empty());
    }

    #[test]
    fn text_answers_summarise_the_last_user_message() {
        let messages = [
            user("Old. Ignored."),
            Message {
                speaker: Speaker::Other,
                text: "Be brief.".into(),
            },
            user("We renew in May. Budget is approved. Send the quote."),
        ];
        let answer = answer(&messages, &Format::Text, None);
        assert_eq!(
            answer.content,
            "[sandbox model] We renew in May. Budget is approved."
        );
        assert_eq!(answer.finish_reason, "stop");
    }

    #[test]
    fn max_tokens_cuts_text_answers() {
        let answer = answer(&[user("We renew in May.")], &Format::Text, Some(3));
        assert_eq!(answer.content, "[sandbox mod");
        assert_eq!(answer.finish_reason, "length");
    }

    #[test]
    fn json_object_mode_quotes_the_first_sentence() {
        let answer = answer(&[user("Call me. Soon.")], &Format::JsonObject, None);
        assert_eq!(answer.content, r#"{"summary":"Call me."}"#);
    }

    #[test]
    fn delimited_sources_are_quoted_with_their_ref_and_markup_never() {
        let prompt = "<thread>\n(2 older messages were left out.)\n<message ref=\"m3\" from=\"A (a@b.example)\" date=\"x\">\nWe need 250 seats. By the end of March.\n</message>\n<message ref=\"m4\" from=\"B\" date=\"y\">\nFine.\n</message>\n</thread>";
        let found = sourced_sentences(prompt);
        assert_eq!(
            found.iter().map(|q| (q.source, q.text)).collect::<Vec<_>>(),
            [
                (None, "(2 older messages were left out.)"),
                (Some("m3"), "We need 250 seats."),
                (Some("m3"), "By the end of March."),
                (Some("m4"), "Fine."),
            ]
        );
        let schema = json!({
            "type": "object",
            "properties": { "citations": { "type": "array", "items": {
                "type": "object",
                "properties": { "ref": { "type": "string" }, "quote": { "type": "string" } },
                "required": ["ref", "quote"], "additionalProperties": false } } },
            "required": ["citations"], "additionalProperties": false
        });
        let answer = answer(&[user(prompt)], &Format::JsonSchema(schema), None);
        let value: Value = serde_json::from_str(&answer.content).unwrap();
        assert_eq!(
            value,
            json!({ "citations": [
                { "ref": "m3", "quote": "We need 250 seats." },
                { "ref": "m3", "quote": "By the end of March." }
            ] })
        );
    }

    #[test]
    fn tokens_round_up() {
        assert_eq!(tokens(""), 0);
        assert_eq!(tokens("abcd"), 1);
        assert_eq!(tokens("abcde"), 2);
        assert_eq!(tokens("éééé"), 1);
    }
}
