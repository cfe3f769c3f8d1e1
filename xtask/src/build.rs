//! Builds the two wasm artifacts: the pane (trunk → `target/dist`) and the worker
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

/// `trunk build` of `app/` into `target/dist`, then its inline bootstrap moved to a file.
pub fn ui() -> anyhow::Result<()> {
    println!("build: pane (trunk, release)");
    status(
        Command::new(toolenv::cargo_bin().join("trunk"))
            .args(["build", "--release"])
            .current_dir(toolenv::workspace_root()),
    )?;
    let dist = toolenv::workspace_root().join("target/dist");
    let index = std::fs::read_to_string(dist.join("index.html"))?;
    let (page, script) = externalize_bootstrap(&index)?;
    std::fs::write(dist.join(&script.0), script.1)?;
    std::fs::write(dist.join("index.html"), page)?;
    Ok(())
}

/// Trunk writes the code that loads the wasm as an inline `<script type="module">`; the pane's
/// Content-Security-Policy allows no inline script, so the code moves to its own file (named by
/// a hash of its content, like Trunk's other files). Returns the page and (file name, code).
pub fn externalize_bootstrap(index: &str) -> anyhow::Result<(String, (String, String))> {
    const OPEN: &str = "<script type=\"module\">";
    let start = index
        .find(OPEN)
        .ok_or_else(|| anyhow::anyhow!("no inline module script in Trunk's index.html"))?;
    let body_start = start + OPEN.len();
    let end = body_start
        + index[body_start..]
            .find("</script>")
            .ok_or_else(|| anyhow::anyhow!("unterminated inline script"))?;
    let code = index[body_start..end].trim().to_owned();
    anyhow::ensure!(
        !index[end..].contains(OPEN),
        "more than one inline module script in Trunk's index.html"
    );
    // FNV-1a: a stable content hash without another dependency.
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let name = format!("start-{hash:016x}.js");
    let page = format!(
        "{}<script type=\"module\" src=\"/{name}\"></script>{}",
        &index[..start],
        &index[end + "</script>".len()..]
    );
    Ok((page, (name, format!("{code}\n"))))
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

#[cfg(test)]
mod tests {
    use super::externalize_bootstrap;

    #[test]
    fn the_inline_bootstrap_becomes_a_file_the_page_loads() {
        let index = "<head><script type=\"module\">\nimport init from '/a.js';\nawait init();\n</script><link rel=\"modulepreload\" href=\"/a.js\"></head>";
        let (page, (name, code)) = externalize_bootstrap(index).unwrap();
        assert!(
            name.starts_with("start-") && name.ends_with(".js"),
            "{name}"
        );
        assert_eq!(code, "import init from '/a.js';\nawait init();\n");
        assert_eq!(
            page,
            format!(
                "<head><script type=\"module\" src=\"/{name}\"></script><link rel=\"modulepreload\" href=\"/a.js\"></head>"
            )
        );
        assert!(!page.contains("import init"));
        assert!(externalize_bootstrap("<head></head>").is_err());
    }
}
