//! `cargo xtask manifests --origin https://closer.example.com`: the admin layer's deployables
//! for one origin, written to `target/manifests/`:
//!
//! - `outlook-addin.xml`: the Outlook add-in-only (XML) manifest ([`outlook_xml`]);
//! - `outlook-unified.json` and `outlook-unified.zip` (with its two icons): the same add-in as a
//!   unified manifest, for new Outlook and the Microsoft 365 app ([`unified`]);
//! - `closer-teams.zip`: the Teams app package ([`teams`]).
//!
//! `cargo xtask build` also writes them for the dev origin into `target/manifests/dev/`.
//! [`check`] holds the offline checks of what the vendors' schemas do not check, and
//! [`validate`] the test gate that runs them and the vendors' validators (`manifests/validate.mjs`).
//!
//! Owns the texts every manifest shares and the permissions Closer asks for; each format's module
//! owns only its markup.

pub mod check;
pub mod deployment;
pub mod icons;
pub mod outlook_xml;
pub mod package;
pub mod teams;
pub mod unified;
pub mod validate;

use deployment::{Deployment, Options};
use std::path::{Path, PathBuf};

/// The product's name (Teams: at most 30 characters).
pub const NAME: &str = "Closer";
/// The name with what it does (Teams: at most 100 characters).
pub const FULL_NAME: &str = "Closer: your CRM in Outlook and Teams";
/// Who publishes the add-in (Teams `developer.name`: at most 32 characters).
pub const PROVIDER: &str = "Closer";
/// One line (Teams: at most 80 characters).
pub const SHORT_DESCRIPTION: &str =
    "Your CRM and an AI sales assistant beside every email and meeting.";
/// A paragraph (the XML `Description`: at most 250 characters).
pub const LONG_DESCRIPTION: &str = "Closer shows who the people in an email or meeting are in your CRM (Dynamics 365 or Salesforce), summarises the thread with citations, drafts replies and saves emails and meetings to the CRM in one click.";

/// Delegated Microsoft Graph permissions the worker's on-behalf-of token needs, one per kind of
/// call in `worker/src/graph/` (least privileged that covers it):
/// - `User.Read`: `GET /me`, `GET /organization` (verified domains), `POST /me/translateExchangeIds`;
/// - `Mail.Read`: `GET /me/messages/{id}`, `/me/messages?$filter=conversationId…` and the inbox
///   (bodies, so not `Mail.ReadBasic`);
/// - `Calendars.Read`: `GET /me/events/{id}`, `/me/calendarView`, `POST /me/calendar/getSchedule`;
/// - `MailboxSettings.Read`: `GET /me/mailboxSettings` (time zone, working hours);
/// - `OnlineMeetings.Read`: `GET /me/onlineMeetings?$filter=JoinWebUrl…`;
/// - `OnlineMeetingTranscript.Read.All`: `…/transcripts` and their content;
/// - `Chat.ReadBasic`: `GET /chats/{id}` (a meeting chat's meeting).
pub const GRAPH_DELEGATED_SCOPES: &[&str] = &[
    "User.Read",
    "Mail.Read",
    "Calendars.Read",
    "MailboxSettings.Read",
    "OnlineMeetings.Read",
    "OnlineMeetingTranscript.Read.All",
    "Chat.ReadBasic",
];

/// File names in the output folder.
pub mod files {
    /// The XML manifest.
    pub const OUTLOOK_XML: &str = "outlook-addin.xml";
    /// The unified manifest, as JSON.
    pub const OUTLOOK_UNIFIED: &str = "outlook-unified.json";
    /// The unified manifest with its icons, the package Microsoft 365 takes.
    pub const OUTLOOK_UNIFIED_ZIP: &str = "outlook-unified.zip";
    /// The Teams app package.
    pub const TEAMS_ZIP: &str = "closer-teams.zip";
}

/// Everything generated for one deployment, in memory.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// `outlook-addin.xml`.
    pub outlook_xml: String,
    /// `outlook-unified.json`.
    pub outlook_unified: serde_json::Value,
    /// `outlook-unified.zip`.
    pub outlook_unified_zip: Vec<u8>,
    /// The Teams package's `manifest.json`.
    pub teams_manifest: serde_json::Value,
    /// `closer-teams.zip`.
    pub teams_zip: Vec<u8>,
}

/// Generates every manifest and package for `deployment`.
pub fn generate(deployment: &Deployment) -> anyhow::Result<Bundle> {
    let outlook_xml = outlook_xml::manifest(deployment);
    let outlook_unified = unified::manifest(deployment);
    let outlook_unified_zip = package::app_package(&outlook_unified)?;
    let teams_manifest = teams::manifest(deployment);
    let teams_zip = package::app_package(&teams_manifest)?;
    let bundle = Bundle {
        outlook_xml,
        outlook_unified,
        outlook_unified_zip,
        teams_manifest,
        teams_zip,
    };
    // Never hand out a manifest that points outside the deployment.
    check::all(deployment, &bundle)?;
    Ok(bundle)
}

/// Writes `bundle` into `dir` (created if missing); returns the paths written.
pub fn write(bundle: &Bundle, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let outputs: [(&str, Vec<u8>); 4] = [
        (files::OUTLOOK_XML, bundle.outlook_xml.clone().into_bytes()),
        (
            files::OUTLOOK_UNIFIED,
            pretty(&bundle.outlook_unified).into_bytes(),
        ),
        (
            files::OUTLOOK_UNIFIED_ZIP,
            bundle.outlook_unified_zip.clone(),
        ),
        (files::TEAMS_ZIP, bundle.teams_zip.clone()),
    ];
    let mut written = Vec::new();
    for (name, bytes) in outputs {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// JSON as the packages carry it: two-space indented, with a final newline.
pub fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}

/// Where `cargo xtask manifests` writes.
pub fn output_dir() -> PathBuf {
    crate::toolenv::workspace_root().join("target/manifests")
}

/// `cargo xtask manifests ARGS`.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let options = Options::parse(args)?;
    let deployment = Deployment::new(&options)?;
    if deployment.uses_dev_client_id() {
        eprintln!(
            "warning: the client id is the sandbox's ({}), which no real tenant has. A \
             deployment needs its own Entra app registration (README, \"Deploy to a real tenant\").",
            deployment::DEV_CLIENT_ID
        );
    }
    if !deployment.is_https() {
        eprintln!(
            "note: {} is http: Outlook and Teams load only https, so sideloading these needs an \
             https tunnel to it (and the unified manifest's schema refuses http pages).",
            deployment.origin()
        );
    }
    let bundle = generate(&deployment)?;
    let written = write(&bundle, &output_dir())?;
    if deployment.is_https() {
        // What an admin uploads has passed Microsoft's schemas and converter, as in the tests.
        validate::vendor_validators(&bundle, &output_dir())?;
    }
    report(&deployment, &written);
    Ok(())
}

/// The dev origin's manifests, into `target/manifests/dev/` (part of `cargo xtask build`).
pub fn dev() -> anyhow::Result<()> {
    let deployment = Deployment::dev()?;
    let bundle = generate(&deployment)?;
    let dir = output_dir().join("dev");
    write(&bundle, &dir)?;
    println!(
        "build: manifests for {} in {} (sideloading them needs an https tunnel)",
        deployment.origin(),
        dir.display()
    );
    Ok(())
}

fn report(deployment: &Deployment, written: &[PathBuf]) {
    println!(
        "manifests for {} (version {}):",
        deployment.origin(),
        deployment.version
    );
    for path in written {
        println!("  {}", path.display());
    }
    println!("  Outlook add-in id: {}", deployment.outlook_id);
    println!("  Teams app id:      {}", deployment.teams_id);
    println!("  Entra client id:   {}", deployment.client_id);
    println!(
        "  Entra Application ID URI: {}  (worker API_SCOPE = {})",
        deployment.api_resource(),
        deployment.api_scope()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Deployment {
        validate::example().unwrap()
    }

    #[test]
    fn two_builds_for_the_same_origin_are_identical() {
        let (first, second) = (generate(&example()).unwrap(), generate(&example()).unwrap());
        assert_eq!(first.outlook_xml, second.outlook_xml);
        assert_eq!(first.outlook_unified, second.outlook_unified);
        assert_eq!(first.outlook_unified_zip, second.outlook_unified_zip);
        assert_eq!(first.teams_zip, second.teams_zip);
    }

    #[test]
    fn a_version_bump_changes_every_manifest() {
        let current = generate(&example()).unwrap();
        let mut bumped = example();
        bumped.version = "0.99.0".into();
        let next = generate(&bumped).unwrap();
        assert!(next.outlook_xml.contains("<Version>0.99.0</Version>"));
        assert_eq!(next.outlook_unified["version"], "0.99.0");
        assert_eq!(
            package::manifest_of(&next.teams_zip).unwrap()["version"],
            "0.99.0"
        );
        assert_ne!(current.teams_zip, next.teams_zip);
        assert_ne!(current.outlook_unified_zip, next.outlook_unified_zip);
    }

    #[test]
    fn writes_the_four_files() {
        let dir = std::env::temp_dir().join(format!("closer-manifests-{}", std::process::id()));
        let written = write(&generate(&example()).unwrap(), &dir).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                files::OUTLOOK_XML,
                files::OUTLOOK_UNIFIED,
                files::OUTLOOK_UNIFIED_ZIP,
                files::TEAMS_ZIP
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_readme_runbook_asks_for_what_the_code_needs() {
        let readme =
            std::fs::read_to_string(crate::toolenv::workspace_root().join("README.md")).unwrap();
        let runbook = readme
            .split("## Deploy to a real tenant")
            .nth(1)
            .expect("README has a \"Deploy to a real tenant\" section");
        for needed in GRAPH_DELEGATED_SCOPES.iter().copied().chain([
            "user_impersonation",
            "access_as_user",
            "Closer.Admin",
            "brk-multihub://",
            outlook_xml::PERMISSION,
            unified::PERMISSION,
            "cargo xtask manifests --origin",
            "wrangler deploy",
        ]) {
            assert!(
                runbook.contains(needed),
                "the runbook does not mention {needed}"
            );
        }
    }
}
