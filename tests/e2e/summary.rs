//! The thread summary on the real stack: the sandbox model answers through the worker (the same
//! OpenAI-wire client production uses), the pane shows it as text (HTML from a model is never
//! markup), and a failing model leaves the CRM cards alone.

use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::stack::{Stack, StackOptions};
use fantoccini::Locator;
use std::time::Duration;

const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread")]
async fn the_thread_is_summarized_by_the_configured_model() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    let text = wait_for(&browser, "[data-testid=summary-text]", "[sandbox model]").await?;
    assert!(text.len() > 20, "{text}");
    let model = browser
        .text_of("[data-testid=summary-model]", RENDER_TIMEOUT)
        .await?;
    assert!(model.contains("closer-sandbox-model"), "{model}");
    browser.screenshot("summary").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn model_output_is_text_and_a_failing_model_keeps_the_cards() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let origin = stack.sandbox.urls().origin;
    let client = reqwest::Client::new();
    client
        .post(format!("{origin}/_sandbox/llm/script"))
        .json(&serde_json::json!({ "completions": ["<img src=x onerror=\"document.title='pwned'\"> <b>bold</b>"] }))
        .send()
        .await?
        .error_for_status()?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    let text = wait_for(&browser, "[data-testid=summary-text]", "<img").await?;
    assert!(text.contains("<b>bold</b>"), "{text}");
    let injected = browser
        .client
        .find_all(Locator::Css(
            "[data-testid=summary-text] img, [data-testid=summary-text] b",
        ))
        .await?;
    assert!(injected.is_empty(), "model output became markup");
    assert_ne!(browser.execute("return document.title;").await?, "pwned");

    client
        .post(format!("{origin}/_sandbox/faults"))
        .json(&serde_json::json!({ "path_prefix": "/openai/", "status": 500 }))
        .send()
        .await?
        .error_for_status()?;
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    let error = browser
        .text_of("[data-testid=summary-error]", RENDER_TIMEOUT)
        .await?;
    assert!(error.contains("language model"), "{error}");
    // The CRM cards are intact.
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.screenshot("summary-model-failed").await?;
    browser.close().await
}
