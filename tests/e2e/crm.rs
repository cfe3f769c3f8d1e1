//! The CRM connection, end to end: signed in, the pane shows who the user is in Dynamics
//! (WhoAmI through an on-behalf-of token for the org), switches Dynamics orgs found by Global
//! Discovery, then connects Salesforce through its OAuth pages (PKCE, code exchanged by the
//! worker, refresh token kept encrypted server-side), shows the Salesforce user, and revokes
//! the refresh token at Salesforce on disconnect. A Salesforce sign-in started by another
//! Closer user cannot be completed in the victim's browser.

use crate::common::RENDER_TIMEOUT;
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use std::time::Duration;

const MEGAN: usize = 0;

pub(crate) async fn wait_for_text(
    browser: &Browser,
    css: &str,
    expected: &str,
) -> anyhow::Result<String> {
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
    browser.checked_screenshot("crm-dynamics").await?;

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
    browser.checked_screenshot("crm-salesforce").await?;

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

pub(crate) fn live_refresh_tokens(stack: &Stack) -> usize {
    stack
        .sandbox
        .state()
        .lock()
        .salesforce
        .live_refresh_tokens()
}
