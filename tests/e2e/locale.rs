//! The pane in the seller's language (issue 15): Outlook's display language decides it in the
//! task pane, the preview's language picker (`?lang=`) stands in for a host; `<html lang>` says
//! which language the text is in; numbers and dates follow the locale (the browser's CLDR);
//! every view passes the accessibility check in that language too. Teams' locale is checked in
//! `teams.rs` (`the_side_panel_speaks_teams_language`).

use crate::common::{RENDER_TIMEOUT, clear_faults, fault};
use crate::outlook::{Outlook, megan_token, message, task_pane};
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use serde_json::json;

async fn html_lang(browser: &Browser) -> anyhow::Result<serde_json::Value> {
    browser
        .execute("return document.documentElement.lang;")
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_pane_speaks_outlooks_display_language() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    let german = Outlook {
        display_language: Some("de-DE"),
        ..Outlook::default()
    };
    let browser = task_pane(&stack, &contoso, &german, Some(&token), None).await?;
    wait_for(&browser, "[data-testid=people]", "Personen").await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    assert_eq!(html_lang(&browser).await?, json!("de-DE"));
    // What rendered before Office.js said its language is rendered again in German.
    wait_for(&browser, "[data-testid=first-run]", "Willkommen bei Closer").await?;
    wait_for(&browser, "[data-testid=account]", "Megan").await?;
    // The header, the save card and the account card's opportunity line, in German; the
    // amount grouped the German way (48.000).
    wait_for(&browser, "[data-testid=item-header]", "Von ").await?;
    wait_for(&browser, "[data-testid=save-email]", "E-Mail speichern").await?;
    let account = wait_for(&browser, "[data-testid=account-card]", "48.000").await?;
    assert!(!account.contains("48,000"), "{account}");
    browser.checked_screenshot("outlook-pane-de").await?;

    // An AI answer's controls speak German too.
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=summary-model]", "Nachricht").await?;
    let thumbs = browser
        .execute("return document.querySelector('[data-testid=feedback-up]').getAttribute('aria-label');")
        .await?;
    assert_eq!(thumbs, json!("Hilfreich"));

    // A failure reads in German; the worker's own English sentence stays beside it, marked as
    // English for screen readers.
    fault(&stack, json!({ "path_prefix": "/openai/", "status": 500 })).await?;
    browser
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=summary-error]",
        "Ein Dienst, auf den Closer",
    )
    .await?;
    let detail = wait_for(&browser, "[data-testid=error-detail]", "language model").await?;
    assert!(!detail.is_empty());
    let detail_lang = browser
        .execute("return document.querySelector('[data-testid=error-detail]').lang;")
        .await?;
    assert_eq!(detail_lang, json!("en"));
    browser.checked_screenshot("outlook-pane-de-error").await?;
    clear_faults(&stack).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_switches_to_french_and_defaults_the_drafts_language() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Salesforce).await?;
    let before = html_lang(&browser).await?;
    assert!(
        before.as_str().is_some_and(|l| l.starts_with("en")),
        "{before}"
    );
    // The picker reloads the page with ?lang=fr; the session survives (same tab).
    browser
        .execute(
            "const picker = document.querySelector('[data-testid=language-picker]');
             picker.value = 'fr';
             picker.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=account]", "Megan").await?;
    wait_for(&browser, "[data-testid=mailbox]", "Boîte de réception").await?;
    assert_eq!(html_lang(&browser).await?, json!("fr"));
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=people]", "Personnes").await?;
    wait_for(&browser, "[data-testid=save-email]", "Enregistrer l'e-mail").await?;
    // The draft answers in the seller's language unless they name another.
    let language = browser
        .execute("return document.querySelector('[data-testid=draft-language]').value;")
        .await?;
    assert_eq!(language, json!("French"));
    browser.checked_screenshot("preview-pane-fr").await?;
    Ok(())
}
