//! Quoted history in a message's text, found by a few general rules rather than per client:
//!
//! - **History starts** (everything after is someone else's): a dashed separator with words
//!   (`-----Original Message-----`, `---------- Forwarded message ---------`, in any language),
//!   Apple Mail's "Begin forwarded message:", an underscore rule (Outlook's rule before its
//!   header block, mailing-list footers), a quoted **header block** — two or more consecutive
//!   `Key: value` lines with distinct keys from the localized set of [`super::locale`], at least
//!   one of them a sender or a date, whichever key comes first, cut together with a rule
//!   (`____`, `---`) just above it — and an attribution line ("On …, Megan wrote:", one line
//!   or wrapped over two) that is not followed by `>` lines.
//! - **Quote levels**: above that point, `>` lines are quoted (any depth) and dropped, and an
//!   attribution line right before them goes with them, while the unquoted lines around and
//!   between them are the message's own words: top-posted, bottom-posted and inline replies alike.
//!
//! Every rule looks at a bounded window around a line, so the work is linear in the input.

use super::locale::{FORWARD_LINES, HEADER_KEYS, HeaderKey, WROTE, WROTE_CJK};

/// Header lines looked at after the first one of a block (Outlook wraps long `To:` lists).
const HEADER_WINDOW: usize = 6;
/// An attribution line is short; a longer line is a sentence of the message.
const MAX_ATTRIBUTION_CHARS: usize = 300;
/// Blank lines allowed between an attribution line and the quote it introduces.
const ATTRIBUTION_GAP: usize = 2;
/// An underscore rule is at least this long (Outlook writes 32, Mailman 47).
const MIN_UNDERSCORE_RULE: usize = 10;

/// `lines` without quoted history: the unquoted lines before the history starts, with each run
/// of quoted lines (and its attribution) replaced by one blank line.
pub(super) fn unquoted<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let end = history_start(lines).unwrap_or(lines.len());
    let mut kept: Vec<&'a str> = Vec::with_capacity(end);
    let mut i = 0;
    while i < end {
        if is_quoted(lines[i]) {
            if kept.last().is_some_and(|l| !l.trim().is_empty()) {
                kept.push("");
            }
            i += 1;
            continue;
        }
        if let Some(span) = attribution(lines, i)
            && introduces_quote(lines, i + span)
        {
            i += span;
            continue;
        }
        kept.push(lines[i]);
        i += 1;
    }
    kept
}

/// Where the unquoted history begins, if anywhere.
fn history_start(lines: &[&str]) -> Option<usize> {
    for i in 0..lines.len() {
        let line = lines[i];
        if is_quoted(line) {
            continue;
        }
        if is_separator(line) || is_underscore_rule(line) {
            return Some(i);
        }
        if is_header_block(lines, i) {
            return Some(with_rule_above(lines, i));
        }
        if let Some(span) = attribution(lines, i)
            && !introduces_quote(lines, i + span)
        {
            return Some(i);
        }
        if opens_with_attribution(line) {
            return Some(i);
        }
    }
    None
}

/// Yahoo's Android app runs the attribution and the quoted text into one line: "On Thu, …,
/// Megan<m@x> wrote:   Beth, training is …". An attribution naming an address, then more text.
fn opens_with_attribution(line: &str) -> bool {
    let t = line.trim();
    // The first colon followed by a space ends it (a colon inside a time, "11:02", does not);
    // only that one is looked at, so a line costs one pass however many colons it has.
    let Some((at, colon)) = t
        .char_indices()
        .take_while(|(at, _)| *at < MAX_ATTRIBUTION_CHARS)
        .find(|&(at, c)| {
            (c == ':' || c == '：') && t[at + c.len_utf8()..].starts_with(char::is_whitespace)
        })
    else {
        return false;
    };
    let (head, rest) = t.split_at(at + colon.len_utf8());
    !rest.trim().is_empty() && head.contains('@') && is_attribution_text(head)
}

/// A line of `>` quoting (any depth, `> >` or `>>`), the convention RFC 3676 describes for
/// quoted text (https://www.rfc-editor.org/rfc/rfc3676#section-4.5).
fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

/// `-----Original Message-----`, `----- Ursprüngliche Nachricht -----`, `-------- Forwarded
/// Message --------`, or Apple Mail's "Begin forwarded message:".
fn is_separator(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    if FORWARD_LINES.contains(&lower.as_str()) {
        return true;
    }
    let inner = t.trim_start_matches('-');
    let lead = t.len() - inner.len();
    let words = inner.trim_end_matches('-');
    let trail = inner.len() - words.len();
    lead >= 3 && trail >= 3 && words.chars().any(char::is_alphabetic)
}

fn is_underscore_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= MIN_UNDERSCORE_RULE && t.chars().all(|c| c == '_')
}

/// A rule of `-`, `_`, `=`, `*` or box-drawing dashes (what `<hr>` becomes in text).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() >= 3 && t.chars().all(|c| "-_=*─━—".contains(c))
}

/// The key of a `Key: value` header line (`*From:*` as Gmail renders bold, `De :` as French
/// typography writes it, `件名：` with a full-width colon).
fn header_key(line: &str) -> Option<HeaderKey> {
    let t = line.trim().trim_start_matches('*').trim_start();
    let colon = t.find([':', '：'])?;
    let label = t[..colon].trim_end_matches('*').trim_end().to_lowercase();
    if label.is_empty() || label.chars().count() > 20 {
        return None;
    }
    HEADER_KEYS
        .iter()
        .find(|(key, _)| *key == label)
        .map(|(_, kind)| *kind)
}

/// Whether a quoted header block starts at `i`: two or more header lines with distinct keys
/// before the next blank line, one of them a sender or a date (a `To:`/`Subject:` pair alone is
/// how people write instructions: "send the invoice To: ap@… Subject: PO-…").
fn is_header_block(lines: &[&str], i: usize) -> bool {
    let Some(first) = header_key(lines[i]) else {
        return false;
    };
    let mut keys = vec![first];
    for line in lines[i + 1..].iter().take(HEADER_WINDOW) {
        if line.trim().is_empty() {
            break;
        }
        if let Some(key) = header_key(line)
            && !keys.contains(&key)
        {
            keys.push(key);
        }
    }
    keys.len() >= 2
        && keys
            .iter()
            .any(|k| matches!(k, HeaderKey::From | HeaderKey::Date))
}

/// The header block at `i` starts the history together with blank lines and one rule above it.
fn with_rule_above(lines: &[&str], i: usize) -> usize {
    let mut j = i;
    while j > 0 && lines[j - 1].trim().is_empty() && i - j < ATTRIBUTION_GAP + 1 {
        j -= 1;
    }
    if j > 0 && is_rule(lines[j - 1]) {
        j - 1
    } else {
        i
    }
}

/// How many lines (1 or 2) an attribution line starting at `i` takes, if one does: "On …,
/// Megan <m@x> wrote:", "Le … a écrit :", "Am … schrieb …:", "… <m@x>:", "…写道：", possibly
/// wrapped over two lines as Gmail does. It names a date or an address, and ends with a colon.
fn attribution(lines: &[&str], i: usize) -> Option<usize> {
    let first = lines[i].trim();
    if first.is_empty() || first.len() > MAX_ATTRIBUTION_CHARS {
        return None;
    }
    if is_attribution_text(first) {
        return Some(1);
    }
    let next = lines.get(i + 1)?.trim();
    if next.is_empty() || first.len() + next.len() > MAX_ATTRIBUTION_CHARS {
        return None;
    }
    // A wrapped line starts with the date (or the sender) and does not end a sentence.
    let opens = first.chars().any(|c| c.is_ascii_digit()) && !first.ends_with(['.', '!', '?']);
    (opens && is_attribution_text(&format!("{first} {next}"))).then_some(2)
}

fn is_attribution_text(text: &str) -> bool {
    let Some(body) = text
        .strip_suffix(':')
        .or_else(|| text.strip_suffix('：'))
        .map(str::trim_end)
    else {
        return false;
    };
    let has_date_or_address = body.contains('@') || body.chars().any(|c| c.is_ascii_digit());
    if !has_date_or_address {
        return false;
    }
    let lower = body.to_lowercase();
    // Gmail in many languages ends with the sender's address: "… Megan Bowen <m@x>:".
    let ends_with_address = lower.ends_with('>') && lower.contains('@');
    ends_with_address
        || WROTE_CJK.iter().any(|verb| lower.ends_with(verb))
        || WROTE.iter().any(|verb| has_word(&lower, verb))
}

/// Whether `word` occurs in `text` with no letter right before or after it.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

/// Whether a `>` line follows `from` within a couple of blank lines.
fn introduces_quote(lines: &[&str], from: usize) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .take(ATTRIBUTION_GAP + 1)
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| is_quoted(l))
}
