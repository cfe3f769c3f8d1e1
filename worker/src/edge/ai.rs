//! The AI routes at the edge, and the model they use: the configured OpenAI-wire endpoint over
//! the transport, or the Workers AI binding (`LLM_PROVIDER=workers-ai`, with an `[ai]` binding
//! named `AI` in wrangler.toml), both behind [`ChatModel`].

use super::{EdgeSleeper, EdgeTransport, SignedIn, required, respond, secret};
use crate::ai::trackers::Trackers;
use crate::config::var;
use crate::error::ApiFailure;
use crate::llm::workers_ai;
use crate::llm::{
    ChatCompletion, ChatModel, ChatRequest, LlmBackend, LlmClient, LlmConfig, LlmConfigError,
    LlmError, ModelSettings,
};
use crate::provider::{Provider, ProviderError};
use crate::routes;
use closer_wire::{SaveSummaryNote, SummaryRequest};
use worker::{Env, Response};

/// The binding name of Workers AI in wrangler.toml.
const AI_BINDING: &str = "AI";

/// The model the configuration names.
pub(super) enum EdgeModel<'a> {
    /// An OpenAI-wire endpoint.
    Http(LlmClient<EdgeTransport<'a>, EdgeSleeper>),
    /// The Workers AI binding.
    Binding { ai: worker::Ai, model: String },
}

impl ChatModel for EdgeModel<'_> {
    async fn complete(&self, request: &ChatRequest) -> Result<ChatCompletion, LlmError> {
        match self {
            Self::Http(client) => client.complete(request).await,
            Self::Binding { ai, model } => {
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
                workers_ai::completion_from_output(model, &output)
            }
        }
    }
}

impl<'a> SignedIn<'a> {
    pub(super) fn model(&self) -> Result<EdgeModel<'_>, ApiFailure> {
        let model = required(&self.config.llm_model, var::LLM_MODEL)?;
        let backend: LlmBackend =
            self.config
                .llm_provider
                .parse()
                .map_err(|_| ApiFailure::NotConfigured {
                    what: var::LLM_PROVIDER,
                })?;
        match backend {
            LlmBackend::WorkersAiBinding => Ok(EdgeModel::Binding {
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
                Ok(EdgeModel::Http(
                    LlmClient::new(&self.transport, config).with_retry(EdgeSleeper),
                ))
            }
        }
    }
}

/// `POST /api/ai/summary`.
pub async fn summary(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let body: Result<SummaryRequest, _> = req.json().await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let body = body.map_err(|_| ApiFailure::BadRequest {
                reason: "Expected {\"message_id\": \"...\"}.".into(),
            })?;
            let trackers =
                Trackers::from_config(session.config.trackers.as_deref()).map_err(|_| {
                    ApiFailure::NotConfigured {
                        what: var::TRACKERS,
                    }
                })?;
            let graph = session.graph().await?;
            let model = session.model()?;
            // CRM context is optional: without a working CRM connection the summary is still
            // made from the thread alone.
            let connected = session.connected().await.ok();
            let crm = connected.as_ref().map(|c| &c.crm);
            let result = routes::ai::summary(
                &graph,
                &model,
                crm,
                &session.user.username,
                &trackers,
                &body,
            )
            .await;
            if let Some(connected) = &connected {
                session.keep_session(connected).await?;
            }
            result
        }
        .await,
    )
}

/// `POST /api/ai/summary/note`: the seller's "Save as note".
pub async fn summary_note(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let body: Result<SaveSummaryNote, _> = req.json().await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let body = body.map_err(|_| ApiFailure::BadRequest {
                reason:
                    "Expected {\"message_id\", \"entity\", \"record_id\", \"title\", \"text\"}."
                        .into(),
            })?;
            let connected = session.connected().await?;
            let lock = super::pane::save_lock()?;
            let pane = session.pane(&connected.crm, &connected.store, &[]);
            let result = routes::ai::note::save_note(&pane, lock, body).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}
