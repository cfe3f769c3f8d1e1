//! The local tenant: one loopback HTTP server that speaks the protocols Closer's connectors
//! speak in production, over seeded demo data, so that the dev command and every end-to-end
//! test run the production connector code unchanged (only base URLs differ).
//!
//! Each vendor lives under its own path prefix (see [`SandboxUrls`]); `/_sandbox/*` is the
//! control API tests use to reset state, inject faults and inspect what connectors wrote. The
//! sandbox may share the wire types with the worker, nothing else: it must not agree with the
//! worker's parsers' bugs. It never ships.

use axum::Router;
use axum::routing::get;
use std::net::SocketAddr;
use tokio::net::TcpListener;

pub mod authority;
mod control;
pub mod crm_seed;
pub mod dataverse;
pub mod demo;
pub mod faults;
pub mod graph;
pub mod openai;
pub mod salesforce;
pub mod state;
mod web;

pub use state::Shared;

/// Base URLs of the protocols the sandbox speaks, as the worker's config expects them.
#[derive(Debug, Clone)]
pub struct SandboxUrls {
    /// The sandbox's own origin, e.g. `http://127.0.0.1:8790`.
    pub origin: String,
    /// The Entra-like authority (`AUTHORITY_URL`).
    pub authority: String,
    /// Microsoft Graph (`GRAPH_URL`).
    pub graph: String,
    /// The default CRM (`CRM_URL`).
    pub crm: String,
    /// The OpenAI-compatible endpoint (`LLM_URL`).
    pub llm: String,
}

impl SandboxUrls {
    fn new(addr: SocketAddr) -> Self {
        let origin = format!("http://{addr}");
        Self {
            authority: format!("{origin}/entra/"),
            graph: format!("{origin}/graph/v1.0/"),
            crm: format!("{origin}/dataverse/northwind/api/data/v9.2/"),
            llm: format!("{origin}/openai/v1/"),
            origin,
        }
    }
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    state: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Starts the sandbox on `127.0.0.1:port` (0 picks a free port) in the current runtime.
    pub async fn start(port: u16) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let state = Shared::default();
        let app = router(state.clone(), SandboxUrls::new(addr));
        // Every write goes out at once (no Nagle): a streamed answer's small chunks would
        // otherwise wait for the reader's delayed ACK (40 ms on Linux), which real services'
        // streams do not show and which would be counted as Closer's relay time.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            if let Err(err) = tcp.set_nodelay(true) {
                eprintln!("sandbox: TCP_NODELAY not set: {err}");
            }
        });
        let task = tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                eprintln!("sandbox stopped: {err}");
            }
        });
        Ok(Self { addr, state, task })
    }

    /// The socket the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URLs to configure the worker with.
    pub fn urls(&self) -> SandboxUrls {
        SandboxUrls::new(self.addr)
    }

    /// Direct access to the state, for in-process tests (e2e tests use `/_sandbox/*`).
    pub fn state(&self) -> &Shared {
        &self.state
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

fn router(state: Shared, urls: SandboxUrls) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .nest("/entra", authority::router(state.clone(), urls.clone()))
        .nest("/graph/v1.0", graph::router(state.clone(), urls.clone()))
        .nest("/openai/v1", openai::router(state.clone(), urls.clone()))
        .nest("/dataverse", dataverse::router(state.clone(), urls.clone()))
        .nest(
            "/globaldisco",
            dataverse::discovery_router(state.clone(), urls.clone()),
        )
        .nest(
            "/salesforce",
            salesforce::router(state.clone(), urls.clone()),
        )
        .nest("/_sandbox", control::router(state.clone()))
        .layer(axum::middleware::from_fn_with_state(state, faults::apply))
}
