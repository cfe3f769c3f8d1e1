//! `$expand` as Dataverse applies it to a read
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/join-tables):
//! single-valued navigation properties (the schema's lookups, e.g. a contact's
//! `parentcustomerid_account`) become the related row or `null`, collection-valued ones (the
//! inverse of a lookup, e.g. an account's `opportunity_parent_account`) an array of rows. Inside
//! the parentheses, `;`-separated options: `$select` and `$expand` everywhere; `$filter`,
//! `$orderby` and `$top` on a collection only, and `$orderby`/`$top` not on a collection nested
//! inside another expand, which Dataverse refuses. Anything else is a 400 message.
//!
//! Expanded rows carry `@odata.etag` as that page's examples show them: never a row of a
//! single-valued property (`primarycontactid`, `parentcustomerid_account`, ...), and a row of a
//! collection-valued property only when the query has no nested `$expand` anywhere (compare
//! "Single $expand" with "Nested $expand on collection-valued navigation properties"). A client
//! that needs such a row's version selects `versionnumber` or reads the row itself.

use super::filter::{self, Expr};
use super::org::{Org, Row};
use super::query::{Options, Prefer, represent};
use super::schema::{self, Table};
use serde_json::{Map, Value};

/// A collection-valued navigation property: the rows of `child_set` whose lookup `column`
/// points at the parent's key.
struct Collection {
    parent_set: &'static str,
    nav: &'static str,
    child_set: &'static str,
    column: &'static str,
}

/// The collection-valued navigation properties Closer's connector (and its neighbours) use.
const COLLECTIONS: &[Collection] = &[
    Collection {
        parent_set: "accounts",
        nav: "opportunity_parent_account",
        child_set: "opportunities",
        column: "_parentaccountid_value",
    },
    Collection {
        parent_set: "accounts",
        nav: "contact_customer_accounts",
        child_set: "contacts",
        column: "_parentcustomerid_value",
    },
];

/// How an expanded property is found from its parent row.
#[derive(Debug, Clone, Copy)]
enum Link {
    /// The lookup column of the parent holding the related row's key.
    Single { column: &'static str },
    /// The lookup column of the related rows holding the parent's key.
    Many { column: &'static str },
}

/// One `$expand` item, validated.
#[derive(Debug)]
pub(crate) struct Expand {
    nav: String,
    target: &'static Table,
    link: Link,
    select: Option<Vec<String>>,
    filter: Option<Expr>,
    orderby: Vec<(String, bool)>,
    top: Option<usize>,
    nested: Vec<Expand>,
}

/// Splits on `separator` outside parentheses and quotes.
fn split_top(text: &str, separator: char) -> Vec<&str> {
    let (mut depth, mut quoted, mut start) = (0usize, false, 0);
    let mut items = Vec::new();
    for (at, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            c if c == separator && depth == 0 && !quoted => {
                items.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// Parses a `$expand` value for rows of `table`; `depth` is 0 for the request's own `$expand`.
pub(crate) fn parse(value: &str, table: &Table, depth: usize) -> Result<Vec<Expand>, String> {
    split_top(value, ',')
        .into_iter()
        .map(|item| parse_item(item.trim(), table, depth))
        .collect()
}

fn parse_item(item: &str, table: &Table, depth: usize) -> Result<Expand, String> {
    let (nav, inner) = match item.split_once('(') {
        Some((nav, rest)) => (
            nav.trim(),
            Some(
                rest.strip_suffix(')')
                    .ok_or_else(|| format!("Syntax error in $expand at '{item}'."))?,
            ),
        ),
        None => (item, None),
    };
    let (target, link) = if let Some(lookup) = table.lookup(nav) {
        let target = schema::table(lookup.target_set)
            .ok_or_else(|| format!("The sandbox does not emulate expanding '{nav}'."))?;
        (
            target,
            Link::Single {
                column: lookup.column,
            },
        )
    } else if let Some(collection) = COLLECTIONS
        .iter()
        .find(|c| c.parent_set == table.set && c.nav == nav)
    {
        let target = schema::table(collection.child_set)
            .ok_or_else(|| format!("The sandbox does not emulate expanding '{nav}'."))?;
        (
            target,
            Link::Many {
                column: collection.column,
            },
        )
    } else {
        return Err(format!(
            "Could not find a property named '{nav}' on type 'Microsoft.Dynamics.CRM.{}'.",
            table.logical
        ));
    };
    let mut expand = Expand {
        nav: nav.to_owned(),
        target,
        link,
        select: None,
        filter: None,
        orderby: Vec::new(),
        top: None,
        nested: Vec::new(),
    };
    let many = matches!(link, Link::Many { .. });
    for option in inner.map(|inner| split_top(inner, ';')).unwrap_or_default() {
        let (name, value) = option
            .split_once('=')
            .ok_or_else(|| format!("Syntax error in $expand option '{option}'."))?;
        match (name.trim(), many) {
            ("$select", _) => {
                let columns = value
                    .split(',')
                    .map(|column| {
                        let column = column.trim();
                        if target.has_column(column) {
                            Ok(column.to_owned())
                        } else {
                            Err(format!(
                                "Could not find a property named '{column}' on type 'Microsoft.Dynamics.CRM.{}'.",
                                target.logical
                            ))
                        }
                    })
                    .collect::<Result<_, _>>()?;
                expand.select = Some(columns);
            }
            ("$expand", _) => expand.nested = parse(value, target, depth + 1)?,
            ("$filter", true) => expand.filter = Some(filter::parse(value, target)?),
            ("$orderby" | "$top", true) if depth > 0 => {
                return Err(format!(
                    "{} is not supported on a collection-valued navigation property inside a nested $expand.",
                    name.trim()
                ));
            }
            ("$orderby", true) => {
                let parsed = Options::parse(vec![("$orderby".into(), value.into())], target)?;
                expand.orderby = parsed.orderby;
            }
            ("$top", true) => {
                expand.top = Some(
                    value
                        .trim()
                        .parse()
                        .map_err(|_| format!("Invalid $top value '{value}'."))?,
                )
            }
            (other, _) => {
                return Err(format!(
                    "The query option {other} is not allowed in $expand of '{nav}'."
                ));
            }
        }
    }
    Ok(expand)
}

/// Whether any of `expands` nests another `$expand` (which drops every expanded row's etag).
pub(crate) fn any_nested(expands: &[Expand]) -> bool {
    expands.iter().any(|expand| !expand.nested.is_empty())
}

/// Adds each expanded property of `row` (of `table`) to its representation `out`.
pub(crate) fn apply(
    org: &Org,
    table: &Table,
    row: &Row,
    expands: &[Expand],
    prefer: &Prefer,
    out: &mut Map<String, Value>,
) {
    apply_within(org, table, row, expands, prefer, any_nested(expands), out);
}

/// [`apply`] for a query that has (`nested`) or has no nested `$expand` anywhere.
fn apply_within(
    org: &Org,
    table: &Table,
    row: &Row,
    expands: &[Expand],
    prefer: &Prefer,
    nested: bool,
    out: &mut Map<String, Value>,
) {
    for expand in expands {
        let value = match expand.link {
            Link::Single { column } => row
                .fields
                .get(column)
                .and_then(Value::as_str)
                // A polymorphic lookup expands only through the nav property of its target.
                .filter(|_| row.targets.get(column) == Some(&expand.target.set))
                .and_then(|id| org.row(expand.target.set, id))
                .map_or(Value::Null, |related| {
                    Value::Object(expanded(org, expand, related, prefer, nested, false))
                }),
            Link::Many { column } => {
                let key = row.fields.get(table.key).and_then(Value::as_str);
                let options = Options {
                    filter: expand.filter.clone(),
                    orderby: expand.orderby.clone(),
                    page: 1,
                    ..Options::default()
                };
                let rows = super::query::select_rows(org, expand.target, &options)
                    .into_iter()
                    .filter(|child| {
                        key.is_some() && child.fields.get(column).and_then(Value::as_str) == key
                    })
                    .take(expand.top.unwrap_or(usize::MAX))
                    .map(|child| {
                        Value::Object(expanded(org, expand, child, prefer, nested, !nested))
                    })
                    .collect();
                Value::Array(rows)
            }
        };
        out.insert(expand.nav.clone(), value);
    }
}

/// One expanded row; `etag` says whether it carries `@odata.etag` (see the module header).
fn expanded(
    org: &Org,
    expand: &Expand,
    row: &Row,
    prefer: &Prefer,
    nested: bool,
    etag: bool,
) -> Map<String, Value> {
    let mut out = represent(org, expand.target, row, expand.select.as_deref(), prefer);
    if !etag {
        out.remove("@odata.etag");
    }
    apply_within(
        org,
        expand.target,
        row,
        &expand.nested,
        prefer,
        nested,
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts() -> &'static Table {
        schema::table("contacts").unwrap()
    }

    #[test]
    fn nested_expands_parse_with_their_options() {
        let expands = parse(
            "parentcustomerid_account($select=name,websiteurl;$expand=opportunity_parent_account($select=name;$filter=statecode eq 0))",
            contacts(),
            0,
        )
        .unwrap();
        assert_eq!(expands.len(), 1);
        assert_eq!(expands[0].nested[0].nav, "opportunity_parent_account");
        assert!(expands[0].nested[0].filter.is_some());
    }

    #[test]
    fn what_dataverse_refuses_is_refused() {
        let nested_order =
            "parentcustomerid_account($expand=opportunity_parent_account($orderby=name))";
        assert!(parse(nested_order, contacts(), 0).is_err());
        assert!(parse("nosuchnav", contacts(), 0).is_err());
        assert!(
            parse(
                "parentcustomerid_account($filter=name eq 'x')",
                contacts(),
                0
            )
            .is_err()
        );
        assert!(
            parse(
                "parentcustomerid_account($select=nosuchcolumn)",
                contacts(),
                0
            )
            .is_err()
        );
    }

    #[test]
    fn a_deals_currency_expands_at_any_depth_and_refuses_unknown_columns() {
        let contact = first_row(
            "contacts",
            &[
                ("$filter", "emailaddress1 eq 'priya.raman@contoso.com'"),
                (
                    "$expand",
                    "parentcustomerid_account($select=name;$expand=opportunity_parent_account($select=name,estimatedvalue;$filter=statecode eq 0;$expand=transactioncurrencyid($select=isocurrencycode)))",
                ),
            ],
        );
        let deals = contact["parentcustomerid_account"]["opportunity_parent_account"]
            .as_array()
            .unwrap();
        assert!(!deals.is_empty());
        for deal in deals {
            let currency = &deal["transactioncurrencyid"];
            assert_eq!(currency["isocurrencycode"], "USD", "{deal}");
            assert!(currency["transactioncurrencyid"].is_string(), "{deal}");
            assert!(currency.get("@odata.etag").is_none(), "{deal}");
            assert!(currency.get("currencyname").is_none(), "{deal}");
            // A currency column drags its row's currency lookup along (select-columns).
            assert!(deal["_transactioncurrencyid_value"].is_string(), "{deal}");
        }
        let opportunities = schema::table("opportunities").unwrap();
        assert!(
            parse(
                "transactioncurrencyid($select=isocurrencycode,nosuch)",
                opportunities,
                0
            )
            .is_err()
        );
        assert!(
            parse(
                "transactioncurrencyid($filter=isocurrencycode eq 'USD')",
                opportunities,
                0
            )
            .is_err()
        );
    }

    fn first_row(set: &str, query: &[(&str, &str)]) -> Value {
        let state = super::super::org::DataverseState::default();
        let org = &state.orgs[super::super::org::DEFAULT_ORG];
        let table = schema::table(set).unwrap();
        let pairs = query
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        let options = Options::parse(pairs, table).unwrap();
        let (body, _) = super::super::query::page(org, table, &options, &Prefer::default(), "/");
        body["value"][0].clone()
    }

    #[test]
    fn expanded_rows_carry_etags_only_where_join_tables_shows_them() {
        let contact = first_row(
            "contacts",
            &[
                ("$filter", "emailaddress1 eq 'priya.raman@contoso.com'"),
                (
                    "$expand",
                    "parentcustomerid_account($select=name;$expand=opportunity_parent_account($select=name))",
                ),
            ],
        );
        assert!(contact["@odata.etag"].is_string(), "{contact}");
        let account = &contact["parentcustomerid_account"];
        assert_eq!(account["name"], "Contoso Ltd");
        assert!(account.get("@odata.etag").is_none(), "{account}");
        let deals = account["opportunity_parent_account"].as_array().unwrap();
        assert!(!deals.is_empty());
        assert!(deals.iter().all(|deal| deal.get("@odata.etag").is_none()));

        // A single, un-nested expand of a collection keeps its rows' etags.
        let account = first_row(
            "accounts",
            &[
                ("$filter", "name eq 'Contoso Ltd'"),
                ("$expand", "opportunity_parent_account($select=name)"),
            ],
        );
        let deals = account["opportunity_parent_account"].as_array().unwrap();
        assert!(!deals.is_empty());
        assert!(deals.iter().all(|deal| deal["@odata.etag"].is_string()));
    }
}
