//! The SOQL subset the emulation reads, parsed honestly: `SELECT` of fields (one-level
//! relationship paths like `Account.Name`) `FROM` one object, `WHERE` with `=`, `!=`, `<>`, `<`,
//! `<=`, `>`, `>=`, `[NOT] IN (…)`, `LIKE`, `AND`, `OR`, `NOT` and parentheses over string,
//! number, boolean, `null` and date literals, semi-joins `Id [NOT] IN (SELECT AccountId FROM
//! Contact WHERE …)` (one field, no nesting, no `ORDER BY`), `ORDER BY` fields `ASC`/`DESC`
//! `NULLS FIRST`/`LAST`, `LIMIT`, `OFFSET`. Anything else (aggregates, parent-to-child sub-queries, `GROUP BY`, date functions and
//! literals like `TODAY`, bind variables, `FOR`, `WITH`, `USING SCOPE`, `TYPEOF`, `INCLUDES`) is
//! `MALFORMED_QUERY` saying it is not emulated: never silently ignored.
//! https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm

use super::lex::Token;
use crate::salesforce::errors::SfError;

/// A parsed `SELECT`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Query {
    pub fields: Vec<String>,
    pub object: String,
    pub clauses: Clauses,
}

/// `WHERE`, `ORDER BY`, `LIMIT`, `OFFSET` (shared with SOSL's `RETURNING Obj(…)`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Clauses {
    pub filter: Option<Cond>,
    pub order: Vec<Order>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// A condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
    Not(Box<Cond>),
    Compare {
        field: String,
        op: &'static str,
        value: Literal,
    },
    In {
        field: String,
        values: Vec<Literal>,
        negated: bool,
    },
    Like {
        field: String,
        pattern: String,
    },
    /// A semi-join (anti-join when negated): `field [NOT] IN (SELECT id FROM Object WHERE …)`.
    InQuery {
        field: String,
        query: Box<Query>,
        negated: bool,
    },
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Str(String),
    Number(f64),
    Bool(bool),
    Null,
    Date(String),
}

/// One `ORDER BY` item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Order {
    pub field: String,
    pub descending: bool,
    pub nulls_last: bool,
}

const NOT_EMULATED: &[&str] = &[
    "GROUP", "HAVING", "FOR", "WITH", "USING", "TYPEOF", "INCLUDES", "EXCLUDES", "ROLLUP", "CUBE",
];

/// A cursor over tokens.
pub(crate) struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    pub fn new(tokens: Vec<Token>) -> Self {
        Self { tokens, at: 0 }
    }

    pub fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    pub fn at_end(&self) -> bool {
        self.at >= self.tokens.len()
    }

    /// Whether the next token is the keyword `word` (any case).
    pub fn is_keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    /// Consumes the keyword `word` if it is next.
    pub fn eat_keyword(&mut self, word: &str) -> bool {
        let found = self.is_keyword(word);
        if found {
            self.at += 1;
        }
        found
    }

    pub fn expect_keyword(&mut self, word: &str) -> Result<(), SfError> {
        if self.eat_keyword(word) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("expecting {word}")))
        }
    }

    pub fn eat(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.at += 1;
        }
        found
    }

    pub fn expect(&mut self, token: &Token, what: &str) -> Result<(), SfError> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("expecting {what}")))
        }
    }

    /// `MALFORMED_QUERY` at the current token.
    pub fn unexpected(&self, context: &str) -> SfError {
        let found = match self.peek() {
            None => "<EOF>".to_owned(),
            Some(Token::Word(w) | Token::Number(w) | Token::Date(w)) => w.clone(),
            Some(Token::Str(s)) => format!("'{s}'"),
            Some(other) => format!("{other:?}"),
        };
        SfError::malformed_query(format!("unexpected token: {found} ({context})"))
    }

    fn not_emulated(&self) -> Option<SfError> {
        match self.peek() {
            Some(Token::Word(w)) if NOT_EMULATED.iter().any(|k| w.eq_ignore_ascii_case(k)) => {
                Some(SfError::malformed_query(format!(
                    "{} is not emulated by the sandbox",
                    w.to_ascii_uppercase()
                )))
            }
            Some(Token::Colon) => Some(SfError::malformed_query(
                "bind variables are not supported by the REST API",
            )),
            _ => None,
        }
    }

    /// A field name (identifier or dotted path), not a keyword.
    pub fn field(&mut self) -> Result<String, SfError> {
        match self.peek() {
            Some(Token::Word(w)) if !is_reserved(w) => {
                let w = w.clone();
                self.at += 1;
                if self.peek() == Some(&Token::LParen) {
                    return Err(SfError::malformed_query(format!(
                        "function {w}() is not emulated by the sandbox"
                    )));
                }
                Ok(w)
            }
            Some(Token::LParen) => Err(SfError::malformed_query(
                "sub-queries are not emulated by the sandbox",
            )),
            _ => Err(self.unexpected("expecting a field name")),
        }
    }

    /// An object name (`FROM Contact`, `RETURNING Account(…)`).
    pub fn object_name(&mut self) -> Result<String, SfError> {
        match self.peek() {
            Some(Token::Word(w)) if !is_reserved(w) && !w.contains('.') => {
                let w = w.clone();
                self.at += 1;
                Ok(w)
            }
            _ => Err(self.unexpected("expecting an object name")),
        }
    }

    /// `field (, field)*`.
    pub fn field_list(&mut self) -> Result<Vec<String>, SfError> {
        let mut fields = vec![self.field()?];
        while self.eat(&Token::Comma) {
            fields.push(self.field()?);
        }
        Ok(fields)
    }

    /// `[WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]`.
    pub fn clauses(&mut self) -> Result<Clauses, SfError> {
        let mut clauses = Clauses::default();
        if let Some(err) = self.not_emulated() {
            return Err(err);
        }
        if self.eat_keyword("WHERE") {
            clauses.filter = Some(self.or()?);
        }
        if let Some(err) = self.not_emulated() {
            return Err(err);
        }
        if self.eat_keyword("ORDER") {
            self.expect_keyword("BY")?;
            loop {
                let field = self.field()?;
                let descending = if self.eat_keyword("DESC") {
                    true
                } else {
                    self.eat_keyword("ASC");
                    false
                };
                let nulls_last = if self.eat_keyword("NULLS") {
                    if self.eat_keyword("LAST") {
                        true
                    } else {
                        self.expect_keyword("FIRST")?;
                        false
                    }
                } else {
                    false
                };
                clauses.order.push(Order {
                    field,
                    descending,
                    nulls_last,
                });
                if !self.eat(&Token::Comma) {
                    break;
                }
            }
        }
        if self.eat_keyword("LIMIT") {
            clauses.limit = Some(self.count()?);
        }
        if self.eat_keyword("OFFSET") {
            clauses.offset = Some(self.count()?);
        }
        if let Some(err) = self.not_emulated() {
            return Err(err);
        }
        Ok(clauses)
    }

    pub fn count(&mut self) -> Result<usize, SfError> {
        match self.next() {
            Some(Token::Number(n)) => n
                .parse()
                .map_err(|_| SfError::malformed_query(format!("invalid count: {n}"))),
            _ => {
                self.at -= 1;
                Err(self.unexpected("expecting a whole number"))
            }
        }
    }

    fn or(&mut self) -> Result<Cond, SfError> {
        let mut left = self.and()?;
        while self.eat_keyword("OR") {
            left = Cond::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Cond, SfError> {
        let mut left = self.not()?;
        while self.eat_keyword("AND") {
            left = Cond::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Cond, SfError> {
        if self.eat_keyword("NOT") {
            return Ok(Cond::Not(Box::new(self.not()?)));
        }
        if self.eat(&Token::LParen) {
            let inner = self.or()?;
            self.expect(&Token::RParen, "')'")?;
            return Ok(inner);
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Cond, SfError> {
        let field = self.field()?;
        if self.eat_keyword("LIKE") {
            return match self.next() {
                Some(Token::Str(pattern)) => Ok(Cond::Like { field, pattern }),
                _ => {
                    self.at -= 1;
                    Err(self.unexpected("LIKE takes a string"))
                }
            };
        }
        let negated = self.eat_keyword("NOT");
        if self.eat_keyword("IN") {
            self.expect(&Token::LParen, "'('")?;
            if self.eat_keyword("SELECT") {
                let query = self.semi_join()?;
                self.expect(&Token::RParen, "')'")?;
                return Ok(Cond::InQuery {
                    field,
                    query: Box::new(query),
                    negated,
                });
            }
            let mut values = vec![self.literal()?];
            while self.eat(&Token::Comma) {
                values.push(self.literal()?);
            }
            self.expect(&Token::RParen, "')'")?;
            return Ok(Cond::In {
                field,
                values,
                negated,
            });
        }
        if negated {
            return Err(self.unexpected("expecting IN after NOT"));
        }
        if let Some(err) = self.not_emulated() {
            return Err(err);
        }
        match self.next() {
            Some(Token::Op(op)) => Ok(Cond::Compare {
                field,
                op,
                value: self.literal()?,
            }),
            _ => {
                self.at -= 1;
                Err(self.unexpected("expecting a comparison operator"))
            }
        }
    }

    /// The sub-query of a semi-join, after its `SELECT`: one field, `FROM`, and a `WHERE` at
    /// most. Salesforce refuses `ORDER BY` there and semi-joins nested in one another.
    fn semi_join(&mut self) -> Result<Query, SfError> {
        let field = self.field()?;
        if self.peek() == Some(&Token::Comma) {
            return Err(SfError::malformed_query(
                "a semi-join sub-query selects exactly one field",
            ));
        }
        self.expect_keyword("FROM")?;
        let object = self.object_name()?;
        let mut clauses = Clauses::default();
        if self.eat_keyword("WHERE") {
            clauses.filter = Some(self.or()?);
        }
        if clauses.filter.as_ref().is_some_and(has_semi_join) {
            return Err(SfError::malformed_query(
                "semi-join sub-selects cannot be nested",
            ));
        }
        if self.is_keyword("ORDER") || self.is_keyword("LIMIT") || self.is_keyword("OFFSET") {
            return Err(SfError::malformed_query(
                "ORDER BY, LIMIT and OFFSET are not allowed in a semi-join sub-query",
            ));
        }
        Ok(Query {
            fields: vec![field],
            object,
            clauses,
        })
    }

    fn literal(&mut self) -> Result<Literal, SfError> {
        if let Some(err) = self.not_emulated() {
            return Err(err);
        }
        let literal = match self.next() {
            Some(Token::Str(s)) => Literal::Str(s),
            Some(Token::Number(n)) => Literal::Number(n.parse().unwrap_or_default()),
            Some(Token::Date(d)) => Literal::Date(d),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("null") => Literal::Null,
            Some(Token::Word(w)) => {
                return Err(SfError::malformed_query(format!(
                    "date literal or identifier {w} is not emulated by the sandbox"
                )));
            }
            _ => {
                self.at -= 1;
                return Err(self.unexpected("expecting a value"));
            }
        };
        Ok(literal)
    }
}

fn is_reserved(word: &str) -> bool {
    const RESERVED: &[&str] = &[
        "SELECT",
        "FROM",
        "WHERE",
        "AND",
        "OR",
        "NOT",
        "IN",
        "LIKE",
        "ORDER",
        "BY",
        "LIMIT",
        "OFFSET",
        "ASC",
        "DESC",
        "NULLS",
        "TRUE",
        "FALSE",
        "NULL",
        "FIND",
        "RETURNING",
    ];
    RESERVED.iter().any(|r| word.eq_ignore_ascii_case(r))
        || NOT_EMULATED.iter().any(|r| word.eq_ignore_ascii_case(r))
}

/// Parses a whole `SELECT` statement.
fn has_semi_join(cond: &Cond) -> bool {
    match cond {
        Cond::And(a, b) | Cond::Or(a, b) => has_semi_join(a) || has_semi_join(b),
        Cond::Not(inner) => has_semi_join(inner),
        Cond::InQuery { .. } => true,
        _ => false,
    }
}

pub(crate) fn query(tokens: Vec<Token>) -> Result<Query, SfError> {
    let mut parser = Parser::new(tokens);
    parser.expect_keyword("SELECT")?;
    let fields = parser.field_list()?;
    parser.expect_keyword("FROM")?;
    let object = parser.object_name()?;
    let clauses = parser.clauses()?;
    if !parser.at_end() {
        return Err(parser.unexpected("the statement should end here"));
    }
    Ok(Query {
        fields,
        object,
        clauses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::salesforce::soql::lex::tokens;

    fn parse(text: &str) -> Result<Query, SfError> {
        query(tokens(text)?)
    }

    #[test]
    fn the_connectors_queries_parse() {
        let q = parse(
            "SELECT Id, Account.Name FROM Opportunity WHERE AccountId = '001x' AND IsClosed = false ORDER BY CloseDate DESC",
        )
        .unwrap();
        assert_eq!(q.fields, ["Id", "Account.Name"]);
        assert_eq!(q.object, "Opportunity");
        assert!(matches!(q.clauses.filter, Some(Cond::And(..))));
        assert!(q.clauses.order[0].descending);
        let q = parse("select id from contact where email in ('a','b') or (not name like 'x%') limit 5 offset 2").unwrap();
        assert!(matches!(q.clauses.filter, Some(Cond::Or(..))));
        assert_eq!((q.clauses.limit, q.clauses.offset), (Some(5), Some(2)));
    }

    #[test]
    fn what_is_not_emulated_is_refused_by_name() {
        for (text, needle) in [
            ("SELECT COUNT() FROM Contact", "COUNT"),
            ("SELECT Id FROM Contact GROUP BY Name", "GROUP"),
            ("SELECT Id FROM Contact WHERE CreatedDate = TODAY", "TODAY"),
            (
                "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE AccountId IN (SELECT Id FROM Account))",
                "cannot be nested",
            ),
            (
                "SELECT Id FROM Account WHERE Id IN (SELECT AccountId, Id FROM Contact)",
                "exactly one field",
            ),
            (
                "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact ORDER BY Name)",
                "not allowed in a semi-join",
            ),
            (
                "SELECT Id, (SELECT Id FROM Contacts) FROM Account",
                "sub-queries",
            ),
            ("SELECT Id FROM Contact WHERE Name = :name", "bind"),
            ("SELECT Id FROM Contact FOR UPDATE", "FOR"),
            ("SELECT Id FROM Contact WHERE Email = 'a' junk", "end here"),
            ("SELECT Id FROM", "expecting an object name"),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.code, "MALFORMED_QUERY", "{text}");
            assert!(err.message.contains(needle), "{text}: {}", err.message);
        }
    }
}
