//! Feedback on AI answers on the real stack (wrangler dev + sandbox + Chromium), in the preview
//! with Dynamics: Megan summarizes the Contoso thread, votes the summary down (the button says
//! it is pressed, a status line thanks her) and adds a comment, which closes the box; Alex, the
//! tenant's admin, then finds one thumbs down for the email summary on the admin page, and, with
//! insight storage off (the default), no comment. Her pane's feedback state passes axe.

use crate::common::RENDER_TIMEOUT;
use crate::pane::{Vendor, contoso_with_its_cards, wait_for};
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use serde_json::json;
use std::time::Duration;

const ALEX: usize = 1;
const IN_SUMMARY: &str = "[data-testid=summary-card] [data-testid=answer-feedback]";

/// Whether an element matching `css` is on the page now.
async fn present(browser: &Browser, css: &str) -> anyhow::Result<bool> {
    let found = browser
        .client
        .execute(
            "return document.querySelector(arguments[0]) !== null;",
            vec![json!(css)],
        )
        .await?;
    Ok(found.as_bool() == Some(true))
}

async fn attribute(browser: &Browser, css: &str, name: &str) -> anyhow::Result<String> {
    let value = browser
        .client
        .execute(
            "return document.querySelector(arguments[0]).getAttribute(arguments[1]);",
            vec![json!(css), json!(name)],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thumbs_down_with_a_comment_on_a_summary_shows_as_one_down_for_admins()
-> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = contoso_with_its_cards(&stack, Vendor::Dynamics).await?;
    megan
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &megan,
        "[data-testid=summary-model]",
        "closer-sandbox-model",
    )
    .await?;

    let down = format!("{IN_SUMMARY} [data-testid=feedback-down]");
    let up = format!("{IN_SUMMARY} [data-testid=feedback-up]");
    assert_eq!(attribute(&megan, &down, "aria-pressed").await?, "false");
    megan.click(&down, RENDER_TIMEOUT).await?;
    wait_for(
        &megan,
        &format!("{IN_SUMMARY} [data-testid=feedback-status]"),
        "Thanks, feedback sent",
    )
    .await?;
    assert_eq!(attribute(&megan, &down, "aria-pressed").await?, "true");
    assert_eq!(attribute(&megan, &up, "aria-pressed").await?, "false");

    let comment = format!("{IN_SUMMARY} [data-testid=feedback-comment]");
    megan.text_of(&comment, RENDER_TIMEOUT).await?;
    megan
        .client
        .execute(
            "const field = document.querySelector(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             field.scrollIntoView();
             return true;",
            vec![
                json!(comment),
                json!("The pricing point misses the discount Marcus asked for."),
            ],
        )
        .await?;
    megan.checked_screenshot("answer-feedback-down").await?;
    megan
        .click(
            &format!("{IN_SUMMARY} [data-testid=feedback-send]"),
            RENDER_TIMEOUT,
        )
        .await?;
    // Sent: the box closes, the vote stays down, no error.
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    while present(&megan, &comment).await? {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the comment box never closed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!present(&megan, "[data-testid=feedback-error]").await?);
    assert_eq!(attribute(&megan, &down, "aria-pressed").await?, "true");
    megan.close().await?;

    // The admin: one thumbs down for the email summary, nothing else, and no comment kept.
    let alex = Browser::start().await?;
    sign_in(&alex, &stack, ALEX).await?;
    alex.click("[data-testid=admin-link]", RENDER_TIMEOUT)
        .await?;
    let summary_row = "[data-testid=feedback-row][data-feature=summary]";
    wait_for(
        &alex,
        &format!("{summary_row} [data-testid=feedback-down-count]"),
        "1",
    )
    .await?;
    let row = alex.text_of(summary_row, RENDER_TIMEOUT).await?;
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["Email", "summary", "0", "1"],
        "{row}"
    );
    let draft = alex
        .text_of(
            "[data-testid=feedback-row][data-feature=draft]",
            RENDER_TIMEOUT,
        )
        .await?;
    let draft_counts: Vec<&str> = draft.split_whitespace().rev().take(2).collect();
    assert_eq!(draft_counts, ["0", "0"], "{draft}");
    wait_for(
        &alex,
        "[data-testid=feedback-comments-off]",
        "insight storage",
    )
    .await?;
    let card = alex
        .text_of("[data-testid=feedback-card]", RENDER_TIMEOUT)
        .await?;
    assert!(!card.contains("Marcus"), "{card}");
    alex.close().await?;
    Ok(())
}
