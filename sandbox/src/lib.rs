//! The local tenant: one loopback HTTP server that speaks the protocols Closer's connectors
//! speak in production, over seeded demo data, so that the dev command and every end-to-end
//! test run the production connector code unchanged (only base URLs differ).
//!
//! Each vendor lives under its own path prefix (see [`Sandbox::urls`]). The sandbox may share
//! the wire types with the worker, nothing else: it must not agree with the worker's parsers'
//! bugs. It never ships.

use axum::Router;
use axum::routing::get;
use std::net::SocketAddr;
use tokio::net::TcpListener;

mod authority;

/// Base URLs of the protocols the sandbox speaks, as the worker's config expects them.
#[derive(Debug, Clone)]
pub struct SandboxUrls {
    /// The Entra-like authority (`AUTHORITY_URL`).
    pub authority: String,
    /// Microsoft Graph (`GRAPH_URL`).
    pub graph: String,
    /// The default CRM (`CRM_URL`).
    pub crm: String,
    /// The OpenAI-compatible endpoint (`LLM_URL`).
    pub llm: String,
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Starts the sandbox on `127.0.0.1:port` (0 picks a free port) in the current runtime.
    pub async fn start(port: u16) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, router(addr)).await {
                eprintln!("sandbox stopped: {err}");
            }
        });
        Ok(Self { addr, task })
    }

    /// The socket the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URLs to configure the worker with.
    pub fn urls(&self) -> SandboxUrls {
        urls(self.addr)
    }

    /// Runs until the server stops (the binary's main loop).
    pub async fn wait(mut self) -> anyhow::Result<()> {
        Ok((&mut self.task).await?)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn urls(addr: SocketAddr) -> SandboxUrls {
    let base = format!("http://{addr}");
    SandboxUrls {
        authority: format!("{base}/entra/"),
        graph: format!("{base}/graph/v1.0/"),
        crm: format!("{base}/dataverse/api/data/v9.2/"),
        llm: format!("{base}/openai/v1/"),
    }
}

fn router(addr: SocketAddr) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .nest("/entra", authority::router(urls(addr)))
}
