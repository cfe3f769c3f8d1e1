//! The walking skeleton: pane → worker → D1 and upstreams, and its failure path.

use crate::common::RENDER_TIMEOUT;
use closer_e2e::browser::Browser;
use closer_e2e::procs::free_port;
use closer_e2e::stack::{Stack, StackOptions};
use closer_wire::{ApiError, ApiErrorCode, Health, UpstreamKind, UpstreamStatus};

#[tokio::test(flavor = "multi_thread")]
async fn health_api_reads_d1_and_reaches_the_sandbox() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let health: Health = reqwest::get(format!("{}/api/health", stack.url))
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    // Written by the latest migration: proves the worker read the migrated D1.
    assert_eq!(health.store_schema, "2");
    let identity = health
        .upstreams
        .iter()
        .find(|u| u.kind == UpstreamKind::Identity)
        .expect("identity is reported");
    assert_eq!(identity.base_url, stack.sandbox.urls().authority);
    assert_eq!(
        identity.status,
        UpstreamStatus::Reachable { http_status: 200 }
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_api_route_is_a_typed_404_and_ui_routes_serve_the_pane() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // Anonymous callers learn nothing about which routes exist: the token comes first.
    let anonymous = reqwest::get(format!("{}/api/no-such-route", stack.url)).await?;
    assert_eq!(anonymous.status(), 401);
    let token = crate::common::mint_token(
        &stack,
        serde_json::json!({ "user_id": closer_sandbox::demo::USERS[0].id }),
    )
    .await?;
    let response = reqwest::Client::new()
        .get(format!("{}/api/no-such-route", stack.url))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(response.status(), 404);
    let error: ApiError = response.json().await?;
    assert_eq!(error.code, ApiErrorCode::NotFound);
    assert!(error.correlation_id.is_some());

    // Single-page-application fallback: any non-API path gets the pane.
    let page = reqwest::get(format!("{}/preview/anything", stack.url)).await?;
    assert_eq!(page.status(), 200);
    assert!(page.text().await?.contains("<title>Closer</title>"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_renders_health_from_the_worker() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    browser.open(&stack.url).await?;

    let version = browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let store = browser
        .text_of("[data-testid=health-store]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(store, "2");
    let identity = browser
        .text_of("[data-testid=upstream-identity]", RENDER_TIMEOUT)
        .await?;
    assert!(identity.contains("reachable (HTTP 200)"), "{identity}");
    assert!(
        identity.contains(&stack.sandbox.urls().authority),
        "{identity}"
    );

    let shot = browser.screenshot("skeleton-health").await?;
    assert!(
        std::fs::metadata(&shot)?.len() > 1_000,
        "screenshot is empty"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_shows_a_readable_error_when_an_upstream_is_down() -> anyhow::Result<()> {
    // A port nothing listens on: bound to find it free, then released.
    let closed = free_port(None)?;
    let stack = Stack::start(StackOptions {
        vars: vec![(
            "AUTHORITY_URL".into(),
            format!("http://127.0.0.1:{closed}/entra/"),
        )],
        ..StackOptions::default()
    })
    .await?;
    let browser = Browser::start().await?;
    browser.open(&stack.url).await?;

    let error = browser
        .text_of("[data-testid=health-error]", RENDER_TIMEOUT)
        .await?;
    assert!(error.contains("Identity is unreachable"), "{error}");
    assert!(error.contains(&format!("127.0.0.1:{closed}")), "{error}");
    // The rest of the card still renders: one failing upstream never blanks the pane.
    let version = browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    browser.screenshot("skeleton-upstream-down").await?;
    browser.close().await
}
