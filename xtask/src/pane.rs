//! The pane's wasm, built in pieces (issue 16): what every host needs before its first card in
//! one module, and the views only some hosts or some moments need (the AI cards, drafts,
//! search, the admin page, Teams) in modules the page fetches when it first renders them.
//!
//! Trunk still builds the page, its CSS and the copied assets; it does not split wasm, so the
//! Rust part is done here, in the order cargo-leptos uses for `--split`:
//! 1. link `closer-app` with `--emit-relocs` (the splitter needs the linker's relocations);
//! 2. split it at the app's `#[wasm_split]` points with `wasm_split_cli_support` (the crate
//!    behind Leptos' `#[lazy]`): a main module, one module per split point and shared chunks,
//!    and `__wasm_split.js`, which fetches and instantiates them against the main module's
//!    memory and table;
//! 3. `wasm-bindgen --target web --keep-lld-exports` on the main module (the split modules
//!    import what they share with it by those exports);
//! 4. `wasm-opt -Oz` on every module, esbuild `--minify` on every script;
//! 5. everything into `target/dist/pane-<hash>/`, named by a hash of its contents so a
//!    browser may keep it forever, and a bootstrap file plus preloads added to the page.

use crate::setup::status;
use crate::toolenv;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wasm-opt flags Trunk used for the pane (`data-wasm-opt="z"` and its params).
const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The wasm-bindgen glue's name; its wasm is `closer-app_bg.wasm` beside it.
const GLUE: &str = "closer-app";
/// What the splitter names the file that loads the split modules.
const SPLIT_LOADER: &str = "__wasm_split.js";

/// Builds the pane's wasm into `dist` and wires it into `dist/index.html` (written by Trunk).
pub fn build(dist: &Path) -> anyhow::Result<()> {
    let root = toolenv::workspace_root();
    let linked = link(&root)?;
    let stage = root.join("target/pane-split");
    if stage.exists() {
        std::fs::remove_dir_all(&stage)?;
    }
    let bound = stage.join("bound");
    std::fs::create_dir_all(&bound)?;

    let split_main = stage.join("closer-app_split.wasm");
    let input = std::fs::read(&linked)?;
    let (glue, loader) = (format!("./{GLUE}.js"), format!("./{SPLIT_LOADER}"));
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &bound;
        options.main_out_path = &split_main;
        options.main_module = &glue;
        options.link_name = &loader;
        options
    })
    .map_err(|e| anyhow::anyhow!("splitting the pane's wasm: {e:?}"))?;

    status(
        Command::new(toolenv::cargo_bin().join("wasm-bindgen"))
            .args(["--target", "web", "--keep-lld-exports", "--no-typescript"])
            .args(["--out-name", GLUE, "--out-dir"])
            .arg(&bound)
            .arg(&split_main),
    )?;
    let mut modules = split.split_modules.clone();
    modules.push(bound.join(format!("{GLUE}_bg.wasm")));
    for module in &modules {
        optimise(module)?;
    }
    let mut scripts = Vec::new();
    collect_files(&bound, &mut scripts)?;
    for script in scripts
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "js"))
    {
        minify(script)?;
    }

    let hash = hash_dir(&bound)?;
    let folder = format!("pane-{hash:016x}");
    let target = dist.join(&folder);
    if target.exists() {
        std::fs::remove_dir_all(&target)?;
    }
    // Both under `target/`: one file system, so a rename.
    std::fs::rename(&bound, &target)
        .with_context(|| format!("moving the pane into {}", target.display()))?;
    wire_into_page(dist, &folder)
}

/// `cargo rustc` of the pane's binary, release, with the linker's relocations kept: only the
/// final link gets the flag, so every dependency's build is shared with clippy and the tests.
fn link(root: &Path) -> anyhow::Result<PathBuf> {
    println!("build: pane (cargo, release, wasm32, relocations kept for the split)");
    status(
        Command::new("cargo")
            .args([
                "rustc",
                "--quiet",
                "--package",
                "closer-app",
                "--bin",
                "closer-app",
            ])
            .args(["--release", "--target", "wasm32-unknown-unknown"])
            .args(["--", "-Clink-args=--emit-relocs"])
            .current_dir(root),
    )?;
    Ok(root.join("target/wasm32-unknown-unknown/release/closer-app.wasm"))
}

/// wasm-opt in place, with the flags Trunk used.
fn optimise(module: &Path) -> anyhow::Result<()> {
    let optimised = module.with_extension("opt.wasm");
    status(
        Command::new(toolenv::node_bin().join("wasm-opt"))
            .args(WASM_OPT_FLAGS)
            .arg(module)
            .arg("-o")
            .arg(&optimised),
    )?;
    std::fs::rename(&optimised, module)?;
    Ok(())
}

/// esbuild's `--minify` in place (whitespace, local names; imports and exports keep their
/// names, which the wasm and the split loader import by): the glue, the shims and the loader
/// are about a tenth of what every host loads.
fn minify(script: &Path) -> anyhow::Result<()> {
    status(
        Command::new(toolenv::node_bin().join("esbuild"))
            .arg(script)
            .args(["--minify", "--allow-overwrite", "--log-level=error"])
            .arg(format!("--outfile={}", script.display())),
    )
}

/// The bootstrap that starts the pane, as its own file (the page's Content-Security-Policy
/// allows no inline script), and the page's preloads: the glue, its snippets, the split
/// loader and the main wasm, fetched in parallel with the bootstrap. The split modules are not
/// preloaded: fetching them would compete with the first card for the network.
fn wire_into_page(dist: &Path, folder: &str) -> anyhow::Result<()> {
    let start = format!(
        "import init from '/{folder}/{GLUE}.js';\nawait init({{ module_or_path: '/{folder}/{GLUE}_bg.wasm' }});\n"
    );
    let start_name = format!("start-{:016x}.js", fnv(start.as_bytes(), FNV_OFFSET));
    std::fs::write(dist.join(&start_name), &start)?;

    let mut preloads = vec![
        format!("/{folder}/{GLUE}.js"),
        format!("/{folder}/{SPLIT_LOADER}"),
    ];
    let mut snippets = Vec::new();
    collect_files(&dist.join(folder).join("snippets"), &mut snippets)?;
    snippets.sort();
    for snippet in snippets {
        let relative = snippet
            .strip_prefix(dist)?
            .to_string_lossy()
            .replace('\\', "/");
        preloads.push(format!("/{relative}"));
    }
    let mut tags = format!("<script type=\"module\" src=\"/{start_name}\"></script>");
    for module in preloads {
        tags.push_str(&format!(
            "<link rel=\"modulepreload\" href=\"{module}\" crossorigin=\"anonymous\">"
        ));
    }
    tags.push_str(&format!(
        "<link rel=\"preload\" href=\"/{folder}/{GLUE}_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\">"
    ));
    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path)?;
    std::fs::write(&index_path, insert_before_head_end(&index, &tags)?)?;
    Ok(())
}

/// `page` with `tags` just before `</head>`.
pub fn insert_before_head_end(page: &str, tags: &str) -> anyhow::Result<String> {
    let at = page
        .find("</head>")
        .ok_or_else(|| anyhow::anyhow!("Trunk's index.html has no </head>"))?;
    anyhow::ensure!(
        !page.contains("<script type=\"module\">"),
        "Trunk's index.html has an inline module script: the page's CSP would refuse it"
    );
    Ok(format!("{}{tags}{}", &page[..at], &page[at..]))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a stable content hash without another dependency.
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(seed, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One hash over every file's relative name and content, in name order.
fn hash_dir(dir: &Path) -> anyhow::Result<u64> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    let mut hash = FNV_OFFSET;
    for file in files {
        hash = fnv(file.strip_prefix(dir)?.to_string_lossy().as_bytes(), hash);
        hash = fnv(&std::fs::read(&file)?, hash);
    }
    Ok(hash)
}

/// Every file under `dir` (none when it does not exist).
pub fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

/// Whether a file of the built pane is loaded only when a view needs it: a split module.
pub fn is_lazy(file_name: &str) -> bool {
    file_name.ends_with(".wasm") && file_name != format!("{GLUE}_bg.wasm")
}

#[cfg(test)]
mod tests {
    use super::{insert_before_head_end, is_lazy};

    #[test]
    fn the_bootstrap_goes_into_the_head_and_no_inline_script_is_accepted() {
        let page =
            insert_before_head_end("<head><title>x</title></head><body></body>", "<b/>").unwrap();
        assert_eq!(page, "<head><title>x</title><b/></head><body></body>");
        assert!(insert_before_head_end("<body></body>", "<b/>").is_err());
        assert!(
            insert_before_head_end("<head><script type=\"module\">x</script></head>", "").is_err()
        );
    }

    #[test]
    fn only_split_modules_count_as_lazy() {
        assert!(!is_lazy("closer-app_bg.wasm"));
        assert!(!is_lazy("closer-app.js"));
        assert!(!is_lazy("__wasm_split.js"));
        assert!(is_lazy("split_later_cards.wasm"));
        assert!(is_lazy("chunk_3_admin_page_later_cards.wasm"));
    }
}
