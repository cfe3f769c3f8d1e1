//! [`DataverseClient`]: one user's Dataverse session for one pane request. Holds the transport,
//! the org's Web API base URL, the app URL deep links open, the user's token (a
//! [`SecretString`], never printed) and a per-client cache of `WhoAmI` and the user's row.
//! Reads go through [`send_idempotent`] (bounded retries); writes are sent once, since a write
//! that timed out may have happened.

use super::error;
use super::model::{self, WhoAmI};
use super::odata::{self, READ_ANNOTATIONS};
use crate::crm::CardColumns;
use crate::crm::CrmUser;
use crate::http::{HttpTransport, UpstreamResponse};
use crate::provider::{NoWait, Provider, ProviderError, Sleeper, send_idempotent};
use secrecy::SecretString;
use serde_json::Value;
use url::Url;

/// A Dataverse client acting as one user in one org.
pub struct DataverseClient<T, S = NoWait> {
    pub(super) transport: T,
    pub(super) sleeper: S,
    pub(super) base: Url,
    pub(super) app: Url,
    pub(super) token: SecretString,
    pub(super) who: async_lock::OnceCell<WhoAmI>,
    pub(super) me: async_lock::OnceCell<CrmUser>,
    /// The admin's extra card columns, read by the email lookup.
    pub(super) card_columns: CardColumns,
}

fn with_slash(mut url: Url) -> Url {
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url
}

/// The org's app URL from its Web API URL: `…/api/data/v9.2/` → `…/`. Right for the sandbox
/// and for orgs whose Web API shares the app's host; orgs discovered with a separate `ApiUrl`
/// host pass their `Url` with [`DataverseClient::with_app_url`].
fn app_url_of(api: &Url) -> Url {
    let mut app = api.clone();
    let path = api.path();
    let cut = path.find("/api/data/").map_or(path.len(), |at| at + 1);
    app.set_path(&path[..cut]);
    with_slash(app)
}

impl<T> DataverseClient<T, NoWait> {
    /// A client for the org's Web API at `api_base` (e.g.
    /// `https://org.crm.dynamics.com/api/data/v9.2/`; a missing trailing `/` is added), acting
    /// with `token` (OBO for `{org origin}/.default`). Read retries do not wait until a sleeper
    /// is given with [`DataverseClient::with_sleeper`]; deep links open the same origin until
    /// [`DataverseClient::with_app_url`] says otherwise.
    pub fn new(transport: T, api_base: Url, token: SecretString) -> Self {
        let base = with_slash(api_base);
        Self {
            transport,
            sleeper: NoWait,
            app: app_url_of(&base),
            base,
            token,
            who: async_lock::OnceCell::new(),
            me: async_lock::OnceCell::new(),
            card_columns: CardColumns::default(),
        }
    }
}

impl<T, S> DataverseClient<T, S> {
    /// The same client, waiting between read retries with `sleeper` (a JS timer at the edge).
    pub fn with_sleeper<S2: Sleeper>(self, sleeper: S2) -> DataverseClient<T, S2> {
        DataverseClient {
            transport: self.transport,
            sleeper,
            base: self.base,
            app: self.app,
            token: self.token,
            who: self.who,
            me: self.me,
            card_columns: self.card_columns,
        }
    }

    /// The same client, reading `columns` beside the standard ones in the email lookup.
    pub fn with_card_columns(mut self, columns: CardColumns) -> Self {
        self.card_columns = columns;
        self
    }

    /// The same client, opening records at `app` (Global Discovery's `Url`, e.g.
    /// `https://org.crm.dynamics.com`).
    pub fn with_app_url(mut self, app: Url) -> Self {
        self.app = with_slash(app);
        self
    }

    /// The Web API base URL, ending in `/`.
    pub fn api_base(&self) -> &Url {
        &self.base
    }

    /// The app URL deep links start from, ending in `/`.
    pub fn app_url(&self) -> &Url {
        &self.app
    }
}

impl<T, S> std::fmt::Debug for DataverseClient<T, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataverseClient")
            .field("base", &self.base.as_str())
            .field("app", &self.app.as_str())
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// The Web API URL of `path` with query `options`, each encoded as OData requires.
    pub(super) fn endpoint(
        &self,
        path: &str,
        options: &[(&str, String)],
    ) -> Result<Url, ProviderError> {
        odata::url(&self.base, path, options)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))
    }

    /// GETs `url` with the read annotations and `prefer` extras, retrying transient failures.
    pub(super) async fn read(
        &self,
        what: &str,
        url: &Url,
        prefer: &[&str],
    ) -> Result<UpstreamResponse, ProviderError> {
        let mut preferences = vec![READ_ANNOTATIONS];
        preferences.extend_from_slice(prefer);
        let request = odata::request(http::Method::GET, url, &self.token, &preferences, &[], None)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        send_idempotent(
            &self.transport,
            &self.sleeper,
            Provider::Dataverse,
            || Ok(odata::copy(&request)),
            |response| error::classify(what, response),
        )
        .await
    }

    /// Reads one row.
    pub(super) async fn read_record(
        &self,
        what: &str,
        url: &Url,
    ) -> Result<model::Record, ProviderError> {
        let response = self.read(what, url, &[]).await?;
        model::parse_record(what, response.body())
    }

    /// Reads one page of a collection.
    pub(super) async fn read_collection(
        &self,
        what: &str,
        url: &Url,
        prefer: &[&str],
    ) -> Result<model::Collection, ProviderError> {
        let response = self.read(what, url, prefer).await?;
        model::parse_collection(what, response.body())
    }

    /// Sends a write once and classifies the answer.
    pub(super) async fn write(
        &self,
        what: &str,
        method: http::Method,
        url: &Url,
        prefer: &[&str],
        extra: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Result<UpstreamResponse, ProviderError> {
        let request = odata::request(method, url, &self.token, prefer, extra, body)
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        error::classify(what, response)
    }

    /// `WhoAmI`, asked once per client.
    pub async fn who_am_i(&self) -> Result<&WhoAmI, ProviderError> {
        self.who
            .get_or_try_init(|| async {
                let url = odata::url(&self.base, "WhoAmI", &[])
                    .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
                let response = self.read("WhoAmI", &url, &[]).await?;
                model::parse_who_am_i(response.body())
            })
            .await
    }

    /// The signed-in user: `WhoAmI`, then their `systemusers` row; asked once per client.
    pub(super) async fn user(&self) -> Result<&CrmUser, ProviderError> {
        self.me
            .get_or_try_init(|| async {
                let who = self.who_am_i().await?;
                let path = odata::row_path(&SYSTEMUSERS, &who.user_id)?;
                let url = odata::url(
                    &self.base,
                    &path,
                    &[("$select", "fullname,internalemailaddress".into())],
                )
                .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
                let record = self.read_record("systemuser", &url).await?;
                Ok(CrmUser {
                    id: who.user_id.clone(),
                    name: model::text(&record, "fullname").unwrap_or_default(),
                    email: model::text(&record, "internalemailaddress"),
                    organization_id: Some(who.organization_id.clone()),
                })
            })
            .await
    }
}

const SYSTEMUSERS: odata::Table = odata::Table {
    set: "systemusers",
    logical: "systemuser",
    key: "systemuserid",
    name: "fullname",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_urls_drop_the_web_api_path() {
        let client = DataverseClient::new(
            (),
            Url::parse("http://127.0.0.1:9/dataverse/northwind/api/data/v9.2").unwrap(),
            SecretString::from("t"),
        );
        assert_eq!(
            client.api_base().as_str(),
            "http://127.0.0.1:9/dataverse/northwind/api/data/v9.2/"
        );
        assert_eq!(
            client.app_url().as_str(),
            "http://127.0.0.1:9/dataverse/northwind/"
        );
        let client = client.with_app_url(Url::parse("https://org.crm.dynamics.com").unwrap());
        assert_eq!(client.app_url().as_str(), "https://org.crm.dynamics.com/");
        assert!(!format!("{client:?}").contains("\"t\""));
    }
}
