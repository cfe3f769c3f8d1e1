//! Query options and preferences as Dataverse applies them to a read: `$select` (an unknown
//! column is a 400), `$filter` (see [`super::filter`]), `$orderby`, `$top`, `Prefer:
//! odata.maxpagesize` with a `$skiptoken` paging cookie in `@odata.nextLink` (the link keeps
//! every other option, https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/page-results),
//! and `Prefer: odata.include-annotations` for formatted values and lookup annotations.
//! `$expand` (see [`super::expand`]). `$count`, `$skip`, `$apply` and unknown options are refused
//! with a 400 naming them.

use super::expand::{self, Expand};
use super::filter::{self, Expr};
use super::org::{Org, Row};
use super::schema::{self, Table};
use crate::web::percent_encode;
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

/// Dataverse's largest page (and the default when no `odata.maxpagesize` is sent).
pub(crate) const MAX_PAGE: usize = 5_000;

/// The options of one request, validated against its table.
#[derive(Debug, Default)]
pub(crate) struct Options {
    /// Every pair as decoded, for the next link.
    pub pairs: Vec<(String, String)>,
    pub select: Option<Vec<String>>,
    pub filter: Option<Expr>,
    pub orderby: Vec<(String, bool)>,
    pub top: Option<usize>,
    /// `$expand`ed navigation properties.
    pub expand: Vec<Expand>,
    /// The page number from a `$skiptoken` paging cookie.
    pub page: usize,
}

impl Options {
    /// Reads and validates `pairs` for `table`.
    pub fn parse(pairs: Vec<(String, String)>, table: &Table) -> Result<Self, String> {
        let mut options = Options {
            page: 1,
            ..Options::default()
        };
        let column = |name: &str| -> Result<String, String> {
            let name = name.trim();
            if table.has_column(name) {
                Ok(name.to_owned())
            } else {
                Err(format!(
                    "Could not find a property named '{name}' on type 'Microsoft.Dynamics.CRM.{}'.",
                    table.logical
                ))
            }
        };
        for (name, value) in &pairs {
            match name.as_str() {
                "$select" => {
                    options.select = Some(value.split(',').map(column).collect::<Result<_, _>>()?)
                }
                "$filter" => options.filter = Some(filter::parse(value, table)?),
                "$orderby" => {
                    for item in value.split(',') {
                        let mut words = item.split_whitespace();
                        let name = column(words.next().unwrap_or_default())?;
                        let descending = match words.next().map(str::to_ascii_lowercase) {
                            None => false,
                            Some(word) if word == "asc" => false,
                            Some(word) if word == "desc" => true,
                            Some(word) => {
                                return Err(format!("Syntax error at '{word}' in $orderby."));
                            }
                        };
                        options.orderby.push((name, descending));
                    }
                }
                "$top" => {
                    options.top = Some(
                        value
                            .parse()
                            .map_err(|_| format!("Invalid $top value '{value}'."))?,
                    )
                }
                "$skiptoken" => options.page = page_number(value)?,
                "$expand" => options.expand = expand::parse(value, table, 0)?,
                other => {
                    return Err(format!(
                        "The query parameter {other} is not supported by the sandbox's Dataverse."
                    ));
                }
            }
        }
        options.pairs = pairs;
        Ok(options)
    }
}

/// The preferences of one request (`Prefer`, comma-separated, values possibly quoted).
#[derive(Debug, Default)]
pub(crate) struct Prefer {
    pub max_page_size: Option<usize>,
    pub annotations: Vec<String>,
    pub return_representation: bool,
}

impl Prefer {
    /// Reads every `Prefer` header.
    pub fn parse(headers: &axum::http::HeaderMap) -> Result<Self, String> {
        let mut prefer = Prefer::default();
        for value in headers.get_all("prefer") {
            let value = value.to_str().map_err(|_| "Invalid Prefer header.")?;
            for item in split_outside_quotes(value) {
                let (name, setting) = item.split_once('=').unwrap_or((item.as_str(), ""));
                let setting = setting.trim().trim_matches('"');
                match name.trim().to_ascii_lowercase().as_str() {
                    "odata.maxpagesize" => {
                        let size: usize = setting
                            .parse()
                            .map_err(|_| format!("Invalid odata.maxpagesize '{setting}'."))?;
                        prefer.max_page_size = Some(size.clamp(1, MAX_PAGE));
                    }
                    "odata.include-annotations" => {
                        prefer.annotations =
                            setting.split(',').map(|s| s.trim().to_owned()).collect()
                    }
                    "return" => prefer.return_representation = setting == "representation",
                    _ => {}
                }
            }
        }
        Ok(prefer)
    }

    /// Whether annotation `name` was asked for (exactly, by `*`, or by a `prefix*` pattern).
    pub fn wants(&self, name: &str) -> bool {
        self.annotations
            .iter()
            .any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => pattern == name,
            })
    }
}

fn split_outside_quotes(value: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                items.last_mut().expect("never empty").push(c);
            }
            ',' if !quoted => items.push(String::new()),
            c => items.last_mut().expect("never empty").push(c),
        }
    }
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .collect()
}

const FORMATTED: &str = "OData.Community.Display.V1.FormattedValue";
const LOOKUP_LOGICAL: &str = "Microsoft.Dynamics.CRM.lookuplogicalname";
const NAVIGATION: &str = "Microsoft.Dynamics.CRM.associatednavigationproperty";

/// A row as Dataverse returns it: `@odata.etag`, the selected columns (every column without
/// `$select`; absent ones as `null`; the key always), and the annotations asked for.
pub(crate) fn represent(
    org: &Org,
    table: &Table,
    row: &Row,
    select: Option<&[String]>,
    prefer: &Prefer,
) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), Value::String(row.etag()));
    let columns: Vec<&str> = match select {
        Some(select) => select.iter().map(String::as_str).collect(),
        None => table.columns.to_vec(),
    };
    // A currency column brings its row's currency lookup along, selected or not
    // (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/select-columns).
    let drags_currency = columns.iter().any(|column| MONEY.contains(column))
        && table.has_column(CURRENCY_COLUMN)
        && !columns.contains(&CURRENCY_COLUMN);
    let dragged = drags_currency.then_some(CURRENCY_COLUMN);
    for column in columns.into_iter().chain(dragged).chain([table.key]) {
        let value = row.fields.get(column).cloned().unwrap_or(Value::Null);
        annotate(org, table, row, column, &value, prefer, &mut out);
        out.insert(column.into(), value);
    }
    out
}

/// The currency (money) columns the sandbox's tables have.
const MONEY: &[&str] = &["estimatedvalue", "revenue"];
/// The lookup to the row's currency (`transactioncurrency`).
const CURRENCY_COLUMN: &str = "_transactioncurrencyid_value";

/// The symbol of the row's currency, `$` when it has none (the org's base currency is USD).
fn currency_symbol(org: &Org, row: &Row) -> String {
    row.fields
        .get(CURRENCY_COLUMN)
        .and_then(Value::as_str)
        .and_then(|id| org.row("transactioncurrencies", id))
        .and_then(|currency| currency.fields.get("currencysymbol"))
        .and_then(Value::as_str)
        .unwrap_or("$")
        .to_owned()
}

fn annotate(
    org: &Org,
    table: &Table,
    row: &Row,
    column: &str,
    value: &Value,
    prefer: &Prefer,
    out: &mut Map<String, Value>,
) {
    let mut put = |annotation: &str, text: String| {
        if prefer.wants(annotation) {
            out.insert(format!("{column}@{annotation}"), Value::String(text));
        }
    };
    if let (Some(id), Some(target)) = (value.as_str(), row.targets.get(column)) {
        let Some(target_table) = schema::table(target) else {
            return;
        };
        if let Some(name) = org
            .row(target, id)
            .and_then(|target_row| target_row.fields.get(target_table.name))
            .and_then(Value::as_str)
        {
            put(FORMATTED, name.to_owned());
        }
        put(LOOKUP_LOGICAL, target_table.logical.to_owned());
        if let Some(lookup) = table
            .lookups
            .iter()
            .find(|lookup| lookup.column == column && lookup.target_set == *target)
        {
            put(NAVIGATION, lookup.nav.to_owned());
        }
        return;
    }
    if let Some(code) = value.as_i64()
        && let Some(label) = schema::choice_label(table, column, code)
    {
        put(FORMATTED, label);
    } else if MONEY.contains(&column)
        && let Some(amount) = value.as_f64()
    {
        put(FORMATTED, money(&currency_symbol(org, row), amount));
    }
}

/// `$48,000.00` (or `€42,000.00`), as the row's currency formats it for an en-US user.
fn money(symbol: &str, amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{symbol}{grouped}.{:02}", cents % 100)
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// The rows of `table` matching the filter, in `$orderby` order (primary key order without
/// one, which is what makes the paging cookie's page numbers stable).
pub(crate) fn select_rows<'a>(org: &'a Org, table: &Table, options: &Options) -> Vec<&'a Row> {
    let mut rows: Vec<&Row> = org
        .rows
        .get(table.set)
        .into_iter()
        .flat_map(|rows| rows.values())
        .filter(|row| {
            options
                .filter
                .as_ref()
                .is_none_or(|expr| filter::matches(expr, &row.fields))
        })
        .collect();
    rows.sort_by(|a, b| {
        options
            .orderby
            .iter()
            .map(|(column, descending)| {
                let ordering = compare(
                    a.fields.get(column).unwrap_or(&Value::Null),
                    b.fields.get(column).unwrap_or(&Value::Null),
                );
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            })
            .find(|ordering| ordering.is_ne())
            .unwrap_or_else(|| compare(&a.fields[table.key], &b.fields[table.key]))
    });
    rows
}

/// One page of a collection: `@odata.context`, `value`, and `@odata.nextLink` when more
/// remain. Returns the body and whether `odata.maxpagesize` was applied.
pub(crate) fn page(
    org: &Org,
    table: &Table,
    options: &Options,
    prefer: &Prefer,
    base: &str,
) -> (Value, bool) {
    let rows = select_rows(org, table, options);
    let (size, paged) = match (prefer.max_page_size, options.top) {
        // `$top` is ignored when a page size is asked for.
        (Some(size), _) => (size, true),
        (None, Some(top)) => (top.min(MAX_PAGE), false),
        (None, None) => (MAX_PAGE, true),
    };
    let skip = (options.page - 1) * size;
    let value: Vec<Value> = rows
        .iter()
        .skip(skip)
        .take(size)
        .map(|row| {
            let mut out = represent(org, table, row, options.select.as_deref(), prefer);
            expand::apply(org, table, row, &options.expand, prefer, &mut out);
            Value::Object(out)
        })
        .collect();
    let select = options
        .select
        .as_ref()
        .map(|columns| format!("({})", columns.join(",")))
        .unwrap_or_default();
    let mut body = json!({
        "@odata.context": format!("{base}$metadata#{}{select}", table.set),
        "value": value,
    });
    if paged && skip + size < rows.len() {
        let last = rows[skip + size - 1].fields[table.key]
            .as_str()
            .unwrap_or_default();
        let first = rows[skip].fields[table.key].as_str().unwrap_or_default();
        let cookie = paging_cookie(table, options.page, first, last);
        let mut pairs: Vec<(String, String)> = options
            .pairs
            .iter()
            .filter(|(name, _)| name != "$skiptoken")
            .cloned()
            .collect();
        pairs.push(("$skiptoken".into(), cookie));
        let query = pairs
            .iter()
            .map(|(name, value)| format!("{name}={}", percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        body["@odata.nextLink"] = Value::String(format!("{base}{}?{query}", table.set));
    }
    (body, prefer.max_page_size.is_some())
}

/// The `$skiptoken` Dataverse sends: an XML `cookie` element whose `pagingcookie` attribute
/// holds a twice-encoded inner cookie with the page's first and last keys.
fn paging_cookie(table: &Table, page: usize, first: &str, last: &str) -> String {
    let inner = format!(
        "<cookie page=\"{page}\"><{key} last=\"{{{last}}}\" first=\"{{{first}}}\" /></cookie>",
        key = table.key,
        last = last.to_ascii_uppercase(),
        first = first.to_ascii_uppercase(),
    );
    format!(
        "<cookie pagenumber=\"{}\" pagingcookie=\"{}\" istracking=\"False\" />",
        page + 1,
        percent_encode(&percent_encode(&inner))
    )
}

fn page_number(skiptoken: &str) -> Result<usize, String> {
    let invalid = || "The $skiptoken is not a valid paging cookie.".to_owned();
    let start = skiptoken.find("pagenumber=\"").ok_or_else(invalid)? + "pagenumber=\"".len();
    let digits: String = skiptoken[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .ok()
        .filter(|page| *page >= 1)
        .ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped() {
        assert_eq!(money("$", 48_000.0), "$48,000.00");
        assert_eq!(money("$", 150_000.5), "$150,000.50");
        assert_eq!(money("€", 12.0), "€12.00");
    }

    #[test]
    fn prefer_values_split_outside_quotes() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "prefer",
            "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.*\", odata.maxpagesize=5"
                .parse()
                .unwrap(),
        );
        let prefer = Prefer::parse(&headers).unwrap();
        assert_eq!(prefer.max_page_size, Some(5));
        assert!(prefer.wants(FORMATTED));
        assert!(prefer.wants(LOOKUP_LOGICAL));
        assert!(!prefer.wants("Other.Annotation"));
    }

    #[test]
    fn paging_cookies_carry_the_next_page_number() {
        let table = schema::table("contacts").unwrap();
        let cookie = paging_cookie(table, 1, "a", "b");
        assert!(cookie.contains("pagingcookie=\"%253Ccookie"), "{cookie}");
        assert_eq!(page_number(&cookie).unwrap(), 2);
        assert!(page_number("garbage").is_err());
    }
}
