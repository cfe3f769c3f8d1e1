//! Offline checks of what the vendors' schemas do not check: run on every generated bundle
//! (`generate` refuses to hand out one that fails) and by the test gate.
//!
//! Owns these rules:
//! - every URL in every manifest is under the deployment's origin, except the documented Microsoft
//!   ones (the Entra sign-in page as an Outlook app domain, the manifests' `$schema`) and the
//!   `--app-domain` origins; https only (http only for a loopback dev origin);
//! - every icon URL names a committed file in `public/assets/` (which Trunk copies to the pane's
//!   `assets/`) whose pixel size is the size the manifest states;
//! - ids, version and SSO settings agree across the three manifests and with the deployment;
//! - each package holds exactly `manifest.json`, `color.png` (192×192) and `outline.png` (32×32,
//!   white on transparent);
//! - the XML manifest's structure, as far as its schema ([MS-OWEMXML]) is not available offline
//!   (no registry ships the XSDs, and Microsoft's own validator is an online service): the
//!   `OfficeApp` children in schema order, Mail 1.1 inside Mail 1.0 with `WebApplicationInfo`
//!   last, every `resid` defined in the same `VersionOverrides` as a resource of the right kind,
//!   resource ids of at most 32 characters, short strings of at most 125 and long ones of at
//!   most 250, and the id a GUID.

use super::deployment::{AUTHORITY_ORIGIN, Deployment};
use super::{Bundle, icons, package};
use anyhow::{Context, bail, ensure};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where the manifests' `$schema` may point.
const SCHEMA_PREFIX: &str = "https://developer.microsoft.com/json-schemas/";

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Runs every check on `bundle`.
pub fn all(deployment: &Deployment, bundle: &Bundle) -> anyhow::Result<()> {
    let xml = roxmltree::Document::parse(&bundle.outlook_xml).context("outlook-addin.xml")?;
    xml_structure(&xml).context("outlook-addin.xml structure")?;
    for (what, urls) in [
        ("outlook-addin.xml", xml_urls(&xml)),
        ("outlook-unified.json", json_urls(&bundle.outlook_unified)),
        (
            "closer-teams.zip manifest.json",
            json_urls(&bundle.teams_manifest),
        ),
    ] {
        for (place, url) in urls {
            url_allowed(deployment, &url)
                .and_then(|()| asset_exists(deployment, &url))
                .with_context(|| format!("{what}: {place}"))?;
        }
    }
    xml_icons(&xml).context("outlook-addin.xml icons")?;
    json_icons(&bundle.outlook_unified).context("outlook-unified.json icons")?;
    agreement(deployment, &xml, bundle)?;
    for (what, zip, manifest) in [
        (
            "outlook-unified.zip",
            &bundle.outlook_unified_zip,
            &bundle.outlook_unified,
        ),
        (
            "closer-teams.zip",
            &bundle.teams_zip,
            &bundle.teams_manifest,
        ),
    ] {
        package_contents(zip, manifest).with_context(|| what.to_owned())?;
    }
    domains(deployment, bundle)
}

/// Whether `url` may appear in a manifest of `deployment`.
pub fn url_allowed(deployment: &Deployment, url: &str) -> anyhow::Result<()> {
    if url.starts_with("api://") {
        ensure!(
            url == deployment.api_resource(),
            "{url} is not the deployment's API ({})",
            deployment.api_resource()
        );
        return Ok(());
    }
    let under_origin = url
        .strip_prefix(deployment.origin())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let documented_microsoft =
        url == AUTHORITY_ORIGIN || (url.starts_with(SCHEMA_PREFIX) && !url.contains(".."));
    let app_domain = deployment.app_domains.iter().any(|domain| domain == url);
    ensure!(
        under_origin || documented_microsoft || app_domain,
        "{url} is outside {} and not a documented Microsoft URL or an --app-domain",
        deployment.origin()
    );
    ensure!(
        url.starts_with("https://") || (under_origin && !deployment.is_https()),
        "{url} is not https"
    );
    Ok(())
}

/// A URL under the origin's `assets/` names a committed file of `public/assets/` (which Trunk
/// copies there), so the page or icon it promises is served.
fn asset_exists(deployment: &Deployment, url: &str) -> anyhow::Result<()> {
    let Some(rest) = url.strip_prefix(&format!("{}/assets/", deployment.origin())) else {
        return Ok(());
    };
    let file = rest.split(['#', '?']).next().unwrap_or_default();
    ensure!(
        !file.is_empty() && !file.contains('/') && !file.contains(".."),
        "{url} does not name a file of public/assets"
    );
    ensure!(
        icons::public_path(file).is_file(),
        "{url}: public/assets/{file} does not exist, so the origin would not serve it"
    );
    Ok(())
}

/// Every URL-like attribute value and text in the XML, with where it was found.
fn xml_urls(doc: &roxmltree::Document) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for node in doc.descendants() {
        if node.is_element() {
            for attribute in node.attributes() {
                if looks_like_url(attribute.value()) {
                    urls.push((
                        format!("<{} {}>", node.tag_name().name(), attribute.name()),
                        attribute.value().to_owned(),
                    ));
                }
            }
        } else if node.is_text()
            && let Some(text) = node.text().map(str::trim)
            && looks_like_url(text)
        {
            let parent = node.parent().map(|p| p.tag_name().name()).unwrap_or("");
            urls.push((format!("<{parent}> text"), text.to_owned()));
        }
    }
    urls
}

/// Every URL-like string in a JSON manifest, with its JSON pointer.
fn json_urls(value: &Value) -> Vec<(String, String)> {
    fn walk(value: &Value, pointer: String, urls: &mut Vec<(String, String)>) {
        match value {
            Value::String(text) if looks_like_url(text) => urls.push((pointer, text.clone())),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, format!("{pointer}/{index}"), urls);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    walk(item, format!("{pointer}/{key}"), urls);
                }
            }
            _ => {}
        }
    }
    let mut urls = Vec::new();
    walk(value, String::new(), &mut urls);
    urls
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://", "api://", "//"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        || lower.contains("://")
}

/// The committed file an asset URL names, with its pixel size.
fn asset_size(url: &str) -> anyhow::Result<u32> {
    let file = url
        .split_once("/assets/")
        .map(|(_, file)| file)
        .with_context(|| format!("{url} is not a pane asset"))?;
    ensure!(
        !file.contains('/') && icons::icon(file).is_some(),
        "{url}: {file} is not one of the committed icons"
    );
    let (width, height, _) = icons::decode(&icons::read_public(file)?)?;
    ensure!(width == height, "{file} is not square");
    Ok(width)
}

/// Each `bt:Image` a control uses resolves to a committed icon of its stated size × scale.
fn xml_icons(doc: &roxmltree::Document) -> anyhow::Result<()> {
    for overrides in version_overrides(doc) {
        let images = resources(overrides, "Images");
        for image in overrides.descendants().filter(|n| {
            n.has_tag_name("Image")
                && n.attribute("resid").is_some()
                && owner(*n) == Some(overrides)
        }) {
            let resid = image.attribute("resid").unwrap_or_default();
            let url = images
                .get(resid)
                .with_context(|| format!("image {resid} is not a resource"))?;
            let size: u32 = image.attribute("size").unwrap_or("0").parse()?;
            let scale: u32 = image.attribute("scale").unwrap_or("1").parse()?;
            let actual = asset_size(url)?;
            ensure!(
                actual == size * scale,
                "{resid} ({url}) is {actual}px, the control states {size}px × {scale}"
            );
        }
    }
    for tag in ["IconUrl", "HighResolutionIconUrl"] {
        let url = doc
            .descendants()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.attribute("DefaultValue"))
            .with_context(|| format!("no {tag}"))?;
        let expected = if tag == "IconUrl" { 64 } else { 128 };
        ensure!(asset_size(url)? == expected, "{tag} is not {expected}px");
    }
    Ok(())
}

/// Each `{size, url[, scale]}` icon of the unified manifest is a committed icon of that size.
fn json_icons(manifest: &Value) -> anyhow::Result<()> {
    fn walk(value: &Value) -> anyhow::Result<()> {
        match value {
            Value::Object(map) => {
                if let (Some(size), Some(Value::String(url))) = (map.get("size"), map.get("url")) {
                    let size = size.as_u64().context("an icon size is not a number")?;
                    let scale = map.get("scale").and_then(Value::as_u64).unwrap_or(1);
                    let actual = u64::from(asset_size(url)?);
                    ensure!(
                        actual == size * scale,
                        "{url} is {actual}px, the manifest states {size}px × {scale}"
                    );
                }
                map.values().try_for_each(walk)
            }
            Value::Array(items) => items.iter().try_for_each(walk),
            _ => Ok(()),
        }
    }
    walk(manifest)
}

/// Ids, version and SSO settings agree with the deployment in all three manifests.
fn agreement(
    deployment: &Deployment,
    xml: &roxmltree::Document,
    bundle: &Bundle,
) -> anyhow::Result<()> {
    let root = xml.root_element();
    let child_text = |parent: roxmltree::Node, tag: &str| {
        parent
            .children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .map(str::trim)
            .map(str::to_owned)
    };
    let outlook_id = deployment.outlook_id.to_string();
    let teams_id = deployment.teams_id.to_string();
    let client_id = deployment.client_id.to_string();
    let resource = deployment.api_resource();
    ensure!(
        child_text(root, "Id").as_deref() == Some(outlook_id.as_str()),
        "XML <Id> is not the add-in id"
    );
    ensure!(
        child_text(root, "Version").as_deref() == Some(deployment.version.as_str()),
        "XML <Version> is not the workspace version"
    );
    let info = xml
        .descendants()
        .find(|n| n.has_tag_name("WebApplicationInfo"))
        .context("XML has no WebApplicationInfo")?;
    ensure!(
        child_text(info, "Id").as_deref() == Some(client_id.as_str()),
        "XML WebApplicationInfo Id"
    );
    ensure!(
        child_text(info, "Resource").as_deref() == Some(resource.as_str()),
        "XML WebApplicationInfo Resource"
    );
    for (what, manifest, id) in [
        ("outlook-unified.json", &bundle.outlook_unified, &outlook_id),
        ("closer-teams.zip", &bundle.teams_manifest, &teams_id),
    ] {
        ensure!(manifest["id"] == id.as_str(), "{what}: id is not {id}");
        ensure!(
            manifest["version"] == deployment.version.as_str(),
            "{what}: version is not the workspace version"
        );
        ensure!(
            manifest["webApplicationInfo"]["id"] == client_id.as_str()
                && manifest["webApplicationInfo"]["resource"] == resource.as_str(),
            "{what}: webApplicationInfo is not the deployment's Entra app"
        );
    }
    Ok(())
}

/// `validDomains` name the origin's host (Teams: only it), the authority and `--app-domain`s.
fn domains(deployment: &Deployment, bundle: &Bundle) -> anyhow::Result<()> {
    ensure!(
        bundle.teams_manifest["validDomains"] == serde_json::json!([deployment.host()]),
        "Teams validDomains must be exactly the origin's host"
    );
    let allowed: Vec<String> = std::iter::once(deployment.host().to_owned())
        .chain(
            std::iter::once(AUTHORITY_ORIGIN)
                .chain(deployment.app_domains.iter().map(String::as_str))
                .map(|origin| origin.trim_start_matches("https://").to_owned()),
        )
        .collect();
    let listed = bundle.outlook_unified["validDomains"]
        .as_array()
        .context("the unified manifest has no validDomains")?;
    for domain in listed {
        let domain = domain.as_str().unwrap_or_default();
        ensure!(
            allowed.iter().any(|a| a == domain),
            "unified validDomains lists {domain}, outside the deployment"
        );
    }
    Ok(())
}

/// A package holds exactly the manifest and its two icons, at the sizes Teams requires.
pub fn package_contents(zip: &[u8], manifest: &Value) -> anyhow::Result<()> {
    let entries = package::entries(zip)?;
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    ensure!(
        names == [package::MANIFEST, icons::COLOR, icons::OUTLINE],
        "the package holds {names:?}, not exactly manifest.json, color.png and outline.png"
    );
    ensure!(
        &package::manifest_of(zip)? == manifest,
        "the packaged manifest.json is not the generated one"
    );
    ensure!(
        manifest["icons"]["color"] == icons::COLOR
            && manifest["icons"]["outline"] == icons::OUTLINE,
        "the manifest's icons are not the packaged files"
    );
    for (name, bytes) in &entries[1..] {
        let (width, height, pixels) = icons::decode(bytes)?;
        let expected = if name == icons::COLOR { 192 } else { 32 };
        ensure!(
            (width, height) == (expected, expected),
            "{name} is {width}×{height}, not {expected}×{expected}"
        );
        if name == icons::OUTLINE {
            ensure!(
                pixels
                    .chunks(4)
                    .all(|p| p[3] == 0 || p[..3] == [255, 255, 255]),
                "outline.png has pixels that are neither white nor transparent"
            );
        }
    }
    Ok(())
}

/// The `VersionOverrides` elements, outer (Mail 1.0) first.
fn version_overrides<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("VersionOverrides"))
        .collect()
}

/// The `VersionOverrides` a node belongs to (the nearest one around it): each one's references
/// resolve in its own resources.
fn owner<'a>(node: roxmltree::Node<'a, 'a>) -> Option<roxmltree::Node<'a, 'a>> {
    node.ancestors()
        .skip(1)
        .find(|a| a.has_tag_name("VersionOverrides"))
}

/// `id → value` of one resource kind (`Images`, `Urls`, `ShortStrings`, `LongStrings`) defined
/// directly in `overrides` (not in a nested one).
fn resources<'a>(overrides: roxmltree::Node<'a, 'a>, kind: &str) -> BTreeMap<&'a str, &'a str> {
    overrides
        .children()
        .find(|n| n.has_tag_name("Resources"))
        .and_then(|r| r.children().find(|n| n.has_tag_name(kind)))
        .map(|list| {
            list.children()
                .filter(|n| n.is_element())
                .filter_map(|n| Some((n.attribute("id")?, n.attribute("DefaultValue")?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The schema order of a Mail app's `OfficeApp` children (`OfficeApp`, then `MailApp`'s
/// extension; [MS-OWEMXML], <https://learn.microsoft.com/javascript/api/manifest/officeapp>).
const OFFICE_APP_ORDER: &[&str] = &[
    "Id",
    "AlternateId",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "IconUrl",
    "HighResolutionIconUrl",
    "SupportUrl",
    "AppDomains",
    "Hosts",
    "Requirements",
    "FormSettings",
    "Permissions",
    "Rule",
    "DisableEntityHighlighting",
    "VersionOverrides",
];
const OFFICE_APP_REQUIRED: &[&str] = &[
    "Id",
    "Version",
    "ProviderName",
    "DefaultLocale",
    "DisplayName",
    "Description",
    "Requirements",
    "FormSettings",
    "Rule",
];

/// The order of a mail `VersionOverrides`' children this generator uses (all in the schema's
/// sequence: <https://learn.microsoft.com/javascript/api/manifest/versionoverrides-1-1-mail>).
const OVERRIDES_ORDER: &[&str] = &[
    "Description",
    "Requirements",
    "Hosts",
    "Resources",
    "VersionOverrides",
    "WebApplicationInfo",
];

/// Children of `node` follow `order` (each at most once) and include `required`.
fn in_order(node: roxmltree::Node, order: &[&str], required: &[&str]) -> anyhow::Result<()> {
    let mut last = None;
    let names: Vec<&str> = node
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    for name in &names {
        let position = order
            .iter()
            .position(|o| o == name)
            .with_context(|| format!("<{}> may not contain <{name}>", node.tag_name().name()))?;
        if let Some(previous) = last {
            ensure!(
                position > previous,
                "<{name}> is out of order in <{}> (expected order: {order:?})",
                node.tag_name().name()
            );
        }
        last = Some(position);
    }
    for name in required {
        ensure!(
            names.contains(name),
            "<{}> lacks <{name}>",
            node.tag_name().name()
        );
    }
    Ok(())
}

fn xml_structure(doc: &roxmltree::Document) -> anyhow::Result<()> {
    let root = doc.root_element();
    ensure!(
        root.has_tag_name((
            "http://schemas.microsoft.com/office/appforoffice/1.1",
            "OfficeApp"
        )) && root.attribute((XSI, "type")) == Some("MailApp"),
        "the root is not a MailApp OfficeApp (appforoffice 1.1)"
    );
    in_order(root, OFFICE_APP_ORDER, OFFICE_APP_REQUIRED)?;
    let id = root
        .children()
        .find(|n| n.has_tag_name("Id"))
        .and_then(|n| n.text())
        .unwrap_or_default();
    ensure!(
        uuid::Uuid::try_parse(id).is_ok(),
        "<Id> {id:?} is not a GUID"
    );
    for (tag, max) in [("DisplayName", 125), ("Description", 250)] {
        let value = root
            .children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.attribute("DefaultValue"))
            .unwrap_or_default();
        ensure!(
            !value.is_empty() && value.chars().count() <= max,
            "<{tag}> must have 1..={max} characters"
        );
    }

    let overrides = version_overrides(doc);
    let [outer, inner] = overrides[..] else {
        bail!(
            "expected Mail 1.0 wrapping Mail 1.1, found {} VersionOverrides",
            overrides.len()
        );
    };
    ensure!(
        outer.parent() == Some(root)
            && outer.attribute((XSI, "type")) == Some("VersionOverridesV1_0")
            && outer.tag_name().namespace()
                == Some("http://schemas.microsoft.com/office/mailappversionoverrides"),
        "the outer VersionOverrides is not Mail 1.0"
    );
    ensure!(
        inner.parent() == Some(outer)
            && inner.attribute((XSI, "type")) == Some("VersionOverridesV1_1")
            && inner.tag_name().namespace()
                == Some("http://schemas.microsoft.com/office/mailappversionoverrides/1.1"),
        "the inner VersionOverrides is not Mail 1.1 inside Mail 1.0"
    );
    for node in [outer, inner] {
        in_order(node, OVERRIDES_ORDER, &["Hosts", "Resources"])?;
    }
    ensure!(
        inner
            .children()
            .rfind(|n| n.is_element())
            .is_some_and(|n| n.has_tag_name("WebApplicationInfo")),
        "WebApplicationInfo must be Mail 1.1's last child"
    );

    for node in [outer, inner] {
        let kinds = [
            ("Images", 2048),
            ("Urls", 2048),
            ("ShortStrings", 125),
            ("LongStrings", 250),
        ];
        let mut defined: BTreeMap<&str, &str> = BTreeMap::new();
        for (kind, max) in kinds {
            for (id, value) in resources(node, kind) {
                ensure!(
                    id.chars().count() <= 32,
                    "resource id {id} is over 32 characters"
                );
                ensure!(
                    !value.is_empty() && value.chars().count() <= max,
                    "resource {id} must have 1..={max} characters"
                );
                ensure!(
                    defined.insert(id, kind).is_none(),
                    "resource id {id} defined twice"
                );
            }
        }
        // References of this VersionOverrides (not the nested one's) resolve here, by kind.
        for reference in node
            .descendants()
            .filter(|n| n.attribute("resid").is_some() && owner(*n) == Some(node))
        {
            let resid = reference.attribute("resid").unwrap_or_default();
            let expected = match reference.tag_name().name() {
                "Image" => "Images",
                "SourceLocation" | "FunctionFile" => "Urls",
                "Label" | "Title" => "ShortStrings",
                "Description" => "LongStrings",
                other => bail!("unexpected resid on <{other}>"),
            };
            ensure!(
                defined.get(resid) == Some(&expected),
                "resid {resid} on <{}> is not defined in {expected}",
                reference.tag_name().name()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifests::deployment::Options;
    use crate::manifests::generate;

    fn example() -> Deployment {
        Deployment::new(&Options {
            origin: "https://closer.example.com".into(),
            client_id: Some("11111111-2222-3333-4444-555555555555".into()),
            app_domains: vec!["https://acme.my.salesforce.com".into()],
            ..Options::default()
        })
        .unwrap()
    }

    fn bundle() -> (Deployment, Bundle) {
        let deployment = example();
        let bundle = generate(&deployment).unwrap();
        (deployment, bundle)
    }

    fn fails(deployment: &Deployment, bundle: &Bundle, needle: &str) {
        let err = all(deployment, bundle).expect_err("the broken bundle passed");
        let text = format!("{err:#}");
        assert!(text.contains(needle), "{needle:?} not in: {text}");
    }

    #[test]
    fn generated_bundles_pass_for_https_and_the_dev_origin() {
        let (deployment, bundle) = bundle();
        all(&deployment, &bundle).unwrap();
        let dev = Deployment::dev().unwrap();
        all(&dev, &generate(&dev).unwrap()).unwrap();
    }

    #[test]
    fn a_url_outside_the_origin_fails_in_any_manifest() {
        let (deployment, bundle) = bundle();
        let mut broken = bundle.clone();
        broken.outlook_xml = broken.outlook_xml.replacen(
            "https://closer.example.com/?host=outlook",
            "https://evil.example.net/?host=outlook",
            1,
        );
        fails(&deployment, &broken, "evil.example.net");

        let mut broken = bundle.clone();
        broken.outlook_unified["extensions"][0]["runtimes"][0]["code"]["page"] =
            "https://closer.example.com.evil.net/".into();
        fails(&deployment, &broken, "closer.example.com.evil.net");

        let mut broken = bundle.clone();
        broken.teams_manifest["staticTabs"][0]["contentUrl"] =
            "http://closer.example.com/?host=teams&view=admin".into();
        fails(&deployment, &broken, "http://closer.example.com");

        let mut broken = bundle.clone();
        broken.teams_manifest["developer"]["privacyUrl"] = "//cdn.example.net/p".into();
        fails(&deployment, &broken, "cdn.example.net");

        // Under the origin, but a page the origin does not serve.
        let mut broken = bundle;
        broken.teams_manifest["developer"]["termsOfUseUrl"] =
            "https://closer.example.com/assets/terms.html".into();
        fails(
            &deployment,
            &broken,
            "public/assets/terms.html does not exist",
        );
    }

    #[test]
    fn only_documented_microsoft_urls_and_app_domains_are_exempt() {
        let deployment = example();
        for ok in [
            "https://closer.example.com",
            "https://closer.example.com/assets/icon-16.png",
            "https://login.microsoftonline.com",
            "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json",
            "https://acme.my.salesforce.com",
            "api://closer.example.com/11111111-2222-3333-4444-555555555555",
        ] {
            url_allowed(&deployment, ok).unwrap();
        }
        for bad in [
            "https://closer.example.community/",
            "https://login.microsoftonline.com.evil.net",
            "https://graph.microsoft.com/v1.0/me",
            "https://acme.my.salesforce.com/x",
            "api://closer.example.com/00000000-2222-3333-4444-555555555555",
            "javascript://closer.example.com/%0aalert(1)",
        ] {
            assert!(url_allowed(&deployment, bad).is_err(), "{bad} allowed");
        }
    }

    #[test]
    fn ids_versions_and_sso_must_agree() {
        let (deployment, bundle) = bundle();
        let mut broken = bundle.clone();
        broken.teams_manifest["id"] = deployment.outlook_id.to_string().into();
        fails(&deployment, &broken, "id is not");
        let mut broken = bundle.clone();
        broken.outlook_unified["version"] = "9.9.9".into();
        fails(&deployment, &broken, "version");
        let mut broken = bundle;
        broken.outlook_xml = broken.outlook_xml.replace(
            "<Id>11111111-2222-3333-4444-555555555555</Id>",
            "<Id>11111111-2222-3333-4444-000000000000</Id>",
        );
        fails(&deployment, &broken, "WebApplicationInfo Id");
    }

    #[test]
    fn packages_hold_exactly_the_manifest_and_two_icons_of_the_right_size() {
        let (deployment, bundle) = bundle();
        let manifest = &bundle.teams_manifest;
        let rezip = |entries: &[(&str, Vec<u8>)]| {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for (name, bytes) in entries {
                zip.start_file(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                zip.write_all(bytes).unwrap();
            }
            zip.finish().unwrap().into_inner()
        };
        let json = crate::manifests::pretty(manifest).into_bytes();
        let color = icons::read_public(icons::COLOR).unwrap();
        let outline = icons::read_public(icons::OUTLINE).unwrap();
        let small = icons::read_public("icon-32.png").unwrap();

        let extra = rezip(&[
            ("manifest.json", json.clone()),
            ("color.png", color.clone()),
            ("outline.png", outline.clone()),
            ("notes.txt", b"x".to_vec()),
        ]);
        assert!(
            package_contents(&extra, manifest).is_err(),
            "an extra file passed"
        );
        let wrong_size = rezip(&[
            ("manifest.json", json.clone()),
            ("color.png", small.clone()),
            ("outline.png", outline),
        ]);
        let err = package_contents(&wrong_size, manifest).unwrap_err();
        assert!(format!("{err}").contains("192"), "{err}");
        let coloured_outline = rezip(&[
            ("manifest.json", json),
            ("color.png", color),
            ("outline.png", small),
        ]);
        let err = package_contents(&coloured_outline, manifest).unwrap_err();
        assert!(format!("{err}").contains("white"), "{err}");

        let mut broken = bundle;
        broken.teams_zip = extra;
        fails(&deployment, &broken, "closer-teams.zip");
    }

    #[test]
    fn icon_urls_name_committed_files_of_the_stated_size() {
        let (deployment, bundle) = bundle();
        let mut broken = bundle.clone();
        broken.outlook_xml = broken
            .outlook_xml
            .replace("assets/icon-80.png", "assets/icon-64.png");
        fails(&deployment, &broken, "icon80");
        let mut broken = bundle;
        broken.outlook_unified["extensions"][0]["ribbons"][0]["tabs"][0]["groups"][0]["icons"][0]
            ["url"] = "https://closer.example.com/assets/missing.png".into();
        fails(&deployment, &broken, "missing.png");
    }

    #[test]
    fn the_xml_structure_is_checked() {
        let (deployment, bundle) = bundle();
        // Two OfficeApp children swapped.
        let mut broken = bundle.clone();
        let permissions = "  <Permissions>ReadWriteItem</Permissions>\n";
        broken.outlook_xml = broken.outlook_xml.replace(permissions, "");
        broken.outlook_xml = broken.outlook_xml.replace(
            "  <FormSettings>",
            &format!("{permissions}  <FormSettings>"),
        );
        fails(&deployment, &broken, "out of order");
        // A label referring to a string that is not defined.
        let mut broken = bundle.clone();
        broken.outlook_xml =
            broken
                .outlook_xml
                .replacen("resid=\"draftLabel\"", "resid=\"nowhere\"", 1);
        fails(&deployment, &broken, "nowhere");
        // A long string over 250 characters.
        let mut broken = bundle;
        broken.outlook_xml =
            broken
                .outlook_xml
                .replacen("Draft a reply grounded in your CRM", &"x".repeat(260), 1);
        fails(&deployment, &broken, "250");
    }

    #[test]
    fn the_icons_are_served_from_the_panes_assets() {
        // The manifests' /assets/ URLs resolve because Trunk copies public/assets there.
        let index =
            std::fs::read_to_string(crate::toolenv::workspace_root().join("public/index.html"))
                .unwrap();
        assert!(
            index.contains(r#"<link data-trunk rel="copy-dir" href="assets" />"#),
            "public/index.html no longer copies public/assets into the pane"
        );
    }
}
