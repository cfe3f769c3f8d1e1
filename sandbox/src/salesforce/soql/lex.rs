//! SOQL's tokens: words (identifiers and keywords, dotted relationship paths included), quoted
//! strings with SOQL's backslash escapes, numbers, date and date-time literals, punctuation and
//! comparison operators. An escape SOQL does not define, an unterminated string or a character
//! SOQL does not use is `MALFORMED_QUERY`, as it is in Salesforce.
//! https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm

use crate::salesforce::errors::SfError;

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// An identifier or keyword, possibly dotted (`Account.Name`).
    Word(String),
    /// A string literal, unescaped, except that `\%` and `\_` stay escaped for `LIKE`.
    Str(String),
    /// A number as written.
    Number(String),
    /// `2026-11-30` or `2026-11-30T10:00:00Z`.
    Date(String),
    Comma,
    LParen,
    RParen,
    /// `=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`.
    Op(&'static str),
    /// `:` (an Apex bind variable, which the REST API does not take).
    Colon,
}

/// The tokens of `text`.
pub(crate) fn tokens(text: &str) -> Result<Vec<Token>, SfError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            ',' => {
                out.push(Token::Comma);
                i += 1;
            }
            '(' => {
                out.push(Token::LParen);
                i += 1;
            }
            ')' => {
                out.push(Token::RParen);
                i += 1;
            }
            ':' => {
                out.push(Token::Colon);
                i += 1;
            }
            '=' => {
                out.push(Token::Op("="));
                i += 1;
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                out.push(Token::Op("!="));
                i += 2;
            }
            '<' | '>' => {
                let next = chars.get(i + 1).copied();
                let op = match (c, next) {
                    ('<', Some('=')) => "<=",
                    ('<', Some('>')) => "!=",
                    ('>', Some('=')) => ">=",
                    ('<', _) => "<",
                    _ => ">",
                };
                i += op.len();
                out.push(Token::Op(op));
            }
            '\'' => {
                let (value, next) = string(&chars, i + 1)?;
                out.push(Token::Str(value));
                i = next;
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || matches!(chars[i], '.' | '-' | ':' | '+'))
                {
                    i += 1;
                }
                let literal: String = chars[start..i].iter().collect();
                out.push(classify_number(&literal)?);
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.'))
                {
                    i += 1;
                }
                out.push(Token::Word(chars[start..i].iter().collect()));
            }
            other => {
                return Err(SfError::malformed_query(format!(
                    "unexpected token: '{other}'"
                )));
            }
        }
    }
    Ok(out)
}

fn string(chars: &[char], mut i: usize) -> Result<(String, usize), SfError> {
    let mut value = String::new();
    while i < chars.len() {
        match chars[i] {
            '\'' => return Ok((value, i + 1)),
            '\\' => {
                let escaped = chars.get(i + 1).copied().ok_or_else(unterminated)?;
                match escaped {
                    'n' => value.push('\n'),
                    'r' => value.push('\r'),
                    't' => value.push('\t'),
                    'b' => value.push('\u{8}'),
                    'f' => value.push('\u{c}'),
                    '"' | '\'' | '\\' => value.push(escaped),
                    '%' | '_' => {
                        value.push('\\');
                        value.push(escaped);
                    }
                    other => {
                        return Err(SfError::malformed_query(format!(
                            "Invalid string literal. Illegal character sequence '\\{other}' in string literal."
                        )));
                    }
                }
                i += 2;
            }
            other => {
                value.push(other);
                i += 1;
            }
        }
    }
    Err(unterminated())
}

fn unterminated() -> SfError {
    SfError::malformed_query("unexpected token: <EOF> (unterminated string literal)")
}

fn classify_number(literal: &str) -> Result<Token, SfError> {
    let bytes = literal.as_bytes();
    let is_date = bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-';
    if is_date {
        return Ok(Token::Date(literal.to_owned()));
    }
    if literal.parse::<f64>().is_ok() {
        Ok(Token::Number(literal.to_owned()))
    } else {
        Err(SfError::malformed_query(format!(
            "unexpected token: {literal}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_numbers_dates_and_operators() {
        let t = tokens(r"SELECT Account.Name FROM Contact WHERE Email IN ('o\'b@x.com','a\\b') AND Amount >= 1.5 AND CloseDate < 2026-12-01 AND X <> null").unwrap();
        assert!(t.contains(&Token::Word("Account.Name".into())));
        assert!(t.contains(&Token::Str("o'b@x.com".into())));
        assert!(t.contains(&Token::Str(r"a\b".into())));
        assert!(t.contains(&Token::Number("1.5".into())));
        assert!(t.contains(&Token::Date("2026-12-01".into())));
        assert!(t.contains(&Token::Op(">=")));
        assert!(t.contains(&Token::Op("!=")));
    }

    #[test]
    fn bad_strings_are_malformed() {
        for text in [r"'abc", r"'a\qb'", "a ; b"] {
            let err = tokens(text).unwrap_err();
            assert_eq!(err.code, "MALFORMED_QUERY", "{text}");
        }
    }
}
