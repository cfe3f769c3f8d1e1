//! Child processes that are always stopped, readiness polling and free ports.
//!
//! Child processes: each runs in its own process group, and dropping
//! its [`Child`] kills the whole group (wrangler starts workerd; killing wrangler alone would
//! leave workerd running).

use std::process::Command;
use std::time::{Duration, Instant};

/// A running child process group, killed on drop.
pub struct Child {
    name: String,
    inner: std::process::Child,
}

impl Child {
    /// Starts `command` in a new process group.
    pub fn spawn(name: &str, command: &mut Command) -> anyhow::Result<Self> {
        use std::os::unix::process::CommandExt;
        let inner = command
            .process_group(0)
            .spawn()
            .map_err(|e| anyhow::anyhow!("starting {name}: {e}"))?;
        Ok(Self {
            name: name.to_owned(),
            inner,
        })
    }

    /// `Some(description)` once the process has exited.
    pub fn exited(&mut self) -> Option<String> {
        match self.inner.try_wait() {
            Ok(Some(status)) => Some(format!("{} exited with {status}", self.name)),
            Ok(None) => None,
            Err(e) => Some(format!("{}: {e}", self.name)),
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        stop_group(self.inner.id(), &mut self.inner);
    }
}

/// SIGTERM to the group, a short grace period, then SIGKILL.
fn stop_group(pid: u32, child: &mut std::process::Child) {
    let group = format!("-{pid}");
    let signal = |sig: &str| {
        let _ = Command::new("kill")
            .args([sig, "--", &group])
            .stderr(std::process::Stdio::null())
            .status();
    };
    signal("-TERM");
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Grandchildren (workerd) may outlive the leader; the group kill reaches them.
    signal("-KILL");
    let _ = child.wait();
}

/// Polls `url` until it answers any HTTP status, or fails after `timeout` or when `child` exits.
pub async fn wait_for_http(url: &str, timeout: Duration, child: &mut Child) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?;
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(exit) = child.exited() {
            anyhow::bail!("{exit} before {url} answered");
        }
        if client.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    anyhow::bail!("{url} did not answer within {timeout:?}")
}

/// A free TCP port on 127.0.0.1, preferring `preferred` when it is free.
///
/// Ports are found by binding port 0 and releasing it, so two stacks starting in parallel
/// could otherwise be handed the same port (one as wrangler's, one as another's inspector);
/// the process remembers every port it handed out and never hands one out twice.
pub fn free_port(preferred: Option<u16>) -> anyhow::Result<u16> {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static HANDED_OUT: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|p| p.into_inner());
    let handed_out = handed_out.get_or_insert_with(HashSet::new);
    let candidates = preferred
        .into_iter()
        .map(Ok)
        .chain(std::iter::repeat_with(|| {
            Ok::<_, std::io::Error>(
                std::net::TcpListener::bind(("127.0.0.1", 0))?
                    .local_addr()?
                    .port(),
            )
        }));
    for candidate in candidates.take(100) {
        let port = candidate?;
        if !handed_out.contains(&port) && std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            handed_out.insert(port);
            return Ok(port);
        }
    }
    anyhow::bail!("no free loopback port found")
}
