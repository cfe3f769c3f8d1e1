//! Accessibility: axe-core (from npm, `node_modules/axe-core`) runs in the real pane. Every
//! screenshot the browser suite takes (`Browser::checked_screenshot`: each view and state, in
//! each host and theme) first asserts no serious or critical violation of WCAG 2.2 A/AA or axe's
//! best practices. This module checks that the check itself is live.

use crate::pane::{Vendor, contoso_with_its_cards};
use closer_e2e::stack::Stack;

#[tokio::test(flavor = "multi_thread")]
async fn the_accessibility_check_is_live_and_the_email_pane_passes_it() -> anyhow::Result<()> {
    let stack = Stack::start(Default::default()).await?;
    let browser = contoso_with_its_cards(&stack, Vendor::Dynamics).await?;
    browser.assert_accessible("email pane").await?;
    // A known violation must be caught, or a broken injection would pass everything.
    browser
        .execute("const i = document.createElement('img'); i.src = 'x.png'; document.body.appendChild(i);")
        .await?;
    let caught = browser
        .assert_accessible("email pane with an unlabelled image")
        .await;
    assert!(
        caught.is_err_and(|e| e.to_string().contains("image-alt")),
        "axe-core finds an image without a text alternative"
    );
    browser.close().await
}
