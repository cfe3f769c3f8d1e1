//! Builds the two wasm artifacts: the pane (trunk → `target/dist`) and the worker
//! (worker-build → `worker/build`), both release, both offline.

use crate::setup::status;
use crate::toolenv;
use std::process::Command;

/// Builds the UI and the worker.
pub fn all() -> anyhow::Result<()> {
    // trunk runs cargo with --offline (TRUNK_OFFLINE), so the registry must be fetched first.
    status(Command::new("cargo").args(["fetch", "--quiet"]))?;
    ui()?;
    worker()
}

/// `trunk build` of `app/` into `target/dist`.
pub fn ui() -> anyhow::Result<()> {
    println!("build: pane (trunk, release)");
    status(
        Command::new(toolenv::cargo_bin().join("trunk"))
            .args(["build", "--release"])
            .current_dir(toolenv::workspace_root()),
    )
}

/// `worker-build --release` of `worker/` into `worker/build`.
pub fn worker() -> anyhow::Result<()> {
    println!("build: worker (worker-build, release)");
    status(
        Command::new(toolenv::cargo_bin().join("worker-build"))
            .arg("--release")
            .current_dir(toolenv::workspace_root().join("worker")),
    )
}
