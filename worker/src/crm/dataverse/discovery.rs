//! Global Discovery: which Dataverse environments the signed-in user can reach, so the pane can
//! offer a choice (or the admin pin one). `GET {disco}/api/discovery/v2.0/Instances` with a token
//! for `https://globaldisco.crm.dynamics.com` (regional discovery is deprecated)
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/discover-url-organization-web-api).
//! A pure request/parse pair plus [`discover_orgs`] over the transport.

use super::error;
use super::model::parse_json;
use super::odata;
use crate::http::{HttpTransport, TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::{NoWait, Provider, ProviderError, send_idempotent};
use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

/// The public cloud's Global Discovery base URL (GCC and GCC High have their own).
pub const GLOBAL_DISCOVERY_URL: &str = "https://globaldisco.crm.dynamics.com/";

/// One environment the user can reach.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DataverseOrg {
    /// The org's id.
    #[serde(rename = "Id")]
    pub id: String,
    /// Unique name (`myorg`).
    #[serde(rename = "UniqueName")]
    pub unique_name: String,
    /// Display name.
    #[serde(rename = "FriendlyName")]
    pub friendly_name: String,
    /// The app URL (`https://org.crm.dynamics.com`): where deep links open.
    #[serde(rename = "Url")]
    pub url: String,
    /// The Web API host (`https://org.api.crm.dynamics.com`).
    #[serde(rename = "ApiUrl")]
    pub api_url: String,
    /// 0 enabled, 1 disabled.
    #[serde(rename = "State")]
    pub state: i64,
}

impl DataverseOrg {
    /// Whether the environment is enabled.
    pub fn is_enabled(&self) -> bool {
        self.state == 0
    }

    /// The Web API base URL for [`super::DataverseClient::new`]: `{ApiUrl}/api/data/v9.2/`.
    pub fn web_api_base(&self) -> Result<Url, ProviderError> {
        Url::parse(&format!(
            "{}/api/data/v9.2/",
            self.api_url.trim_end_matches('/')
        ))
        .map_err(|_| ProviderError::malformed(Provider::Dataverse, "instance ApiUrl is not a url"))
    }

    /// The app URL for [`super::DataverseClient::with_app_url`].
    pub fn app_url(&self) -> Result<Url, ProviderError> {
        Url::parse(&self.url)
            .map_err(|_| ProviderError::malformed(Provider::Dataverse, "instance Url is not a url"))
    }
}

#[derive(Deserialize)]
struct Instances {
    value: Vec<DataverseOrg>,
}

/// `GET {discovery_base}api/discovery/v2.0/Instances`.
pub fn instances_request(
    discovery_base: &Url,
    token: &SecretString,
) -> Result<UpstreamRequest, TransportError> {
    let base = Url::parse(&format!(
        "{}/",
        discovery_base.as_str().trim_end_matches('/')
    ))
    .map_err(|err| TransportError::InvalidRequest {
        reason: format!("discovery url: {err}"),
    })?;
    let url = odata::url(&base, "api/discovery/v2.0/Instances", &[])?;
    odata::request(http::Method::GET, &url, token, &[], &[], None)
}

/// The environments in an `Instances` answer.
pub fn parse_instances(response: UpstreamResponse) -> Result<Vec<DataverseOrg>, ProviderError> {
    let response = error::classify("instance", response)?;
    Ok(parse_json::<Instances>("instances", response.body())?.value)
}

/// Lists the environments the token's user can reach. A read: transient failures are retried
/// once, without waiting (discovery runs while the pane is opening).
pub async fn discover_orgs<T: HttpTransport>(
    transport: &T,
    discovery_base: &Url,
    token: &SecretString,
) -> Result<Vec<DataverseOrg>, ProviderError> {
    let request = instances_request(discovery_base, token)
        .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
    let response = send_idempotent(
        transport,
        &NoWait,
        Provider::Dataverse,
        || Ok(odata::copy(&request)),
        |response| error::classify("instance", response),
    )
    .await?;
    parse_instances(response)
}
