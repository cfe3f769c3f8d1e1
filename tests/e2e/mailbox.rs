//! The browser preview as a seller uses it: an Outlook-like mailbox fed from the sandbox's
//! Graph through the worker, and the pane beside it following the selected email.

use crate::common::RENDER_TIMEOUT;
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use fantoccini::Locator;

const MEGAN: usize = 0;

#[tokio::test(flavor = "multi_thread")]
async fn preview_lists_the_inbox_and_the_pane_follows_the_selected_email() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    sign_in(&browser, &stack, MEGAN).await?;

    browser
        .text_of("[data-testid=mail-item]", RENDER_TIMEOUT)
        .await?;
    let rows = browser
        .client
        .find_all(Locator::Css("[data-testid=mail-item]"))
        .await?;
    assert!(rows.len() >= 10, "a dozen demo threads, got {}", rows.len());
    assert_eq!(
        browser
            .text_of("[data-testid=no-item]", RENDER_TIMEOUT)
            .await?,
        "Open an email to see its people and deals."
    );

    let subject = "Inquiry: fulfillment software for a growing toy retailer";
    let selector = format!("[data-testid=mail-item][data-subject=\"{subject}\"]");
    browser.click(&selector, RENDER_TIMEOUT).await?;
    let shown = browser
        .text_of("[data-testid=item-subject]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(shown, subject);
    // The pane keeps the task pane's width beside the mailbox.
    let width = browser
        .execute(
            "return document.querySelector('[data-testid=pane]').getBoundingClientRect().width;",
        )
        .await?;
    assert_eq!(width.as_f64().map(f64::round), Some(350.0));
    browser
        .checked_screenshot("preview-mailbox-selected")
        .await?;
    browser.close().await
}
