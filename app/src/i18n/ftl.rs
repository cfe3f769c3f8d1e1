//! The pane's own reader for its message catalogues: the subset of Project Fluent's syntax
//! (<https://projectfluent.org/fluent/guide/>) the catalogues use, formatted the way
//! `fluent-bundle` formats it, in a few KB of code instead of Fluent's parser, resolver and
//! CLDR plural tables for every locale (about 25 KB of the pane's first download; issue 16).
//!
//! What it reads, and the catalogue tests hold the catalogues to it (every message, in every
//! language, formats here exactly as `fluent-bundle` formats it, with numbers and text):
//! - `id = pattern` on one line, `#` comments and blank lines between messages;
//! - text, `{ $variable }` and string literals `{ " — " }` (escapes `\"` and `\\`);
//! - select expressions `{ $n -> [0] … [one] … *[other] … }`, one variant per line, keyed by
//!   number or by plural category, the first matching variant winning, `*` the default.
//!
//! Not read: terms, attributes, functions, multi-line text. Numbers are whole numbers (counts,
//! versions, seconds, HTTP statuses), written without grouping, as Fluent writes them.

use super::Language;
use std::borrow::Cow;
use std::fmt::Write as _;

/// A message argument: text, or a whole number (plural selection needs the number).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Arg::Text(text)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                // Saturating: a count beyond i64 does not exist in the pane.
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

/// A message's arguments, by variable name.
pub type Args<'a> = [(&'a str, Arg<'a>)];

/// The catalogue's messages: id and the source from just after its `=`, sorted by id.
pub type Index = Vec<(&'static str, &'static str)>;

/// Indexes `source` by message id (top-level lines `id = …`; everything else is a comment,
/// a blank or the continuation of a message).
pub fn index(source: &'static str) -> Index {
    let mut messages = Vec::new();
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let starts_id = line.starts_with(|c: char| c.is_ascii_alphabetic());
        if let (true, Some(equals)) = (starts_id, line.find('=')) {
            let id = line[..equals].trim_end();
            if id.chars().all(is_identifier_char) {
                messages.push((id, &source[at + equals + 1..]));
            }
        }
        at += line.len();
    }
    messages.sort_by_key(|(id, _)| *id);
    messages
}

/// The message `id` of `index`, formatted in `language` with `args`; `None` when the
/// catalogue lacks it.
pub fn format(index: &Index, language: Language, id: &str, args: &Args) -> Option<String> {
    let found = index.binary_search_by_key(&id, |(id, _)| id).ok()?;
    let mut reader = Reader {
        rest: index[found].1,
        language,
        args,
    };
    let mut out = String::new();
    reader.skip_inline_blank();
    reader.pattern(Some(&mut out));
    Some(out)
}

/// CLDR's cardinal plural category of a whole number in `language`
/// (<https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html>):
/// English and German have `one` for 1; French has `one` for 0 and 1 and `many` for
/// non-zero multiples of a million.
pub fn plural_category(language: Language, n: i64) -> &'static str {
    let n = n.unsigned_abs();
    match language {
        Language::English | Language::German if n == 1 => "one",
        Language::French if n <= 1 => "one",
        Language::French if n.is_multiple_of(1_000_000) => "many",
        _ => "other",
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Reads one pattern from where a message's value starts; writes it when given somewhere to
/// (a select expression reads the variants it does not choose without writing them).
struct Reader<'s, 'a> {
    rest: &'static str,
    language: Language,
    args: &'s Args<'a>,
}

impl Reader<'_, '_> {
    /// Text and placeables up to the end of the line (or of the source, or a stray `}`).
    fn pattern(&mut self, mut out: Option<&mut String>) {
        loop {
            let end = self.rest.find(['{', '}', '\n']).unwrap_or(self.rest.len());
            let (text, rest) = self.rest.split_at(end);
            let ends_line = !rest.starts_with('{');
            if let Some(out) = out.as_deref_mut() {
                // Fluent drops the blanks that end a pattern's line.
                out.push_str(if ends_line { text.trim_end() } else { text });
            }
            self.rest = rest;
            if ends_line {
                return;
            }
            self.placeable(out.as_deref_mut());
        }
    }

    /// `{ $name }`, `{ "literal" }` or `{ $name -> variants }`, from its `{` past its `}`.
    fn placeable(&mut self, out: Option<&mut String>) {
        self.rest = &self.rest[1..];
        self.skip_blank();
        let value = self.inline();
        self.skip_blank();
        if let Some(after_arrow) = self.rest.strip_prefix("->") {
            self.rest = after_arrow;
            self.variants(value.as_ref(), out);
        } else if let Some(out) = out {
            match value {
                Some(Arg::Text(text)) => out.push_str(&text),
                Some(Arg::Number(n)) => {
                    let _ = write!(out, "{n}");
                }
                None => {}
            }
        }
        self.skip_blank();
        self.rest = self.rest.strip_prefix('}').unwrap_or(self.rest);
    }

    /// A variable's value or a string literal. A variable the caller did not pass reads as
    /// `{$name}`, as Fluent writes it (the catalogue test keeps that from shipping).
    fn inline(&mut self) -> Option<Arg<'static>> {
        if let Some(after) = self.rest.strip_prefix('$') {
            let end = after
                .find(|c| !is_identifier_char(c))
                .unwrap_or(after.len());
            let name = &after[..end];
            self.rest = &after[end..];
            let value = self.args.iter().find(|(n, _)| *n == name);
            return Some(match value {
                Some((_, Arg::Text(text))) => Arg::Text(Cow::Owned(text.to_string())),
                Some((_, Arg::Number(n))) => Arg::Number(*n),
                None => Arg::Text(Cow::Owned(format!("{{${name}}}"))),
            });
        }
        let after = self.rest.strip_prefix('"')?;
        let mut literal = String::new();
        let mut chars = after.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => {
                    self.rest = &after[at + 1..];
                    return Some(Arg::Text(Cow::Owned(literal)));
                }
                '\\' => literal.extend(chars.next().map(|(_, escaped)| escaped)),
                c => literal.push(c),
            }
        }
        self.rest = "";
        Some(Arg::Text(Cow::Owned(literal)))
    }

    /// The variants after `->`, up to (not past) the closing `}`: writes the first whose key
    /// matches `selector`, else the default.
    fn variants(&mut self, selector: Option<&Arg>, out: Option<&mut String>) {
        let mut chosen: Option<&'static str> = None;
        let mut default: Option<&'static str> = None;
        loop {
            self.skip_blank();
            let is_default = self.rest.starts_with('*');
            let Some(after) = self.rest.trim_start_matches('*').strip_prefix('[') else {
                break;
            };
            let close = after.find(']').unwrap_or(after.len());
            let key = after[..close].trim();
            self.rest = after.get(close + 1..).unwrap_or("");
            self.skip_inline_blank();
            let value = self.rest;
            if chosen.is_none() && self.matches(selector, key) {
                chosen = Some(value);
            }
            if is_default {
                default = Some(value);
            }
            self.pattern(None);
        }
        let after_variants = self.rest;
        if let (Some(value), Some(out)) = (chosen.or(default), out) {
            self.rest = value;
            self.pattern(Some(out));
        }
        self.rest = after_variants;
    }

    /// Fluent's variant matching: a number key equals the number, a name key is the
    /// number's plural category, or equals the text.
    fn matches(&self, selector: Option<&Arg>, key: &str) -> bool {
        match selector {
            Some(Arg::Number(n)) => match key.parse::<i64>() {
                Ok(number) => number == *n,
                Err(_) => plural_category(self.language, *n) == key,
            },
            Some(Arg::Text(text)) => text == key,
            None => false,
        }
    }

    fn skip_blank(&mut self) {
        self.rest = self.rest.trim_start_matches([' ', '\n', '\r']);
    }

    fn skip_inline_blank(&mut self) {
        self.rest = self.rest.trim_start_matches(' ');
    }
}
