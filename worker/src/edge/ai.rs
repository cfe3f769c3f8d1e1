//! The AI routes at the edge, and the model they use: the configured OpenAI-wire endpoint over
//! the transport, or the Workers AI binding (`LLM_PROVIDER=workers-ai`, with an `[ai]` binding
//! named `AI` in wrangler.toml), both behind [`ChatModel`].

use super::d1::D1Sql;
use super::{EdgeSleeper, EdgeTransport, SignedIn, now, required, respond, secret};
use crate::ai::trackers::Trackers;
use crate::config::var;
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
use crate::routes;
use crate::store::sql::SqlStore;
use closer_wire::{
    AiFeature, MeetingRecapRequest, SaveSummaryNote, Summary, SummaryRequest, TenantSettings,
};
use futures::StreamExt;
use worker::{Env, Response};

/// The binding name of Workers AI in wrangler.toml.
const AI_BINDING: &str = "AI";

/// The model the configuration names, metered against the tenant's daily token budget.
pub(super) struct EdgeModel<'a> {
    pub(super) backend: ModelBackend<'a>,
    pub(super) meter: TokenMeter,
}

/// Where the model runs.
pub(super) enum ModelBackend<'a> {
    /// An OpenAI-wire endpoint.
    Http(LlmClient<EdgeTransport<'a>, EdgeSleeper>),
    /// The Workers AI binding.
    Binding { ai: worker::Ai, model: String },
}

/// Adds each answer's tokens to the tenant's daily count (`quota::TokenBudget`). Owns what it
/// needs, so a streamed draft can count its tokens when its last event arrives, after the
/// request's borrows are gone.
#[derive(Clone)]
pub(super) struct TokenMeter {
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
    pub(super) async fn spend(&self, usage: Option<Usage>) {
        let tokens = usage.map_or(0, |usage| u64::from(usage.total_tokens));
        if let Err(error) = self.budget().spend(tokens, now()).await {
            worker::console_warn!("AI token count not stored: {error}");
        }
    }

    /// `events`, counting the tokens the last one reports.
    pub(super) fn metered(&self, events: StreamEvents<'static>) -> StreamEvents<'static> {
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
    pub(super) fn name(&self) -> String {
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
    pub(super) async fn model(&self) -> Result<EdgeModel<'_>, ApiFailure> {
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

/// The summary as the tenant's settings show it: without facts and tracker hits when the
/// admin turned key facts off.
fn without_facts_if_off(mut summary: Summary, settings: &TenantSettings) -> Summary {
    if !settings.features.key_facts {
        summary.facts.clear();
        summary.trackers.clear();
    }
    summary
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
            // CRM context is optional: without a working CRM connection the summary is still
            // made from the thread alone (under the deploy's default settings).
            let connected = session.connected().await.ok();
            let settings = match &connected {
                Some(connected) => connected.settings.clone(),
                None => routes::admin::defaults(&session.config),
            };
            routes::admin::feature_on(&settings, AiFeature::ThreadSummary)?;
            let trackers = Trackers::from_settings(&settings.trackers);
            // Insight storage (opt-in): the summary kept for this user and message, if any.
            let kept = settings.retention.insight_days.zip(connected.as_ref());
            let insight_key = routes::ai::insights::key(&body.message_id, &settings.trackers);
            if let Some((_, connected)) = kept
                && let Some(summary) = routes::ai::insights::recalled(
                    &connected.store,
                    &session.scope(),
                    &insight_key,
                    now(),
                )
                .await
            {
                return Ok(without_facts_if_off(summary, &settings));
            }
            let graph = session.graph().await?;
            let model = session.model().await?;
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
            let summary = result?;
            if let Some((days, connected)) = kept {
                routes::ai::insights::keep(
                    &connected.store,
                    &session.scope(),
                    &insight_key,
                    &summary,
                    days,
                    now(),
                )
                .await;
            }
            Ok(without_facts_if_off(summary, &settings))
        }
        .await,
    )
}

/// `POST /api/ai/recap`: a past meeting's recap from its transcript, with suggested CRM
/// updates (off when the admin turned the meeting recap off). The CRM is optional: without a
/// working connection the recap comes without deal suggestions.
pub async fn recap(mut req: worker::Request, env: &Env) -> worker::Result<Response> {
    let body: Result<MeetingRecapRequest, _> = req.json().await;
    respond(
        async {
            let session = SignedIn::from_request(&req, env).await?;
            let body = body.map_err(|_| ApiFailure::BadRequest {
                reason: "Expected {\"event_id\": \"...\"}.".into(),
            })?;
            let connected = session.connected().await.ok();
            let settings = match &connected {
                Some(connected) => connected.settings.clone(),
                None => routes::admin::defaults(&session.config),
            };
            routes::admin::feature_on(&settings, AiFeature::MeetingRecap)?;
            let trackers = Trackers::from_settings(&settings.trackers);
            let graph = session.graph().await?;
            let model = session.model().await?;
            let crm = connected.as_ref().map(|c| &c.crm);
            let result =
                routes::meeting::meeting_recap(&graph, &model, crm, &trackers, &body).await;
            if let Some(connected) = &connected {
                session.keep_session(connected).await?;
            }
            let recap = result?;
            // Insight storage (opt-in): the recap's points become the deal's last recap, which
            // the next meeting's prep shows.
            let kept = settings.retention.insight_days.zip(connected.as_ref());
            if let (closer_wire::MeetingRecap::Ready(ready), Some((days, connected)), Some(deal)) =
                (&recap, kept, body.opportunity_id.as_deref())
            {
                routes::meeting::prep::recap::keep(
                    &connected.store,
                    &session.scope(),
                    deal,
                    &routes::meeting::recap::as_last_recap(ready),
                    days,
                    now(),
                )
                .await;
            }
            Ok(recap)
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
            let pane = session.pane(&connected, &[]);
            let result = routes::ai::note::save_note(&pane, lock, body).await;
            session.keep_session(&connected).await?;
            result
        }
        .await,
    )
}
