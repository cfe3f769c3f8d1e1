//! The worker's configuration: upstream base URLs and limits, read from wrangler vars at the edge.
//!
//! Owns parsing and validation of configuration values and the upstream allow-list derived from
//! them. Holds no secrets (those stay at the edge as `SecretString`s) and never reads `Env`.

use std::time::Duration;
use url::Url;

/// Names of the wrangler vars this module reads; documented in the README.
pub mod var {
    /// Base URL of the Entra authority (`https://login.microsoftonline.com`).
    pub const AUTHORITY_URL: &str = "AUTHORITY_URL";
    /// Base URL of Microsoft Graph (`https://graph.microsoft.com/v1.0`).
    pub const GRAPH_URL: &str = "GRAPH_URL";
    /// Base URL of the default CRM (a Dataverse org or a Salesforce instance).
    pub const CRM_URL: &str = "CRM_URL";
    /// Base URL of the OpenAI-compatible model endpoint (`https://api.openai.com/v1`).
    pub const LLM_URL: &str = "LLM_URL";
    /// Per-call timeout for every upstream request, in milliseconds.
    pub const UPSTREAM_TIMEOUT_MS: &str = "UPSTREAM_TIMEOUT_MS";
    /// Closer's Entra application (client) id: the audience of the pane's tokens.
    pub const CLIENT_ID: &str = "CLIENT_ID";
    /// The scope the pane requests for Closer's API (default `api://{CLIENT_ID}/access_as_user`).
    pub const API_SCOPE: &str = "API_SCOPE";
    /// The tenant segment the browser sign-in uses (`organizations`, `common` or a tenant id).
    pub const SIGN_IN_TENANT: &str = "SIGN_IN_TENANT";
    /// Comma-separated tenant ids allowed to use this deployment. Required: without it every
    /// signed-in call is refused as misconfigured, unless [`ALLOW_ANY_TENANT`] says otherwise.
    pub const ALLOWED_TENANTS: &str = "ALLOWED_TENANTS";
    /// Secret, optional: the vault key before the last rotation (opens, never seals).
    pub const VAULT_KEY_PREVIOUS: &str = "VAULT_KEY_PREVIOUS";
    /// Comma-separated client application ids (`azp`) allowed to call besides Closer's own app
    /// (`CLIENT_ID`, always allowed), e.g. Teams' or Office's SSO clients.
    pub const ALLOWED_CLIENT_APPS: &str = "ALLOWED_CLIENT_APPS";
    /// `true` to accept tokens of any tenant (a multi-tenant SaaS deployment that means it);
    /// ignored when [`ALLOWED_TENANTS`] is set.
    pub const ALLOW_ANY_TENANT: &str = "ALLOW_ANY_TENANT";
    /// The OBO scope for Graph tokens (default `https://graph.microsoft.com/.default`).
    pub const GRAPH_SCOPE: &str = "GRAPH_SCOPE";
    /// Secret: Closer's client secret, for the on-behalf-of exchange.
    pub const CLIENT_SECRET: &str = "CLIENT_SECRET";
    /// The model endpoint's flavour: `openai`, `azure-openai`, `ollama`, `vllm`, `llamacpp`, or
    /// `workers-ai` (the `AI` binding instead of HTTP).
    pub const LLM_PROVIDER: &str = "LLM_PROVIDER";
    /// The model name (Azure: the deployment name; Workers AI: the model id).
    pub const LLM_MODEL: &str = "LLM_MODEL";
    /// Secret: the model endpoint's API key.
    pub const LLM_API_KEY: &str = "LLM_API_KEY";
    /// `auto` (default: the prompt's temperature, none for reasoning models such as o1/o3/
    /// o4-mini/gpt-5), `omit` (never send one: Azure deployments of reasoning models), or a
    /// fixed number 0–2. Parsed by `llm::ModelSettings`.
    pub const LLM_TEMPERATURE: &str = "LLM_TEMPERATURE";
    /// How structured answers are asked for: `portable` (default: strict JSON schema without
    /// the keywords older deployments refuse), `strict` (the schema as written), or
    /// `json_object` (JSON mode, schema in an instruction). Parsed by `llm::ModelSettings`.
    pub const LLM_SCHEMA_MODE: &str = "LLM_SCHEMA_MODE";
    /// Language-model tokens (prompt + completion) each tenant may use per UTC day; default
    /// [`super::DEFAULT_LLM_DAILY_TOKENS`]. Over it, AI features answer 429 until midnight UTC.
    pub const LLM_DAILY_TOKENS_PER_TENANT: &str = "LLM_DAILY_TOKENS_PER_TENANT";
    /// Tracker keyword lists as JSON (`{"competitors":["Globex"],…}`); defaults in
    /// `ai::trackers::DEFAULT_TRACKERS`.
    pub const TRACKERS: &str = "TRACKERS";
    /// Dataverse Global Discovery base (`https://globaldisco.crm.dynamics.com/`).
    pub const DISCOVERY_URL: &str = "DISCOVERY_URL";
    /// OBO scope for Global Discovery.
    pub const DISCOVERY_SCOPE: &str = "DISCOVERY_SCOPE";
    /// Comma-separated host suffixes Dynamics orgs may live under (https only), e.g.
    /// `.dynamics.com`: discovered org URLs outside them are never called.
    pub const DATAVERSE_HOST_SUFFIXES: &str = "DATAVERSE_HOST_SUFFIXES";
    /// Salesforce login base (`https://login.salesforce.com/` or the org's My Domain).
    pub const SALESFORCE_LOGIN_URL: &str = "SALESFORCE_LOGIN_URL";
    /// The Salesforce org's instance URL (My Domain); a token for another instance is refused.
    pub const SALESFORCE_INSTANCE_URL: &str = "SALESFORCE_INSTANCE_URL";
    /// The Salesforce connected app's consumer key.
    pub const SALESFORCE_CLIENT_ID: &str = "SALESFORCE_CLIENT_ID";
    /// Secret: the Salesforce connected app's consumer secret.
    pub const SALESFORCE_CLIENT_SECRET: &str = "SALESFORCE_CLIENT_SECRET";
    /// Secret: 32 bytes, base64, that encrypt stored Salesforce refresh tokens (AES-256-GCM).
    pub const VAULT_KEY: &str = "VAULT_KEY";
    /// The Salesforce checkbox field marking active accounts and contacts (e.g. `Active__c`);
    /// without it "active only" filters opportunities alone.
    pub const SALESFORCE_ACTIVE_FIELD: &str = "SALESFORCE_ACTIVE_FIELD";
    /// `false` saves emails as Tasks, for orgs with Enhanced Email off. The initial value of
    /// the admin setting; an admin's saved choice overrides it.
    pub const SALESFORCE_ENHANCED_EMAIL: &str = "SALESFORCE_ENHANCED_EMAIL";
    /// An Entra group object id whose members are Closer admins, besides users with the
    /// `Closer.Admin` app role (needs group claims in the token).
    pub const ADMIN_GROUP_ID: &str = "ADMIN_GROUP_ID";
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// A URL var does not parse or is not http(s).
    #[error("{name} is not an http(s) URL")]
    InvalidUrl {
        /// The var's name.
        name: &'static str,
    },
    /// A number var does not parse.
    #[error("{name} is not a positive whole number")]
    InvalidNumber {
        /// The var's name.
        name: &'static str,
    },
    /// Neither a tenant allow-list nor an explicit "any tenant": closed by default.
    #[error("ALLOWED_TENANTS is empty and ALLOW_ANY_TENANT is not true")]
    NoTenantPolicy,
}

/// The worker's upstreams and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The Entra (or sandbox) authority.
    pub authority_url: Option<Url>,
    /// Microsoft Graph.
    pub graph_url: Option<Url>,
    /// The default CRM.
    pub crm_url: Option<Url>,
    /// The model endpoint.
    pub llm_url: Option<Url>,
    /// Timeout applied to every upstream call.
    pub upstream_timeout: Duration,
    /// Closer's client id, when configured.
    pub client_id: Option<String>,
    /// The scope the pane requests.
    pub api_scope: Option<String>,
    /// The tenant segment of the browser sign-in.
    pub sign_in_tenant: String,
    /// Tenants allowed to call, as configured (see [`Config::tenant_policy`]).
    pub allowed_tenants: Option<Vec<String>>,
    /// `ALLOW_ANY_TENANT=true`: no allow-list, on purpose.
    pub allow_any_tenant: bool,
    /// Client applications allowed besides `client_id` (`ALLOWED_CLIENT_APPS`).
    pub extra_client_apps: Vec<String>,
    /// Each tenant's daily language-model token budget.
    pub llm_daily_tokens: u64,
    /// The OBO scope for Graph.
    pub graph_scope: String,
    /// The model endpoint's flavour, as configured (parsed by `llm::LlmBackend`).
    pub llm_provider: String,
    /// The model name.
    pub llm_model: Option<String>,
    /// `LLM_TEMPERATURE` as configured.
    pub llm_temperature: Option<String>,
    /// `LLM_SCHEMA_MODE` as configured.
    pub llm_schema_mode: Option<String>,
    /// Tracker keyword lists as configured (JSON; parsed by `ai::trackers`).
    pub trackers: Option<String>,
    /// Dataverse Global Discovery.
    pub discovery_url: Option<Url>,
    /// OBO scope for Global Discovery.
    pub discovery_scope: String,
    /// CRM host suffixes a discovered Dynamics org may live under (https, one label under).
    pub dataverse_host_suffixes: Vec<String>,
    /// Salesforce login base.
    pub salesforce_login_url: Option<Url>,
    /// The Salesforce instance.
    pub salesforce_instance_url: Option<Url>,
    /// The Salesforce connected app's consumer key.
    pub salesforce_client_id: Option<String>,
    /// The Salesforce "active" checkbox field, when the org has one.
    pub salesforce_active_field: Option<String>,
    /// Whether the Salesforce org has Enhanced Email (EmailMessage) on.
    pub salesforce_enhanced_email: bool,
    /// The group whose members are Closer admins (besides the `Closer.Admin` role).
    pub admin_group_id: Option<String>,
}

/// Used when `LLM_DAILY_TOKENS_PER_TENANT` is absent: about a thousand summaries or drafts.
pub const DEFAULT_LLM_DAILY_TOKENS: u64 = 5_000_000;

/// Used when `UPSTREAM_TIMEOUT_MS` is absent: Outlook gives extensions 5 s, so a single upstream
/// call must finish well inside that.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_millis(4_000);

impl Config {
    /// The tenants whose tokens are accepted: `Some(list)` from `ALLOWED_TENANTS`, `None` (any
    /// tenant) only when `ALLOW_ANY_TENANT=true`, and an error when neither is set, so that a
    /// deployment that forgot the list is closed, not open to every Entra tenant.
    pub fn tenant_policy(&self) -> Result<Option<Vec<String>>, ConfigError> {
        match &self.allowed_tenants {
            Some(list) if !list.is_empty() => Ok(Some(list.clone())),
            _ if self.allow_any_tenant => Ok(None),
            _ => Err(ConfigError::NoTenantPolicy),
        }
    }

    /// Reads the configuration through `lookup` (the edge passes a closure over `Env::var`).
    /// Empty values count as absent, so a var can be blanked out in `wrangler dev --var`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let url = |name: &'static str| -> Result<Option<Url>, ConfigError> {
            get(name)
                .map(|raw| parse_base_url(&raw).ok_or(ConfigError::InvalidUrl { name }))
                .transpose()
        };
        let upstream_timeout = match get(var::UPSTREAM_TIMEOUT_MS) {
            None => DEFAULT_UPSTREAM_TIMEOUT,
            Some(raw) => raw
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|ms| *ms > 0)
                .map(Duration::from_millis)
                .ok_or(ConfigError::InvalidNumber {
                    name: var::UPSTREAM_TIMEOUT_MS,
                })?,
        };
        let llm_daily_tokens = match get(var::LLM_DAILY_TOKENS_PER_TENANT) {
            None => DEFAULT_LLM_DAILY_TOKENS,
            Some(raw) => raw
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|tokens| *tokens > 0)
                .ok_or(ConfigError::InvalidNumber {
                    name: var::LLM_DAILY_TOKENS_PER_TENANT,
                })?,
        };
        let client_id = get(var::CLIENT_ID).map(|v| v.trim().to_owned());
        let api_scope = get(var::API_SCOPE).or_else(|| {
            client_id
                .as_ref()
                .map(|id| format!("api://{id}/access_as_user"))
        });
        let allowed_tenants = get(var::ALLOWED_TENANTS).map(|list| {
            list.split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect()
        });
        Ok(Self {
            authority_url: url(var::AUTHORITY_URL)?,
            graph_url: url(var::GRAPH_URL)?,
            crm_url: url(var::CRM_URL)?,
            llm_url: url(var::LLM_URL)?,
            upstream_timeout,
            client_id,
            api_scope,
            sign_in_tenant: get(var::SIGN_IN_TENANT).unwrap_or_else(|| "organizations".into()),
            allowed_tenants,
            llm_daily_tokens,
            extra_client_apps: get(var::ALLOWED_CLIENT_APPS)
                .map(|list| {
                    list.split(',')
                        .map(|app| app.trim().to_owned())
                        .filter(|app| !app.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            allow_any_tenant: get(var::ALLOW_ANY_TENANT)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            graph_scope: get(var::GRAPH_SCOPE)
                .unwrap_or_else(|| "https://graph.microsoft.com/.default".into()),
            llm_provider: get(var::LLM_PROVIDER).unwrap_or_else(|| "openai".into()),
            llm_model: get(var::LLM_MODEL),
            llm_temperature: get(var::LLM_TEMPERATURE),
            llm_schema_mode: get(var::LLM_SCHEMA_MODE),
            trackers: get(var::TRACKERS),
            discovery_url: url(var::DISCOVERY_URL)?,
            discovery_scope: get(var::DISCOVERY_SCOPE)
                .unwrap_or_else(|| "https://globaldisco.crm.dynamics.com/.default".into()),
            dataverse_host_suffixes: get(var::DATAVERSE_HOST_SUFFIXES)
                .map(|list| {
                    list.split(',')
                        .map(|s| s.trim().to_ascii_lowercase())
                        .filter(|s| s.starts_with('.'))
                        .collect()
                })
                .unwrap_or_default(),
            salesforce_login_url: url(var::SALESFORCE_LOGIN_URL)?,
            salesforce_instance_url: url(var::SALESFORCE_INSTANCE_URL)?,
            salesforce_client_id: get(var::SALESFORCE_CLIENT_ID),
            salesforce_active_field: get(var::SALESFORCE_ACTIVE_FIELD),
            salesforce_enhanced_email: get(var::SALESFORCE_ENHANCED_EMAIL)
                .is_none_or(|v| !v.trim().eq_ignore_ascii_case("false")),
            admin_group_id: get(var::ADMIN_GROUP_ID).map(|v| v.trim().to_owned()),
        })
    }

    /// The origins the worker may call: exactly the configured upstreams, nothing else.
    pub fn allowed_origins(&self) -> Vec<url::Origin> {
        [
            &self.authority_url,
            &self.graph_url,
            &self.crm_url,
            &self.llm_url,
            &self.discovery_url,
            &self.salesforce_login_url,
            &self.salesforce_instance_url,
        ]
        .into_iter()
        .flatten()
        .map(Url::origin)
        .collect()
    }
}

/// Parses a base URL and normalises it to end in `/`, so joining relative paths appends to it.
fn parse_base_url(raw: &str) -> Option<Url> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return None;
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a URL would end up in health output and logs.
        return None;
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn base_urls_are_normalised_to_a_trailing_slash() {
        let config = Config::from_lookup(lookup(&[(var::GRAPH_URL, "https://g.example/v1.0")]))
            .expect("valid");
        assert_eq!(
            config.graph_url.unwrap().join("me").unwrap().as_str(),
            "https://g.example/v1.0/me"
        );
    }

    #[test]
    fn empty_vars_count_as_absent_and_timeout_defaults() {
        let config = Config::from_lookup(lookup(&[(var::LLM_URL, "  ")])).expect("valid");
        assert_eq!(config.llm_url, None);
        assert_eq!(config.upstream_timeout, DEFAULT_UPSTREAM_TIMEOUT);
    }

    #[test]
    fn urls_with_credentials_or_other_schemes_are_refused() {
        for bad in [
            "ftp://x.example/",
            "https://user:pw@x.example/",
            "not a url",
        ] {
            assert_eq!(
                Config::from_lookup(lookup(&[(var::CRM_URL, bad)])),
                Err(ConfigError::InvalidUrl { name: var::CRM_URL }),
                "{bad}"
            );
        }
    }

    #[test]
    fn zero_or_garbage_timeout_is_refused() {
        for bad in ["0", "-5", "soon"] {
            assert!(
                Config::from_lookup(lookup(&[(var::UPSTREAM_TIMEOUT_MS, bad)])).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn api_scope_defaults_from_the_client_id_and_tenants_split() {
        let config = Config::from_lookup(lookup(&[
            (var::CLIENT_ID, "abc"),
            (var::ALLOWED_TENANTS, " t1, ,t2 "),
        ]))
        .expect("valid");
        assert_eq!(
            config.api_scope.as_deref(),
            Some("api://abc/access_as_user")
        );
        assert_eq!(config.allowed_tenants, Some(vec!["t1".into(), "t2".into()]));
        assert_eq!(config.sign_in_tenant, "organizations");
        assert_eq!(config.graph_scope, "https://graph.microsoft.com/.default");
    }

    #[test]
    fn without_a_tenant_list_every_tenant_is_refused_unless_any_is_explicit() {
        let policy =
            |vars: &[(&str, &str)]| Config::from_lookup(lookup(vars)).unwrap().tenant_policy();
        assert_eq!(policy(&[]), Err(ConfigError::NoTenantPolicy));
        assert_eq!(
            policy(&[(var::ALLOWED_TENANTS, " , ")]),
            Err(ConfigError::NoTenantPolicy)
        );
        assert_eq!(
            policy(&[(var::ALLOW_ANY_TENANT, "yes")]),
            Err(ConfigError::NoTenantPolicy)
        );
        assert_eq!(policy(&[(var::ALLOW_ANY_TENANT, "true")]), Ok(None));
        assert_eq!(
            policy(&[
                (var::ALLOWED_TENANTS, "t1"),
                (var::ALLOW_ANY_TENANT, "true")
            ]),
            Ok(Some(vec!["t1".into()]))
        );
    }

    #[test]
    fn allow_list_is_exactly_the_configured_origins() {
        let config = Config::from_lookup(lookup(&[
            (var::GRAPH_URL, "https://graph.example/v1.0"),
            (var::LLM_URL, "http://127.0.0.1:9000/v1"),
        ]))
        .expect("valid");
        let origins = config.allowed_origins();
        assert_eq!(origins.len(), 2);
        assert!(origins.contains(&Url::parse("http://127.0.0.1:9000/x").unwrap().origin()));
    }
}
