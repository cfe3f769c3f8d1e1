//! The pane's split wasm (issue 16) in Chromium: the Outlook task pane paints its first cards
//! from the main module and fetches the later cards' module only after them, never the admin
//! page's, Teams' or the preview's; the card tools arrive on the cards they belong to; and a
//! module that cannot be fetched shows a readable error with a Retry in its place while the
//! rest of the pane stays, and Retry brings the part once the module can be fetched.

use crate::common::RENDER_TIMEOUT;
use crate::outlook::{Outlook, megan_token, message, office_stand_in, task_pane};
use crate::pane::{CONTOSO, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use serde_json::json;

/// Records when the people card first appears (`window.__peopleAt`, in the page's
/// `performance.now()` time), to compare with when a module's fetch started.
const PEOPLE_WATCH: &str = r#"
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=people]')) {
        window.__peopleAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
"#;

/// The split modules (`pane-<hash>/split_*.wasm`) the page fetched, with their start times.
async fn fetched_modules(browser: &Browser) -> anyhow::Result<Vec<(String, f64)>> {
    let modules = browser
        .execute(
            r#"return performance.getEntriesByType('resource')
                .filter((e) => /\/split_[a-z_]+\.wasm$/.test(e.name))
                .map((e) => [e.name.split('/').pop(), e.startTime]);"#,
        )
        .await?;
    Ok(serde_json::from_value(modules)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_cards_come_from_the_main_module_and_the_later_cards_follow() -> anyhow::Result<()>
{
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    let browser = task_pane(
        &stack,
        &contoso,
        &Outlook::default(),
        Some(&token),
        Some(PEOPLE_WATCH.to_owned()),
    )
    .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    // The later cards (the summary among them) and the card tools (the deal's "Summarize
    // deal", the email's save card) arrive from their modules.
    browser
        .text_of("[data-testid=summary-card]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=save-card]", RENDER_TIMEOUT)
        .await?;
    let modules = fetched_modules(&browser).await?;
    let names: Vec<&str> = modules.iter().map(|(name, _)| name.as_str()).collect();
    assert!(names.contains(&"split_later_cards.wasm"), "{names:?}");
    assert!(names.contains(&"split_card_tools.wasm"), "{names:?}");
    for never in [
        "split_admin_page.wasm",
        "split_teams_page.wasm",
        "split_preview_page.wasm",
        "split_catalogue_de.wasm",
        "split_catalogue_fr.wasm",
    ] {
        assert!(
            !names.contains(&never),
            "Outlook in English fetched {never}: {names:?}"
        );
    }
    let people_at = browser.execute("return window.__peopleAt;").await?;
    let people_at = people_at.as_f64().expect("the people card was seen");
    let later_at = modules
        .iter()
        .find(|(name, _)| name == "split_later_cards.wasm")
        .map(|(_, at)| *at)
        .expect("fetched");
    assert!(
        later_at >= people_at,
        "the later cards' module was fetched at {later_at} ms, before the people card at {people_at} ms"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_module_that_cannot_be_fetched_shows_its_error_and_retry_brings_it() -> anyhow::Result<()>
{
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    let browser = Browser::start().await?;
    browser.hold_token(&token).await?;
    browser
        .add_init_script(&office_stand_in(&contoso, &Outlook::default()))
        .await?;
    // As when a proxy or a flaky network drops the one request: the page is served, the later
    // cards' module is not.
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp(
            "Network.setBlockedURLs",
            json!({ "urls": ["*split_later_cards.wasm"] }),
        )
        .await?;
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    let error = wait_for(
        &browser,
        "[data-testid=later-cards-error]",
        "could not be loaded",
    )
    .await?;
    assert!(error.contains("Retry"), "{error}");
    // The rest of the pane stays: the cards, the deal and the service status.
    browser
        .text_of("[data-testid=save-card]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=health-card]", RENDER_TIMEOUT)
        .await?;
    assert!(
        browser
            .execute("return document.querySelector('[data-testid=summary-card]') === null;")
            .await?
            .as_bool()
            .unwrap_or(false),
        "no summary without its module"
    );

    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await?;
    browser
        .click("[data-testid=later-cards-retry]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=summary-card]", RENDER_TIMEOUT)
        .await?;
    assert!(
        browser
            .execute("return document.querySelector('[data-testid=later-cards-error]') === null;")
            .await?
            .as_bool()
            .unwrap_or(false),
        "the error is gone once the module is there"
    );
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.close().await
}
