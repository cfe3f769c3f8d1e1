//! The pane as part of Outlook and Teams (issue 15): a first-run explanation the seller
//! dismisses once; people shown with their initials; Escape closes an editor, as in Outlook's
//! own panes; a save confirmed by a toast read by screen readers. The Fluent 2 look itself is
//! checked in every host and theme by the screenshots of the other suites (each also an
//! axe-core check: `Browser::checked_screenshot`).

use crate::common::RENDER_TIMEOUT;
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};

const PRIYA: &str = "[data-testid=participant][data-address=\"priya.raman@contoso.com\"]";

async fn exists(browser: &Browser, css: &str) -> anyhow::Result<bool> {
    let found = browser
        .execute(&format!("return document.querySelector({css:?}) !== null;"))
        .await?;
    Ok(found.as_bool() == Some(true))
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_avatars_escape_and_a_save_toast() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;

    // First run: explained once, gone for good once dismissed.
    wait_for(&browser, "[data-testid=first-run]", "Welcome to Closer").await?;
    browser.checked_screenshot("pane-first-run").await?;
    browser
        .click("[data-testid=first-run-dismiss]", RENDER_TIMEOUT)
        .await?;
    anyhow::ensure!(!exists(&browser, "[data-testid=first-run]").await?);

    // People carry their initials.
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, PRIYA, "Priya Raman").await?;
    let initials = browser
        .text_of(&format!("{PRIYA} [data-testid=avatar]"), RENDER_TIMEOUT)
        .await?;
    assert_eq!(initials, "PR");

    // Escape closes the inline editor, nothing saved.
    browser
        .click(
            &format!("{PRIYA} [data-testid=edit-contact]"),
            RENDER_TIMEOUT,
        )
        .await?;
    browser
        .text_of(&format!("{PRIYA} [data-testid=edit-title]"), RENDER_TIMEOUT)
        .await?;
    browser
        .execute(&format!(
            "document.querySelector('{PRIYA} [data-testid=edit-title]')\
             .dispatchEvent(new KeyboardEvent('keydown', {{ key: 'Escape', bubbles: true }}));"
        ))
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    anyhow::ensure!(
        !exists(&browser, &format!("{PRIYA} [data-testid=edit-form]")).await?,
        "Escape closes the editor"
    );

    // A save is confirmed by a toast (a status live region).
    browser
        .click("[data-testid=save-email]", RENDER_TIMEOUT)
        .await?;
    let toast = wait_for(&browser, "[data-testid=save-toast]", "Saved").await?;
    assert!(toast.contains("Saved to the CRM"), "{toast}");
    let role = browser
        .execute("return document.querySelector('[data-testid=save-toast]').getAttribute('role');")
        .await?;
    assert_eq!(role, serde_json::json!("status"));
    browser.checked_screenshot("pane-saved-toast").await?;

    // The dismissal outlives a reload.
    browser.open(&stack.url).await?;
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    anyhow::ensure!(
        !exists(&browser, "[data-testid=first-run]").await?,
        "dismissed is remembered"
    );
    browser.close().await
}
