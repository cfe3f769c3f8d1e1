//! The deployability gate of `cargo xtask test`: `wrangler deploy --dry-run` bundles the built
//! worker exactly as a deploy would (modules, wasm, bindings, static assets) without uploading,
//! and the bundle must fit the Workers Free plan's size limit: 3 MB after compression
//! (<https://developers.cloudflare.com/workers/platform/limits/#worker-size>; Paid: 10 MB).
//!
//! Owns running wrangler offline for that (no account, no token: `--dry-run` needs neither, and
//! the Cloudflare credentials are removed from its environment so that nothing can reach the
//! API) and reading the size wrangler reports (`Total Upload: … KiB / gzip: … KiB`, the measure
//! the limit applies to).

use crate::toolenv;
use anyhow::{Context, bail, ensure};
use std::process::Command;

/// The Workers Free plan's limit on a Worker's compressed size, in KiB (3 MiB).
pub const FREE_PLAN_GZIP_LIMIT_KIB: f64 = 3.0 * 1024.0;

/// Environment variables that would let wrangler act on a Cloudflare account.
const CREDENTIALS: &[&str] = &[
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_ACCOUNT_ID",
    "CF_API_TOKEN",
    "CF_ACCOUNT_ID",
];

/// `wrangler deploy --dry-run` of the built worker (`worker/build`, `target/dist`); prints the
/// bundle's size and fails above the free plan's limit.
pub fn dry_run() -> anyhow::Result<()> {
    let (total, gzip) = measure()?;
    println!(
        "worker bundle: {total:.0} KiB, {gzip:.0} KiB gzipped (Workers Free plan limit {FREE_PLAN_GZIP_LIMIT_KIB:.0} KiB)"
    );
    within_limit(gzip)
}

/// The worker bundle's `(total, gzip)` size in KiB, as `wrangler deploy --dry-run` reports the
/// upload (the bench's `worker_gzip_kb`).
pub fn measure() -> anyhow::Result<(f64, f64)> {
    let root = toolenv::workspace_root();
    let outdir = root.join("target/wrangler-dry-run");
    if outdir.exists() {
        std::fs::remove_dir_all(&outdir)?;
    }
    let mut command = toolenv::command(toolenv::node_bin().join("wrangler"));
    command
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(&outdir)
        .current_dir(root.join("worker"));
    for name in CREDENTIALS {
        command.env_remove(name);
    }
    let output = run(&mut command)?;
    upload_size(&output).context("wrangler printed no `Total Upload: … / gzip: …` line to measure")
}

/// Fails when the compressed size exceeds the free plan's limit.
pub fn within_limit(gzip_kib: f64) -> anyhow::Result<()> {
    ensure!(
        gzip_kib <= FREE_PLAN_GZIP_LIMIT_KIB,
        "the worker is {gzip_kib:.0} KiB gzipped, over the Workers Free plan's {FREE_PLAN_GZIP_LIMIT_KIB:.0} KiB"
    );
    Ok(())
}

/// Runs `command`, echoing and returning its stdout and stderr; fails on a non-zero exit.
fn run(command: &mut Command) -> anyhow::Result<String> {
    let output = command
        .output()
        .with_context(|| format!("starting {command:?}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{text}");
    if !output.status.success() {
        bail!("{command:?} failed with {}", output.status);
    }
    Ok(text)
}

/// `(total, gzip)` in KiB from wrangler's `Total Upload: 3287.14 KiB / gzip: 1249.92 KiB`.
fn upload_size(output: &str) -> Option<(f64, f64)> {
    let line = output
        .lines()
        .find_map(|line| line.trim().strip_prefix("Total Upload:"))?;
    let (total, gzip) = line.split_once("/ gzip:")?;
    let kib = |text: &str| -> Option<f64> {
        let mut words = text.split_whitespace();
        let value: f64 = words.next()?.parse().ok()?;
        match words.next()? {
            "KiB" => Some(value),
            "MiB" => Some(value * 1024.0),
            "B" | "bytes" => Some(value / 1024.0),
            _ => None,
        }
    };
    Some((kib(total)?, kib(gzip)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wranglers_upload_line() {
        let output = "✨ Read 13 files\nTotal Upload: 3287.14 KiB / gzip: 1249.92 KiB\nYour Worker has access to";
        assert_eq!(upload_size(output), Some((3287.14, 1249.92)));
        assert_eq!(
            upload_size("Total Upload: 12.5 MiB / gzip: 3.5 MiB"),
            Some((12.5 * 1024.0, 3.5 * 1024.0))
        );
        assert_eq!(upload_size("no size here"), None);
        assert_eq!(upload_size("Total Upload: lots / gzip: many"), None);
    }

    #[test]
    #[ignore = "needs the built worker and pane; `cargo xtask test` runs it as a gate"]
    fn the_built_worker_passes_the_dry_run() {
        dry_run().unwrap();
    }

    #[test]
    fn the_limit_is_three_mebibytes_gzipped() {
        assert!(within_limit(1249.92).is_ok());
        assert!(within_limit(3072.0).is_ok());
        assert!(within_limit(3072.5).is_err());
    }
}
