//! The sandbox model's structured output: walks a JSON Schema and produces an instance that
//! validates against it, filling strings with sentences quoted verbatim from the user's
//! messages (round robin) so that citations checked against the source text verify.
//!
//! Covers what Structured Outputs schemas use
//! (<https://platform.openai.com/docs/guides/structured-outputs#supported-schemas>): `type`
//! (also as a list with `null`), `properties`/`required`/`additionalProperties`, `items`,
//! `enum`, `const`, `anyOf`, `allOf`, local `$ref`s and the common string `format`s.

use super::model::Sourced;
use serde_json::{Map, Value, json};

/// References are followed at most this deep, so recursive schemas terminate.
const MAX_DEPTH: usize = 24;
/// Arrays get two items (one if `maxItems` says so), never more than this even if
/// `minItems` asks.
const MAX_ITEMS: u64 = 8;

/// Property names that, beside a `quote` property, name the quoted source (a citation object).
const SOURCE_PROPERTIES: &[&str] = &[
    "ref",
    "message_ref",
    "message_id",
    "message",
    "source",
    "source_id",
    "note_id",
];

/// An instance of `schema`, quoting `quotes` in turn for strings.
/// `sentence` said in other words, as a model that paraphrases would: the same meaning, but
/// words that are not in the source ("we" → "the team", "need" → "require", ...), so an exact
/// quote check must refuse it. Always differs from `sentence`.
pub fn paraphrase(sentence: &str) -> String {
    const SWAPS: &[(&str, &str)] = &[
        ("We ", "The team "),
        ("we ", "the team "),
        (" need ", " require "),
        (" want ", " would like "),
        (" will ", " shall "),
        (" can ", " are able to "),
        (" the ", " this "),
        (" is ", " seems "),
    ];
    let mut out = sentence.to_owned();
    for (from, to) in SWAPS {
        out = out.replacen(from, to, 1);
    }
    if out == sentence {
        out = format!("In short: {sentence}");
    }
    out
}

#[cfg(test)]
pub fn instance(schema: &Value, quotes: &[&str]) -> Value {
    let sourced: Vec<Sourced> = quotes
        .iter()
        .map(|text| Sourced { source: None, text })
        .collect();
    instance_sourced(schema, &sourced)
}

/// An instance of `schema`, quoting `quotes` in turn for strings; a citation-shaped object
/// (`quote` and one of [`SOURCE_PROPERTIES`]) gets a sentence and that sentence's own source,
/// so the citation verifies against the source text.
pub fn instance_sourced(schema: &Value, quotes: &[Sourced]) -> Value {
    instance_with_truth(schema, quotes, false).0
}

/// Like [`instance_sourced`], and says for every citation it wrote whether it is faithful.
/// With `imperfect`, a known share of citations is deliberately wrong, by their position
/// (1-based) among the answer's citations: every 3rd is paraphrased (words changed), else every
/// 5th is misattributed (a verbatim sentence under another source's ref), else every 7th is
/// invented (words no source holds).
pub fn instance_with_truth(
    schema: &Value,
    quotes: &[Sourced],
    imperfect: bool,
) -> (Value, Vec<CitationTruth>) {
    let mut walker = Walker {
        root: schema,
        quotes,
        next: 0,
        imperfect,
        truth: Vec::new(),
    };
    let value = walker.walk(schema, 0);
    (value, walker.truth)
}

/// What kind of citation the sandbox model wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A verbatim sentence under its own source's ref.
    Faithful,
    /// The sentence with words changed.
    Paraphrased,
    /// A verbatim sentence under another source's ref.
    Misattributed,
    /// Words no source holds.
    Invented,
}

/// The ground truth of one citation the model claimed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CitationTruth {
    /// The ref the model claimed.
    #[serde(rename = "ref")]
    pub source: String,
    /// The quote the model claimed.
    pub quote: String,
    /// How it was made.
    pub kind: CitationKind,
    /// Whether a correct verifier keeps it (only [`CitationKind::Faithful`]).
    pub faithful: bool,
}

/// The sentence the imperfect model invents: long enough to be checked, held by no source.
pub const INVENTED_QUOTE: &str = "The customer agreed to a 40% discount on every licence.";

struct Walker<'a> {
    root: &'a Value,
    quotes: &'a [Sourced<'a>],
    next: usize,
    imperfect: bool,
    truth: Vec<CitationTruth>,
}

impl Walker<'_> {
    fn walk(&mut self, schema: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let Some(object) = schema.as_object() else {
            // `true` accepts anything, `false` nothing (null is the least wrong answer).
            return match schema {
                Value::Bool(true) => Value::String(self.quote()),
                _ => Value::Null,
            };
        };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            let target = reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
                .cloned()
                .unwrap_or(Value::Null);
            return self.walk(&target, depth + 1);
        }
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(first) = object.get("enum").and_then(|e| e.as_array()?.first()) {
            return first.clone();
        }
        if let Some(options) = object
            .get("anyOf")
            .or_else(|| object.get("oneOf"))
            .and_then(Value::as_array)
        {
            let chosen = options
                .iter()
                .find(|option| option.get("type").and_then(Value::as_str) != Some("null"))
                .or(options.first());
            return chosen.map_or(Value::Null, |option| self.walk(option, depth + 1));
        }
        if let Some(parts) = object.get("allOf").and_then(Value::as_array) {
            let merged = self.merge(object, parts, depth);
            return self.walk(&merged, depth + 1);
        }
        match pick_type(object) {
            "object" => self.object(object, depth),
            "array" => self.array(object, depth),
            "integer" | "number" => number(object),
            "boolean" => Value::Bool(false),
            "null" => Value::Null,
            _ => self.string(object),
        }
    }

    fn object(&mut self, schema: &Map<String, Value>, depth: usize) -> Value {
        if let Some(citation) = self.citation(schema) {
            return citation;
        }
        let mut out = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let value = self.walk(property, depth + 1);
                out.insert(name.clone(), value);
            }
        }
        // A required name missing from `properties` can only be honoured when extra
        // properties are allowed.
        if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
            for name in names(schema.get("required")) {
                if !out.contains_key(name) {
                    out.insert(name.to_owned(), Value::String(self.quote()));
                }
            }
        }
        Value::Object(out)
    }

    fn array(&mut self, schema: &Map<String, Value>, depth: usize) -> Value {
        let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let count = 2.clamp(min.min(MAX_ITEMS), max.max(min.min(MAX_ITEMS)));
        let items = schema.get("items").cloned().unwrap_or(Value::Bool(true));
        let mut out: Vec<Value> = (0..count).map(|_| self.walk(&items, depth + 1)).collect();
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            let floor = min.max(1) as usize;
            while out.len() > floor && out[1..].contains(&out[0]) {
                out.pop();
            }
        }
        Value::Array(out)
    }

    fn string(&mut self, schema: &Map<String, Value>) -> Value {
        let fixed = match schema.get("format").and_then(Value::as_str) {
            Some("date") => Some("2025-01-15"),
            Some("date-time") => Some("2025-01-15T09:00:00Z"),
            Some("time") => Some("09:00:00Z"),
            Some("email") => Some("anna@contoso.example"),
            Some("uri") => Some("https://contoso.example/"),
            Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
            _ => None,
        };
        let mut text = fixed.map_or_else(|| self.quote(), str::to_owned);
        let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
            text = text.chars().take(max as usize).collect();
        }
        while text.chars().count() < min {
            text.push('.');
        }
        Value::String(text)
    }

    /// The next sentence of the user's messages, round robin.
    fn quote(&mut self) -> String {
        if self.quotes.is_empty() {
            return super::model::LABEL.to_owned();
        }
        let quote = self.quotes[self.next % self.quotes.len()];
        self.next += 1;
        quote.text.to_owned()
    }

    /// A citation object: `{"<source property>": the sentence's source, "quote": sentence}`,
    /// when `schema` has exactly that shape and the prompt delimits sources.
    fn citation(&mut self, schema: &Map<String, Value>) -> Option<Value> {
        let properties = schema.get("properties")?.as_object()?;
        properties.get("quote")?;
        let source_property = SOURCE_PROPERTIES
            .iter()
            .find(|name| properties.contains_key(**name))?;
        if properties.len() != 2 || self.quotes.iter().all(|q| q.source.is_none()) {
            return None;
        }
        let quote = loop {
            let quote = self.quotes[self.next % self.quotes.len()];
            self.next += 1;
            if quote.source.is_some() {
                break quote;
            }
        };
        let source = quote.source.unwrap_or_default();
        let position = self.truth.len() + 1;
        let other = self
            .quotes
            .iter()
            .filter_map(|q| q.source)
            .find(|s| *s != source);
        let (kind, cited, text) = match position {
            _ if !self.imperfect => (CitationKind::Faithful, source, quote.text.to_owned()),
            p if p % 3 == 0 => (CitationKind::Paraphrased, source, paraphrase(quote.text)),
            p if p % 5 == 0 && other.is_some() => (
                CitationKind::Misattributed,
                other.unwrap_or_default(),
                quote.text.to_owned(),
            ),
            p if p % 5 == 0 || p % 7 == 0 => {
                (CitationKind::Invented, source, INVENTED_QUOTE.to_owned())
            }
            _ => (CitationKind::Faithful, source, quote.text.to_owned()),
        };
        self.truth.push(CitationTruth {
            source: cited.to_owned(),
            quote: text.clone(),
            kind,
            faithful: kind == CitationKind::Faithful,
        });
        Some(json!({ *source_property: cited, "quote": text }))
    }

    /// `allOf` as one schema: properties and required lists united, other keywords from the
    /// last part that has them.
    fn merge(&self, object: &Map<String, Value>, parts: &[Value], depth: usize) -> Value {
        let mut merged = object.clone();
        merged.remove("allOf");
        for part in parts {
            let resolved = self.resolve(part, depth);
            let Some(part) = resolved.as_object() else {
                continue;
            };
            for (key, value) in part {
                match (key.as_str(), merged.get_mut(key)) {
                    ("properties", Some(Value::Object(existing))) => {
                        if let Some(more) = value.as_object() {
                            existing.extend(more.clone());
                        }
                    }
                    ("required", Some(Value::Array(existing))) => {
                        existing.extend(value.as_array().cloned().unwrap_or_default());
                    }
                    _ => {
                        merged.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        Value::Object(merged)
    }

    fn resolve(&self, schema: &Value, depth: usize) -> Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) if depth <= MAX_DEPTH => reference
                .strip_prefix('#')
                .and_then(|pointer| self.root.pointer(pointer))
                .map_or(Value::Null, |target| self.resolve(target, depth + 1)),
            _ => schema.clone(),
        }
    }
}

/// The type to produce: the first non-null entry of `type`, else inferred from keywords.
fn pick_type(schema: &Map<String, Value>) -> &str {
    match schema.get("type") {
        Some(Value::String(kind)) => kind,
        Some(Value::Array(kinds)) => {
            let mut names = kinds.iter().filter_map(Value::as_str);
            let first = names.clone().next();
            names.find(|k| *k != "null").or(first).unwrap_or("string")
        }
        _ if schema.contains_key("properties") => "object",
        _ if schema.contains_key("items") => "array",
        _ => "string",
    }
}

/// Zero, moved into `[minimum, maximum]` (exclusive bounds stepped over by one).
fn number(schema: &Map<String, Value>) -> Value {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let mut value = 0.0_f64;
    if let Some(min) = bound("minimum") {
        value = value.max(min);
    }
    if let Some(min) = bound("exclusiveMinimum") {
        value = value.max(min + 1.0);
    }
    if let Some(max) = bound("maximum") {
        value = value.min(max);
    }
    if let Some(max) = bound("exclusiveMaximum") {
        value = value.min(max - 1.0);
    }
    if schema.get("type").and_then(Value::as_str) == Some("integer") || value.fract() == 0.0 {
        json!(value.ceil() as i64)
    } else {
        json!(value)
    }
}

fn names(required: Option<&Value>) -> impl Iterator<Item = &str> {
    required
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTES: &[&str] = &["We renew in May.", "Budget is approved.", "Send the quote."];

    /// The strict-mode schema of `openai-structured-output.request.json`.
    fn followups() -> Value {
        json!({
            "type": "object",
            "properties": {
                "summary": { "type": "string" },
                "tasks": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "subject": { "type": "string" },
                            "due_date": { "type": ["string", "null"] }
                        },
                        "required": ["subject", "due_date"],
                        "additionalProperties": false
                    }
                }
            },
            "required": ["summary", "tasks"],
            "additionalProperties": false
        })
    }

    #[test]
    fn the_fixture_schema_gets_every_property_with_quoted_strings() {
        let value = instance(&followups(), QUOTES);
        let object = value.as_object().unwrap();
        assert_eq!(object.keys().collect::<Vec<_>>(), ["summary", "tasks"]);
        assert!(QUOTES.contains(&value["summary"].as_str().unwrap()));
        let tasks = value["tasks"].as_array().unwrap();
        assert_eq!(tasks.len(), 2);
        let mut used = vec![value["summary"].as_str().unwrap()];
        for task in tasks {
            let task = task.as_object().unwrap();
            assert_eq!(task.len(), 2, "additionalProperties: false");
            for key in ["subject", "due_date"] {
                let text = task[key].as_str().unwrap();
                assert!(QUOTES.contains(&text), "{text}");
                used.push(text);
            }
        }
        // Round robin: five strings over three sentences use every sentence.
        used.sort_unstable();
        used.dedup();
        assert_eq!(used.len(), QUOTES.len());
    }

    #[test]
    fn scalars_take_their_documented_defaults() {
        let schema = json!({
            "type": "object",
            "properties": {
                "stage": { "type": "string", "enum": ["qualify", "propose"] },
                "kind": { "const": "email" },
                "amount": { "type": "number" },
                "count": { "type": "integer", "minimum": 3 },
                "score": { "type": "number", "exclusiveMinimum": 0, "maximum": 0.5 },
                "won": { "type": "boolean" },
                "nothing": { "type": "null" },
                "when": { "type": "string", "format": "date" },
                "short": { "type": "string", "maxLength": 5 },
                "long": { "type": "string", "minLength": 20 }
            }
        });
        let value = instance(&schema, &["Hi."]);
        assert_eq!(value["stage"], "qualify");
        assert_eq!(value["kind"], "email");
        assert_eq!(value["amount"], 0);
        assert_eq!(value["count"], 3);
        assert_eq!(value["score"], 0.5);
        assert_eq!(value["won"], false);
        assert_eq!(value["nothing"], Value::Null);
        assert_eq!(value["when"], "2025-01-15");
        assert_eq!(value["short"], "Hi.");
        assert_eq!(value["long"].as_str().unwrap().len(), 20);
        assert!(value["long"].as_str().unwrap().starts_with("Hi."));
    }

    #[test]
    fn additional_properties_false_adds_nothing_undeclared() {
        let closed = json!({
            "type": "object",
            "properties": { "a": { "type": "string" } },
            "required": ["a", "ghost"],
            "additionalProperties": false
        });
        let value = instance(&closed, QUOTES);
        assert_eq!(value.as_object().unwrap().len(), 1);
        let open = json!({ "type": "object", "required": ["b"] });
        assert_eq!(instance(&open, QUOTES), json!({ "b": "We renew in May." }));
    }

    #[test]
    fn array_sizes_follow_min_and_max_items() {
        let sized = |min: u64, max: u64| {
            let schema = json!({ "type": "array", "items": { "type": "integer" },
                "minItems": min, "maxItems": max });
            instance(&schema, QUOTES).as_array().unwrap().len()
        };
        assert_eq!(sized(0, 1), 1);
        assert_eq!(sized(0, 10), 2);
        assert_eq!(sized(4, 10), 4);
        assert_eq!(sized(0, 0), 0);
        let unique = json!({ "type": "array", "items": { "const": 1 }, "uniqueItems": true });
        assert_eq!(instance(&unique, QUOTES), json!([1]));
    }

    #[test]
    fn refs_any_of_and_all_of_resolve() {
        let schema = json!({
            "$defs": {
                "contact": {
                    "type": "object",
                    "properties": { "name": { "type": "string" } },
                    "required": ["name"],
                    "additionalProperties": false
                },
                "node": {
                    "type": "object",
                    "properties": { "child": { "anyOf": [{ "$ref": "#/$defs/node" }, { "type": "null" }] } }
                }
            },
            "type": "object",
            "properties": {
                "who": { "$ref": "#/$defs/contact" },
                "maybe": { "anyOf": [{ "type": "null" }, { "type": "boolean" }] },
                "both": { "allOf": [
                    { "$ref": "#/$defs/contact" },
                    { "properties": { "role": { "enum": ["buyer"] } } }
                ] },
                "tree": { "$ref": "#/$defs/node" }
            }
        });
        let value = instance(&schema, QUOTES);
        assert_eq!(value["who"].as_object().unwrap().len(), 1);
        assert!(QUOTES.contains(&value["who"]["name"].as_str().unwrap()));
        assert_eq!(value["maybe"], false);
        assert_eq!(value["both"]["role"], "buyer");
        assert!(value["both"]["name"].is_string());
        let mut depth = 0;
        let mut node = &value["tree"];
        while let Some(child) = node.get("child").filter(|c| c.is_object()) {
            node = child;
            depth += 1;
        }
        assert!(depth > 3 && depth <= MAX_DEPTH, "recursion stops: {depth}");
    }

    #[test]
    fn without_user_text_strings_are_labelled() {
        assert_eq!(
            instance(&json!({ "type": "string" }), &[]),
            "[sandbox model]"
        );
    }
}
