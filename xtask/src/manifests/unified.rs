//! The Outlook add-in as a unified app manifest for Microsoft 365 (JSON, the Teams schema's
//! `extensions`), for new Outlook and the Microsoft 365 app
//! (<https://learn.microsoft.com/office/dev/add-ins/develop/unified-manifest-overview>,
//! <https://learn.microsoft.com/microsoft-365/extensibility/schema/element-extensions>).
//!
//! Owns the unified markup; it states what `outlook_xml` states, mapped as Microsoft's converter
//! (`office-addin-manifest-converter`) maps the XML, which `manifests/validate.mjs` runs and
//! compares: the same id and version, one runtime whose actions open the pane (pinnable in read
//! mode), ribbon buttons on the same four desktop surfaces and on mobile read, the same Mailbox
//! requirement, the `MailboxItem.ReadWrite.User` permission (XML `ReadWriteItem`), the same
//! `webApplicationInfo`, and the XML's app domains as `validDomains`.

use super::deployment::Deployment;
use super::outlook_xml::{MAILBOX_MIN_VERSION, app_domains};
use super::teams::{MANIFEST_VERSION, accent_color, developer, schema_url};
use super::{FULL_NAME, LONG_DESCRIPTION, NAME, SHORT_DESCRIPTION, icons};
use serde_json::{Value, json};

/// The unified name of the XML's `ReadWriteItem` permission
/// (<https://learn.microsoft.com/office/dev/add-ins/outlook/understanding-outlook-add-in-permissions>).
pub const PERMISSION: &str = "MailboxItem.ReadWrite.User";

/// The action opening the pane in read mode (pinnable) and the one in compose mode.
const OPEN_READ: &str = "openPaneRead";
const OPEN_COMPOSE: &str = "openPaneCompose";

/// The unified manifest.
pub fn manifest(deployment: &Deployment) -> Value {
    let mailbox = json!([{"name": "Mailbox", "minVersion": MAILBOX_MIN_VERSION}]);
    json!({
        "$schema": schema_url(),
        "manifestVersion": MANIFEST_VERSION,
        "version": deployment.version,
        "id": deployment.outlook_id.to_string(),
        "developer": developer(deployment),
        "name": {"short": NAME, "full": FULL_NAME},
        "description": {"short": SHORT_DESCRIPTION, "full": LONG_DESCRIPTION},
        "icons": {"color": icons::COLOR, "outline": icons::OUTLINE},
        "accentColor": accent_color(),
        "localizationInfo": {"defaultLanguageTag": "en-us"},
        "validDomains": valid_domains(deployment),
        "webApplicationInfo": {
            "id": deployment.client_id.to_string(),
            "resource": deployment.api_resource(),
        },
        "authorization": {
            "permissions": {
                "resourceSpecific": [{"name": PERMISSION, "type": "Delegated"}],
            },
        },
        "extensions": [{
            "requirements": {"scopes": ["mail"], "capabilities": mailbox},
            "runtimes": [{
                "requirements": {"capabilities": mailbox},
                "id": "TaskPaneRuntime",
                "type": "general",
                "code": {"page": deployment.pane_url("outlook", None)},
                "lifetime": "short",
                "actions": [
                    {"id": OPEN_READ, "type": "openPage", "pinnable": true},
                    {"id": OPEN_COMPOSE, "type": "openPage", "pinnable": false},
                ],
            }],
            "ribbons": [
                desktop_ribbon(
                    deployment,
                    &["mailRead", "meetingDetailsAttendee"],
                    "read",
                    ("Open Closer", "Closer: CRM and insights", READ_TIP),
                    OPEN_READ,
                ),
                desktop_ribbon(
                    deployment,
                    &["mailCompose", "meetingDetailsOrganizer"],
                    "compose",
                    ("Draft with Closer", "Closer: draft a reply", COMPOSE_TIP),
                    OPEN_COMPOSE,
                ),
                mobile_ribbon(deployment),
            ],
        }],
    })
}

const READ_TIP: &str = "Who these people are in your CRM, the deal, a cited summary of the thread; save it to the CRM in one click.";
const COMPOSE_TIP: &str =
    "Draft a reply grounded in your CRM and insert it into the message you are writing.";

/// The XML's app domains as host names (the unified manifest takes domains, not origins), after
/// the origin's own host.
fn valid_domains(deployment: &Deployment) -> Vec<String> {
    let mut domains = vec![deployment.host().to_owned()];
    for origin in app_domains(deployment) {
        let host = origin.trim_start_matches("https://").to_owned();
        if !domains.contains(&host) {
            domains.push(host);
        }
    }
    domains
}

fn desktop_icons(deployment: &Deployment) -> Value {
    [16, 32, 80]
        .iter()
        .map(|&size| json!({"size": size, "url": deployment.asset_url(icons::sized(size))}))
        .collect()
}

/// A group on the default tab with one button running `action`.
fn desktop_ribbon(
    deployment: &Deployment,
    contexts: &[&str],
    key: &str,
    (label, title, tip): (&str, &str, &str),
    action: &str,
) -> Value {
    json!({
        "requirements": {"formFactors": ["desktop"]},
        "contexts": contexts,
        "tabs": [{
            "builtInTabId": "TabDefault",
            "groups": [{
                "id": format!("closer.{key}.group"),
                "label": NAME,
                "icons": desktop_icons(deployment),
                "controls": [{
                    "id": format!("closer.{key}.open"),
                    "type": "button",
                    "label": label,
                    "icons": desktop_icons(deployment),
                    "supertip": {"title": title, "description": tip},
                    "actionId": action,
                }],
            }],
        }],
    })
}

/// Outlook mobile's message-read button (nine icons: 25, 32 and 48 px at scales 1 to 3).
fn mobile_ribbon(deployment: &Deployment) -> Value {
    let icons: Vec<Value> = [25, 32, 48]
        .iter()
        .flat_map(|&size| {
            (1..=3).map(move |scale| {
                json!({
                    "size": size,
                    "scale": scale,
                    "url": deployment.asset_url(icons::sized(size * scale)),
                })
            })
        })
        .collect();
    json!({
        "requirements": {"formFactors": ["mobile"]},
        "contexts": ["mailRead"],
        "tabs": [{
            "customMobileRibbonGroups": [{
                "id": "closer.mobile.group",
                "label": NAME,
                "controls": [{
                    "id": "closer.mobile.open",
                    "type": "mobileButton",
                    "label": "Open Closer",
                    "icons": icons,
                    "actionId": OPEN_READ,
                }],
            }],
        }],
    })
}
