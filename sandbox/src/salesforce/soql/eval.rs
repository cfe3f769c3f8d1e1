//! Running a parsed query against the org: field paths resolved against the schema (unknown is
//! `INVALID_FIELD`, a literal of the wrong type is `INVALID_FIELD` with Salesforce's wording),
//! string comparisons without regard to case, `LIKE` with `%`/`_`, nulls sorted first unless
//! `NULLS LAST`, and rows shaped as the REST API answers them: `attributes` first, the selected
//! fields under their canonical names, a relationship as a nested record (or `null`).

use super::parse::{Clauses, Cond, Literal};
use crate::salesforce::clock;
use crate::salesforce::errors::SfError;
use crate::salesforce::org::{Record, SalesforceState};
use crate::salesforce::schema::{self, Field, FieldType, Object};
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

/// A field path resolved against an object.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path {
    /// One of the object's own fields.
    Own(&'static Field),
    /// `Relationship.Field`: the lookup, its relationship name, the target field's name.
    Related {
        lookup: &'static Field,
        relationship: &'static str,
        field: &'static Field,
    },
}

impl Path {
    /// The field the path ends at.
    pub(crate) fn field(&self) -> &'static Field {
        match self {
            Path::Own(field) | Path::Related { field, .. } => field,
        }
    }

    fn ty(&self) -> FieldType {
        match self {
            Path::Own(field) | Path::Related { field, .. } => field.ty,
        }
    }

    fn name(&self) -> String {
        match self {
            Path::Own(field) => field.name.to_owned(),
            Path::Related {
                relationship,
                field,
                ..
            } => format!("{relationship}.{}", field.name),
        }
    }
}

/// Resolves `path` (`Email`, `Account.Name`) on `object`.
pub(crate) fn resolve(object: &Object, path: &str) -> Result<Path, SfError> {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    match (parts.next(), parts.next()) {
        (None, _) => object
            .field(first)
            .map(Path::Own)
            .ok_or_else(|| SfError::no_such_column(path, object.name)),
        (Some(second), None) => {
            let lookup = object
                .relationship(first)
                .ok_or_else(|| SfError::no_such_column(path, object.name))?;
            let targets: Vec<&Object> = match lookup.ty {
                FieldType::Reference([]) => schema::OBJECTS.iter().collect(),
                FieldType::Reference(names) => {
                    names.iter().filter_map(|n| schema::object(n)).collect()
                }
                _ => Vec::new(),
            };
            let field = targets
                .iter()
                .find_map(|target| target.field(second))
                .ok_or_else(|| SfError::no_such_column(path, object.name))?;
            Ok(Path::Related {
                lookup,
                relationship: lookup.relationship.unwrap_or_default(),
                field,
            })
        }
        _ => Err(SfError::malformed_query(format!(
            "relationship paths deeper than one level ({path}) are not emulated by the sandbox"
        ))),
    }
}

/// The value of `path` on `record` (`Null` when absent).
fn value<'a>(org: &'a SalesforceState, record: &'a Record, path: &Path) -> &'a Value {
    const NULL: &Value = &Value::Null;
    match path {
        Path::Own(field) => record.fields.get(field.name).unwrap_or(NULL),
        Path::Related { lookup, field, .. } => record
            .text(lookup.name)
            .and_then(|id| org.find(id))
            .and_then(|target| target.fields.get(field.name))
            .unwrap_or(NULL),
    }
}

fn type_error(path: &Path, expected: &str, quoted: bool) -> SfError {
    let quotes = if quoted {
        "should be enclosed in quotes"
    } else {
        "should not be enclosed in quotes"
    };
    SfError::new(
        axum::http::StatusCode::BAD_REQUEST,
        "INVALID_FIELD",
        format!(
            "value of filter criterion for field '{}' must be of type {expected} and {quotes}",
            path.name()
        ),
    )
}

/// Refuses a literal that does not fit the field's type, as Salesforce does before running.
fn check_literal(path: &Path, literal: &Literal) -> Result<(), SfError> {
    let fits = match (path.ty(), literal) {
        (_, Literal::Null) => true,
        (FieldType::IdList(_), _) => {
            return Err(SfError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "INVALID_FIELD",
                format!(
                    "field '{}' can not be filtered in a query call",
                    path.name()
                ),
            ));
        }
        (FieldType::Id | FieldType::Text | FieldType::Reference(_), Literal::Str(_)) => true,
        (FieldType::Bool, Literal::Bool(_)) => true,
        (FieldType::Int | FieldType::Currency | FieldType::Percent, Literal::Number(_)) => true,
        (FieldType::Date, Literal::Date(d)) => d.len() == 10 && clock::parse_date(d).is_some(),
        (FieldType::DateTime, Literal::Date(d)) => clock::parse(d).is_some(),
        _ => false,
    };
    if fits {
        return Ok(());
    }
    Err(match path.ty() {
        FieldType::Bool => type_error(path, "boolean", false),
        FieldType::Currency | FieldType::Percent => type_error(path, "double", false),
        FieldType::Int => type_error(path, "integer", false),
        FieldType::Date => type_error(path, "date", false),
        FieldType::DateTime => type_error(path, "dateTime", false),
        _ => type_error(path, "string", true),
    })
}

/// Orders two stored values of a field of type `ty`; `None` for null.
fn compare(ty: FieldType, left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::String(a), Value::String(b)) if ty == FieldType::DateTime => {
            Some(clock::parse(a)?.cmp(&clock::parse(b)?))
        }
        (Value::String(a), Value::String(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
        _ => None,
    }
}

fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::Str(s) => Value::String(s.replace("\\%", "%").replace("\\_", "_")),
        Literal::Number(n) => json!(n),
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Null => Value::Null,
        Literal::Date(d) => Value::String(d.clone()),
    }
}

fn matches_op(ty: FieldType, stored: &Value, op: &str, literal: &Literal) -> bool {
    let wanted = literal_value(literal);
    if wanted.is_null() || stored.is_null() {
        let both = wanted.is_null() && stored.is_null();
        return match op {
            "=" => both,
            "!=" => !both,
            _ => false,
        };
    }
    let Some(ordering) = compare(ty, stored, &wanted) else {
        return op == "!=";
    };
    match op {
        "=" => ordering == Ordering::Equal,
        "!=" => ordering != Ordering::Equal,
        "<" => ordering == Ordering::Less,
        "<=" => ordering != Ordering::Greater,
        ">" => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    }
}

/// `LIKE`: `%` any run, `_` one character, `\%`/`\_` literal; without regard to case.
pub(crate) fn like(text: &str, pattern: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum P {
        Any,
        One,
        Char(char),
    }
    let mut parts = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        parts.push(match c {
            '\\' => P::Char(chars.next().unwrap_or('\\')),
            '%' => P::Any,
            '_' => P::One,
            c => P::Char(c),
        });
    }
    let text: Vec<char> = text.to_lowercase().chars().collect();
    fn go(text: &[char], parts: &[P]) -> bool {
        match parts.split_first() {
            None => text.is_empty(),
            Some((P::Any, rest)) => (0..=text.len()).any(|i| go(&text[i..], rest)),
            Some((P::One, rest)) => !text.is_empty() && go(&text[1..], rest),
            Some((P::Char(c), rest)) => {
                let lower = c.to_lowercase().next().unwrap_or(*c);
                text.first() == Some(&lower) && go(&text[1..], rest)
            }
        }
    }
    go(&text, &parts)
}

/// Checks every field and literal of `cond` before any row is read.
pub(crate) fn check(object: &Object, cond: &Cond) -> Result<(), SfError> {
    match cond {
        Cond::And(a, b) | Cond::Or(a, b) => {
            check(object, a)?;
            check(object, b)
        }
        Cond::Not(inner) => check(object, inner),
        Cond::Compare { field, value, .. } => check_literal(&resolve(object, field)?, value),
        Cond::In { field, values, .. } => {
            let path = resolve(object, field)?;
            values.iter().try_for_each(|v| check_literal(&path, v))
        }
        Cond::InQuery { field, query, .. } => {
            let path = resolve(object, field)?;
            let inner = schema::object(&query.object)
                .ok_or_else(|| SfError::invalid_type(&query.object))?;
            let selected = resolve(inner, &query.fields[0])?;
            if !matches!(path.ty(), FieldType::Id | FieldType::Reference(_))
                || !matches!(selected.ty(), FieldType::Id | FieldType::Reference(_))
            {
                return Err(SfError::malformed_query(
                    "a semi-join compares an ID or reference field with one",
                ));
            }
            query
                .clauses
                .filter
                .as_ref()
                .map_or(Ok(()), |cond| check(inner, cond))
        }
        Cond::Like { field, .. } => {
            let path = resolve(object, field)?;
            match path.ty() {
                FieldType::Text | FieldType::Id | FieldType::Reference(_) => Ok(()),
                _ => Err(SfError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "INVALID_FIELD",
                    format!("invalid operator on field {}: LIKE", path.name()),
                )),
            }
        }
    }
}

fn holds(org: &SalesforceState, object: &Object, record: &Record, cond: &Cond) -> bool {
    let path = |field: &str| resolve(object, field).ok();
    match cond {
        Cond::And(a, b) => holds(org, object, record, a) && holds(org, object, record, b),
        Cond::Or(a, b) => holds(org, object, record, a) || holds(org, object, record, b),
        Cond::Not(inner) => !holds(org, object, record, inner),
        Cond::Compare {
            field,
            op,
            value: literal,
        } => path(field).is_some_and(|p| matches_op(p.ty(), value(org, record, &p), op, literal)),
        Cond::In {
            field,
            values,
            negated,
        } => path(field).is_some_and(|p| {
            let stored = value(org, record, &p);
            values.iter().any(|v| matches_op(p.ty(), stored, "=", v)) != *negated
        }),
        Cond::InQuery {
            field,
            query,
            negated,
        } => path(field).is_some_and(|p| {
            let stored = value(org, record, &p);
            let Some(inner) = schema::object(&query.object) else {
                return false;
            };
            let Ok(selected) = resolve(inner, &query.fields[0]) else {
                return false;
            };
            let found = org.records_of(inner.name).any(|row| {
                query
                    .clauses
                    .filter
                    .as_ref()
                    .is_none_or(|c| holds(org, inner, row, c))
                    && !stored.is_null()
                    && value(org, row, &selected) == stored
            });
            found != *negated
        }),
        Cond::Like { field, pattern } => path(field).is_some_and(|p| {
            value(org, record, &p)
                .as_str()
                .is_some_and(|text| like(text, pattern))
        }),
    }
}

/// The records of `object` that pass `clauses`, ordered, offset and limited. `extra` narrows
/// further (SOSL's search term).
pub(crate) fn select<'a>(
    org: &'a SalesforceState,
    object: &'static Object,
    clauses: &Clauses,
    extra: impl Fn(&Record) -> bool,
) -> Result<Vec<&'a Record>, SfError> {
    if let Some(filter) = &clauses.filter {
        check(object, filter)?;
    }
    let order: Vec<(Path, bool, bool)> = clauses
        .order
        .iter()
        .map(|o| resolve(object, &o.field).map(|p| (p, o.descending, o.nulls_last)))
        .collect::<Result<_, _>>()?;
    let mut rows: Vec<&Record> = org
        .records_of(object.name)
        .filter(|r| {
            clauses
                .filter
                .as_ref()
                .is_none_or(|c| holds(org, object, r, c))
        })
        .filter(|r| extra(r))
        .collect();
    rows.sort_by(|a, b| {
        for (path, descending, nulls_last) in &order {
            let (x, y) = (value(org, a, path), value(org, b, path));
            let ordering = match (x.is_null(), y.is_null()) {
                (true, true) => Ordering::Equal,
                (true, false) => {
                    if *nulls_last {
                        Ordering::Greater
                    } else {
                        Ordering::Less
                    }
                }
                (false, true) => {
                    if *nulls_last {
                        Ordering::Less
                    } else {
                        Ordering::Greater
                    }
                }
                (false, false) => {
                    let ordering = compare(path.ty(), x, y).unwrap_or(Ordering::Equal);
                    if *descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                }
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    });
    let offset = clauses.offset.unwrap_or(0);
    let limit = clauses.limit.unwrap_or(usize::MAX);
    Ok(rows.into_iter().skip(offset).take(limit).collect())
}

/// `attributes` of a record as the REST API writes them.
pub(crate) fn attributes(sobject: &str, id: &str, version: &str) -> Value {
    json!({ "type": sobject, "url": format!("/services/data/{version}/sobjects/{sobject}/{id}") })
}

/// Resolves a `SELECT` list (duplicates refused, as Salesforce does).
pub(crate) fn paths(object: &Object, fields: &[String]) -> Result<Vec<Path>, SfError> {
    let mut seen: Vec<String> = Vec::new();
    fields
        .iter()
        .map(|field| {
            let path = resolve(object, field)?;
            let name = path.name().to_ascii_lowercase();
            if seen.contains(&name) {
                return Err(SfError::malformed_query(format!(
                    "duplicate field selected: {}",
                    path.name()
                )));
            }
            seen.push(name);
            Ok(path)
        })
        .collect()
}

/// One row as the REST API answers it.
pub(crate) fn project(
    org: &SalesforceState,
    record: &Record,
    paths: &[Path],
    version: &str,
) -> Value {
    let mut row = Map::new();
    row.insert(
        "attributes".into(),
        attributes(record.sobject, record.id(), version),
    );
    for path in paths {
        match path {
            Path::Own(field) => {
                row.insert(field.name.into(), value(org, record, path).clone());
            }
            Path::Related {
                lookup,
                relationship,
                field,
            } => {
                let target = record.text(lookup.name).and_then(|id| org.find(id));
                let entry = row.entry(relationship.to_string()).or_insert(Value::Null);
                if let Some(target) = target {
                    if entry.is_null() {
                        let mut nested = Map::new();
                        nested.insert(
                            "attributes".into(),
                            attributes(target.sobject, target.id(), version),
                        );
                        *entry = Value::Object(nested);
                    }
                    if let Value::Object(nested) = entry {
                        nested.insert(
                            field.name.into(),
                            target
                                .fields
                                .get(field.name)
                                .cloned()
                                .unwrap_or(Value::Null),
                        );
                    }
                }
            }
        }
    }
    Value::Object(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like("Contoso Ltd", "contoso%"));
        assert!(like("a_b", "a\\_b"));
        assert!(!like("axb", "a\\_b"));
        assert!(like("axb", "a_b"));
        assert!(!like("Contoso", "%x%"));
    }
}
