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
    browser.screenshot("sign-in-signed-in").await?;
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
    browser.screenshot("sign-in-session-expired").await?;

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

/// Status (and error code) of `GET /api/me` for `user` on `stack`.
async fn me_status(stack: &Stack, user: &str) -> anyhow::Result<(u16, Option<ApiErrorCode>)> {
    let token = mint_token(stack, serde_json::json!({ "user_id": user })).await?;
    let answer = reqwest::Client::new()
        .get(format!("{}/api/me", stack.url))
        .bearer_auth(token)
        .send()
        .await?;
    let status = answer.status().as_u16();
    let code = if status == 200 {
        None
    } else {
        Some(answer.json::<ApiError>().await?.code)
    };
    Ok((status, code))
}

fn stack_with(vars: &[(&str, &str)]) -> StackOptions {
    StackOptions {
        vars: vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        ..StackOptions::default()
    }
}

/// Closed by default: a deployment without `ALLOWED_TENANTS` refuses every signed-in call as
/// misconfigured unless `ALLOW_ANY_TENANT=true`; with a list, other tenants' valid tokens are
/// refused.
#[tokio::test(flavor = "multi_thread")]
async fn only_listed_tenants_get_in_and_no_list_means_nobody() -> anyhow::Result<()> {
    const DIEGO: usize = 2;
    let listed = Stack::start(stack_with(&[("ALLOWED_TENANTS", NORTHWIND.id)])).await?;
    assert_eq!(me_status(&listed, USERS[MEGAN].id).await?.0, 200);
    assert_eq!(
        me_status(&listed, USERS[DIEGO].id).await?,
        (401, Some(ApiErrorCode::Unauthorized)),
        "a valid token of a tenant not on the list"
    );
    drop(listed);

    let unlisted = Stack::start(stack_with(&[("ALLOWED_TENANTS", " ")])).await?;
    assert_eq!(
        me_status(&unlisted, USERS[MEGAN].id).await?,
        (500, Some(ApiErrorCode::Internal)),
        "no list and no explicit any-tenant: refused as misconfigured"
    );
    drop(unlisted);

    let open = Stack::start(stack_with(&[
        ("ALLOWED_TENANTS", " "),
        ("ALLOW_ANY_TENANT", "true"),
    ]))
    .await?;
    assert_eq!(me_status(&open, USERS[DIEGO].id).await?.0, 200);
    Ok(())
}

/// Closer's own rate limit (Cloudflare's Rate Limiting binding, run by miniflare under
/// `wrangler dev`): one user sending requests without pause gets 429 with `Retry-After` and a
/// sentence for the pane, counted per user, so a colleague in the same tenant is unaffected.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_over_the_request_rate_gets_429_and_a_colleague_does_not() -> anyhow::Result<()> {
    const ALEX: usize = 1;
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = mint_token(&stack, serde_json::json!({ "user_id": USERS[MEGAN].id })).await?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/crm/connection", stack.url);
    let mut allowed = 0;
    let mut refused = None;
    // 120 a minute are allowed; a window may turn over meanwhile, hence the margin.
    'sending: for _ in 0..40 {
        let batch = (0..8).map(|_| client.get(&url).bearer_auth(&megan).send());
        for answer in futures::future::join_all(batch).await {
            let answer = answer?;
            if answer.status() == 429 {
                refused = Some(answer);
                break 'sending;
            }
            assert_eq!(answer.status(), 200);
            allowed += 1;
        }
    }
    let refused = refused.expect("a 429 within 320 requests");
    assert!(allowed >= 120, "only {allowed} allowed before the limit");
    assert_eq!(refused.headers()["retry-after"], "60");
    let error: ApiError = refused.json().await?;
    assert_eq!(error.code, ApiErrorCode::Throttled);
    assert_eq!(error.retry_after_seconds, Some(60.0));
    assert!(
        error.message.contains("faster than Closer allows"),
        "{}",
        error.message
    );

    let alex = mint_token(&stack, serde_json::json!({ "user_id": USERS[ALEX].id })).await?;
    let other = client.get(&url).bearer_auth(&alex).send().await?;
    assert_eq!(other.status(), 200, "the limit is per user");
    Ok(())
}
