//! The Teams app manifest (`manifest.json` of `closer-teams.zip`), at the newest schema the
//! validator we run bundles (`@microsoft/app-manifest`: v1.30; reference:
//! <https://learn.microsoft.com/microsoft-365/extensibility/schema/>).
//!
//! Owns the Teams markup. What the app declares:
//! - one configurable tab in meetings: the side panel during the meeting, the details tab and the
//!   meeting chat tab before and after (`scopes: groupChat`, the scope meeting tabs live in:
//!   <https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/build-tabs-for-meeting>).
//!   Its configuration page is `?host=teams&view=configure`, which saves the tab with the pane's
//!   Teams URL (`?host=teams`) as its content URL: a configurable tab's content URL is set at
//!   run time, not in the manifest;
//! - a personal tab "Admin" with the admin settings page (`?host=teams&view=admin`), which the
//!   worker shows only to holders of the `Closer.Admin` app role;
//! - `webApplicationInfo` (Closer's Entra app and its API's Application ID URI) for Teams SSO;
//! - `validDomains`: the origin's host only. Identity providers (Entra, Salesforce) must not be
//!   listed: Teams opens them in its authentication window
//!   (<https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema#validdomains>).

use super::deployment::Deployment;
use super::{FULL_NAME, LONG_DESCRIPTION, NAME, PROVIDER, SHORT_DESCRIPTION, icons};
use serde_json::{Value, json};

/// The manifest schema version: the newest `@microsoft/app-manifest` (pinned in package.json)
/// ships, so `manifests/validate.mjs` checks exactly it.
pub const MANIFEST_VERSION: &str = "1.30";

/// The `$schema` of a manifest at [`MANIFEST_VERSION`].
pub fn schema_url() -> String {
    format!(
        "https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
    )
}

/// The meeting surfaces the configurable tab appears in.
pub const MEETING_CONTEXTS: [&str; 3] = ["meetingSidePanel", "meetingDetailsTab", "meetingChatTab"];

/// `manifest.json`.
pub fn manifest(deployment: &Deployment) -> Value {
    json!({
        "$schema": schema_url(),
        "manifestVersion": MANIFEST_VERSION,
        "version": deployment.version,
        "id": deployment.teams_id.to_string(),
        "developer": developer(deployment),
        "name": {"short": NAME, "full": FULL_NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": LONG_DESCRIPTION},
        "icons": {"color": icons::COLOR, "outline": icons::OUTLINE},
        "accentColor": accent_color(),
        "configurableTabs": [{
            "id": "closer-meeting",
            "configurationUrl": deployment.pane_url("teams", Some("configure")),
            "canUpdateConfiguration": true,
            "scopes": ["groupChat"],
            "context": MEETING_CONTEXTS,
        }],
        "staticTabs": [{
            "entityId": "closer-admin",
            "name": "Admin",
            "contentUrl": deployment.pane_url("teams", Some("admin")),
            "scopes": ["personal"],
            "context": ["personalTab"],
        }],
        "validDomains": [deployment.host()],
        "webApplicationInfo": {
            "id": deployment.client_id.to_string(),
            "resource": deployment.api_resource(),
        },
    })
}

/// The publisher block every package carries (Teams and the unified manifest require it).
pub fn developer(deployment: &Deployment) -> Value {
    json!({
        "name": PROVIDER,
        "websiteUrl": format!("{}/", deployment.origin()),
        "privacyUrl": deployment.about_url("privacy"),
        "termsOfUseUrl": deployment.about_url("terms"),
    })
}

/// Closer's accent as the manifests' `#RRGGBB`.
pub fn accent_color() -> String {
    let [r, g, b] = icons::ACCENT;
    format!("#{r:02X}{g:02X}{b:02X}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifests::deployment::Options;

    #[test]
    fn meeting_tab_admin_tab_and_sso_point_at_the_deployment() {
        let deployment = Deployment::new(&Options {
            origin: "https://closer.example.com".into(),
            client_id: Some("11111111-2222-3333-4444-555555555555".into()),
            ..Options::default()
        })
        .unwrap();
        let manifest = manifest(&deployment);
        let tab = &manifest["configurableTabs"][0];
        assert_eq!(
            tab["configurationUrl"],
            "https://closer.example.com/?host=teams&view=configure"
        );
        assert_eq!(tab["context"], json!(MEETING_CONTEXTS));
        assert_eq!(
            manifest["staticTabs"][0]["contentUrl"],
            "https://closer.example.com/?host=teams&view=admin"
        );
        assert_eq!(manifest["validDomains"], json!(["closer.example.com"]));
        assert_eq!(
            manifest["webApplicationInfo"],
            json!({
                "id": "11111111-2222-3333-4444-555555555555",
                "resource": "api://closer.example.com/11111111-2222-3333-4444-555555555555",
            })
        );
        assert_eq!(manifest["accentColor"], "#0F6CBD");
    }
}
