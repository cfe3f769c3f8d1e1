//! A save that timed out is retried by the seller and still makes exactly one activity: the
//! CRM finished the first write after the worker had given up, and the retry finds it by the
//! message's Internet Message-ID instead of writing again. The failed attempt is shown as
//! failed, never as saved.

use crate::common::{RENDER_TIMEOUT, fault};
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::stack::{Stack, StackOptions};
use std::time::Duration;

/// The worker's per-call timeout in this test, and how long the CRM's create takes.
const TIMEOUT_MS: u64 = 1_500;
const SLOW_CREATE_MS: u64 = 2_500;

fn create_endpoint(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Dynamics => "/dataverse/northwind/api/data/v9.2/emails",
        // The email and its sender relation are created in one composite request.
        Vendor::Salesforce => "/salesforce/services/data/v62.0/composite",
    }
}

async fn a_save_retried_after_a_timeout_makes_one_activity(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions {
        vars: vec![("UPSTREAM_TIMEOUT_MS".into(), TIMEOUT_MS.to_string())],
        ..StackOptions::default()
    })
    .await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .text_of("[data-testid=save-email]", RENDER_TIMEOUT)
        .await?;
    let before = vendor.count(&stack, "email");
    fault(
        &stack,
        serde_json::json!({
            "path_prefix": create_endpoint(vendor),
            "method": "POST",
            "respond_after_ms": SLOW_CREATE_MS,
            "times": 1,
        }),
    )
    .await?;
    browser
        .click("[data-testid=save-email]", RENDER_TIMEOUT)
        .await?;
    let failed = wait_for(&browser, "[data-testid=save-error]", "Not saved").await?;
    assert!(failed.contains("did not answer in time"), "{failed}");
    // The error card hands support what finds this failure in the worker's log, and no content.
    let diagnostics = browser
        .execute(
            "return document.querySelector('[data-testid=save-error] [data-testid=copy-diagnostics]').dataset.diagnostics",
        )
        .await?;
    let diagnostics = diagnostics.as_str().unwrap_or_default().to_owned();
    let correlation = diagnostics
        .lines()
        .find_map(|line| line.strip_prefix("correlation id: "))
        .unwrap_or_default();
    assert!(
        correlation.len() == 8 && correlation.chars().all(|c| c.is_ascii_hexdigit()),
        "the worker's correlation id: {diagnostics}"
    );
    assert!(diagnostics.contains("host: preview"), "{diagnostics}");
    assert!(
        diagnostics.contains(env!("CARGO_PKG_VERSION")),
        "{diagnostics}"
    );
    for content in ["Contoso", "Northwind", "priya", "answer in time"] {
        assert!(!diagnostics.contains(content), "{content} in {diagnostics}");
    }
    browser
        .click(
            "[data-testid=save-error] [data-testid=copy-diagnostics]",
            RENDER_TIMEOUT,
        )
        .await?;
    // Copied, or (where the frame refuses the clipboard) shown to copy by hand.
    let status = wait_for(
        &browser,
        "[data-testid=save-error] [data-testid=diagnostics-status]",
        "Cop",
    )
    .await?;
    assert!(
        status.contains("Copied") || status.contains("correlation id"),
        "{status}"
    );
    assert!(
        browser
            .text_of("[data-testid=saved]", Duration::from_millis(300))
            .await
            .is_err(),
        "a failed save is never shown as saved"
    );
    browser
        .checked_screenshot(&format!("pane-{}-save-timed-out", vendor.name()))
        .await?;
    // The CRM did the write; only its answer was too late for the worker.
    assert_eq!(vendor.count(&stack, "email"), before + 1);

    browser
        .click("[data-testid=save-email]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=saved]", "Saved").await?;
    assert_eq!(
        vendor.count(&stack, "email"),
        before + 1,
        "the retry found the first write"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamics_save_retried_after_a_timeout_makes_one_activity() -> anyhow::Result<()> {
    a_save_retried_after_a_timeout_makes_one_activity(Vendor::Dynamics).await
}

#[tokio::test(flavor = "multi_thread")]
async fn salesforce_save_retried_after_a_timeout_makes_one_activity() -> anyhow::Result<()> {
    a_save_retried_after_a_timeout_makes_one_activity(Vendor::Salesforce).await
}
