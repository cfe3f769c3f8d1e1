//! The running stack: sandbox + `wrangler dev` (workerd) serving the built pane and the worker.
//!
//! Each [`Stack`] gets free loopback ports and its own local D1 state, copied from a template
//! migrated once per process (`wrangler d1 migrations apply --local` takes ~8 s; a copy takes
//! milliseconds). Dropping the stack stops wrangler's whole process group and the sandbox.

use crate::procs::{Child, free_port, wait_for_http};
use crate::{WRANGLER_OFFLINE_ENV, node_bin, path_with_node, workspace_root};
use anyhow::{Context, bail};
use closer_sandbox::{Sandbox, demo, openai, salesforce};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use tokio::sync::OnceCell;

/// The vault key dev and tests use: 32 bytes of base64 that protect nothing real.
pub const SANDBOX_VAULT_KEY: &str = "c2FuZGJveC12YXVsdC1rZXktMzItYnl0ZXMtbG9uZyE=";

/// How to start a stack.
#[derive(Debug, Default, Clone)]
pub struct StackOptions {
    /// Port for wrangler dev, used when free (dev prefers 8787); otherwise any free port.
    pub preferred_port: Option<u16>,
    /// Port for the sandbox, used when free.
    pub preferred_sandbox_port: Option<u16>,
    /// Where wrangler keeps local D1/KV state; `None` gives a fresh throwaway copy.
    pub persist_dir: Option<PathBuf>,
    /// Worker vars to set after the sandbox's URLs (later entries win).
    pub vars: Vec<(String, String)>,
    /// Show wrangler's output on this terminal (dev) instead of a log file (tests).
    pub inherit_output: bool,
}

/// A running sandbox and worker.
pub struct Stack {
    /// The wrangler process group (declared first: stopped before the sandbox goes away).
    _wrangler: Child,
    /// The in-process sandbox the worker is pointed at.
    pub sandbox: Sandbox,
    /// The origin the pane and `/api/*` are served from, e.g. `http://127.0.0.1:8787`.
    pub url: String,
    /// wrangler's log file (tests), to print when something fails.
    pub log: Option<PathBuf>,
    /// Where wrangler keeps this stack's local D1/KV state.
    pub state_dir: PathBuf,
    throwaway_state: Option<PathBuf>,
}

impl Stack {
    /// Starts the sandbox and `wrangler dev` pointed at it, and waits until both answer.
    pub async fn start(options: StackOptions) -> anyhow::Result<Self> {
        check_built()?;
        let sandbox = Sandbox::start(free_port(options.preferred_sandbox_port)?).await?;
        let urls = sandbox.urls();
        let (state, throwaway_state) = match &options.persist_dir {
            Some(dir) => {
                apply_migrations(dir).await?;
                (dir.clone(), None)
            }
            None => {
                let dir = unique_dir("state")?;
                copy_dir(migrated_template().await?, &dir)?;
                (dir.clone(), Some(dir))
            }
        };

        // The sandbox's URLs and its registration of the Closer app: only base URLs and
        // credentials differ from production, no code path does.
        let mut vars = vec![
            ("AUTHORITY_URL".to_owned(), urls.authority),
            ("GRAPH_URL".to_owned(), urls.graph),
            ("CRM_URL".to_owned(), urls.crm),
            ("LLM_URL".to_owned(), urls.llm),
            ("CLIENT_ID".to_owned(), demo::CLOSER_CLIENT_ID.to_owned()),
            (
                "CLIENT_SECRET".to_owned(),
                demo::CLOSER_CLIENT_SECRET.to_owned(),
            ),
            ("API_SCOPE".to_owned(), demo::CLOSER_SCOPE.to_owned()),
            // The demo tenants, as a production deployment lists its own (no list: refused).
            (
                "ALLOWED_TENANTS".to_owned(),
                demo::TENANTS.map(|tenant| tenant.id).join(","),
            ),
            ("LLM_PROVIDER".to_owned(), "openai".to_owned()),
            ("LLM_MODEL".to_owned(), openai::SANDBOX_MODEL.to_owned()),
            ("LLM_API_KEY".to_owned(), openai::SANDBOX_LLM_KEY.to_owned()),
            // The demo tenant's competitors and products (production has generic terms only).
            ("TRACKERS".to_owned(), demo::TRACKERS.to_owned()),
            (
                "DISCOVERY_URL".to_owned(),
                format!("{}/globaldisco/", urls.origin),
            ),
            (
                "SALESFORCE_LOGIN_URL".to_owned(),
                format!("{}/salesforce/", urls.origin),
            ),
            (
                "SALESFORCE_INSTANCE_URL".to_owned(),
                format!("{}/salesforce/", urls.origin),
            ),
            (
                "SALESFORCE_CLIENT_ID".to_owned(),
                salesforce::SANDBOX_SF_CLIENT_ID.to_owned(),
            ),
            (
                "SALESFORCE_CLIENT_SECRET".to_owned(),
                salesforce::SANDBOX_SF_CLIENT_SECRET.to_owned(),
            ),
            // The sandbox org marks active accounts and contacts with this checkbox.
            ("SALESFORCE_ACTIVE_FIELD".to_owned(), "Active__c".to_owned()),
            // A test-only vault key (32 bytes of base64); production sets a secret.
            ("VAULT_KEY".to_owned(), SANDBOX_VAULT_KEY.to_owned()),
        ];
        vars.extend(options.vars.iter().cloned());

        // A free port is found by binding and releasing it, so another test's process can take
        // it before wrangler binds it: such a start is retried on fresh ports.
        let mut attempt = 0;
        let (wrangler, url, log) = loop {
            attempt += 1;
            let port = free_port(options.preferred_port)?;
            let inspector_port = free_port(None)?;
            let mut command = wrangler();
            command.args([
                "dev",
                "--ip",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--inspector-port",
                &inspector_port.to_string(),
                "--show-interactive-dev-session=false",
                // Exposes /__scheduled so tests can fire the cron handler.
                "--test-scheduled",
                "--persist-to",
            ]);
            command.arg(&state);
            for (name, value) in &vars {
                command.arg("--var").arg(format!("{name}:{value}"));
            }
            let log = if options.inherit_output {
                None
            } else {
                let path = unique_dir("logs")?.join("wrangler.log");
                let file = std::fs::File::create(&path)?;
                command
                    .stdout(Stdio::from(file.try_clone()?))
                    .stderr(Stdio::from(file));
                Some(path)
            };
            let mut wrangler = Child::spawn("wrangler dev", &mut command)?;
            let url = format!("http://127.0.0.1:{port}");
            let started = wait_for_http(
                &format!("{url}/api/health"),
                Duration::from_secs(60),
                &mut wrangler,
            )
            .await;
            match started {
                Ok(()) => break (wrangler, url, log),
                Err(error) => {
                    let port_taken = log.as_ref().is_some_and(|path| {
                        std::fs::read_to_string(path)
                            .is_ok_and(|text| text.contains("Address already in use"))
                    });
                    if port_taken && attempt < 3 && options.preferred_port.is_none() {
                        continue;
                    }
                    return Err(error).with_context(|| match &log {
                        Some(path) => {
                            format!("wrangler dev did not start; its log: {}", path.display())
                        }
                        None => "wrangler dev did not start".to_owned(),
                    });
                }
            }
        };
        Ok(Self {
            _wrangler: wrangler,
            sandbox,
            url,
            log,
            state_dir: state,
            throwaway_state,
        })
    }
}

impl Stack {
    /// `Some(description)` once wrangler has exited on its own.
    pub fn exited(&mut self) -> Option<String> {
        self._wrangler.exited()
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        if let Some(dir) = &self.throwaway_state {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The pinned wrangler, run from `worker/` (where `wrangler.toml` lives) with Node 24 on PATH
/// and every telemetry and update call turned off.
pub fn wrangler() -> Command {
    let mut command = Command::new(node_bin().join("wrangler"));
    command
        .current_dir(workspace_root().join("worker"))
        .env("PATH", path_with_node())
        .envs(WRANGLER_OFFLINE_ENV);
    command
}

/// Fails with the fix when the artifacts wrangler serves were not built: a stack without the
/// real worker or pane must never look like a passing one.
fn check_built() -> anyhow::Result<()> {
    let root = workspace_root();
    for (path, what) in [
        ("worker/build/worker/shim.mjs", "the worker (worker-build)"),
        ("target/dist/index.html", "the pane (trunk)"),
        ("node_modules/.bin/wrangler", "wrangler (npm ci)"),
    ] {
        if !root.join(path).exists() {
            bail!("{what} is missing at {path}: run `cargo xtask test` or `cargo xtask build`");
        }
    }
    Ok(())
}

/// Runs SQL against the local D1 in `state_dir` (the same database `wrangler dev` serves) and
/// returns the result rows as JSON.
pub async fn d1_execute(state_dir: &Path, sql: &str) -> anyhow::Result<Vec<serde_json::Value>> {
    let mut command = wrangler();
    command
        .args(["d1", "execute", "DB", "--local", "--json", "--persist-to"])
        .arg(state_dir)
        .args(["--command", sql])
        .stdin(Stdio::null());
    let output = tokio::task::spawn_blocking(move || command.output()).await??;
    if !output.status.success() {
        bail!(
            "wrangler d1 execute failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let results: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).with_context(|| {
            format!(
                "unreadable d1 output: {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })?;
    Ok(results
        .into_iter()
        .flat_map(|r| r["results"].as_array().cloned().unwrap_or_default())
        .collect())
}

/// Applies the D1 migrations to the local state in `dir`.
pub async fn apply_migrations(dir: &Path) -> anyhow::Result<()> {
    let mut command = wrangler();
    command
        .args(["d1", "migrations", "apply", "DB", "--local", "--persist-to"])
        .arg(dir)
        .stdin(Stdio::null());
    let output = tokio::task::spawn_blocking(move || command.output()).await??;
    if !output.status.success() {
        bail!(
            "wrangler d1 migrations apply failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

async fn migrated_template() -> anyhow::Result<&'static Path> {
    static TEMPLATE: OnceCell<PathBuf> = OnceCell::const_new();
    TEMPLATE
        .get_or_try_init(|| async {
            let dir = unique_dir("state-template")?;
            apply_migrations(&dir).await?;
            Ok::<_, anyhow::Error>(dir)
        })
        .await
        .map(PathBuf::as_path)
}

/// A fresh directory under `target/e2e-run/`.
pub fn unique_dir(kind: &str) -> anyhow::Result<PathBuf> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = workspace_root().join("target/e2e-run").join(format!(
        "{kind}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
