//! [`SalesforceConfig`]: the org as Closer talks to it: its instance URL, the pinned REST API
//! version, and the org's choices (Enhanced Email, the "active" checkbox), plus the URL rules
//! every request follows (data URLs, instance-relative continuations). Pure; no token here.

use crate::provider::{Provider, ProviderError};
use url::Url;

/// The REST API version Closer is written and tested against. Pinned rather than `latest` so the
/// field set cannot change under the connector (PROTOCOLS.md §2).
pub const DEFAULT_API_VERSION: &str = "v62.0";

/// The longest query URL Closer sends. Salesforce allows 16,384 bytes for the URI and headers
/// together (414/431 past it) and recommends staying far below
/// (https://help.salesforce.com/s/articleView?id=000386264); half the hard limit leaves room for
/// the headers while a typical email's recipients still fit in one query.
pub const MAX_QUERY_URL_BYTES: usize = 8_192;

/// One org as Closer talks to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesforceConfig {
    instance: String,
    api_version: String,
    enhanced_email: bool,
    active_field: Option<String>,
    max_url_bytes: usize,
    card_columns: crate::crm::CardColumns,
    currency: Option<super::currency::OrgCurrency>,
}

impl SalesforceConfig {
    /// An org at `instance_url` (the token response's `instance_url`, e.g.
    /// `https://contoso.my.salesforce.com`; the sandbox's is `{origin}/salesforce`), with API
    /// [`DEFAULT_API_VERSION`], Enhanced Email on and no "active" field.
    pub fn new(instance_url: &Url) -> Self {
        Self {
            instance: instance_url.as_str().trim_end_matches('/').to_owned(),
            api_version: DEFAULT_API_VERSION.into(),
            enhanced_email: true,
            active_field: None,
            max_url_bytes: MAX_QUERY_URL_BYTES,
            card_columns: crate::crm::CardColumns::default(),
            currency: None,
        }
    }

    /// Knows the org's currency ([`super::currency`]): opportunities then carry it.
    pub fn with_org_currency(mut self, currency: super::currency::OrgCurrency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// The org's currency, when known.
    pub fn org_currency(&self) -> Option<&super::currency::OrgCurrency> {
        self.currency.as_ref()
    }

    /// The opportunity fields every read selects: [`super::records::OPPORTUNITY_FIELDS`], and
    /// `CurrencyIsoCode` in a multi-currency org (the only kind that has it).
    pub(crate) fn opportunity_fields(&self) -> Vec<&'static str> {
        let mut fields = super::records::OPPORTUNITY_FIELDS.to_vec();
        if self.currency == Some(super::currency::OrgCurrency::Multi) {
            fields.push(super::currency::CURRENCY_FIELD);
        }
        fields
    }

    /// Reads the admin's extra card `columns` beside the standard fields in the email lookup.
    pub fn with_card_columns(mut self, columns: crate::crm::CardColumns) -> Self {
        self.card_columns = columns;
        self
    }

    /// The admin's extra card columns.
    pub fn card_columns(&self) -> &crate::crm::CardColumns {
        &self.card_columns
    }

    /// Another API version, `vXX.X` (a leading `v` is added when missing).
    pub fn with_api_version(mut self, version: impl Into<String>) -> Self {
        let version = version.into();
        self.api_version = if version.starts_with('v') {
            version
        } else {
            format!("v{version}")
        };
        self
    }

    /// Whether the org has Enhanced Email (`EmailMessage` for any record). Off: emails are saved
    /// as `Task`s of subtype `Email` (the object reference's "Special Access Rules").
    pub fn with_enhanced_email(mut self, on: bool) -> Self {
        self.enhanced_email = on;
        self
    }

    /// The checkbox field (e.g. a custom `Active__c`) that marks accounts and contacts active
    /// for [`SearchQuery::active_only`](crate::crm::SearchQuery); Salesforce has no standard one,
    /// so without it only opportunities are filtered (`IsClosed = false`).
    pub fn with_active_field(mut self, field: impl Into<String>) -> Self {
        self.active_field = Some(field.into());
        self
    }

    /// A lower URL limit for queries (tests of chunking); the default is
    /// [`MAX_QUERY_URL_BYTES`].
    pub fn with_max_url_bytes(mut self, bytes: usize) -> Self {
        self.max_url_bytes = bytes;
        self
    }

    /// The instance URL, without a trailing `/`.
    pub fn instance_url(&self) -> &str {
        &self.instance
    }

    /// The API version, `vXX.X`.
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// Whether emails are saved as `EmailMessage`.
    pub fn enhanced_email(&self) -> bool {
        self.enhanced_email
    }

    /// The "active" checkbox of accounts and contacts, when the org has one.
    pub fn active_field(&self) -> Option<&str> {
        self.active_field.as_deref()
    }

    pub(crate) fn max_url_bytes(&self) -> usize {
        self.max_url_bytes
    }

    /// `{instance}/services/data/{version}/` + `path` (already encoded).
    pub(crate) fn data_url(&self, path: &str) -> String {
        format!(
            "{}/services/data/{}/{path}",
            self.instance, self.api_version
        )
    }

    /// `/services/data/{version}/` + `path`: the instance-relative form composite sub-requests
    /// use.
    pub(crate) fn data_path(&self, path: &str) -> String {
        format!("/services/data/{}/{path}", self.api_version)
    }

    /// A URL Salesforce returned relative to the instance (`nextRecordsUrl`), only if it stays
    /// under this instance's data API: the user's token must never be sent anywhere else.
    pub(crate) fn follow(&self, relative: &str) -> Result<String, ProviderError> {
        let safe = relative.starts_with("/services/data/")
            && !relative.contains("..")
            && !relative.contains("//")
            && relative
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b));
        if safe {
            Ok(format!("{}{relative}", self.instance))
        } else {
            Err(ProviderError::malformed(
                Provider::Salesforce,
                "nextRecordsUrl points outside the instance's data api",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> SalesforceConfig {
        SalesforceConfig::new(&Url::parse("https://org.example/").unwrap())
    }

    #[test]
    fn next_records_urls_must_stay_on_the_instance() {
        let config = config();
        assert_eq!(
            config
                .follow("/services/data/v62.0/query/01gD0000002HU6KIAW-2000")
                .unwrap(),
            "https://org.example/services/data/v62.0/query/01gD0000002HU6KIAW-2000"
        );
        for bad in [
            "https://evil.example/services/data/v62.0/query/x",
            "//evil.example/services/data/v62.0/query/x",
            "/services/data/../../x",
            "/services/oauth2/token",
            "/services/data/v62.0/query/x?q=1",
            "/services/data/v62.0/query/x@evil.example",
        ] {
            assert!(config.follow(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn versions_are_pinned_and_normalised() {
        assert_eq!(config().api_version(), "v62.0");
        assert_eq!(config().with_api_version("58.0").api_version(), "v58.0");
        assert_eq!(
            config().data_url("query?q=x"),
            "https://org.example/services/data/v62.0/query?q=x"
        );
        assert_eq!(
            config().data_path("composite"),
            "/services/data/v62.0/composite"
        );
    }
}
