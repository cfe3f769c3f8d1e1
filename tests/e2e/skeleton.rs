//! The walking skeleton: pane → worker → D1 and upstreams, and its failure path.

use crate::common::RENDER_TIMEOUT;
use closer_e2e::browser::Browser;
use closer_e2e::procs::free_port;
use closer_e2e::stack::{Stack, StackOptions};
use closer_wire::{ApiError, ApiErrorCode, Health, HealthStatus, UpstreamKind, UpstreamStatus};

#[tokio::test(flavor = "multi_thread")]
async fn health_api_reads_d1_and_reaches_the_sandbox() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // Anonymous: up or degraded and the version, nothing about how Closer is wired.
    let status: HealthStatus = reqwest::get(format!("{}/api/health", stack.url))
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert_eq!(status.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(status.status, "ok");
    // An admin gets the details.
    let token = crate::common::mint_token(
        &stack,
        serde_json::json!({ "user_id": closer_sandbox::demo::USERS[1].id }),
    )
    .await?;
    let health: Health = reqwest::Client::new()
        .get(format!("{}/api/admin/health", stack.url))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    // Written by the latest migration: proves the worker read the migrated D1.
    assert_eq!(health.store_schema, "3");
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
    let status = browser
        .text_of("[data-testid=health-status]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(status, "All services answering");

    // The admin page shows every upstream to an admin.
    crate::sign_in::sign_in(&browser, &stack, 1).await?;
    browser
        .click("[data-testid=admin-link]", RENDER_TIMEOUT)
        .await?;
    let store = browser
        .text_of("[data-testid=health-store]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(store, "3");
    let identity = browser
        .text_of("[data-testid=upstream-identity]", RENDER_TIMEOUT)
        .await?;
    assert!(identity.contains("reachable (HTTP 200)"), "{identity}");
    assert!(
        identity.contains(&stack.sandbox.urls().authority),
        "{identity}"
    );

    let shot = browser.checked_screenshot("skeleton-health").await?;
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

    let status = browser
        .text_of("[data-testid=health-status]", RENDER_TIMEOUT)
        .await?;
    assert!(status.starts_with("Degraded"), "{status}");
    // Anonymous callers are not told which upstream or where it lives.
    let card = browser
        .text_of("[data-testid=health-card]", RENDER_TIMEOUT)
        .await?;
    assert!(!card.contains(&closed.to_string()), "{card}");
    let version = browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    browser.checked_screenshot("skeleton-upstream-down").await?;
    browser.close().await
}
