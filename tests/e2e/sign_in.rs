//! Sign-in through the sandbox authority (a real authorization-code + PKCE flow, no bypass),
//! the worker's `/api/me` read from Graph through the on-behalf-of exchange, and the pane's
//! behaviour when the session expires or conditional access steps in.

use crate::common::{RENDER_TIMEOUT, mint_token};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::{NORTHWIND, USERS};
use closer_wire::{ApiError, ApiErrorCode};

const MEGAN: usize = 0;

/// Signs in as `user` through the pane's button and the sandbox's sign-in page.
pub async fn sign_in(browser: &Browser, stack: &Stack, user: usize) -> anyhow::Result<()> {
    browser.sign_in(&stack.url, USERS[user].id).await
}

#[tokio::test(flavor = "multi_thread")]
async fn preview_signs_in_and_shows_the_user_and_tenant_from_graph() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    sign_in(&browser, &stack, MEGAN).await?;

    let name = browser
        .text_of("[data-testid=me-name]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(name, USERS[MEGAN].name);
    let tenant = browser
        .text_of("[data-testid=me-tenant]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(tenant, NORTHWIND.name);
    // The code was redeemed and removed from the address bar.
    let url = browser.current_url().await?;
    assert!(!url.contains("code="), "{url}");
    // The worker exchanged the pane's token on the user's behalf (per isolate and scope: Graph,
    // the Dynamics org, Global Discovery) and read Graph with it.
    let counts: serde_json::Value =
        reqwest::get(format!("{}/_sandbox/counts", stack.sandbox.urls().origin))
            .await?
            .json()
            .await?;
    let exchanges = counts["obo_exchanges"].as_u64().unwrap_or_default();
    assert!(exchanges >= 1, "{counts}");
    assert!(
        counts["requests"]["/graph/v1.0"].as_u64() >= Some(2),
        "{counts}"
    );
    browser.checked_screenshot("sign-in-signed-in").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_session_offers_to_sign_in_again() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let expired = mint_token(
        &stack,
        serde_json::json!({ "user_id": USERS[MEGAN].id, "expires_in": -3600 }),
    )
    .await?;

    let browser = Browser::start().await?;
    browser.open(&stack.url).await?;
    browser
        .execute(&format!(
            "sessionStorage.setItem('closer.token', {}); location.reload(); return true;",
            serde_json::Value::String(expired)
        ))
        .await?;
    let message = browser
        .text_of("[data-testid=session-expired]", RENDER_TIMEOUT)
        .await?;
    assert!(message.contains("expired"), "{message}");
    browser
        .checked_screenshot("sign-in-session-expired")
        .await?;

    // Signing in again recovers.
    browser
        .click("[data-testid=sign-in]", RENDER_TIMEOUT)
        .await?;
    let picker = format!("[data-testid=sign-in-as-{}]", USERS[MEGAN].id);
    browser.click(&picker, RENDER_TIMEOUT).await?;
    let name = browser
        .text_of("[data-testid=me-name]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(name, USERS[MEGAN].name);
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_refuses_missing_tokens_and_relays_claims_challenges() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let client = reqwest::Client::new();
    let anonymous = client.get(format!("{}/api/me", stack.url)).send().await?;
    assert_eq!(anonymous.status(), 401);
    assert!(
        anonymous.headers()["www-authenticate"]
            .to_str()?
            .starts_with("Bearer")
    );
    let error: ApiError = anonymous.json().await?;
    assert_eq!(error.code, ApiErrorCode::Unauthorized);

    let origin = stack.sandbox.urls().origin;
    let token = &mint_token(&stack, serde_json::json!({ "user_id": USERS[MEGAN].id })).await?;
    let challenge = r#"{"access_token":{"polids":{"essential":true,"values":["p1"]}}}"#;
    client
        .post(format!("{origin}/_sandbox/authority/interaction-required"))
        .json(&serde_json::json!({ "claims": challenge }))
        .send()
        .await?
        .error_for_status()?;
    let stepped_up = client
        .get(format!("{}/api/me", stack.url))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(stepped_up.status(), 401);
    assert!(
        stepped_up.headers()["www-authenticate"]
            .to_str()?
            .contains("insufficient_claims")
    );
    let error: ApiError = stepped_up.json().await?;
    assert_eq!(error.claims_challenge.as_deref(), Some(challenge));
    Ok(())
}
