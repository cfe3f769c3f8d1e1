//! The grounded thread summary on the real stack (wrangler dev + sandbox + Chromium), for
//! Dynamics and Salesforce: the sandbox model answers through the worker; every point carries
//! citation markers that reveal a quote the worker verified and its sender; key sales facts,
//! trackers and the CRM context show; "Save as note" writes exactly one note in the sandbox CRM
//! even on a double click; a model answering 429, 500 or not at all leaves the CRM cards intact
//! and the summary card offers Retry; markup in an email or in the model's answer is text.

use crate::common::{RENDER_TIMEOUT, clear_faults, fault, for_both_crms, script};
use crate::pane::{CONTOSO, Vendor, contoso_with_its_cards, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::graph::seed::{MAILBOXES, injection};
use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;

const NEGOTIATION: &str = "Northwind Fulfillment Cloud – proposal for Contoso";

for_both_crms!(
    a_summary_shows_verified_citations_facts_trackers_and_crm_context,
    saving_the_summary_as_a_note_writes_one_note_even_on_a_double_click,
);

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether some message of the seeded negotiation wrote `quote` (whitespace aside).
fn negotiation_says(quote: &str) -> bool {
    let thread = MAILBOXES[0]
        .threads
        .iter()
        .find(|t| t.subject == NEGOTIATION)
        .expect("the negotiation is seeded");
    thread
        .mails
        .iter()
        .any(|m| flat(m.text).contains(&flat(quote)))
}

/// Scrolls the summary card into view for a screenshot.
async fn show_summary(browser: &Browser) -> anyhow::Result<()> {
    browser
        .execute(
            "document.querySelector('[data-testid=summary-card]').scrollIntoView(); return true;",
        )
        .await?;
    Ok(())
}

async fn summarize(browser: &Browser) -> anyhow::Result<()> {
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        browser,
        "[data-testid=summary-model]",
        "closer-sandbox-model",
    )
    .await?;
    Ok(())
}

fn notes(stack: &Stack, vendor: Vendor) -> usize {
    let state = stack.sandbox.state().lock();
    match vendor {
        Vendor::Dynamics => state.dataverse.count("annotations"),
        Vendor::Salesforce => state.salesforce.count("Note"),
    }
}

async fn a_summary_shows_verified_citations_facts_trackers_and_crm_context(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = contoso_with_its_cards(&stack, vendor).await?;
    summarize(&browser).await?;
    let points = browser
        .client
        .find_all(Locator::Css("[data-testid=summary-point]"))
        .await?;
    assert!(!points.is_empty());
    // Nothing is revealed until a marker is clicked; then the quote and its sender.
    assert!(
        browser
            .client
            .find_all(Locator::Css("[data-testid=citation-quote]"))
            .await?
            .is_empty()
    );
    browser
        .click(
            "[data-testid=summary-point] [data-testid=citation-marker]",
            RENDER_TIMEOUT,
        )
        .await?;
    let quote = browser
        .text_of("[data-testid=citation-quote]", RENDER_TIMEOUT)
        .await?;
    let sender = browser
        .text_of("[data-testid=citation-sender]", RENDER_TIMEOUT)
        .await?;
    let words = quote
        .split(" — ")
        .next()
        .unwrap_or_default()
        .trim_matches(|c| c == '“' || c == '”' || c == ' ');
    assert!(negotiation_says(words), "{words:?} is not in the thread");
    assert!(
        sender.contains("@contoso.com") || sender.contains("@northwindtraders.com"),
        "{sender}"
    );
    show_summary(&browser).await?;
    browser
        .checked_screenshot(&format!("summary-citation-{}", vendor.name()))
        .await?;
    // A second click hides it again.
    browser
        .click(
            "[data-testid=summary-point] [data-testid=citation-marker]",
            RENDER_TIMEOUT,
        )
        .await?;
    assert!(
        browser
            .client
            .find_all(Locator::Css("[data-testid=citation-quote]"))
            .await?
            .is_empty()
    );
    let facts = browser
        .text_of("[data-testid=sales-facts]", RENDER_TIMEOUT)
        .await?;
    for label in ["Budget", "Competitors", "Next steps", "Objections"] {
        assert!(facts.contains(label), "{facts}");
    }
    let trackers = wait_for(&browser, "[data-testid=trackers]", "Globex").await?;
    assert!(trackers.contains("competitors"), "{trackers}");
    let context = browser
        .text_of("[data-testid=summary-crm-context]", RENDER_TIMEOUT)
        .await?;
    assert!(context.contains("Contact: Priya Raman"), "{context}");
    assert!(context.contains("Account: Contoso"), "{context}");
    show_summary(&browser).await?;
    browser
        .checked_screenshot(&format!("summary-{}", vendor.name()))
        .await?;
    browser.close().await
}

async fn saving_the_summary_as_a_note_writes_one_note_even_on_a_double_click(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    summarize(&browser).await?;
    let before = notes(&stack, vendor);
    // Two clicks in one task: the second lands before the button can disable itself.
    browser
        .execute(
            "const b = document.querySelector('[data-testid=save-summary-note]'); \
             b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(
        &browser,
        "[data-testid=summary-note-saved]",
        "saved as a note",
    )
    .await?;
    // Give a second request every chance to land.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(notes(&stack, vendor), before + 1);
    show_summary(&browser).await?;
    browser
        .checked_screenshot(&format!("summary-note-saved-{}", vendor.name()))
        .await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_or_silent_model_keeps_the_cards_and_offers_retry() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = contoso_with_its_cards(&stack, Vendor::Dynamics).await?;
    // Each failure waits for its own sentence: the previous failure's stays on screen while
    // the next request is pending, and must not be mistaken for the new one.
    let failures = [
        (
            "429",
            json!({ "path_prefix": "/openai/", "status": 429, "retry_after": "30" }),
            "is busy right now; try again in 30 seconds",
        ),
        (
            "500",
            json!({ "path_prefix": "/openai/", "status": 500 }),
            "is having problems right now",
        ),
        (
            "timeout",
            json!({ "path_prefix": "/openai/", "hang": true }),
            "did not answer in time",
        ),
    ];
    for (name, rule, sentence) in failures {
        fault(&stack, rule).await?;
        browser
            .click("[data-testid=summarize]", RENDER_TIMEOUT)
            .await?;
        let error = wait_for(&browser, "[data-testid=summary-error]", sentence).await?;
        assert!(error.contains("language model"), "{name}: {error}");
        // The CRM cards are intact, and Retry is offered.
        wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
        browser
            .text_of("[data-testid=summary-retry]", RENDER_TIMEOUT)
            .await?;
        show_summary(&browser).await?;
        browser
            .checked_screenshot(&format!("summary-model-{name}"))
            .await?;
        clear_faults(&stack).await?;
    }
    // The model is back: Retry gives the summary.
    browser
        .click("[data-testid=summary-retry]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=summary-model]",
        "closer-sandbox-model",
    )
    .await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_an_email_and_in_the_models_answer_is_text() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // The model "answers" with markup, citing the hostile email's own words.
    let answer = json!({
        "points": [
            { "text": "<img src=x onerror=\"document.title='pwned'\"> <b>bold</b>",
              "citations": [ { "ref": "m1", "quote": "For your records: <script>alert('xss-in-email')</script>" } ] }
        ],
        "facts": {}
    });
    script(&stack, &[&answer.to_string()]).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, injection::SUBJECT).await?;
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    let text = wait_for(&browser, "[data-testid=summary-text]", "<img").await?;
    assert!(text.contains("<b>bold</b>"), "{text}");
    browser
        .click("[data-testid=citation-marker]", RENDER_TIMEOUT)
        .await?;
    let quote = browser
        .text_of("[data-testid=citation-quote]", RENDER_TIMEOUT)
        .await?;
    assert!(
        quote.contains("<script>alert('xss-in-email')</script>"),
        "{quote}"
    );
    let injected = browser
        .client
        .find_all(Locator::Css(
            "[data-testid=summary-card] img, [data-testid=summary-card] b, [data-testid=summary-card] script",
        ))
        .await?;
    assert!(injected.is_empty(), "model or email text became markup");
    assert_ne!(browser.execute("return document.title;").await?, "pwned");
    show_summary(&browser).await?;
    browser.checked_screenshot("summary-markup-as-text").await?;
    browser.close().await
}
