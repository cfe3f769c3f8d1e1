//! `cargo xtask test`: every check and suite, in the order that fails fastest, ending with the
//! line `N passed, M failed` over all of them.
//!
//! Gates (fmt, clippy, the manifests' validation, wasm builds, the deploy dry run) count as one
//! test each; cargo test suites count their tests.
//! The end-to-end suite starts its own stacks (sandbox + wrangler dev + Chromium) on free
//! loopback ports and stops them on drop, also when a test fails.

use crate::{build, deploy_check, manifests, setup, toolenv};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
    failures: Vec<String>,
}

impl Tally {
    fn gate(&mut self, name: &str, result: anyhow::Result<()>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(err) => {
                eprintln!("FAILED: {name}: {err:#}");
                self.failed += 1;
                self.failures.push(name.to_owned());
            }
        }
    }

    fn suite(&mut self, name: &str, command: &mut Command) {
        match run_cargo_test(command) {
            Ok((passed, failed, success)) => {
                self.passed += passed;
                self.failed += failed;
                // A suite that failed without reporting a failed test (a build error, a
                // crash) still counts as one failure.
                if !success && failed == 0 {
                    self.failed += 1;
                }
                if !success || failed > 0 {
                    self.failures.push(name.to_owned());
                }
            }
            Err(err) => {
                eprintln!("FAILED: {name}: {err:#}");
                self.failed += 1;
                self.failures.push(name.to_owned());
            }
        }
    }
}

/// Runs everything; exits non-zero when anything failed.
pub fn run() -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    setup::run(setup::Needs { browser: true })?;
    let mut tally = Tally::default();
    let cargo = |args: &[&str]| {
        let mut command = toolenv::command("cargo");
        command.args(args);
        command
    };

    step("cargo fmt --check");
    tally.gate(
        "fmt",
        setup::status(&mut cargo(&["fmt", "--all", "--check"])),
    );
    step("clippy (native)");
    tally.gate(
        "clippy native",
        setup::status(&mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])),
    );
    step("clippy (wasm32)");
    tally.gate(
        "clippy wasm32",
        setup::status(&mut cargo(&[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--quiet",
            "-p",
            "closer-app",
            "-p",
            "closer-worker",
            "-p",
            "closer-wire",
            "--",
            "-D",
            "warnings",
        ])),
    );
    step("native tests");
    tally.suite(
        "native tests",
        &mut cargo(&["test", "--workspace", "--exclude", "closer-e2e"]),
    );
    step("manifests (Microsoft's schemas and converter, offline)");
    tally.gate("manifests", manifests::validate::gate());
    step("wasm builds");
    tally.gate(
        "cargo fetch",
        setup::status(&mut cargo(&["fetch", "--quiet"])),
    );
    tally.gate("build pane (trunk)", build::ui());
    tally.gate("build worker (worker-build)", build::worker());
    step("wrangler deploy --dry-run (bundle within the Workers Free plan's size)");
    tally.gate(
        "worker deployable (wrangler deploy --dry-run)",
        deploy_check::dry_run(),
    );
    step("end-to-end (wrangler dev + sandbox + Chromium)");
    tally.suite("end-to-end", &mut cargo(&["test", "-p", "closer-e2e"]));

    println!();
    println!("took {:.0}s", started.elapsed().as_secs_f64());
    if !tally.failures.is_empty() {
        println!("failed: {}", tally.failures.join(", "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

fn step(name: &str) {
    println!("\n==> {name}");
}

/// Runs a `cargo test` command, echoing its output, and sums its `test result:` lines.
fn run_cargo_test(command: &mut Command) -> anyhow::Result<(u32, u32, bool)> {
    let mut child = command.stdout(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some((p, f)) = parse_result_line(&line) {
            passed += p;
            failed += f;
        }
    }
    let status = child.wait()?;
    Ok((passed, failed, status.success()))
}

/// Parses `test result: ok. 5 passed; 1 failed; ...`.
fn parse_result_line(line: &str) -> Option<(u32, u32)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |label: &str| -> Option<u32> {
        rest.split(';').find_map(|part| {
            let mut words = part.split_whitespace().rev();
            (words.next()? == label).then(|| words.next()?.parse().ok())?
        })
    };
    Some((count("passed")?, count("failed")?))
}

#[cfg(test)]
mod tests {
    use super::parse_result_line;

    #[test]
    fn parses_cargo_test_result_lines() {
        assert_eq!(
            parse_result_line(
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"
            ),
            Some((12, 0))
        );
        assert_eq!(
            parse_result_line("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured"),
            Some((3, 2))
        );
        assert_eq!(parse_result_line("running 3 tests"), None);
    }
}
