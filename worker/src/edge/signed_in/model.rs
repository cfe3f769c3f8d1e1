//! The model the AI routes use: the configured OpenAI-wire endpoint over
//! the transport, or the Workers AI binding (`LLM_PROVIDER=workers-ai`, with an `[ai]` binding
//! named `AI` in wrangler.toml), both behind [`ChatModel`].

use super::SignedIn;
use crate::config::var;
use crate::edge::d1::D1Sql;
use crate::edge::{EdgeSleeper, EdgeTransport, now, required, secret};
use crate::error::ApiFailure;
use crate::identity::UserContext;
use crate::llm::model::StreamEvents;
use crate::llm::workers_ai;
use crate::llm::{
    ChatCompletion, ChatModel, ChatRequest, LlmBackend, LlmClient, LlmConfig, LlmConfigError,
    LlmError, ModelSettings, StreamEvent, Usage,
};
use crate::provider::{Provider, ProviderError};
use crate::quota::TokenBudget;
use crate::store::sql::SqlStore;
use futures::StreamExt;
use worker::Env;

/// The binding name of Workers AI in wrangler.toml.
const AI_BINDING: &str = "AI";

/// The model the configuration names, metered against the tenant's daily token budget.
pub(crate) struct EdgeModel<'a> {
    pub(crate) backend: ModelBackend<'a>,
    pub(crate) meter: TokenMeter,
}

/// Where the model runs.
pub(crate) enum ModelBackend<'a> {
    /// An OpenAI-wire endpoint.
    Http(LlmClient<EdgeTransport<'a>, EdgeSleeper>),
    /// The Workers AI binding.
    Binding { ai: worker::Ai, model: String },
}

/// Adds each answer's tokens to the tenant's daily count (`quota::TokenBudget`). Owns what it
/// needs, so a streamed draft can count its tokens when its last event arrives, after the
/// request's borrows are gone.
#[derive(Clone)]
pub(crate) struct TokenMeter {
    env: Env,
    user: UserContext,
    daily_tokens: u64,
}

impl TokenMeter {
    fn budget(&self) -> TokenBudget<SqlStore<D1Sql<'_>>> {
        TokenBudget::new(
            SqlStore::new(D1Sql { env: &self.env }),
            &self.user,
            self.daily_tokens,
        )
    }

    /// Refuses a model call when today's budget is spent.
    async fn check(&self) -> Result<(), ApiFailure> {
        self.budget()
            .check(now())
            .await?
            .map_err(ApiFailure::AiBudgetSpent)
    }

    /// Counts `usage`; a failed count is logged, never the answer's failure.
    pub(crate) async fn spend(&self, usage: Option<Usage>) {
        let tokens = usage.map_or(0, |usage| u64::from(usage.total_tokens));
        if let Err(error) = self.budget().spend(tokens, now()).await {
            worker::console_warn!("AI token count not stored: {error}");
        }
    }

    /// `events`, counting the tokens the last one reports.
    pub(crate) fn metered(&self, events: StreamEvents<'static>) -> StreamEvents<'static> {
        let meter = self.clone();
        events
            .then(move |event| {
                let meter = meter.clone();
                async move {
                    if let Ok(StreamEvent::Done { usage, .. }) = &event {
                        meter.spend(*usage).await;
                    }
                    event
                }
            })
            .boxed_local()
    }
}

impl EdgeModel<'_> {
    /// The model's name, as the answer reports it.
    pub(crate) fn name(&self) -> String {
        match &self.backend {
            ModelBackend::Http(client) => client.config().model().to_owned(),
            ModelBackend::Binding { model, .. } => model.clone(),
        }
    }
}

impl ChatModel for EdgeModel<'_> {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError> {
        let completion = match &self.backend {
            ModelBackend::Http(client) => client.complete(request).await?,
            ModelBackend::Binding { ai, model } => {
                let output: serde_json::Value = ai
                    .run(model, workers_ai::input(request))
                    .await
                    .map_err(|e| {
                        LlmError::Provider(ProviderError::Server {
                            provider: Provider::Llm,
                            // The binding reports failures as exceptions, not statuses.
                            status: if e.to_string().contains("429") {
                                429
                            } else {
                                502
                            },
                        })
                    })?;
                workers_ai::completion_from_output(model, &output)?
            }
        };
        self.meter.spend(completion.usage).await;
        Ok(completion)
    }
}

impl<'a> SignedIn<'a> {
    /// The configured model, once the tenant's daily token budget allows another call.
    pub(crate) async fn model(&self) -> Result<EdgeModel<'_>, ApiFailure> {
        let meter = TokenMeter {
            env: self.env.clone(),
            user: self.user.clone(),
            daily_tokens: self.config.llm_daily_tokens,
        };
        meter.check().await?;
        Ok(EdgeModel {
            backend: self.model_backend()?,
            meter,
        })
    }

    fn model_backend(&self) -> Result<ModelBackend<'_>, ApiFailure> {
        let model = required(&self.config.llm_model, var::LLM_MODEL)?;
        let backend: LlmBackend =
            self.config
                .llm_provider
                .parse()
                .map_err(|_| ApiFailure::NotConfigured {
                    what: var::LLM_PROVIDER,
                })?;
        match backend {
            LlmBackend::WorkersAiBinding => Ok(ModelBackend::Binding {
                ai: self
                    .env
                    .ai(AI_BINDING)
                    .map_err(|_| ApiFailure::NotConfigured {
                        what: "the AI binding",
                    })?,
                model,
            }),
            LlmBackend::OpenAiWire(flavor) => {
                let base = required(&self.config.llm_url, var::LLM_URL)?;
                let settings = ModelSettings::parse(
                    self.config.llm_temperature.as_deref(),
                    self.config.llm_schema_mode.as_deref(),
                )
                .map_err(|e| ApiFailure::NotConfigured {
                    what: match e {
                        LlmConfigError::InvalidTemperature => var::LLM_TEMPERATURE,
                        _ => var::LLM_SCHEMA_MODE,
                    },
                })?;
                let mut config = LlmConfig::new(flavor, base, model)
                    .map_err(|_| ApiFailure::NotConfigured { what: var::LLM_URL })?
                    .with_settings(settings);
                if let Ok(key) = secret(self.env, var::LLM_API_KEY) {
                    config = config.with_api_key(key);
                }
                Ok(ModelBackend::Http(
                    LlmClient::new(&self.transport, config).with_retry(EdgeSleeper),
                ))
            }
        }
    }
}
