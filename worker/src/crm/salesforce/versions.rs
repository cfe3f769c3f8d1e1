//! `GET {instance}/services/data/`: the REST API versions an org offers (no session needed), so
//! the edge can check at connect time that the pinned version is one of them.
//! https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm

use super::records::parse_json;
use super::request::get;
use crate::http::{TransportError, UpstreamRequest, UpstreamResponse};
use crate::provider::ProviderError;
use serde::Deserialize;
use url::Url;

/// One offered version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApiVersion {
    /// The release name, e.g. `Winter '25`.
    pub label: String,
    /// The instance-relative base, e.g. `/services/data/v62.0`.
    pub url: String,
    /// The number, e.g. `62.0`.
    pub version: String,
}

/// The versions request for the org at `instance_url`.
pub fn versions_request(instance_url: &Url) -> Result<UpstreamRequest, TransportError> {
    get(
        &format!(
            "{}/services/data/",
            instance_url.as_str().trim_end_matches('/')
        ),
        &[],
    )
}

/// Parses the versions answer (any status other than 2xx is mapped by the one error function).
pub fn parse_versions(response: UpstreamResponse) -> Result<Vec<ApiVersion>, ProviderError> {
    let response = super::error::classify("api version", response)?;
    parse_json("api versions", response.body())
}

/// Whether `pinned` (`v62.0` or `62.0`) is among `versions`.
pub fn offers(versions: &[ApiVersion], pinned: &str) -> bool {
    let pinned = pinned.trim_start_matches('v');
    versions.iter().any(|v| v.version == pinned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    const VERSIONS: &[u8] =
        include_bytes!("../../../tests/fixtures/salesforce/versions.response.json");

    #[test]
    fn the_documented_versions_list_parses() {
        let response = http::Response::builder()
            .status(200)
            .body(Bytes::from_static(VERSIONS))
            .unwrap();
        let versions = parse_versions(response).unwrap();
        assert_eq!(versions[0].label, "Summer '14");
        assert_eq!(versions[1].url, "/services/data/v32.0");
        assert!(offers(&versions, "v31.0"));
        assert!(!offers(&versions, "v62.0"));
    }

    #[test]
    fn the_request_needs_no_token() {
        let request = versions_request(&Url::parse("https://org.example/").unwrap()).unwrap();
        assert_eq!(request.uri(), "https://org.example/services/data/");
        assert!(request.headers().get(http::header::AUTHORIZATION).is_none());
    }
}
