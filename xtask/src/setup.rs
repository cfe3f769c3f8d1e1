//! Installs whatever pinned tool is missing, and nothing that is already there.
//!
//! Each tool is checked by asking it its version (≈3 s for all warm); only a missing or
//! different version is installed, from a registry, by name: crates.io (`cargo install`), the
//! npm registry (`npm ci` against the committed lockfile) or Debian (`apt-get`). Nothing is
//! downloaded from GitHub or any other host.

use crate::toolenv;
use anyhow::{Context, bail};
use std::path::Path;
use std::process::Command;

/// trunk 0.22 needs rustc ≥ 1.96.1; 0.21.14 is the newest that builds on our 1.95 toolchain.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Must match the `worker` crate's line (0.8.x) in Cargo.lock.
pub const WORKER_BUILD_VERSION: &str = "0.8.7";
/// Chromium and its driver come from Debian; these are their paths there.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// See [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which optional groups of tools a command needs.
#[derive(Debug, Default, Clone, Copy)]
pub struct Needs {
    /// Chromium and ChromeDriver (the test command).
    pub browser: bool,
}

/// Installs every missing tool.
pub fn run(needs: Needs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    wasm_target()?;
    let bindgen = wasm_bindgen_version_in_lock()?;
    cargo_tool("trunk", &["--version"], TRUNK_VERSION, "trunk", true)?;
    // Without --locked: with it, cargo asks for a webpki-roots version the registry lacks.
    cargo_tool(
        "wasm-bindgen",
        &["--version"],
        &bindgen,
        "wasm-bindgen-cli",
        false,
    )?;
    cargo_tool(
        "worker-build",
        &["--version"],
        WORKER_BUILD_VERSION,
        "worker-build",
        true,
    )?;
    npm_tools()?;
    if needs.browser {
        browser()?;
    }
    println!(
        "setup: tools ready in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn wasm_target() -> anyhow::Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("setup: adding the wasm32-unknown-unknown target");
        status(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must be exactly this version, or the
/// generated JS glue and the wasm disagree at runtime.
pub fn wasm_bindgen_version_in_lock() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(toolenv::workspace_root().join("Cargo.lock"))
        .context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn cargo_tool(
    binary: &str,
    version_args: &[&str],
    version: &str,
    crate_name: &str,
    locked: bool,
) -> anyhow::Result<()> {
    let path = toolenv::cargo_bin().join(binary);
    let current = Command::new(&path)
        .args(version_args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if current
        .split_whitespace()
        .any(|word| word.trim_start_matches('v') == version)
    {
        return Ok(());
    }
    println!(
        "setup: installing {crate_name} {version} (found: {:?})",
        current.trim()
    );
    let mut install = Command::new("cargo");
    install.args(["install", crate_name, "--version", version, "--force"]);
    if locked {
        install.arg("--locked");
    }
    status(&mut install)
}

/// `npm ci` when node_modules does not match the committed lockfile. npm records the tree it
/// installed in `node_modules/.package-lock.json`; a stamp of the lockfile we installed from
/// makes the warm check a file comparison.
fn npm_tools() -> anyhow::Result<()> {
    let root = toolenv::workspace_root();
    let lock =
        std::fs::read(root.join("package-lock.json")).context("reading package-lock.json")?;
    let stamp = root.join("node_modules/.closer-lock-stamp");
    let installed_ok = std::fs::read(&stamp).is_ok_and(|s| s == lock)
        && toolenv::node_bin().join("wrangler").exists();
    if installed_ok {
        return Ok(());
    }
    println!("setup: npm ci (wrangler, node, binaryen from the committed lockfile)");
    status(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&root),
    )?;
    std::fs::write(&stamp, lock)?;
    Ok(())
}

fn browser() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("setup: installing chromium and chromium-driver from Debian");
    let sudo = |args: &[&str]| {
        let is_root = output(Command::new("id").arg("-u")).is_ok_and(|u| u.trim() == "0");
        let mut command = if is_root {
            Command::new(args[0])
        } else {
            let mut c = Command::new("sudo");
            c.arg(args[0]);
            c
        };
        command
            .args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    status(&mut sudo(&["apt-get", "update", "-q"]))?;
    status(&mut sudo(&[
        "apt-get",
        "install",
        "-y",
        "-q",
        "chromium",
        "chromium-driver",
    ]))
}

fn output(command: &mut Command) -> anyhow::Result<String> {
    let out = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `command` with the offline environment, failing on a non-zero exit.
pub fn status(command: &mut Command) -> anyhow::Result<()> {
    toolenv::apply(command);
    let status = command
        .status()
        .with_context(|| format!("starting {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
