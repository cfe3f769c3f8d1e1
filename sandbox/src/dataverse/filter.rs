//! `$filter` as Dataverse evaluates the part of it Closer uses: `eq ne gt ge lt le` on string,
//! number, boolean, null and GUID operands, `and`/`or`/`not` with parentheses, and
//! `contains`/`startswith`/`endswith` with SQL `LIKE` wildcards (`%`, `_`, `[...]`), all
//! case-insensitive like the default collation
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows).
//!
//! String literals are single-quoted with `''` for a quote; the query string was percent-decoded
//! once before this sees it (so `%40` in the URL is `@` here, and a literal `%` is a wildcard).
//! GUID columns (keys and `_x_value` lookups) take unquoted GUIDs, as Dataverse requires.
//! Anything else is an error message for a 400: never a silently ignored clause.

use super::schema::Table;
use serde_json::{Map, Value};

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Compare(String, Op, Literal),
    Like(String, Vec<Piece>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A literal operand.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    Number(f64),
    Guid(String),
    Bool(bool),
    Null,
}

/// One element of a `LIKE` pattern.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Any,
    One,
    Char(char),
    Class(Vec<char>, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Open,
    Close,
    Comma,
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' | '\t' => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut text = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            text.push('\'');
                        }
                        Some('\'') => break,
                        Some(other) => text.push(other),
                        None => return Err("Unterminated string literal in $filter.".into()),
                    }
                }
                tokens.push(Token::Text(text));
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Word(word));
            }
            other => return Err(format!("Syntax error at '{other}' in $filter.")),
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    table: &'a Table,
}

/// Parses `filter` against `table`'s columns.
pub(crate) fn parse(filter: &str, table: &Table) -> Result<Expr, String> {
    let mut parser = Parser {
        tokens: tokenize(filter)?,
        at: 0,
        table,
    };
    let expr = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(
            "Syntax error: unexpected text after the end of the $filter expression.".into(),
        );
    }
    Ok(expr)
}

fn is_guid(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `column` holds GUIDs (the key and `_x_value` lookup columns).
pub(crate) fn is_guid_column(table: &Table, column: &str) -> bool {
    column == table.key || (column.starts_with('_') && column.ends_with("_value"))
}

impl Parser<'_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.at += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.at += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_word("not") {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("Syntax error: ')' expected in $filter.".into()),
                }
            }
            Some(Token::Word(word)) if self.tokens.get(self.at) == Some(&Token::Open) => {
                self.function(&word)
            }
            Some(Token::Word(column)) => self.comparison(column),
            _ => Err("Syntax error: a property name was expected in $filter.".into()),
        }
    }

    fn column(&self, name: &str) -> Result<String, String> {
        if self.table.has_column(name) {
            Ok(name.to_owned())
        } else {
            Err(format!(
                "Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{}'.",
                self.table.logical
            ))
        }
    }

    fn function(&mut self, name: &str) -> Result<Expr, String> {
        let lower = name.to_ascii_lowercase();
        if !matches!(lower.as_str(), "contains" | "startswith" | "endswith") {
            return Err(format!(
                "The sandbox does not emulate the query function '{name}'."
            ));
        }
        self.at += 1;
        let column = match self.next() {
            Some(Token::Word(column)) => self.column(&column)?,
            _ => return Err(format!("{name}: a property name was expected.")),
        };
        if is_guid_column(self.table, &column) {
            return Err(format!(
                "{name} is not supported on the Guid column '{column}'."
            ));
        }
        let (Some(Token::Comma), Some(Token::Text(text)), Some(Token::Close)) =
            (self.next(), self.next(), self.next())
        else {
            return Err(format!("{name}: expected ({column},'text')."));
        };
        let mut pattern = like_pattern(&text)?;
        if lower != "startswith" {
            pattern.insert(0, Piece::Any);
        }
        if lower != "endswith" {
            pattern.push(Piece::Any);
        }
        Ok(Expr::Like(column, pattern))
    }

    fn comparison(&mut self, column: String) -> Result<Expr, String> {
        let column = self.column(&column)?;
        let op = match self.next() {
            Some(Token::Word(op)) => match op.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                _ => return Err(format!("The sandbox does not emulate the operator '{op}'.")),
            },
            _ => {
                return Err(format!(
                    "Syntax error: an operator was expected after '{column}'."
                ));
            }
        };
        let literal = match self.next() {
            Some(Token::Text(text)) => Literal::Text(text),
            Some(Token::Word(word)) if word == "null" => Literal::Null,
            Some(Token::Word(word)) if word == "true" || word == "false" => {
                Literal::Bool(word == "true")
            }
            Some(Token::Word(word)) if is_guid(&word) => Literal::Guid(word.to_ascii_lowercase()),
            Some(Token::Word(word)) => Literal::Number(
                word.parse()
                    .map_err(|_| format!("Syntax error: '{word}' is not a literal."))?,
            ),
            _ => return Err("Syntax error: a literal was expected in $filter.".into()),
        };
        let guid_column = is_guid_column(self.table, &column);
        match (&literal, guid_column) {
            (Literal::Guid(_) | Literal::Null, true) | (Literal::Null, false) => {}
            (_, true) | (Literal::Guid(_), false) => {
                return Err(format!(
                    "A binary operator with incompatible types was detected for '{column}'."
                ));
            }
            _ => {}
        }
        Ok(Expr::Compare(column, op, literal))
    }
}

fn like_pattern(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        pieces.push(match c {
            '%' => Piece::Any,
            '_' => Piece::One,
            '[' => {
                let mut class = Vec::new();
                let mut negated = false;
                let mut first = true;
                loop {
                    match chars.next() {
                        Some('^') if first => negated = true,
                        Some(']') if !first || !class.is_empty() => break,
                        Some(c) => class.push(c.to_ascii_lowercase()),
                        None => return Err("Unterminated '[' in a LIKE pattern.".into()),
                    }
                    first = false;
                }
                Piece::Class(class, negated)
            }
            c => Piece::Char(c.to_ascii_lowercase()),
        });
    }
    Ok(pieces)
}

fn like(pattern: &[Piece], text: &[char]) -> bool {
    // reachable[j]: the pattern so far can end having consumed text[..j].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    for piece in pattern {
        let mut next = vec![false; text.len() + 1];
        for j in 0..=text.len() {
            if !reachable[j] {
                continue;
            }
            match piece {
                Piece::Any => next[j..].iter_mut().for_each(|slot| *slot = true),
                _ if j == text.len() => {}
                Piece::One => next[j + 1] = true,
                Piece::Char(c) => next[j + 1] |= text[j] == *c,
                Piece::Class(class, negated) => next[j + 1] |= class.contains(&text[j]) != *negated,
            }
        }
        reachable = next;
    }
    reachable[text.len()]
}

/// Whether `row` satisfies `expr`. Comparisons with null are false (SQL semantics), except
/// `eq null` / `ne null`.
pub(crate) fn matches(expr: &Expr, row: &Map<String, Value>) -> bool {
    match expr {
        Expr::Or(a, b) => matches(a, row) || matches(b, row),
        Expr::And(a, b) => matches(a, row) && matches(b, row),
        Expr::Not(inner) => !matches(inner, row),
        Expr::Like(column, pattern) => {
            row.get(column)
                .and_then(Value::as_str)
                .is_some_and(|value| {
                    let text: Vec<char> = value.to_lowercase().chars().collect();
                    like(pattern, &text)
                })
        }
        Expr::Compare(column, op, literal) => {
            let value = row.get(column).unwrap_or(&Value::Null);
            let ordering = match (literal, value) {
                (Literal::Null, Value::Null) => Some(std::cmp::Ordering::Equal),
                (Literal::Null, _) => return *op == Op::Ne,
                (_, Value::Null) => return false,
                (Literal::Text(text) | Literal::Guid(text), Value::String(stored)) => {
                    Some(stored.to_lowercase().cmp(&text.to_lowercase()))
                }
                (Literal::Number(number), Value::Number(stored)) => {
                    stored.as_f64().and_then(|s| s.partial_cmp(number))
                }
                (Literal::Bool(flag), Value::Bool(stored)) => Some(stored.cmp(flag)),
                _ => None,
            };
            let Some(ordering) = ordering else {
                return false;
            };
            match op {
                Op::Eq => ordering.is_eq(),
                Op::Ne => ordering.is_ne(),
                Op::Gt => ordering.is_gt(),
                Op::Ge => ordering.is_ge(),
                Op::Lt => ordering.is_lt(),
                Op::Le => ordering.is_le(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataverse::schema;
    use serde_json::json;

    fn contacts() -> &'static Table {
        schema::table("contacts").unwrap()
    }

    fn row(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn quotes_are_doubled_and_or_chains_parse() {
        let expr = parse(
            "emailaddress1 eq 'sean.o''brien@fabrikam.com' or emailaddress1 eq 'x@y.z'",
            contacts(),
        )
        .unwrap();
        assert!(matches(
            &expr,
            &row(json!({"emailaddress1": "SEAN.O'BRIEN@fabrikam.com"}))
        ));
        assert!(!matches(&expr, &row(json!({"emailaddress1": "sean"}))));
    }

    #[test]
    fn a_lone_quote_cannot_end_the_literal_and_add_clauses() {
        assert!(
            parse(
                "emailaddress1 eq 'x' or 1 eq 1 or emailaddress1 eq 'y'",
                contacts()
            )
            .is_err()
        );
        assert!(parse("emailaddress1 eq 'x''", contacts()).is_err());
    }

    #[test]
    fn unknown_columns_functions_and_operators_are_refused() {
        assert!(parse("nosuch eq 'a'", contacts()).is_err());
        assert!(parse("substringof('a',fullname)", contacts()).is_err());
        assert!(parse("fullname has 'a'", contacts()).is_err());
        assert!(parse("_ownerid_value eq 'not-a-guid'", contacts()).is_err());
    }

    #[test]
    fn like_functions_honour_wildcards_and_escapes() {
        let hit = |filter: &str, name: &str| {
            matches(
                &parse(filter, contacts()).unwrap(),
                &row(json!({"fullname": name})),
            )
        };
        assert!(hit("contains(fullname,'CONTOSO')", "the contoso team"));
        assert!(hit("startswith(fullname,'con')", "Contoso"));
        assert!(!hit("startswith(fullname,'toso')", "Contoso"));
        assert!(hit("contains(fullname,'50[%]')", "50% off"));
        assert!(!hit("contains(fullname,'50[%]')", "500 off"));
        assert!(hit("contains(fullname,'5_0')", "5x0"));
    }

    #[test]
    fn guids_numbers_and_null_compare() {
        let expr = parse(
            "statecode eq 0 and _ownerid_value eq 4B1E8C2A-6D3F-4A5B-9C7E-1F2A3B4C5D6E and jobtitle ne null",
            contacts(),
        )
        .unwrap();
        let yes = row(
            json!({"statecode": 0, "_ownerid_value": "4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e", "jobtitle": "x"}),
        );
        assert!(matches(&expr, &yes));
        let no = row(
            json!({"statecode": 1, "_ownerid_value": "4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e", "jobtitle": "x"}),
        );
        assert!(!matches(&expr, &no));
    }
}
