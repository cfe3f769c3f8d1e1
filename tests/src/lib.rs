//! The local stack Closer runs on in dev and in the end-to-end suite, and the browser that
//! drives it.
//!
//! - [`stack`]: the sandbox (in-process) + the real worker under `wrangler dev` (workerd) with a
//!   migrated local D1, on loopback ports; stopped on drop, also when a test fails.
//! - [`browser`]: headless Debian Chromium through ChromeDriver (WebDriver), screenshots under
//!   `target/e2e-screenshots/`.
//! - [`outlook`]: the Office.js stand-in that opens the pane as Outlook's task pane.
//!
//! `cargo xtask dev` uses the same [`stack`], so what a developer runs is what the tests run.
//! Nothing here stubs the worker or the browser: if either is missing, tests fail loudly.

pub mod browser;
pub mod outlook;
pub mod procs;
pub mod stack;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the workspace")
        .to_path_buf()
}

/// `node_modules/.bin`, where the pinned wrangler and Node 24 live.
pub fn node_bin() -> PathBuf {
    workspace_root().join("node_modules/.bin")
}

/// `PATH` with Node 24 (from npm) ahead of the system's Node 20, which wrangler refuses.
pub fn path_with_node() -> std::ffi::OsString {
    let mut parts = vec![node_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(parts).expect("paths contain no separator")
}

/// Environment that keeps wrangler/miniflare offline and quiet (no telemetry, no update check).
pub const WRANGLER_OFFLINE_ENV: [(&str, &str); 6] = [
    ("WRANGLER_SEND_METRICS", "false"),
    ("WRANGLER_SEND_ERROR_REPORTS", "false"),
    ("DO_NOT_TRACK", "1"),
    ("CLOUDFLARE_CF_FETCH_ENABLED", "false"),
    ("CI", "true"),
    // The worker is pre-built by the xtask; wrangler's [build] command must not rebuild it.
    ("CLOSER_SKIP_BUILD", "1"),
];
