//! The CRM connection, end to end: signed in, the pane shows who the user is in Dynamics
//! (WhoAmI through an on-behalf-of token for the org), switches Dynamics orgs found by Global
//! Discovery, then connects Salesforce through its OAuth pages (PKCE, code exchanged by the
//! worker, refresh token kept encrypted server-side), shows the Salesforce user, and revokes
//! the refresh token at Salesforce on disconnect. A Salesforce sign-in started by another
//! Closer user cannot be completed in the victim's browser.

use crate::common::{RENDER_TIMEOUT, mint_token};
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_wire::{CrmConnection, CrmVendor, SalesforceSignIn};
use std::time::Duration;

const MEGAN: usize = 0;

async fn wait_for_text(browser: &Browser, css: &str, expected: &str) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let text = browser
            .text_of(css, RENDER_TIMEOUT)
            .await
            .unwrap_or_default();
        if text.contains(expected) || std::time::Instant::now() > deadline {
            return Ok(text);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamics_user_then_salesforce_through_its_oauth_pages() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    sign_in(&browser, &stack, MEGAN).await?;

    assert_eq!(
        wait_for_text(&browser, "[data-testid=crm-vendor]", "Dynamics 365").await?,
        "Dynamics 365"
    );
    assert_eq!(
        browser
            .text_of("[data-testid=crm-user]", RENDER_TIMEOUT)
            .await?,
        "Megan Bowen"
    );
    let first_org = browser
        .text_of("[data-testid=crm-org]", RENDER_TIMEOUT)
        .await?;
    browser.screenshot("crm-dynamics").await?;

    // Switch to the other org Global Discovery lists.
    let options = browser
        .execute(
            "const s = document.querySelector('[data-testid=crm-org-select]'); \
             return Array.from(s.options).map(o => o.value);",
        )
        .await?;
    let options: Vec<String> = serde_json::from_value(options)?;
    assert_eq!(options.len(), 2, "two discovered orgs: {options:?}");
    let other = options
        .iter()
        .find(|url| url.contains("emea"))
        .expect("the second org is northwind-emea")
        .clone();
    browser
        .execute(&format!(
            "const s = document.querySelector('[data-testid=crm-org-select]'); \
             s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;",
            serde_json::Value::String(other)
        ))
        .await?;
    let switched = wait_for_text(&browser, "[data-testid=crm-org]", "EMEA").await?;
    assert!(switched.contains("EMEA"), "{switched}");
    assert_ne!(switched, first_org);

    // Connect Salesforce instead: its sign-in page, then back to the pane.
    browser
        .click("[data-testid=connect-salesforce]", RENDER_TIMEOUT)
        .await?;
    browser
        .click("[data-testid=sf-sign-in-as-megan]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(
        wait_for_text(&browser, "[data-testid=crm-vendor]", "Salesforce").await?,
        "Salesforce"
    );
    assert_eq!(
        browser
            .text_of("[data-testid=crm-connected-as]", RENDER_TIMEOUT)
            .await?,
        "Connected to Salesforce as Megan Bowen."
    );
    let url = browser.current_url().await?;
    assert!(
        !url.contains("salesforce_code"),
        "the code left the address bar: {url}"
    );
    assert_eq!(live_refresh_tokens(&stack), 1);
    assert_eq!(
        browser
            .text_of("[data-testid=crm-user]", RENDER_TIMEOUT)
            .await?,
        "Megan Bowen"
    );
    browser.screenshot("crm-salesforce").await?;

    // Disconnecting returns to the default Dynamics org.
    browser
        .click("[data-testid=disconnect-crm]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(
        wait_for_text(&browser, "[data-testid=crm-vendor]", "Dynamics 365").await?,
        "Dynamics 365"
    );
    assert_eq!(
        live_refresh_tokens(&stack),
        0,
        "the refresh token was revoked at Salesforce, not only forgotten"
    );
    browser.close().await
}

fn live_refresh_tokens(stack: &Stack) -> usize {
    stack
        .sandbox
        .state()
        .lock()
        .salesforce
        .live_refresh_tokens()
}

/// The attack: Alex starts a Salesforce connect and sends the authorize URL to Megan, who signs
/// in to Salesforce in her browser. Her pane gets the answer and must not complete Alex's
/// sign-in: nobody's Closer user gets her Salesforce session.
#[tokio::test(flavor = "multi_thread")]
async fn a_salesforce_sign_in_started_by_a_colleague_is_not_completed() -> anyhow::Result<()> {
    const ALEX: usize = 1;
    let stack = Stack::start(StackOptions::default()).await?;
    let alex = mint_token(&stack, serde_json::json!({ "user_id": USERS[ALEX].id })).await?;
    let client = reqwest::Client::new();
    let started: SalesforceSignIn = client
        .post(format!("{}/api/crm/connection/salesforce", stack.url))
        .bearer_auth(&alex)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;

    let browser = Browser::start().await?;
    sign_in(&browser, &stack, MEGAN).await?;
    wait_for_text(&browser, "[data-testid=crm-vendor]", "Dynamics 365").await?;
    browser.open(&started.authorize_url).await?;
    browser
        .click("[data-testid=sf-sign-in-as-megan]", RENDER_TIMEOUT)
        .await?;
    let refused = wait_for_text(&browser, "[data-testid=crm-error]", "did not start").await?;
    assert!(refused.contains("did not start"), "{refused}");
    browser.screenshot("crm-salesforce-foreign-sign-in").await?;

    let connection = |token: String| {
        let client = client.clone();
        let url = format!("{}/api/crm/connection", stack.url);
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await?
                .error_for_status()?
                .json::<CrmConnection>()
                .await
        }
    };
    assert_eq!(connection(alex).await?.vendor, CrmVendor::Dynamics);
    let megan = mint_token(&stack, serde_json::json!({ "user_id": USERS[MEGAN].id })).await?;
    assert_eq!(connection(megan).await?.vendor, CrmVendor::Dynamics);
    assert_eq!(live_refresh_tokens(&stack), 0, "no code was redeemed");
    browser.close().await
}
