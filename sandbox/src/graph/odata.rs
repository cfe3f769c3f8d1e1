//! The OData query options the emulated endpoints honour, as Graph applies them: `$select`
//! (only the selected properties plus `id` and annotations; an unknown name is a 400), `$top`
//! with `@odata.nextLink` paging, and `$filter` clauses of the form `prop eq 'literal'` with
//! `''` as the escaped quote. Names are accepted with or without `$` and in any case, as
//! Graph v1.0 does.

use super::{graph_error, percent_encode};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

/// The query options of one request.
#[derive(Debug, Clone, Default)]
pub(super) struct Options {
    /// Every pair as sent (decoded), for rebuilding next links.
    pub pairs: Vec<(String, String)>,
    /// `$select`, split.
    pub select: Option<Vec<String>>,
    /// `$top`.
    pub top: Option<usize>,
    /// `$skip`.
    pub skip: usize,
    /// `$filter`, raw.
    pub filter: Option<String>,
    /// `$orderby`, raw.
    pub orderby: Option<String>,
    /// `$search`, raw (quotes included).
    pub search: Option<String>,
}

impl Options {
    /// Reads the options from decoded query pairs.
    pub fn parse(pairs: Vec<(String, String)>) -> Result<Self, Response> {
        let mut options = Options::default();
        for (name, value) in &pairs {
            let key = name.trim_start_matches('$').to_ascii_lowercase();
            match key.as_str() {
                "select" => {
                    options.select = Some(
                        value
                            .split(',')
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty())
                            .collect(),
                    )
                }
                "top" => options.top = Some(number("$top", value)?),
                "skip" => options.skip = number("$skip", value)?,
                "filter" => options.filter = Some(value.clone()),
                "orderby" => options.orderby = Some(value.clone()),
                "search" => options.search = Some(value.clone()),
                _ => {}
            }
        }
        options.pairs = pairs;
        Ok(options)
    }

    /// The value of a non-OData parameter (e.g. `startDateTime`), by case-insensitive name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn number(name: &str, value: &str) -> Result<usize, Response> {
    value.trim().parse().map_err(|_| {
        graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            &format!("Invalid {name} value '{value}'. It must be a non-negative integer."),
        )
    })
}

/// Applies `$select` to an entity: without it, `hidden` properties are dropped (Graph returns
/// `uniqueBody` only when asked); with it, only the selected properties, `id` and annotations
/// stay, and a name the entity does not have is a 400 naming `entity_type`.
pub(super) fn select(
    entity_type: &str,
    mut object: Map<String, Value>,
    select: Option<&[String]>,
    hidden: &[&str],
) -> Result<Value, Response> {
    let Some(select) = select else {
        for name in hidden {
            object.remove(*name);
        }
        return Ok(Value::Object(object));
    };
    let mut keep: Vec<String> = Vec::new();
    for name in select {
        let Some(key) = object.keys().find(|key| key.eq_ignore_ascii_case(name)) else {
            return Err(graph_error(
                StatusCode::BAD_REQUEST,
                "RequestBroker--ParseUri",
                &format!("Could not find a property named '{name}' on type '{entity_type}'."),
            ));
        };
        keep.push(key.clone());
    }
    object.retain(|key, _| key == "id" || key.starts_with("@odata") || keep.contains(key));
    Ok(Value::Object(object))
}

/// One page of `items` per `$top` (default `default_top`, at most `max_top`) and `$skip`,
/// with `@odata.nextLink` = this request's URL with the next `$skip` when more remain.
pub(super) fn page(
    items: Vec<Value>,
    options: &Options,
    default_top: usize,
    max_top: usize,
    context: &str,
    self_url: &str,
) -> Value {
    let top = options.top.unwrap_or(default_top).clamp(1, max_top);
    let total = items.len();
    let value: Vec<Value> = items.into_iter().skip(options.skip).take(top).collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::String(context.into()));
    body.insert("value".into(), Value::Array(value));
    let next = options.skip + top;
    if next < total {
        let mut pairs: Vec<(String, String)> = options
            .pairs
            .iter()
            .filter(|(key, _)| !key.trim_start_matches('$').eq_ignore_ascii_case("skip"))
            .cloned()
            .collect();
        pairs.push(("$skip".into(), next.to_string()));
        let query = pairs
            .iter()
            .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        body.insert(
            "@odata.nextLink".into(),
            Value::String(format!("{self_url}?{query}")),
        );
    }
    Value::Object(body)
}

/// Parses `prop eq 'literal'`: the property name and the unescaped literal. `None` for any
/// other shape, including a literal whose quote is not doubled (it would end the literal).
pub(super) fn eq_filter(filter: &str) -> Option<(String, String)> {
    let filter = filter.trim();
    let lower = filter.to_ascii_lowercase();
    let at = lower.find(" eq ")?;
    let property = filter[..at].trim();
    if property.is_empty() || property.contains(char::is_whitespace) {
        return None;
    }
    let literal = filter[at + 4..].trim();
    let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        value.push(c);
    }
    Some((property.to_owned(), value))
}

/// The first property of `$orderby` and whether it is descending.
pub(super) fn order(orderby: &str) -> (String, bool) {
    let first = orderby.split(',').next().unwrap_or_default().trim();
    let mut words = first.split_whitespace();
    let property = words.next().unwrap_or_default().to_owned();
    let descending = words.next().is_some_and(|w| w.eq_ignore_ascii_case("desc"));
    (property, descending)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn eq_filters_unescape_doubled_quotes_and_refuse_lone_ones() {
        assert_eq!(
            eq_filter("conversationId eq 'AAQk=='"),
            Some(("conversationId".into(), "AAQk==".into()))
        );
        assert_eq!(
            eq_filter("JoinWebUrl EQ 'a''b'"),
            Some(("JoinWebUrl".into(), "a'b".into()))
        );
        assert_eq!(eq_filter("conversationId eq 'a' or subject eq 'b'"), None);
        assert_eq!(eq_filter("isRead eq false"), None);
    }

    #[test]
    fn select_keeps_id_and_annotations_and_refuses_unknown_names() {
        let object =
            json!({"@odata.etag": "e", "id": "1", "subject": "s", "body": {}, "uniqueBody": {}});
        let Value::Object(object) = object else {
            unreachable!()
        };
        let all = select(
            "microsoft.graph.message",
            object.clone(),
            None,
            &["uniqueBody"],
        )
        .unwrap();
        assert!(all.get("uniqueBody").is_none() && all.get("body").is_some());
        let picked = ["SUBJECT".to_owned(), "uniqueBody".to_owned()];
        let some = select(
            "microsoft.graph.message",
            object.clone(),
            Some(&picked),
            &[],
        )
        .unwrap();
        assert_eq!(
            some,
            json!({"@odata.etag": "e", "id": "1", "subject": "s", "uniqueBody": {}})
        );
        let unknown = ["nope".to_owned()];
        let err = select("microsoft.graph.message", object, Some(&unknown), &[]).unwrap_err();
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn pages_link_to_the_next_skip_with_the_other_options_kept() {
        let options = Options::parse(vec![
            ("$filter".into(), "conversationId eq 'a b'".into()),
            ("$top".into(), "2".into()),
        ])
        .unwrap();
        let items = (0..5).map(|i| json!({ "id": i })).collect();
        let body = page(
            items,
            &options,
            10,
            1000,
            "ctx",
            "http://x/graph/v1.0/me/messages",
        );
        assert_eq!(body["value"].as_array().unwrap().len(), 2);
        assert_eq!(
            body["@odata.nextLink"],
            "http://x/graph/v1.0/me/messages?%24filter=conversationId%20eq%20%27a%20b%27&%24top=2&%24skip=2"
        );
    }
}
