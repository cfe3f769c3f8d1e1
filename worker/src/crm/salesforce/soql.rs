//! SOQL and SOSL text built from user input: string literals, search terms and `IN` lists that
//! fit the URL limit. Pure. Every value that reaches a query passes through [`soql_string`] or
//! [`sosl_term`], so a hostile address or search text cannot end its literal and add clauses.

use super::request::encode;

/// A SOQL string literal: single-quoted, with `\` and `'` backslash-escaped and line breaks and
/// tabs written as escape sequences (SOQL strings cannot hold them raw).
/// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
pub fn soql_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for ch in value.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            other => out.push(other),
        }
    }
    out.push('\'');
    out
}

/// Characters SOSL reserves inside `FIND {…}`; each is backslash-escaped so the seller's text is
/// searched literally (no wildcards, no operators, no early `}`).
/// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm
pub const SOSL_RESERVED: &[char] = &[
    '?', '&', '|', '!', '{', '}', '[', ']', '(', ')', '^', '~', '*', ':', '\\', '"', '\'', '+', '-',
];

/// A SOSL search term for `FIND {…}`: reserved characters escaped, whitespace collapsed (line
/// breaks cannot end the clause), and the operator words `AND`, `OR`, `NOT` quoted so they are
/// searched as words: the seller's words are all required, as SOSL does by default.
pub fn sosl_term(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if ["AND", "OR", "NOT"]
            .iter()
            .any(|op| word.eq_ignore_ascii_case(op))
        {
            out.push_str(&format!("\"{word}\""));
            continue;
        }
        for ch in word.chars() {
            if SOSL_RESERVED.contains(&ch) {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    out
}

/// Splits `literals` (already quoted) into groups whose `IN (…)` list, percent-encoded, adds at
/// most `budget` bytes to a URL. Order is kept; a literal longer than the budget on its own
/// still gets a group (Salesforce then answers 414, which is reported, not hidden).
pub fn in_list_chunks(literals: &[String], budget: usize) -> Vec<Vec<String>> {
    let separator = encode(", ").len();
    let mut chunks: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut used = 0;
    for literal in literals {
        let cost = encode(literal).len() + if current.is_empty() { 0 } else { separator };
        if !current.is_empty() && used + cost > budget {
            chunks.push(std::mem::take(&mut current));
            used = 0;
        }
        used += encode(literal).len() + if current.is_empty() { 0 } else { separator };
        current.push(literal.clone());
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("jane@contoso.com", "'jane@contoso.com'")]
    #[case("sean.o'brien@fabrikam.com", r"'sean.o\'brien@fabrikam.com'")]
    #[case(r"a\b", r"'a\\b'")]
    #[case(r"x\' or Id != '", r"'x\\\' or Id != \''")]
    #[case("line\nbreak", r"'line\nbreak'")]
    fn soql_literals_escape_quotes_and_backslashes(#[case] raw: &str, #[case] literal: &str) {
        assert_eq!(soql_string(raw), literal);
    }

    #[rstest]
    #[case("Contoso", "Contoso")]
    #[case(
        "a@b.com} RETURNING Contact(Id) FIND {*",
        r"a@b.com\} RETURNING Contact\(Id\) FIND \{\*"
    )]
    #[case("O'Brien-Smith + co", r"O\'Brien\-Smith \+ co")]
    #[case("x\n}\tz", r"x \} z")]
    #[case(r"back\slash", r"back\\slash")]
    #[case("Contoso or Fabrikam AND not", r#"Contoso "or" Fabrikam "AND" "not""#)]
    fn sosl_terms_escape_every_reserved_character(#[case] raw: &str, #[case] term: &str) {
        assert_eq!(sosl_term(raw), term);
    }

    #[test]
    fn every_reserved_character_is_escaped() {
        let all: String = SOSL_RESERVED.iter().collect();
        let escaped = sosl_term(&all);
        assert_eq!(escaped.matches('\\').count(), SOSL_RESERVED.len() + 1);
    }

    #[test]
    fn in_lists_split_only_past_the_budget() {
        let literals: Vec<String> = (0..10)
            .map(|i| soql_string(&format!("u{i}@x.com")))
            .collect();
        assert_eq!(in_list_chunks(&literals, 10_000).len(), 1);
        let one = encode(&literals[0]).len();
        let separator = encode(", ").len();
        let chunks = in_list_chunks(&literals, 3 * one + 2 * separator);
        assert_eq!(chunks.len(), 4);
        assert!(chunks[..3].iter().all(|c| c.len() == 3));
        assert_eq!(chunks.concat(), literals);
        assert!(in_list_chunks(&[], 100).is_empty());
    }
}
