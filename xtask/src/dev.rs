//! `cargo xtask dev`: install what is missing, build, and run Closer against the sandbox until
//! Ctrl-C, which stops everything it started.

use crate::{build, setup, toolenv};
use closer_e2e::stack::{Stack, StackOptions};
use std::time::Duration;

/// Runs the dev loop.
pub fn run() -> anyhow::Result<()> {
    setup::run(setup::Needs::default())?;
    build::all()?;
    tokio::runtime::Runtime::new()?.block_on(async {
        let mut stack = Stack::start(StackOptions {
            preferred_port: Some(8787),
            preferred_sandbox_port: Some(8790),
            // Dev keeps its local D1 between runs; the tests use throwaway copies.
            persist_dir: Some(toolenv::workspace_root().join("worker/.wrangler/state")),
            inherit_output: true,
            ..StackOptions::default()
        })
        .await?;
        println!();
        println!("Closer is running with the sandbox tenant.");
        println!("  browser preview:  {}/", stack.url);
        println!("  worker health:    {}/api/health", stack.url);
        println!("  sandbox:          http://{}", stack.sandbox.addr());
        println!("Press Ctrl-C to stop.");
        let mut ticker = tokio::time::interval(Duration::from_millis(500));
        // `kill`, a supervisor or `timeout` stop with SIGTERM rather than Ctrl-C: both end
        // here, so the stack's drop stops wrangler, workerd and the sandbox either way.
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {
                    println!("\nstopping wrangler dev and the sandbox");
                    return Ok(());
                }
                _ = terminate.recv() => {
                    println!("\nterminated: stopping wrangler dev and the sandbox");
                    return Ok(());
                }
                _ = ticker.tick() => {
                    if let Some(exit) = stack.exited() {
                        anyhow::bail!("{exit}");
                    }
                }
            }
        }
    })
}
