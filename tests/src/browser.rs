//! Headless Debian Chromium driven through ChromeDriver (WebDriver, via fantoccini).
//!
//! One [`Browser`] per test: its own ChromeDriver process group and a fresh profile directory.
//! Started with the flags that keep Chromium off the network (no background networking,
//! component updates, sync or QUIC) on this loopback-only machine.

use crate::procs::{Child, free_port, wait_for_http};
use crate::{stack::unique_dir, workspace_root};
use anyhow::Context;
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

/// One accessibility violation axe-core reported.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AxeViolation {
    /// The rule (`color-contrast`, `label`, ...).
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for.
    pub help: String,
    /// CSS selectors of (up to five of) the elements that break it.
    pub targets: Vec<String>,
}

impl AxeViolation {
    /// Serious and critical violations fail the browser suite.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl std::fmt::Display for AxeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let impact = self.impact.as_deref().unwrap_or("?");
        write!(
            f,
            "{impact} {}: {} ({})",
            self.id,
            self.help,
            self.targets.join(", ")
        )
    }
}

/// Debian's Chromium, overridable with `CHROMIUM`.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// Debian's ChromeDriver, overridable with `CHROMEDRIVER`.
fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

/// Retries `step` until it succeeds or `timeout` passes: a page that is navigating (a sign-in
/// redirect, a re-render replacing the element) makes WebDriver calls fail transiently with
/// "aborted by navigation" or a stale element.
async fn retrying<T, F, Fut>(timeout: Duration, what: &str, step: F) -> anyhow::Result<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, fantoccini::error::CmdError>>,
{
    let deadline = std::time::Instant::now() + timeout;
    loop {
        match step().await {
            Ok(value) => return Ok(value),
            Err(err) if std::time::Instant::now() < deadline => {
                let _ = err;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            Err(err) => return Err(err).with_context(|| format!("waiting for {what}")),
        }
    }
}

/// ChromeDriver's passthrough to the Chrome DevTools Protocol.
#[derive(Debug)]
struct CdpCommand {
    body: String,
}

impl fantoccini::wd::WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// A headless Chromium session.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    _driver: Child,
}

/// `text` with the narrow and thin no-break spaces CLDR puts in dates and numbers
/// (`6:45\u{202f}PM`, `48\u{202f}000`) written as plain spaces, for comparing with a literal.
pub fn plain_spaces(text: &str) -> String {
    text.replace(['\u{202f}', '\u{2009}', '\u{a0}'], " ")
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session with a task-pane-sized window.
    pub async fn start() -> anyhow::Result<Self> {
        let port = free_port(None)?;
        let mut driver = Child::spawn(
            "chromedriver",
            Command::new(chromedriver())
                .arg(format!("--port={port}"))
                // The pane writes times in the browser's zone: pin it, as a seller's laptop
                // has one, so the suites read the same text on every machine.
                .env("TZ", "UTC")
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
        .with_context(|| format!("ChromeDriver is required at {}", chromedriver()))?;
        let url = format!("http://127.0.0.1:{port}");
        wait_for_http(
            &format!("{url}/status"),
            Duration::from_secs(20),
            &mut driver,
        )
        .await?;

        let profile = unique_dir("chromium-profile")?;
        let capabilities = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1200,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&url)
            .await
            .context("starting a Chromium session")?;
        Ok(Self {
            client,
            _driver: driver,
        })
    }

    /// Opens `url`.
    pub async fn open(&self, url: &str) -> anyhow::Result<()> {
        Ok(self.client.goto(url).await?)
    }

    /// Waits (up to `timeout`) for an element matching `css` and returns its text.
    pub async fn text_of(&self, css: &str, timeout: Duration) -> anyhow::Result<String> {
        retrying(timeout, css, || async {
            let element = self
                .client
                .wait()
                .at_most(timeout)
                .for_element(Locator::Css(css))
                .await?;
            element.text().await
        })
        .await
    }

    /// Waits (up to `timeout`) for an element matching `css` and clicks it.
    pub async fn click(&self, css: &str, timeout: Duration) -> anyhow::Result<()> {
        retrying(timeout, css, || async {
            let element = self
                .client
                .wait()
                .at_most(timeout)
                .for_element(Locator::Css(css))
                .await?;
            element.click().await
        })
        .await
    }

    /// Runs `script` in the page and returns its JSON result.
    pub async fn execute(&self, script: &str) -> anyhow::Result<serde_json::Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// The accessibility violations axe-core (from npm, `node_modules/axe-core`, injected into
    /// the page as is) finds in the page as it is now, rules tagged WCAG 2.x A/AA and best
    /// practice. Each as `impact rule: help (targets)`.
    pub async fn axe_violations(&self) -> anyhow::Result<Vec<AxeViolation>> {
        let source =
            std::fs::read_to_string(workspace_root().join("node_modules/axe-core/axe.min.js"))
                .context("axe-core is missing from node_modules: run `cargo xtask setup`")?;
        self.client.execute(&source, vec![]).await?;
        let found = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, {
                    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
                    resultTypes: ["violations"],
                }).then(
                    (r) => done(r.violations.map((v) => ({
                        id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
                    }))),
                    (e) => done({ error: String(e) }),
                );"#,
                vec![],
            )
            .await?;
        if let Some(error) = found.get("error") {
            anyhow::bail!("axe-core failed: {error}");
        }
        Ok(serde_json::from_value(found)?)
    }

    /// Fails with every serious or critical accessibility violation axe-core finds in the page
    /// as it is now (all of them, minor ones too, are printed under `view`).
    pub async fn assert_accessible(&self, view: &str) -> anyhow::Result<()> {
        let violations = self.axe_violations().await?;
        for violation in &violations {
            println!("axe {view}: {violation}");
        }
        let serious: Vec<String> = violations
            .iter()
            .filter(|v| v.is_serious())
            .map(ToString::to_string)
            .collect();
        anyhow::ensure!(
            serious.is_empty(),
            "{view}: {} serious accessibility violations:\n{}",
            serious.len(),
            serious.join("\n")
        );
        Ok(())
    }

    /// The state a screenshot records, checked by axe-core first: every view and state the
    /// browser suite shows is also an accessibility check.
    pub async fn checked_screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        self.assert_accessible(name).await?;
        self.screenshot(name).await
    }

    /// The page's current URL.
    pub async fn current_url(&self) -> anyhow::Result<String> {
        Ok(self.client.current_url().await?.to_string())
    }

    /// Saves a PNG screenshot as `target/e2e-screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let dir = workspace_root().join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.client.screenshot().await?)?;
        Ok(path)
    }

    /// Runs `source` in every document this session opens, before the page's own scripts
    /// (Chrome DevTools `Page.addScriptToEvaluateOnNewDocument`, through ChromeDriver).
    pub async fn add_init_script(&self, source: &str) -> anyhow::Result<()> {
        self.client
            .issue_cmd(CdpCommand {
                body: serde_json::json!({
                    "cmd": "Page.addScriptToEvaluateOnNewDocument",
                    "params": { "source": source },
                })
                .to_string(),
            })
            .await?;
        Ok(())
    }

    /// Lays pages out at `width` × `height` CSS pixels from now on, whatever the window's size
    /// (Chrome DevTools `Emulation.setDeviceMetricsOverride`): a host frame's size, such as the
    /// 320 px Teams meeting side panel.
    pub async fn set_viewport(&self, width: u32, height: u32) -> anyhow::Result<()> {
        self.client
            .issue_cmd(CdpCommand {
                body: serde_json::json!({
                    "cmd": "Emulation.setDeviceMetricsOverride",
                    "params": {
                        "width": width, "height": height,
                        "deviceScaleFactor": 1, "mobile": false,
                    },
                })
                .to_string(),
            })
            .await?;
        Ok(())
    }

    /// Renders pages as under Windows' high-contrast themes from now on (Chrome DevTools
    /// `Emulation.setEmulatedMedia`: `forced-colors: active`, `prefers-contrast: more`), as
    /// Outlook's task pane shows under them.
    pub async fn emulate_forced_colors(&self) -> anyhow::Result<()> {
        self.client
            .issue_cmd(CdpCommand {
                body: serde_json::json!({
                    "cmd": "Emulation.setEmulatedMedia",
                    "params": { "features": [
                        { "name": "forced-colors", "value": "active" },
                        { "name": "prefers-contrast", "value": "more" },
                    ] },
                })
                .to_string(),
            })
            .await?;
        Ok(())
    }

    /// Slows the page's CPU `rate` times from now on (Chrome DevTools
    /// `Emulation.setCPUThrottlingRate`), as DevTools' "4× slowdown" stands for a modest laptop.
    pub async fn throttle_cpu(&self, rate: f64) -> anyhow::Result<()> {
        self.client
            .issue_cmd(CdpCommand {
                body: serde_json::json!({
                    "cmd": "Emulation.setCPUThrottlingRate",
                    "params": { "rate": rate },
                })
                .to_string(),
            })
            .await?;
        Ok(())
    }

    /// Sends one Chrome DevTools Protocol command (`Profiler.start`, …) to the page through
    /// ChromeDriver and answers its result.
    pub async fn cdp(
        &self,
        command: &str,
        params: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        Ok(self
            .client
            .issue_cmd(CdpCommand {
                body: serde_json::json!({ "cmd": command, "params": params }).to_string(),
            })
            .await?)
    }

    /// Holds `token` as the pane's session in every document this browser opens, as after a
    /// sign-in (the pane keeps it in `sessionStorage`).
    pub async fn hold_token(&self, token: &str) -> anyhow::Result<()> {
        self.add_init_script(&format!(
            "sessionStorage.setItem('closer.token', {});",
            serde_json::Value::String(token.to_owned())
        ))
        .await
    }

    /// Signs in to the preview at `origin` as the demo user `user_id`, through the pane's
    /// "Sign in" button and the sandbox authority's sign-in page (a real code + PKCE flow).
    pub async fn sign_in(&self, origin: &str, user_id: &str) -> anyhow::Result<()> {
        let timeout = Duration::from_secs(20);
        self.open(origin).await?;
        self.click("[data-testid=sign-in]", timeout).await?;
        self.click(&format!("[data-testid=sign-in-as-{user_id}]"), timeout)
            .await
    }

    /// Ends the session (the driver's process group is stopped on drop as well).
    pub async fn close(self) -> anyhow::Result<()> {
        Ok(self.client.close().await?)
    }
}
