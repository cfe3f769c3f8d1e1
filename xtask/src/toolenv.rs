//! Where the tools live and the environment that keeps every one of them offline.
//!
//! trunk, worker-build and wrangler each try to download things (wasm-bindgen, wasm-opt,
//! esbuild, telemetry, update checks) unless told otherwise; this module is the one place that
//! tells them. Every child process the xtask starts gets [`apply`]'s environment.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the xtask crate's parent).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// `node_modules/.bin` of the workspace (wrangler, node 24, wasm-opt, esbuild).
pub fn node_bin() -> PathBuf {
    workspace_root().join("node_modules/.bin")
}

/// Cargo's install dir, where trunk, worker-build and wasm-bindgen land.
pub fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// `PATH` with the pinned tools first: node 24 from npm must win over the system's node 20.
pub fn path_var() -> std::ffi::OsString {
    let mut parts = vec![node_bin(), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        // Nested cargo runs inherit our PATH: keep each entry once.
        for entry in std::env::split_paths(&path) {
            if !parts.contains(&entry) {
                parts.push(entry);
            }
        }
    }
    std::env::join_paths(parts).expect("paths contain no separator")
}

/// Applies the offline environment to `command`.
pub fn apply(command: &mut Command) -> &mut Command {
    let node_bin = node_bin();
    command
        .env("PATH", path_var())
        // worker-build ignores PATH for these and would fetch them from GitHub otherwise.
        .env("WASM_BINDGEN_BIN", cargo_bin().join("wasm-bindgen"))
        .env("WASM_OPT_BIN", node_bin.join("wasm-opt"))
        .env("ESBUILD_BIN", node_bin.join("esbuild"))
        // trunk: fail fast instead of downloading; no update check.
        .env("TRUNK_OFFLINE", "true")
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        // wrangler/miniflare: no telemetry, no error reports, no update or cf-fetch calls.
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_SEND_ERROR_REPORTS", "false")
        .env("DO_NOT_TRACK", "1")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("CI", "true")
        // The xtask builds the worker itself; wrangler's [build] command must not rebuild it.
        .env("CLOSER_SKIP_BUILD", "1")
}

/// A command with the offline environment applied.
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    apply(&mut command);
    command
}
