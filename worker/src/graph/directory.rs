//! Who the user is and which domains are the tenant's own: `GET /me`, `GET /organization`
//! (its `verifiedDomains` are the internal addresses the pane never looks up in the CRM), and
//! `POST /me/translateExchangeIds`, which turns the EWS item id Office.js gives the pane into
//! the REST id Graph's URLs take (https://learn.microsoft.com/en-us/graph/api/user-translateexchangeids).

use super::client::GraphClient;
use super::model::{Page, null_as_default, parse_json};
use super::query::{self, JSON};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{Provider, ProviderError, Sleeper};
use serde::{Deserialize, Serialize};
use url::Url;

const ME_SELECT: &str = "id,displayName,mail,userPrincipalName,jobTitle";
const ORGANIZATION_SELECT: &str = "id,displayName,verifiedDomains";
/// Graph accepts at most this many ids per `translateExchangeIds` call.
pub const MAX_IDS_PER_TRANSLATION: usize = 1000;

/// The signed-in user (`GET /me`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Me {
    /// The user's object id.
    pub id: String,
    /// Display name.
    #[serde(deserialize_with = "null_as_default")]
    pub display_name: String,
    /// Primary SMTP address; absent for users without a mailbox.
    pub mail: Option<String>,
    /// Sign-in name.
    #[serde(deserialize_with = "null_as_default")]
    pub user_principal_name: String,
    /// Job title, when the directory has one.
    pub job_title: Option<String>,
}

/// The user's tenant (`GET /organization`, whose collection holds exactly the caller's tenant).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Organization {
    /// Tenant id.
    pub id: String,
    /// Display name.
    #[serde(deserialize_with = "null_as_default")]
    pub display_name: String,
    /// The tenant's verified domains.
    #[serde(deserialize_with = "null_as_default")]
    pub verified_domains: Vec<VerifiedDomain>,
}

/// One verified domain of a tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VerifiedDomain {
    /// The domain name, e.g. `northwindtraders.com`.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// The tenant's default domain.
    pub is_default: bool,
    /// The `*.onmicrosoft.com` domain the tenant was created with.
    pub is_initial: bool,
}

impl Organization {
    /// The tenant's internal domains, lowercased: addresses there are colleagues, not contacts.
    pub fn internal_domains(&self) -> Vec<String> {
        self.verified_domains
            .iter()
            .map(|domain| domain.name.trim().to_ascii_lowercase())
            .filter(|name| !name.is_empty())
            .collect()
    }
}

/// Exchange's item id formats (`exchangeIdFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExchangeIdFormat {
    /// MAPI `PR_ENTRYID`.
    EntryId,
    /// EWS ids: what Office.js `item.itemId` returns in read mode.
    EwsId,
    /// Immutable MAPI entry id.
    ImmutableEntryId,
    /// Graph/Outlook REST ids: what Graph URLs take.
    RestId,
    /// Immutable REST id: survives moves between folders.
    RestImmutableEntryId,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TranslateRequest<'a> {
    input_ids: &'a [String],
    source_id_type: ExchangeIdFormat,
    target_id_type: ExchangeIdFormat,
}

/// One translated id; Graph answers per id, so one bad id does not fail the others.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdTranslation {
    /// The id as given.
    #[serde(deserialize_with = "null_as_default")]
    pub source_id: String,
    /// The id in the target format, when translation succeeded.
    pub target_id: Option<String>,
    /// Why this id was not translated.
    pub error_details: Option<TranslationError>,
}

/// Why one id could not be translated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct TranslationError {
    /// Exchange's code, e.g. `ErrorInvalidIdMalformed`.
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    /// Exchange's message.
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
}

/// `GET /me` with the fields the pane shows.
pub fn me_request(base: &Url) -> Result<UpstreamRequest, TransportError> {
    query::get(
        &query::endpoint(base, &["me"], &[("$select", ME_SELECT)])?,
        JSON,
        None,
    )
}

/// `GET /organization` with its verified domains.
pub fn organization_request(base: &Url) -> Result<UpstreamRequest, TransportError> {
    query::get(
        &query::endpoint(base, &["organization"], &[("$select", ORGANIZATION_SELECT)])?,
        JSON,
        None,
    )
}

/// `POST /me/translateExchangeIds` for at most [`MAX_IDS_PER_TRANSLATION`] ids.
pub fn translate_ids_request(
    base: &Url,
    ids: &[String],
    source: ExchangeIdFormat,
    target: ExchangeIdFormat,
) -> Result<UpstreamRequest, TransportError> {
    let body = TranslateRequest {
        input_ids: ids,
        source_id_type: source,
        target_id_type: target,
    };
    query::post_json(
        &query::endpoint(base, &["me", "translateExchangeIds"], &[])?,
        &body,
    )
}

/// Parses `GET /me`.
pub fn parse_me(body: &[u8]) -> Result<Me, ProviderError> {
    parse_json("user", body)
}

/// Parses `GET /organization`: the first (and only) organization of the collection.
pub fn parse_organization(body: &[u8]) -> Result<Organization, ProviderError> {
    let page: Page<Organization> = parse_json("organization", body)?;
    page.value.into_iter().next().ok_or_else(|| {
        ProviderError::malformed(Provider::Graph, "organization: the collection is empty")
    })
}

/// Parses `POST /me/translateExchangeIds`.
pub fn parse_translations(body: &[u8]) -> Result<Vec<IdTranslation>, ProviderError> {
    parse_json::<Page<IdTranslation>>("id translation", body).map(|page| page.value)
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// The signed-in user.
    pub async fn me(&self) -> Result<Me, ProviderError> {
        let response = self.read("user", me_request(self.base_url())).await?;
        parse_me(response.body())
    }

    /// The user's tenant and its internal domains.
    pub async fn organization(&self) -> Result<Organization, ProviderError> {
        let request = organization_request(self.base_url());
        let response = self.read("organization", request).await?;
        parse_organization(response.body())
    }

    /// Translates item ids between formats, in batches of [`MAX_IDS_PER_TRANSLATION`]. A read:
    /// it changes nothing, so it is retried like a GET.
    pub async fn translate_exchange_ids(
        &self,
        ids: &[String],
        source: ExchangeIdFormat,
        target: ExchangeIdFormat,
    ) -> Result<Vec<IdTranslation>, ProviderError> {
        let mut translations = Vec::with_capacity(ids.len());
        for batch in ids.chunks(MAX_IDS_PER_TRANSLATION) {
            let request = translate_ids_request(self.base_url(), batch, source, target);
            let response = self.read("id translation", request).await?;
            translations.extend(parse_translations(response.body())?);
        }
        Ok(translations)
    }

    /// The REST id of the item whose EWS id Office.js reported (gotcha 7: `item.itemId` is an
    /// EWS id on desktop and web). `NotFound` when Exchange cannot translate it.
    pub async fn rest_id_from_ews(&self, ews_id: &str) -> Result<String, ProviderError> {
        let ids = [ews_id.to_owned()];
        let translations = self
            .translate_exchange_ids(&ids, ExchangeIdFormat::EwsId, ExchangeIdFormat::RestId)
            .await?;
        translations
            .into_iter()
            .find_map(|translation| translation.target_id)
            .ok_or_else(|| ProviderError::NotFound {
                provider: Provider::Graph,
                what: "item for this id".into(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::client::tests::{Fake, client};

    const TRANSLATE_REQUEST: &str =
        include_str!("../../tests/fixtures/graph/translate-exchange-ids.request.json");
    const TRANSLATE_RESPONSE: &[u8] =
        include_bytes!("../../tests/fixtures/graph/translate-exchange-ids.response.json");

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    #[test]
    fn the_translate_request_matches_the_documented_body() {
        let ids = [
            "{rest-formatted-id-1}".to_owned(),
            "{rest-formatted-id-2}".to_owned(),
        ];
        let request = translate_ids_request(
            &base(),
            &ids,
            ExchangeIdFormat::RestId,
            ExchangeIdFormat::RestImmutableEntryId,
        )
        .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://graph.example/v1.0/me/translateExchangeIds"
        );
        let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
        let documented: serde_json::Value = serde_json::from_str(TRANSLATE_REQUEST).unwrap();
        assert_eq!(sent, documented);
    }

    #[test]
    fn the_documented_translate_response_parses() {
        let translations = parse_translations(TRANSLATE_RESPONSE).unwrap();
        assert_eq!(translations.len(), 2);
        assert_eq!(translations[1].source_id, "{rest-formatted-id-2}");
        assert_eq!(
            translations[1].target_id.as_deref(),
            Some("{rest-immutable-formatted-id-2}")
        );
    }

    #[test]
    fn per_id_errors_are_kept_not_fatal() {
        let body = br#"{"value":[{"sourceId":"bad","errorDetails":{"code":"ErrorInvalidIdMalformed","message":"Id is malformed."}}]}"#;
        let translation = &parse_translations(body).unwrap()[0];
        assert_eq!(translation.target_id, None);
        assert_eq!(
            translation.error_details.as_ref().unwrap().code,
            "ErrorInvalidIdMalformed"
        );
    }

    #[test]
    fn internal_domains_are_the_verified_ones_lowercased() {
        let body = br#"{"value":[{"id":"t","displayName":"Northwind Traders","verifiedDomains":[
            {"name":"NorthwindTraders.com","isDefault":true},{"name":"northwind.onmicrosoft.com","isInitial":true}]}]}"#;
        let organization = parse_organization(body).unwrap();
        assert_eq!(
            organization.internal_domains(),
            ["northwindtraders.com", "northwind.onmicrosoft.com"]
        );
        assert!(parse_organization(br#"{"value":[]}"#).is_err());
    }

    #[test]
    fn me_selects_only_what_the_pane_shows() {
        let request = me_request(&base()).unwrap();
        assert_eq!(
            request.uri().query(),
            Some("$select=id,displayName,mail,userPrincipalName,jobTitle")
        );
        let me = parse_me(br#"{"id":"u","displayName":"Megan","mail":null,"jobTitle":"AE"}"#);
        let me = me.unwrap();
        assert_eq!((me.mail, me.job_title.as_deref()), (None, Some("AE")));
    }

    #[tokio::test]
    async fn an_untranslatable_ews_id_is_not_found() {
        let fake = Fake::answering(&[(
            200,
            r#"{"value":[{"sourceId":"x","errorDetails":{"code":"ErrorInvalidIdMalformed"}}]}"#,
        )]);
        let err = client(&fake).rest_id_from_ews("x").await.unwrap_err();
        assert!(matches!(err, ProviderError::NotFound { .. }), "{err:?}");
    }
}
