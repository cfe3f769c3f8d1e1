//! What kind of model the sandbox plays for one request, and the refusals that go with it.
//!
//! The traits come from the requested `model` name (as a real deployment's do) or from the
//! control API (`POST /_sandbox/llm/mode`, for stacks whose model name is fixed):
//! - reasoning (OpenAI's o1/o3/o4 and gpt-5 families, or a name containing `reasoning`):
//!   refuses `temperature` other than the default 1, as OpenAI does: 400
//!   `{"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model.
//!   Only the default (1) value is supported.","type":"invalid_request_error","param":
//!   "temperature","code":"unsupported_value"}}`
//!   (<https://platform.openai.com/docs/guides/reasoning>,
//!   <https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/reasoning#not-supported>);
//! - legacy schema (a name containing `legacy-schema`): strict Structured Outputs as launched,
//!   refusing the type-specific keywords it did not support (400 "Invalid schema for
//!   response_format '…': In context=(…), '…' is not permitted.", `param: response_format`)
//!   (<https://platform.openai.com/docs/guides/structured-outputs#supported-schemas>);
//! - imperfect citations (a name containing `imperfect`): paraphrases, misattributes and
//!   invents a known share of its quotes (see `schema::instance_with_truth`).
//!
//! Also owns [`RecordedChat`], the record of each request the model answered, which the
//! bench and tests read back (whole prompt and citation ground truth).

use super::schema::CitationTruth;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How the sandbox model behaves for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelTraits {
    /// Refuses `temperature` (other than 1).
    pub reasoning: bool,
    /// Refuses the Structured Outputs keywords unsupported at launch in strict schemas.
    pub legacy_schema: bool,
    /// Gets a known share of its citations wrong.
    pub imperfect_citations: bool,
}

impl ModelTraits {
    /// The traits a model name implies, added to `forced` (the control API's).
    pub fn of(model: &str, forced: ModelTraits) -> Self {
        let name = model.trim().to_ascii_lowercase();
        let o_series = ["o1", "o3", "o4"].iter().any(|family| {
            name.strip_prefix(family)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
        });
        Self {
            reasoning: forced.reasoning
                || o_series
                || name.starts_with("gpt-5")
                || name.contains("reasoning"),
            legacy_schema: forced.legacy_schema || name.contains("legacy-schema"),
            imperfect_citations: forced.imperfect_citations || name.contains("imperfect"),
        }
    }
}

/// Keywords strict Structured Outputs refused at launch, by the type they constrain.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "patternProperties",
    "unevaluatedProperties",
    "propertyNames",
    "minProperties",
    "maxProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// The refusal of a reasoning model for `temperature`, if the request sets one it refuses.
pub fn temperature_refusal(traits: ModelTraits, temperature: Option<&Value>) -> Option<String> {
    let value = temperature.filter(|t| !t.is_null())?;
    if !traits.reasoning || value.as_f64() == Some(1.0) {
        return None;
    }
    Some(format!(
        "Unsupported value: 'temperature' does not support {value} with this model. Only the \
         default (1) value is supported."
    ))
}

/// The refusal of a legacy deployment for a strict schema using an unsupported keyword:
/// the message names the keyword and where it is, as OpenAI's does.
pub fn schema_refusal(
    traits: ModelTraits,
    name: &str,
    schema: &Value,
    strict: bool,
) -> Option<String> {
    if !traits.legacy_schema || !strict {
        return None;
    }
    let (context, keyword) = first_unsupported(schema, &mut Vec::new())?;
    Some(format!(
        "Invalid schema for response_format '{name}': In context=({context}), '{keyword}' is not \
         permitted."
    ))
}

/// The first unsupported keyword in `schema` and the path to it (property names are not
/// keywords: a property may be called `format`).
fn first_unsupported(schema: &Value, path: &mut Vec<String>) -> Option<(String, String)> {
    let object = schema.as_object()?;
    for (key, value) in object {
        if UNSUPPORTED_KEYWORDS.contains(&key.as_str()) {
            let context = path
                .iter()
                .map(|p| format!("'{p}'"))
                .collect::<Vec<_>>()
                .join(", ");
            return Some((context, key.clone()));
        }
        let found = match (key.as_str(), value) {
            ("properties" | "$defs" | "definitions", Value::Object(map)) => {
                map.iter().find_map(|(name, sub)| {
                    path.extend([key.clone(), name.clone()]);
                    let found = first_unsupported(sub, path);
                    path.truncate(path.len() - 2);
                    found
                })
            }
            ("anyOf" | "allOf" | "oneOf" | "prefixItems", Value::Array(list)) => {
                list.iter().enumerate().find_map(|(i, sub)| {
                    path.extend([key.clone(), i.to_string()]);
                    let found = first_unsupported(sub, path);
                    path.truncate(path.len() - 2);
                    found
                })
            }
            ("items" | "additionalProperties" | "not", sub) => {
                path.push(key.clone());
                let found = first_unsupported(sub, path);
                path.pop();
                found
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// One request the model answered, as it received it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedChat {
    /// The `model` requested.
    pub model: String,
    /// Every message, in order: `(role, text)`.
    pub messages: Vec<(String, String)>,
    /// The ground truth of the citations the answer claimed (empty for text answers).
    pub citations: Vec<CitationTruth>,
    /// When the request arrived, in milliseconds since the Unix epoch: with `took_ms`, what a
    /// benchmark subtracts as the model's own time from a route's.
    pub received_at_ms: f64,
    /// How long the model took to answer it, in milliseconds (a stream: until its body is
    /// ready to send).
    pub took_ms: f64,
}

/// The sandbox keeps this many recent requests.
pub const MAX_RECORDED: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_imply_traits() {
        let none = ModelTraits::default();
        assert!(ModelTraits::of("o3-mini", none).reasoning);
        assert!(ModelTraits::of("gpt-5-mini", none).reasoning);
        assert!(ModelTraits::of("sandbox-reasoning", none).reasoning);
        assert!(!ModelTraits::of("gpt-4o-mini", none).reasoning);
        assert!(!ModelTraits::of("closer-sandbox-model", none).reasoning);
        assert!(ModelTraits::of("x-legacy-schema", none).legacy_schema);
        assert!(ModelTraits::of("x-imperfect", none).imperfect_citations);
        let forced = ModelTraits {
            imperfect_citations: true,
            ..none
        };
        assert!(ModelTraits::of("closer-sandbox-model", forced).imperfect_citations);
    }

    #[test]
    fn reasoning_models_refuse_temperatures_but_the_default() {
        let reasoning = ModelTraits::of("o1", ModelTraits::default());
        assert!(
            temperature_refusal(reasoning, Some(&json!(0.2)))
                .unwrap()
                .contains("0.2")
        );
        assert_eq!(temperature_refusal(reasoning, Some(&json!(1))), None);
        assert_eq!(temperature_refusal(reasoning, None), None);
        assert_eq!(
            temperature_refusal(ModelTraits::default(), Some(&json!(0.2))),
            None
        );
    }

    #[test]
    fn legacy_schemas_name_the_keyword_and_its_place() {
        let legacy = ModelTraits::of("legacy-schema", ModelTraits::default());
        let schema = json!({ "type": "object", "properties": {
            "format": { "type": "string" },
            "points": { "type": "array", "items": { "type": "string" }, "minItems": 1 } } });
        assert_eq!(
            schema_refusal(legacy, "s", &schema, true).as_deref(),
            Some(
                "Invalid schema for response_format 's': In context=('properties', 'points'), 'minItems' is not permitted."
            )
        );
        assert_eq!(schema_refusal(legacy, "s", &schema, false), None);
        assert_eq!(
            schema_refusal(ModelTraits::default(), "s", &schema, true),
            None
        );
        let fine = json!({ "type": "object", "properties": { "format": { "type": "string" } } });
        assert_eq!(schema_refusal(legacy, "s", &fine, true), None);
    }
}
