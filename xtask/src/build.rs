//! Builds the two wasm artifacts: the pane (trunk and [`crate::pane`] → `target/dist`) and the worker
//! (worker-build → `worker/build`), both release, both offline; `all` also writes the dev
//! origin's manifests (`target/manifests/dev/`).

use crate::setup::status;
use crate::toolenv;
use std::process::Command;

/// Builds the UI and the worker, and the dev origin's manifests.
pub fn all() -> anyhow::Result<()> {
    // trunk runs cargo with --offline (TRUNK_OFFLINE), so the registry must be fetched first.
    status(Command::new("cargo").args(["fetch", "--quiet"]))?;
    ui()?;
    worker()?;
    crate::manifests::dev()
}

/// `trunk build` of `app/` into `target/dist` (the page, its CSS and assets), then the pane's
/// wasm, split into what every host loads first and what views load later ([`crate::pane`]).
pub fn ui() -> anyhow::Result<()> {
    println!("build: pane page (trunk, release)");
    status(
        Command::new(toolenv::cargo_bin().join("trunk"))
            .args(["build", "--release"])
            .current_dir(toolenv::workspace_root()),
    )?;
    crate::pane::build(&toolenv::workspace_root().join("target/dist"))
}

/// `worker-build --release` of `worker/` into `worker/build`, then the function names taken
/// out of what deploys.
pub fn worker() -> anyhow::Result<()> {
    println!("build: worker (worker-build, release)");
    status(
        Command::new(toolenv::cargo_bin().join("worker-build"))
            .arg("--release")
            .current_dir(toolenv::workspace_root().join("worker")),
    )?;
    strip_names()
}

/// The worker as deployed, and where its named copy is kept.
const WORKER_WASM: &str = "worker/build/index_bg.wasm";
const WORKER_NAMED_WASM: &str = "target/worker-symbols/index_bg.wasm";

/// worker-build runs `wasm-opt -O` and keeps the wasm `name` section (`--debuginfo`), so that
/// workerd's stack traces name functions: about 150 KiB of the gzipped upload (issue 16). The
/// deployed module goes without it; the named module, identical otherwise (`--strip-debug`
/// only removes sections), is kept in `target/worker-symbols/` to read a production trace's
/// `wasm-function[N]` against (`wasm-objdump -x` or `cargo xtask size`).
fn strip_names() -> anyhow::Result<()> {
    let root = toolenv::workspace_root();
    let named = root.join(WORKER_NAMED_WASM);
    std::fs::create_dir_all(named.parent().expect("a file in a folder"))?;
    std::fs::copy(root.join(WORKER_WASM), &named)?;
    status(
        Command::new(toolenv::node_bin().join("wasm-opt"))
            .arg(&named)
            .args(["--strip-debug", "--strip-producers", "-o"])
            .arg(root.join(WORKER_WASM))
            // The features worker-build enables (its `step_run_wasm_opt`): the module uses them.
            .args([
                "--enable-mutable-globals",
                "--enable-sign-ext",
                "--enable-nontrapping-float-to-int",
                "--enable-bulk-memory",
                "--enable-multivalue",
                "--enable-reference-types",
                "--enable-exception-handling",
            ]),
    )
}
