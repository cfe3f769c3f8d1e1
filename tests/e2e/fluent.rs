//! The pane as part of Outlook and Teams (issue 15): a first-run explanation the seller
//! dismisses once; people shown with their initials; icons for record kinds and actions served
//! from the pane's origin; Escape closes an editor, as in Outlook's own panes; a save confirmed
//! by a toast read by screen readers; Windows' forced colours (high contrast). The Fluent 2 look itself is
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

    // Record kinds and actions carry Fluent's icons, from the pane's own origin, as images.
    let icons = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=people] .icon, [data-testid=account-card] .icon')]
               .map(i => [i.dataset.icon, getComputedStyle(i).maskImage || getComputedStyle(i).webkitMaskImage]);",
        )
        .await?;
    let icons = icons.as_array().cloned().unwrap_or_default();
    let files: Vec<&str> = icons.iter().filter_map(|i| i[0].as_str()).collect();
    for expected in [
        "person_20_regular.svg",
        "building_20_regular.svg",
        "money_20_regular.svg",
        "edit_20_regular.svg",
    ] {
        assert!(files.contains(&expected), "{expected} in {files:?}");
    }
    for icon in &icons {
        let mask = icon[1].as_str().unwrap_or_default();
        assert!(
            mask.starts_with(&format!("url(\"{}/assets/icons/", stack.url)),
            "{mask}"
        );
    }
    let served = reqwest::get(format!("{}/assets/icons/person_20_regular.svg", stack.url)).await?;
    assert_eq!(served.status(), 200);
    let kind = served
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(kind.starts_with("image/svg+xml"), "{kind}");

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

/// Windows' high-contrast themes: the system's colours everywhere, every border drawn, icons
/// painted in the text colour; the view passes the accessibility check.
#[tokio::test(flavor = "multi_thread")]
async fn forced_colors_use_the_system_palette() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.emulate_forced_colors().await?;
    let forced = browser
        .execute("return matchMedia('(forced-colors: active)').matches;")
        .await?;
    assert_eq!(forced, serde_json::json!(true));
    // Icons are masks painted with the system's text colour (forced colours would otherwise
    // blank a background-painted icon), and the card keeps its drawn edge.
    let colours = browser
        .execute(
            "const probe = document.createElement('div');
             probe.style.color = 'CanvasText';
             document.body.append(probe);
             const text = getComputedStyle(probe).color;
             const icon = getComputedStyle(document.querySelector('[data-testid=people] h2 .icon'));
             const card = getComputedStyle(document.querySelector('[data-testid=people]'));
             return [text, icon.backgroundColor, card.borderTopStyle, card.borderTopColor];",
        )
        .await?;
    assert_eq!(
        colours[1], colours[0],
        "icon painted in CanvasText: {colours}"
    );
    assert_eq!(colours[2], serde_json::json!("solid"), "{colours}");
    assert_eq!(colours[3], colours[0], "card edge in CanvasText: {colours}");
    // A brand-filled button keeps readable words: the system's highlight pair.
    let button = browser
        .execute(
            "const b = getComputedStyle(document.querySelector('[data-testid=first-run-dismiss]'));
             return [b.color, b.backgroundColor];",
        )
        .await?;
    assert_ne!(
        button[0], button[1],
        "primary button text on its own colour: {button}"
    );
    browser.checked_screenshot("pane-forced-colors").await?;
    Ok(())
}
