//! `cargo xtask catalogue`: what the test suites cover, read from the test modules' own `//!`
//! headers, so the catalogue cannot drift from the tests the way counts in a README do.
//!
//! The suites are the integration-test binaries (one per crate: `worker/tests/it`,
//! `sandbox/tests/it`, the browser tests in `tests/e2e`); every module under them must open with
//! a `//!` header saying what it covers (a unit test below keeps that true). Unit tests sit at
//! the bottom of the module they test and are described by that module's own header.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// The test suites, each a directory whose `main.rs` is one test binary.
pub const SUITES: &[(&str, &str)] = &[
    (
        "worker/tests/it",
        "the worker natively against the sandbox (cargo test -p closer-worker --test it)",
    ),
    (
        "sandbox/tests/it",
        "the sandbox over HTTP (cargo test -p closer-sandbox --test it)",
    ),
    (
        "tests/e2e",
        "the browser suite: Chromium against wrangler dev and the sandbox (cargo test -p closer-e2e --test e2e)",
    ),
];

/// One test module and the first paragraph of its header.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub summary: String,
}

/// Prints the catalogue of every suite.
pub fn run() -> anyhow::Result<()> {
    for (dir, what) in SUITES {
        println!("\n{dir}: {what}");
        for entry in entries(Path::new(dir))? {
            println!("  {}", entry.path.display());
            for line in wrap(&entry.summary, 92) {
                println!("      {line}");
            }
        }
    }
    Ok(())
}

/// The modules of one suite (every `.rs` file under `dir`), sorted, with their headers; an
/// error names every module without one.
pub fn entries(dir: &Path) -> anyhow::Result<Vec<Entry>> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut entries = Vec::new();
    let mut missing = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        match header(&text) {
            Some(summary) => entries.push(Entry { path, summary }),
            None => missing.push(path.display().to_string()),
        }
    }
    if !missing.is_empty() {
        bail!(
            "test modules without a `//!` header saying what they cover: {}",
            missing.join(", ")
        );
    }
    Ok(entries)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for item in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = item?.path();
        if path.is_dir() {
            // Test data, not test code.
            if path.file_name().is_some_and(|name| name == "fixtures") {
                continue;
            }
            collect(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The first paragraph of a file's leading `//!` lines, on one line.
fn header(text: &str) -> Option<String> {
    let paragraph: Vec<&str> = text
        .lines()
        .map_while(|line| line.strip_prefix("//!"))
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    let summary = paragraph.join(" ");
    (!summary.is_empty()).then_some(summary)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_module_says_what_it_covers() {
        let root = crate::toolenv::workspace_root();
        for (dir, _) in SUITES {
            let entries = entries(&root.join(dir)).unwrap();
            assert!(
                entries.iter().any(|e| e.path.ends_with("main.rs")),
                "{dir} is not one test binary (no main.rs)"
            );
            assert!(entries.len() > 1, "{dir} lists no test modules");
        }
    }

    #[test]
    fn the_header_is_the_first_paragraph_and_a_missing_one_is_named() {
        assert_eq!(
            header("//! Covers a.\n//! And b.\n//!\n//! Details.\nuse x;").as_deref(),
            Some("Covers a. And b.")
        );
        assert_eq!(header("use x;\n//! late"), None);
        let dir = std::env::temp_dir().join(format!("catalogue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("main.rs"), "//! The binary.\nmod bare;\n").unwrap();
        std::fs::write(dir.join("bare.rs"), "#[test]\nfn t() {}\n").unwrap();
        let error = entries(&dir).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("bare.rs"), "{error}");
    }
}
