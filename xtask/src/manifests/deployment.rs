//! What a set of manifests is generated for: the origin Closer is served from, the Entra app
//! (client id), the add-in and Teams app ids, and the version.
//!
//! Owns the derivation rules, so that every manifest states them the same way:
//! - ids are stable: a UUID v5 of the origin (one per package kind), so regenerating for the same
//!   origin yields the same add-in and the same Teams app, and Microsoft 365 sees an update rather
//!   than a second app; `--app-id`/`--teams-app-id` pin them instead (e.g. to keep an add-in's id
//!   when the deployment moves to another host);
//! - the version is the workspace version (`[workspace.package] version` in Cargo.toml): Microsoft
//!   365 and Teams pick up a changed manifest only when its version grows, so a release bumps it;
//! - the API resource is `api://<host>/<client id>`, the Application ID URI form that Office's
//!   legacy SSO and Teams tab SSO both require (the worker's `API_SCOPE` is then
//!   `api://<host>/<client id>/access_as_user`).

use anyhow::{Context, bail, ensure};
use url::Url;
use uuid::Uuid;

/// The sandbox's Closer app registration: the default client id, good for local runs only.
pub const DEV_CLIENT_ID: &str = closer_sandbox::demo::CLOSER_CLIENT_ID;

/// The origin `cargo xtask dev` serves the pane from (wrangler dev's preferred port).
pub const DEV_ORIGIN: &str = "http://127.0.0.1:8787";

/// The Entra authority the pane's browser sign-in navigates to (an Outlook app domain, so the
/// sign-in page stays in the task pane instead of opening a browser window).
pub const AUTHORITY_ORIGIN: &str = "https://login.microsoftonline.com";

/// Everything the manifests are generated from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// `https://host[:port]`, without a trailing slash.
    origin: String,
    /// The host (and port, if any) of the origin, lower case.
    host: String,
    /// Closer's Entra application (client) id.
    pub client_id: Uuid,
    /// The Outlook add-in's id (XML `<Id>` and the unified manifest's `id`: one add-in, two formats).
    pub outlook_id: Uuid,
    /// The Teams app's id.
    pub teams_id: Uuid,
    /// The manifests' version (the workspace version).
    pub version: String,
    /// Extra origins the Outlook pane may navigate to (e.g. a Salesforce My Domain for the
    /// connect flow), as `https://host`.
    pub app_domains: Vec<String>,
}

/// Command-line options of `cargo xtask manifests`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Options {
    /// `--origin`.
    pub origin: String,
    /// `--client-id`.
    pub client_id: Option<String>,
    /// `--app-id`.
    pub app_id: Option<String>,
    /// `--teams-app-id`.
    pub teams_app_id: Option<String>,
    /// `--app-domain`, repeatable.
    pub app_domains: Vec<String>,
}

impl Options {
    /// Parses `--origin URL [--client-id GUID] [--app-id GUID] [--teams-app-id GUID]
    /// [--app-domain URL]...`.
    pub fn parse(args: &[String]) -> anyhow::Result<Self> {
        let mut options = Options::default();
        let mut origin = None;
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .with_context(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--origin" => origin = Some(value()?),
                "--client-id" => options.client_id = Some(value()?),
                "--app-id" => options.app_id = Some(value()?),
                "--teams-app-id" => options.teams_app_id = Some(value()?),
                "--app-domain" => options.app_domains.push(value()?),
                other => bail!("unknown option {other:?}"),
            }
        }
        options.origin =
            origin.context("--origin is required (e.g. https://closer.example.com)")?;
        Ok(options)
    }
}

impl Deployment {
    /// The deployment `options` describe. The origin must be https (Office and Teams load
    /// nothing else), except a loopback http origin for local generation.
    pub fn new(options: &Options) -> anyhow::Result<Self> {
        let (origin, host) = parse_origin(&options.origin)?;
        let client_id = parse_guid(
            "--client-id",
            options.client_id.as_deref().unwrap_or(DEV_CLIENT_ID),
        )?;
        let outlook_id = match &options.app_id {
            Some(id) => parse_guid("--app-id", id)?,
            None => derived_id(&origin, "outlook-add-in"),
        };
        let teams_id = match &options.teams_app_id {
            Some(id) => parse_guid("--teams-app-id", id)?,
            None => derived_id(&origin, "teams-app"),
        };
        ensure!(
            outlook_id != teams_id,
            "the add-in and the Teams app need different ids"
        );
        let app_domains = options
            .app_domains
            .iter()
            .map(|domain| {
                let (origin, _) = parse_origin(domain)?;
                ensure!(
                    origin.starts_with("https://"),
                    "--app-domain {domain} is not https"
                );
                Ok(origin)
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self {
            origin,
            host,
            client_id,
            outlook_id,
            teams_id,
            version: workspace_version()?,
            app_domains,
        })
    }

    /// The deployment `cargo xtask dev` runs: the dev origin and the sandbox's client id.
    pub fn dev() -> anyhow::Result<Self> {
        Self::new(&Options {
            origin: DEV_ORIGIN.to_owned(),
            ..Options::default()
        })
    }

    /// `https://host[:port]`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `host[:port]`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the origin is https (the only kind Office and Teams will load).
    pub fn is_https(&self) -> bool {
        self.origin.starts_with("https://")
    }

    /// The pane's URL for a host (`outlook`, `teams`), with an optional view.
    pub fn pane_url(&self, host: &str, view: Option<&str>) -> String {
        match view {
            Some(view) => format!("{}/?host={host}&view={view}", self.origin),
            None => format!("{}/?host={host}", self.origin),
        }
    }

    /// The URL of a file Trunk copies from `public/assets/` into the pane's `assets/`.
    pub fn asset_url(&self, file: &str) -> String {
        format!("{}/assets/{file}", self.origin)
    }

    /// The page linked as support, privacy and terms (`public/assets/about.html`).
    pub fn about_url(&self, anchor: &str) -> String {
        format!("{}#{anchor}", self.asset_url("about.html"))
    }

    /// The Application ID URI of Closer's API: `api://<host>/<client id>`.
    pub fn api_resource(&self) -> String {
        format!("api://{}/{}", self.host, self.client_id)
    }

    /// The scope the pane asks for (the worker's `API_SCOPE`).
    pub fn api_scope(&self) -> String {
        format!("{}/access_as_user", self.api_resource())
    }

    /// Whether `id` is the sandbox's client id (fine locally, never for a real tenant).
    pub fn uses_dev_client_id(&self) -> bool {
        self.client_id.to_string() == DEV_CLIENT_ID
    }
}

/// `(origin, host)` of `value`: scheme and authority only (a trailing `/` is tolerated).
fn parse_origin(value: &str) -> anyhow::Result<(String, String)> {
    let url = Url::parse(value).with_context(|| format!("{value:?} is not a URL"))?;
    ensure!(
        url.path() == "/" && url.query().is_none() && url.fragment().is_none(),
        "{value:?} must be an origin (scheme://host[:port]) without path, query or fragment"
    );
    ensure!(
        url.username().is_empty() && url.password().is_none(),
        "{value:?} must not carry credentials"
    );
    let host = url.host_str().context("the origin has no host")?.to_owned();
    let loopback = matches!(host.as_str(), "127.0.0.1" | "localhost" | "[::1]");
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => bail!("{value:?}: Office and Teams load only https pages (http only for loopback)"),
    }
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    };
    Ok((format!("{}://{authority}", url.scheme()), authority))
}

fn parse_guid(flag: &str, value: &str) -> anyhow::Result<Uuid> {
    let id = Uuid::try_parse(value).with_context(|| format!("{flag} {value:?} is not a GUID"))?;
    ensure!(!id.is_nil(), "{flag} must not be the nil GUID");
    Ok(id)
}

/// A UUID v5 (SHA-1, RFC 9562) in the URL namespace of `<origin>#<kind>`: the same origin always
/// gives the same id, different origins or kinds different ones.
fn derived_id(origin: &str, kind: &str) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("{origin}/#closer-{kind}").as_bytes(),
    )
}

/// The workspace version. Office's `<Version>` takes up to four dot-separated numbers and Teams a
/// semver, so only `major.minor.patch` passes (a pre-release suffix would break the XML).
pub fn workspace_version() -> anyhow::Result<String> {
    // xtask inherits `version.workspace = true`, so its package version is the workspace's.
    let version = env!("CARGO_PKG_VERSION");
    let parts: Vec<&str> = version.split('.').collect();
    ensure!(
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())),
        "workspace version {version:?} is not major.minor.patch (numbers only)"
    );
    Ok(version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(origin: &str) -> Options {
        Options {
            origin: origin.into(),
            ..Options::default()
        }
    }

    #[test]
    fn parses_the_command_line() {
        let args: Vec<String> = [
            "--origin",
            "https://closer.example.com",
            "--client-id",
            "11111111-2222-3333-4444-555555555555",
            "--app-domain",
            "https://acme.my.salesforce.com",
        ]
        .map(String::from)
        .into();
        let parsed = Options::parse(&args).unwrap();
        assert_eq!(parsed.origin, "https://closer.example.com");
        assert_eq!(
            parsed.client_id.as_deref(),
            Some("11111111-2222-3333-4444-555555555555")
        );
        assert_eq!(parsed.app_domains, ["https://acme.my.salesforce.com"]);
        assert!(Options::parse(&[]).is_err(), "--origin is required");
        assert!(Options::parse(&["--origin".into()]).is_err());
        assert!(Options::parse(&["--bogus".into(), "x".into()]).is_err());
    }

    #[test]
    fn origins_are_https_or_loopback_http_without_a_path() {
        let d = Deployment::new(&options("https://Closer.Example.com/")).unwrap();
        assert_eq!(d.origin(), "https://closer.example.com");
        assert_eq!(d.host(), "closer.example.com");
        let d = Deployment::new(&options("https://closer.example.com:8443")).unwrap();
        assert_eq!(d.host(), "closer.example.com:8443");
        assert!(Deployment::new(&options(DEV_ORIGIN)).is_ok());
        for bad in [
            "http://closer.example.com",
            "https://closer.example.com/pane",
            "https://closer.example.com/?x=1",
            "https://user:pw@closer.example.com",
            "ftp://closer.example.com",
            "closer.example.com",
        ] {
            assert!(Deployment::new(&options(bad)).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn ids_are_stable_per_origin_and_overridable() {
        let a = Deployment::new(&options("https://closer.example.com")).unwrap();
        let b = Deployment::new(&options("https://closer.example.com/")).unwrap();
        let other = Deployment::new(&options("https://closer.contoso.com")).unwrap();
        assert_eq!((a.outlook_id, a.teams_id), (b.outlook_id, b.teams_id));
        assert_ne!(a.outlook_id, a.teams_id);
        assert_ne!(a.outlook_id, other.outlook_id);
        assert_ne!(a.teams_id, other.teams_id);
        assert_eq!(a.outlook_id.get_version_num(), 5);
        let pinned = Deployment::new(&Options {
            app_id: Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into()),
            ..options("https://closer.contoso.com")
        })
        .unwrap();
        assert_eq!(
            pinned.outlook_id.to_string(),
            "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
        );
        assert!(
            Deployment::new(&Options {
                client_id: Some("not-a-guid".into()),
                ..options("https://closer.example.com")
            })
            .is_err()
        );
    }

    #[test]
    fn the_api_resource_is_the_sso_form_of_the_application_id_uri() {
        let d = Deployment::new(&Options {
            client_id: Some("11111111-2222-3333-4444-555555555555".into()),
            ..options("https://closer.example.com")
        })
        .unwrap();
        assert_eq!(
            d.api_resource(),
            "api://closer.example.com/11111111-2222-3333-4444-555555555555"
        );
        assert_eq!(
            d.api_scope(),
            "api://closer.example.com/11111111-2222-3333-4444-555555555555/access_as_user"
        );
        assert!(!d.uses_dev_client_id());
        assert!(Deployment::dev().unwrap().uses_dev_client_id());
    }

    #[test]
    fn the_version_is_the_workspace_version_in_cargo_toml() {
        let cargo_toml =
            std::fs::read_to_string(crate::toolenv::workspace_root().join("Cargo.toml")).unwrap();
        let section = cargo_toml
            .split("[workspace.package]")
            .nth(1)
            .expect("a [workspace.package] section");
        let declared = section
            .lines()
            .find_map(|line| line.trim().strip_prefix("version = \""))
            .map(|rest| rest.trim_end_matches('"'))
            .expect("a workspace version");
        assert_eq!(workspace_version().unwrap(), declared);
    }
}
