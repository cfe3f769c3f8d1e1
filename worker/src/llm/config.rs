//! Which model endpoint to call and how to authenticate: [`LlmConfig`] and the provider name
//! parsing behind the `LLM_PROVIDER` wrangler var.
//!
//! Owns the per-flavor differences of the OpenAI wire format (auth header, base URL) and the
//! per-model settings ([`ModelSettings`]: `LLM_TEMPERATURE`, `LLM_SCHEMA_MODE`); the body
//! differences live in `openai_compat`. Holds the API key as a `SecretString` and never prints
//! it; it does not read `Env` (the edge passes values in).

use secrecy::SecretString;
use std::str::FromStr;
use url::Url;

/// A server speaking OpenAI Chat Completions. They differ in auth header, base URL and a few
/// body fields, never in shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmFlavor {
    /// api.openai.com (`Authorization: Bearer`).
    OpenAi,
    /// Azure OpenAI v1 API, `https://{resource}.openai.azure.com/openai/v1/`, with an
    /// `api-key` header and the deployment name as the model.
    /// <https://learn.microsoft.com/en-us/azure/ai-foundry/openai/api-version-lifecycle>
    AzureOpenAi,
    /// Ollama's `/v1/` (the key is required by SDKs but ignored).
    Ollama,
    /// `vllm serve --api-key ...` (`Authorization: Bearer`).
    Vllm,
    /// llama.cpp's `llama-server` (`Authorization: Bearer` only when started with `--api-key`).
    LlamaCpp,
}

impl LlmFlavor {
    /// The canonical `LLM_PROVIDER` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::OpenAi => "openai",
            Self::AzureOpenAi => "azure-openai",
            Self::Ollama => "ollama",
            Self::Vllm => "vllm",
            Self::LlamaCpp => "llamacpp",
        }
    }
}

/// Where chats go: an OpenAI-wire HTTP endpoint, or the Workers AI binding (`env.AI`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmBackend {
    /// An HTTP endpoint called through the transport.
    OpenAiWire(LlmFlavor),
    /// The `[ai]` binding; the edge calls it with `workers_ai`'s mapping.
    WorkersAiBinding,
}

impl FromStr for LlmBackend {
    type Err = LlmConfigError;

    /// Reads `LLM_PROVIDER`: case-insensitive, `_` and `-` alike, a few common spellings.
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let name = raw.trim().to_ascii_lowercase().replace('_', "-");
        let flavor = match name.as_str() {
            "openai" => LlmFlavor::OpenAi,
            "azure" | "azure-openai" | "azureopenai" => LlmFlavor::AzureOpenAi,
            "ollama" => LlmFlavor::Ollama,
            "vllm" => LlmFlavor::Vllm,
            "llamacpp" | "llama.cpp" | "llama-cpp" | "llama-server" => LlmFlavor::LlamaCpp,
            "workers-ai" | "workersai" | "cloudflare" => return Ok(Self::WorkersAiBinding),
            _ => return Err(LlmConfigError::UnknownProvider),
        };
        Ok(Self::OpenAiWire(flavor))
    }
}

impl FromStr for LlmFlavor {
    type Err = LlmConfigError;

    /// Like [`LlmBackend::from_str`], refusing the binding (it has no HTTP flavor).
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match raw.parse()? {
            LlmBackend::OpenAiWire(flavor) => Ok(flavor),
            LlmBackend::WorkersAiBinding => Err(LlmConfigError::UnknownProvider),
        }
    }
}

/// Why an LLM configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmConfigError {
    /// `LLM_PROVIDER` names no known provider.
    #[error("llm provider must be one of openai, azure-openai, ollama, vllm, llamacpp, workers-ai")]
    UnknownProvider,
    /// The base URL is not an http(s) URL that paths can be joined to.
    #[error("llm base url is not an http(s) url")]
    InvalidUrl,
    /// No model (or Azure deployment) name.
    #[error("llm model name is empty")]
    MissingModel,
    /// `LLM_TEMPERATURE` is neither `auto`, `omit` nor a number in 0..=2.
    #[error("LLM_TEMPERATURE must be auto, omit, or a number from 0 to 2")]
    InvalidTemperature,
    /// `LLM_SCHEMA_MODE` is none of `strict`, `portable`, `json_object`.
    #[error("LLM_SCHEMA_MODE must be strict, portable or json_object")]
    InvalidSchemaMode,
}

/// What to send as `temperature` (`LLM_TEMPERATURE`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum TemperatureSetting {
    /// The default: send the temperature each prompt asks for, except to models known to refuse
    /// it (see [`is_reasoning_model`]).
    #[default]
    Auto,
    /// Never send `temperature` (reasoning models, and Azure deployments of them whose names
    /// say nothing of the model).
    Omit,
    /// Always send this value, whatever the prompt asks.
    Fixed(f64),
}

/// How a structured answer is asked for (`LLM_SCHEMA_MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemaMode {
    /// `json_schema` with the schema exactly as Closer writes it (current OpenAI models accept
    /// every keyword Closer uses).
    Strict,
    /// The default: `json_schema`, strict, without the keywords that Structured Outputs did not
    /// support at launch and that older and Azure deployments still refuse (`minItems`,
    /// `maxLength`, `pattern`, `format`, ...; see [`UNPORTABLE_KEYWORDS`]). Closer checks those
    /// bounds on the answer itself, so nothing is lost but a hint.
    #[default]
    Portable,
    /// `{"type":"json_object"}` with the schema in an instruction, for servers without
    /// Structured Outputs.
    JsonObject,
}

/// JSON Schema keywords that strict Structured Outputs refused when launched ("Some
/// type-specific keywords are not yet supported": for strings `minLength`, `maxLength`,
/// `pattern`, `format`; for numbers `minimum`, `maximum`, `multipleOf`; for objects
/// `patternProperties`, `unevaluatedProperties`, `propertyNames`, `minProperties`,
/// `maxProperties`; for arrays `unevaluatedItems`, `contains`, `minContains`, `maxContains`,
/// `minItems`, `maxItems`, `uniqueItems`). Newer OpenAI models accept some of them; Azure
/// deployments of older models and older API versions still answer 400 "Invalid schema for
/// response_format". https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
/// https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/structured-outputs#supported-schemas-and-limitations
pub const UNPORTABLE_KEYWORDS: &[&str] = &[
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

/// Whether OpenAI documents `model` as a reasoning model, which refuses a `temperature` other
/// than its default: the o-series (o1, o3, o4-mini) and the gpt-5 family. They answer 400
/// `{"error":{"message":"Unsupported value: 'temperature' does not support 0.2 with this model.
/// Only the default (1) value is supported.","type":"invalid_request_error","param":
/// "temperature","code":"unsupported_value"}}` (o1-mini: `unsupported_parameter`).
/// https://platform.openai.com/docs/guides/reasoning (reasoning models; parameter support)
/// https://learn.microsoft.com/en-us/azure/ai-foundry/openai/how-to/reasoning#not-supported
/// Azure deployment names are the customer's own, so for Azure set `LLM_TEMPERATURE=omit`.
pub fn is_reasoning_model(model: &str) -> bool {
    let name = model.trim().to_ascii_lowercase();
    // Fine-tuned models are named `ft:{base}:{org}...`.
    let name = name.strip_prefix("ft:").unwrap_or(&name);
    let o_series = ["o1", "o3", "o4"].iter().any(|family| {
        name.strip_prefix(family)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
    });
    o_series || name.starts_with("gpt-5")
}

/// The per-model settings of one deployment, from `LLM_TEMPERATURE` and `LLM_SCHEMA_MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ModelSettings {
    /// What to do with the prompts' temperatures.
    pub temperature: TemperatureSetting,
    /// How structured answers are asked for.
    pub schema_mode: SchemaMode,
}

impl ModelSettings {
    /// Reads the two vars; absent or empty values take the defaults (`auto`, `portable`).
    pub fn parse(
        temperature: Option<&str>,
        schema_mode: Option<&str>,
    ) -> Result<Self, LlmConfigError> {
        let temperature = match temperature.map(|t| t.trim().to_ascii_lowercase()) {
            None => TemperatureSetting::Auto,
            Some(t) if t.is_empty() || t == "auto" => TemperatureSetting::Auto,
            Some(t) if t == "omit" || t == "none" => TemperatureSetting::Omit,
            Some(t) => t
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=2.0).contains(v))
                .map(TemperatureSetting::Fixed)
                .ok_or(LlmConfigError::InvalidTemperature)?,
        };
        let schema_mode = match schema_mode
            .map(|m| m.trim().to_ascii_lowercase().replace('-', "_"))
            .as_deref()
        {
            None | Some("") | Some("portable") => SchemaMode::Portable,
            Some("strict") => SchemaMode::Strict,
            Some("json_object" | "json") => SchemaMode::JsonObject,
            Some(_) => return Err(LlmConfigError::InvalidSchemaMode),
        };
        Ok(Self {
            temperature,
            schema_mode,
        })
    }
}

/// How to reach one OpenAI-wire endpoint.
#[derive(Clone)]
pub struct LlmConfig {
    flavor: LlmFlavor,
    base_url: Url,
    chat_url: Url,
    model: String,
    api_key: Option<SecretString>,
    settings: ModelSettings,
}

impl LlmConfig {
    /// An endpoint at `base_url` (e.g. `https://api.openai.com/v1/`; a missing trailing `/` is
    /// added so that `chat/completions` appends to the path) serving `model` (for Azure, the
    /// deployment name).
    pub fn new(
        flavor: LlmFlavor,
        base_url: Url,
        model: impl Into<String>,
    ) -> Result<Self, LlmConfigError> {
        let mut base_url = base_url;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(LlmConfigError::InvalidUrl);
        }
        if !base_url.path().ends_with('/') {
            let path = format!("{}/", base_url.path());
            base_url.set_path(&path);
        }
        let chat_url = base_url
            .join("chat/completions")
            .map_err(|_| LlmConfigError::InvalidUrl)?;
        let model = model.into();
        if model.trim().is_empty() {
            return Err(LlmConfigError::MissingModel);
        }
        Ok(Self {
            flavor,
            base_url,
            chat_url,
            model,
            api_key: None,
            settings: ModelSettings::default(),
        })
    }

    /// Adds the key (`LLM_API_KEY`), sent as the flavor's auth header.
    pub fn with_api_key(mut self, api_key: SecretString) -> Self {
        self.api_key = Some(api_key);
        self
    }

    /// Sets the per-model settings (`LLM_TEMPERATURE`, `LLM_SCHEMA_MODE`).
    pub fn with_settings(mut self, settings: ModelSettings) -> Self {
        self.settings = settings;
        self
    }

    /// The per-model settings.
    pub fn settings(&self) -> ModelSettings {
        self.settings
    }

    /// The `temperature` to send for a prompt that asks for `requested`.
    pub fn temperature(&self, requested: Option<f64>) -> Option<f64> {
        match self.settings.temperature {
            TemperatureSetting::Auto if is_reasoning_model(&self.model) => None,
            TemperatureSetting::Auto => requested,
            TemperatureSetting::Omit => None,
            TemperatureSetting::Fixed(value) => Some(value),
        }
    }

    /// The server flavor.
    pub fn flavor(&self) -> LlmFlavor {
        self.flavor
    }

    /// The base URL, ending in `/`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// `{base}chat/completions`.
    pub fn chat_completions_url(&self) -> &Url {
        &self.chat_url
    }

    /// The model (or Azure deployment) name sent as `model`.
    pub fn model(&self) -> &str {
        &self.model
    }

    pub(super) fn api_key(&self) -> Option<&SecretString> {
        self.api_key.as_ref()
    }
}

// Written by hand so that the key's presence shows but never its value.
impl std::fmt::Debug for LlmConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmConfig")
            .field("flavor", &self.flavor)
            .field("base_url", &self.base_url.as_str())
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("settings", &self.settings)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("openai", LlmBackend::OpenAiWire(LlmFlavor::OpenAi))]
    #[case(" Azure_OpenAI ", LlmBackend::OpenAiWire(LlmFlavor::AzureOpenAi))]
    #[case("azure", LlmBackend::OpenAiWire(LlmFlavor::AzureOpenAi))]
    #[case("OLLAMA", LlmBackend::OpenAiWire(LlmFlavor::Ollama))]
    #[case("vllm", LlmBackend::OpenAiWire(LlmFlavor::Vllm))]
    #[case("llama.cpp", LlmBackend::OpenAiWire(LlmFlavor::LlamaCpp))]
    #[case("llama-server", LlmBackend::OpenAiWire(LlmFlavor::LlamaCpp))]
    #[case("workers-ai", LlmBackend::WorkersAiBinding)]
    fn provider_names_parse(#[case] raw: &str, #[case] expected: LlmBackend) {
        assert_eq!(raw.parse::<LlmBackend>(), Ok(expected));
    }

    #[test]
    fn unknown_names_and_the_binding_are_not_flavors() {
        assert_eq!(
            "gpt".parse::<LlmBackend>(),
            Err(LlmConfigError::UnknownProvider)
        );
        assert_eq!(
            "workers-ai".parse::<LlmFlavor>(),
            Err(LlmConfigError::UnknownProvider)
        );
        for flavor in [
            LlmFlavor::OpenAi,
            LlmFlavor::AzureOpenAi,
            LlmFlavor::Ollama,
            LlmFlavor::Vllm,
            LlmFlavor::LlamaCpp,
        ] {
            assert_eq!(flavor.name().parse::<LlmFlavor>(), Ok(flavor));
        }
    }

    #[test]
    fn chat_url_appends_to_the_base_path() {
        let url = Url::parse("https://r.openai.azure.com/openai/v1").unwrap();
        let config = LlmConfig::new(LlmFlavor::AzureOpenAi, url, "deploy").unwrap();
        assert_eq!(
            config.chat_completions_url().as_str(),
            "https://r.openai.azure.com/openai/v1/chat/completions"
        );
    }

    #[test]
    fn bad_urls_and_empty_models_are_refused() {
        let ftp = Url::parse("ftp://x.example/").unwrap();
        assert_eq!(
            LlmConfig::new(LlmFlavor::OpenAi, ftp, "m").err(),
            Some(LlmConfigError::InvalidUrl)
        );
        let ok = Url::parse("https://x.example/v1/").unwrap();
        assert_eq!(
            LlmConfig::new(LlmFlavor::OpenAi, ok, " ").err(),
            Some(LlmConfigError::MissingModel)
        );
    }

    #[rstest]
    #[case("o1", true)]
    #[case("o1-mini", true)]
    #[case("o3-mini-2025-01-31", true)]
    #[case("o4-mini", true)]
    #[case("gpt-5", true)]
    #[case("GPT-5-mini", true)]
    #[case("ft:gpt-5-mini:acme::x1", true)]
    #[case("gpt-4o-mini", false)]
    #[case("gpt-4.1", false)]
    #[case("o1x", false)]
    #[case("llama3.2", false)]
    fn reasoning_models_are_known_by_name(#[case] model: &str, #[case] reasoning: bool) {
        assert_eq!(is_reasoning_model(model), reasoning);
    }

    #[test]
    fn settings_parse_with_safe_defaults() {
        assert_eq!(
            ModelSettings::parse(None, None),
            Ok(ModelSettings {
                temperature: TemperatureSetting::Auto,
                schema_mode: SchemaMode::Portable
            })
        );
        assert_eq!(
            ModelSettings::parse(Some(" OMIT "), Some("json-object")),
            Ok(ModelSettings {
                temperature: TemperatureSetting::Omit,
                schema_mode: SchemaMode::JsonObject
            })
        );
        assert_eq!(
            ModelSettings::parse(Some("0.7"), Some("Strict")).map(|s| s.temperature),
            Ok(TemperatureSetting::Fixed(0.7))
        );
        assert_eq!(
            ModelSettings::parse(Some("3"), None),
            Err(LlmConfigError::InvalidTemperature)
        );
        assert_eq!(
            ModelSettings::parse(Some("warm"), None),
            Err(LlmConfigError::InvalidTemperature)
        );
        assert_eq!(
            ModelSettings::parse(None, Some("loose")),
            Err(LlmConfigError::InvalidSchemaMode)
        );
    }

    #[test]
    fn temperature_follows_the_setting_and_the_model() {
        let url = Url::parse("https://api.openai.com/v1/").unwrap();
        let chat = LlmConfig::new(LlmFlavor::OpenAi, url.clone(), "gpt-4o-mini").unwrap();
        let reasoning = LlmConfig::new(LlmFlavor::OpenAi, url, "o3-mini").unwrap();
        assert_eq!(chat.temperature(Some(0.2)), Some(0.2));
        assert_eq!(reasoning.temperature(Some(0.2)), None);
        let omit = ModelSettings {
            temperature: TemperatureSetting::Omit,
            ..ModelSettings::default()
        };
        assert_eq!(
            chat.clone().with_settings(omit).temperature(Some(0.2)),
            None
        );
        let fixed = ModelSettings {
            temperature: TemperatureSetting::Fixed(1.0),
            ..ModelSettings::default()
        };
        assert_eq!(
            reasoning.with_settings(fixed).temperature(Some(0.2)),
            Some(1.0)
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let url = Url::parse("https://api.openai.com/v1/").unwrap();
        let config = LlmConfig::new(LlmFlavor::OpenAi, url, "gpt-4o-mini")
            .unwrap()
            .with_api_key(SecretString::from("sk-very-secret"));
        let text = format!("{config:?}");
        assert!(!text.contains("sk-very-secret"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }
}
