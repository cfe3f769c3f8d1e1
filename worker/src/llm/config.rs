//! Which model endpoint to call and how to authenticate: [`LlmConfig`] and the provider name
//! parsing behind the `LLM_PROVIDER` wrangler var.
//!
//! Owns the per-flavor differences of the OpenAI wire format (auth header, base URL); the body
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
}

/// How to reach one OpenAI-wire endpoint.
#[derive(Clone)]
pub struct LlmConfig {
    flavor: LlmFlavor,
    base_url: Url,
    chat_url: Url,
    model: String,
    api_key: Option<SecretString>,
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
        })
    }

    /// Adds the key (`LLM_API_KEY`), sent as the flavor's auth header.
    pub fn with_api_key(mut self, api_key: SecretString) -> Self {
        self.api_key = Some(api_key);
        self
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
