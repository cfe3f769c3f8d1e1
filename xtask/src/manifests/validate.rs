//! The manifests gate of `cargo xtask test`: generates the three manifests for an example https
//! deployment, runs [`check`](super::check) on them, then the vendors' own validators, offline,
//! through `manifests/validate.mjs` under the pinned Node:
//! - the unified manifest and the Teams `manifest.json` against the Teams/Microsoft 365 JSON
//!   schema their `$schema` names, as bundled in `@microsoft/app-manifest` and applied by its
//!   `AppManifestUtils.validateAgainstSchema` (the validation Microsoft's Agents Toolkit runs);
//! - the XML manifest through `office-addin-manifest-converter`, which parses it with Office's
//!   own manifest parser (OSF) and converts it to a unified manifest; the conversion must pass
//!   the same schema and match the generated unified manifest in function.
//!
//! The script refuses every network request, so a schema missing from the package fails the gate
//! instead of being fetched. (`office-addin-manifest validate` is not used: it posts XML manifests
//! to an online Microsoft service.)

use super::deployment::{Deployment, Options};
use super::{Bundle, files, generate, package, pretty, write};
use crate::toolenv;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The example deployment the gate validates (https: Office and Teams schemas refuse http pages).
pub fn example() -> anyhow::Result<Deployment> {
    Deployment::new(&Options {
        origin: "https://closer.example.com".into(),
        client_id: Some("4a1c9e57-3b2d-4f60-8e1a-7c5d9b0f2e34".into()),
        app_domains: vec!["https://example.my.salesforce.com".into()],
        ..Options::default()
    })
}

/// Where the gate writes what it validates.
pub fn check_dir() -> PathBuf {
    toolenv::workspace_root().join("target/manifests-check")
}

/// Generates, checks and validates; fails with the validators' findings.
pub fn gate() -> anyhow::Result<()> {
    let deployment = example()?;
    let bundle = generate(&deployment)?;
    // Two builds of the same deployment are identical (ids, zips and all).
    let again = generate(&deployment)?;
    anyhow::ensure!(
        bundle.outlook_xml == again.outlook_xml
            && bundle.outlook_unified_zip == again.outlook_unified_zip
            && bundle.teams_zip == again.teams_zip,
        "two builds for the same origin differ"
    );
    let dir = check_dir();
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    write(&bundle, &dir)?;
    vendor_validators(&bundle, &dir)
}

/// Runs `manifests/validate.mjs` on `bundle`, written in `dir` by [`write`](super::write).
pub fn vendor_validators(bundle: &Bundle, dir: &Path) -> anyhow::Result<()> {
    // The validators read the Teams manifest as packaged.
    let scratch = dir.join(".validate");
    std::fs::create_dir_all(&scratch)?;
    let teams_manifest = scratch.join("teams-manifest.json");
    std::fs::write(
        &teams_manifest,
        pretty(&package::manifest_of(&bundle.teams_zip)?),
    )?;
    let script = toolenv::workspace_root().join("manifests/validate.mjs");
    let mut command = toolenv::command(toolenv::node_bin().join("node"));
    command
        .arg(&script)
        .arg("--xml")
        .arg(dir.join(files::OUTLOOK_XML))
        .arg("--unified")
        .arg(dir.join(files::OUTLOOK_UNIFIED))
        .arg("--teams")
        .arg(&teams_manifest)
        .arg("--work")
        .arg(scratch.join("converted"))
        .current_dir(toolenv::workspace_root());
    crate::setup::status(&mut command).with_context(|| {
        format!(
            "Microsoft's validators refused the manifests in {} (see above)",
            dir.display()
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    #[ignore = "needs node_modules (npm ci); `cargo xtask test` runs it as the manifests gate"]
    fn the_gate_passes() {
        super::gate().unwrap();
    }
}
