//! SOSL, the `/search` resource's language, for the subset Closer uses:
//! `FIND {term} [IN ALL|NAME|EMAIL|PHONE FIELDS] RETURNING Obj[(fields [WHERE …] [ORDER BY …]
//! [LIMIT n])], … [LIMIT n]`. The term's words must each occur (without regard to case) in one
//! of the object's searchable text fields: a simplification of Salesforce's tokenized index that
//! is enough for names and addresses. Backslash-escaped reserved characters are literal, `*` and
//! `?` are wildcards, a `"quoted phrase"` is one word searched as written, and search operators
//! (`AND`, `OR`, `NOT` outside quotes, unescaped reserved characters) are refused as not
//! emulated (`MALFORMED_SEARCH`), never ignored.
//! https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm

use super::errors::SfError;
use super::org::{Record, SalesforceState};
use super::schema::{self, Object};
use super::soql::eval;
use super::soql::lex::{self, Token};
use super::soql::parse::{Clauses, Parser};
use serde_json::Value;

const RESERVED: &str = "?&|!{}[]()^~*:\\\"'+-";

/// One `RETURNING` item.
struct Returning {
    object: &'static Object,
    fields: Vec<String>,
    clauses: Clauses,
}

/// Which fields `IN … FIELDS` searches.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    All,
    Name,
    Email,
    Phone,
}

fn search_error(err: SfError) -> SfError {
    if err.code == "MALFORMED_QUERY" {
        SfError::malformed_search(err.message)
    } else {
        err
    }
}

/// One word of the term as a `LIKE` pattern; `quoted` words (phrases) are never operators.
struct Word {
    pattern: String,
    quoted: bool,
}

/// The words of the term between `{` and `}`, and the text after `}`. A `"…"` phrase is one
/// word, searched as written.
fn term(text: &str) -> Result<(Vec<Word>, &str), SfError> {
    let trimmed = text.trim_start();
    let after_find = trimmed
        .get(..4)
        .filter(|find| find.eq_ignore_ascii_case("FIND"))
        .map(|_| trimmed[4..].trim_start())
        .ok_or_else(|| SfError::malformed_search("unexpected token: expecting FIND"))?;
    let body = after_find.strip_prefix('{').ok_or_else(|| {
        SfError::malformed_search("the search term must be enclosed in braces { }")
    })?;
    let mut words: Vec<Word> = Vec::new();
    let mut current = String::new();
    let mut in_phrase = false;
    let mut literal_chars = 0;
    let finish = |words: &mut Vec<Word>, current: &mut String, quoted: bool| {
        if !current.is_empty() {
            words.push(Word {
                pattern: format!("%{current}%"),
                quoted,
            });
            current.clear();
        }
    };
    let mut chars = body.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, escaped) = chars
                    .next()
                    .ok_or_else(|| SfError::malformed_search("unterminated search term"))?;
                if matches!(escaped, '%' | '_' | '\\') {
                    current.push('\\');
                }
                current.push(escaped);
                literal_chars += 1;
            }
            '"' => {
                finish(&mut words, &mut current, in_phrase);
                in_phrase = !in_phrase;
            }
            '}' if !in_phrase => {
                finish(&mut words, &mut current, false);
                if literal_chars < 2 {
                    return Err(SfError::malformed_search(
                        "search term must be longer than one character",
                    ));
                }
                return Ok((words, &body[at + 1..]));
            }
            c if c.is_whitespace() && !in_phrase => finish(&mut words, &mut current, false),
            '*' if !in_phrase => current.push('%'),
            '?' if !in_phrase => current.push('_'),
            c if !in_phrase && RESERVED.contains(c) => {
                return Err(SfError::malformed_search(format!(
                    "unescaped reserved character '{c}': search operators are not emulated by the sandbox"
                )));
            }
            c => {
                if matches!(c, '%' | '_') {
                    current.push('\\');
                }
                current.push(c);
                literal_chars += 1;
            }
        }
    }
    Err(SfError::malformed_search(
        "unterminated search term: expecting }",
    ))
}

fn operator_words(words: &[Word]) -> bool {
    words.iter().any(|w| {
        let bare = w.pattern.trim_matches('%');
        !w.quoted
            && ["AND", "OR", "NOT"]
                .iter()
                .any(|op| bare.eq_ignore_ascii_case(op))
    })
}

fn scope(parser: &mut Parser) -> Result<Scope, SfError> {
    if !parser.eat_keyword("IN") {
        return Ok(Scope::All);
    }
    let scope = if parser.eat_keyword("ALL") {
        Scope::All
    } else if parser.eat_keyword("NAME") {
        Scope::Name
    } else if parser.eat_keyword("EMAIL") {
        Scope::Email
    } else if parser.eat_keyword("PHONE") {
        Scope::Phone
    } else {
        return Err(SfError::malformed_search(
            "only IN ALL, NAME, EMAIL or PHONE FIELDS are emulated by the sandbox",
        ));
    };
    parser.expect_keyword("FIELDS")?;
    Ok(scope)
}

fn searched(object: &Object, scope: Scope) -> Vec<&'static str> {
    object
        .searchable
        .iter()
        .copied()
        .filter(|field| match scope {
            Scope::All => true,
            Scope::Name => matches!(*field, "Name" | "Subject" | "Title"),
            Scope::Email => field.contains("Email") || field.ends_with("Address"),
            Scope::Phone => field.contains("Phone"),
        })
        .collect()
}

fn returning(org: &SalesforceState, parser: &mut Parser) -> Result<Vec<Returning>, SfError> {
    parser.expect_keyword("RETURNING")?;
    let mut items = Vec::new();
    loop {
        let name = parser.object_name()?;
        let object = schema::object(&name)
            .filter(|object| org.has_object(object))
            .ok_or_else(|| SfError::invalid_type(&name))?;
        let (fields, clauses) = if parser.eat(&Token::LParen) {
            let fields = parser.field_list()?;
            let clauses = parser.clauses()?;
            parser.expect(&Token::RParen, "')'")?;
            (fields, clauses)
        } else {
            (vec!["Id".to_owned()], Clauses::default())
        };
        items.push(Returning {
            object,
            fields,
            clauses,
        });
        if !parser.eat(&Token::Comma) {
            return Ok(items);
        }
    }
}

/// Runs `text`, answering `searchRecords` rows as `version` does.
pub(crate) fn run(org: &SalesforceState, text: &str, version: &str) -> Result<Vec<Value>, SfError> {
    let (words, rest) = term(text)?;
    if operator_words(&words) {
        return Err(SfError::malformed_search(
            "search operators (AND, OR, NOT) are not emulated by the sandbox",
        ));
    }
    let mut parser = Parser::new(lex::tokens(rest).map_err(search_error)?);
    let scope = scope(&mut parser).map_err(search_error)?;
    let items = returning(org, &mut parser).map_err(search_error)?;
    let limit = if parser.eat_keyword("LIMIT") {
        parser.count().map_err(search_error)?
    } else {
        2_000
    };
    if !parser.at_end() {
        return Err(search_error(
            parser.unexpected("the search should end here"),
        ));
    }
    let mut rows = Vec::new();
    for item in &items {
        let paths = eval::paths(item.object, &item.fields).map_err(search_error)?;
        let fields = searched(item.object, scope);
        let found = |record: &Record| {
            words.iter().all(|word| {
                fields
                    .iter()
                    .filter_map(|field| record.text(field))
                    .any(|text| eval::like(text, &word.pattern))
            })
        };
        let records = eval::select(org, item.object, &item.clauses, found).map_err(search_error)?;
        rows.extend(
            records
                .into_iter()
                .map(|record| eval::project(org, record, &paths, version)),
        );
    }
    rows.truncate(limit);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rows: &[Value]) -> Vec<&str> {
        rows.iter().filter_map(|r| r["Name"].as_str()).collect()
    }

    #[test]
    fn finds_across_objects_with_filters() {
        let org = SalesforceState::default();
        let rows = run(
            &org,
            "FIND {Contoso} IN ALL FIELDS RETURNING Account(Id, Name), Opportunity(Id, Name WHERE IsClosed = false LIMIT 5) LIMIT 20",
            "v62.0",
        )
        .unwrap();
        assert_eq!(
            names(&rows),
            [
                "Contoso Ltd",
                "Contoso – Fulfillment Cloud rollout",
                "Contoso – EDI integration add-on"
            ]
        );
        assert_eq!(rows[0]["attributes"]["type"], "Account");
    }

    #[test]
    fn escaped_reserved_characters_are_literal() {
        let org = SalesforceState::default();
        let rows = run(
            &org,
            r"FIND {sean.o\'brien} RETURNING Contact(Id, Name, Email)",
            "v62.0",
        )
        .unwrap();
        assert_eq!(names(&rows), ["Sean O'Brien"]);
        let rows = run(
            &org,
            r"FIND {a@b.com\} RETURNING Contact\(Id\) FIND \{\*} RETURNING Contact(Id)",
            "v62.0",
        )
        .unwrap();
        assert!(rows.is_empty());
        let rows = run(
            &org,
            r#"FIND {Contoso "or"} RETURNING Account(Name)"#,
            "v62.0",
        )
        .unwrap();
        assert!(
            rows.is_empty(),
            "the quoted operator is a word every hit must contain"
        );
        let rows = run(
            &org,
            r#"FIND {"Contoso Ltd"} RETURNING Account(Name)"#,
            "v62.0",
        )
        .unwrap();
        assert_eq!(names(&rows), ["Contoso Ltd"]);
    }

    #[test]
    fn operators_short_terms_and_unknown_objects_are_refused() {
        let org = SalesforceState::default();
        for (text, code) in [
            (
                "FIND {Contoso OR Fabrikam} RETURNING Account",
                "MALFORMED_SEARCH",
            ),
            ("FIND {Contoso \"OR} RETURNING Account", "MALFORMED_SEARCH"),
            ("FIND {Contoso-Ltd} RETURNING Account", "MALFORMED_SEARCH"),
            ("FIND {C} RETURNING Account", "MALFORMED_SEARCH"),
            ("FIND {Contoso} RETURNING Widget__c", "INVALID_TYPE"),
            (
                "FIND {Contoso} RETURNING Account WITH SNIPPET",
                "MALFORMED_SEARCH",
            ),
            ("FIND Contoso RETURNING Account", "MALFORMED_SEARCH"),
        ] {
            assert_eq!(run(&org, text, "v62.0").unwrap_err().code, code, "{text}");
        }
    }
}
