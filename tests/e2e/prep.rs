//! "Before the meeting" on the real stack (wrangler dev + sandbox + Chromium), for Dynamics and
//! Salesforce: the Contoso order-form walkthrough's prep card lists the latest emails with Priya
//! and Daniel, the deal, and a brief whose citation markers reveal quotes that Megan's mail or
//! the deal's CRM notes really hold. The seeded meetings are in early December 2026; once that
//! week has passed the card waits for a click ("Show the prep anyway"), which the test gives.

use crate::common::{RENDER_TIMEOUT, for_both_crms};
use crate::meeting::{open_calendar, open_meeting};
use crate::pane::{Vendor, ready, wait_for};
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::crm_seed::{MEETINGS, NOTES};
use closer_sandbox::graph::seed::MAILBOXES;
use fantoccini::Locator;

const ORDER_FORM: &str = "Contoso – order form walkthrough";

for_both_crms!(the_prep_card_shows_recent_emails_and_a_brief_with_verified_quotes);

/// Whitespace and typographic marks made plain, for comparing a quote with its source.
fn flat(text: &str) -> String {
    text.replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace(['–', '—'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a seeded email of Megan's or a seeded CRM note or meeting note holds `quote`.
fn a_source_says(quote: &str) -> bool {
    let quote = flat(quote);
    let mail = MAILBOXES[0]
        .threads
        .iter()
        .flat_map(|t| t.mails.iter())
        .any(|m| flat(m.text).contains(&quote));
    let notes = NOTES
        .iter()
        .map(|n| format!("{}\n{}", n.title, n.text))
        .chain(
            MEETINGS
                .iter()
                .map(|m| format!("{}\n{}", m.subject, m.description)),
        )
        .any(|text| flat(&text).contains(&quote));
    mail || notes
}

async fn the_prep_card_shows_recent_emails_and_a_brief_with_verified_quotes(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_calendar(&browser).await?;
    open_meeting(&browser, ORDER_FORM).await?;
    browser
        .text_of("[data-testid=prep-card]", RENDER_TIMEOUT)
        .await?;
    // An ended meeting is prepared on a click; an upcoming one at once.
    browser
        .execute(
            "const b = document.querySelector('[data-testid=prep-show]'); if (b) b.click(); return true;",
        )
        .await?;
    let emails = wait_for(&browser, "[data-testid=prep-emails]", "·").await?;
    assert!(
        emails.contains("Priya Raman") || emails.contains("Daniel Brooks"),
        "{emails}"
    );
    let rows = browser
        .client
        .find_all(Locator::Css("[data-testid=prep-email]"))
        .await?;
    assert!((1..=5).contains(&rows.len()), "{} emails", rows.len());
    let deal = browser
        .text_of("[data-testid=prep-deal]", RENDER_TIMEOUT)
        .await?;
    assert!(deal.contains("Contoso"), "{deal}");

    browser
        .text_of("[data-testid=prep-brief]", RENDER_TIMEOUT)
        .await?;
    let points = browser
        .client
        .find_all(Locator::Css("[data-testid=prep-point]"))
        .await?;
    assert!(!points.is_empty(), "a brief with points");
    // Every marker reveals a quote its source holds.
    let markers = browser
        .client
        .find_all(Locator::Css(
            "[data-testid=prep-point] [data-testid=citation-marker]",
        ))
        .await?;
    assert!(!markers.is_empty());
    for marker in markers {
        marker.click().await?;
        let quote = browser
            .text_of(
                "[data-testid=prep-card] [data-testid=citation-quote]",
                RENDER_TIMEOUT,
            )
            .await?;
        let words = quote
            .split(" — ")
            .next()
            .unwrap_or_default()
            .trim_matches(|c| c == '“' || c == '”' || c == ' ');
        assert!(a_source_says(words), "{words:?} is in no email or note");
        marker.click().await?;
    }
    browser
        .execute("document.querySelector('[data-testid=prep-card]').scrollIntoView(); return true;")
        .await?;
    browser
        .checked_screenshot(&format!("prep-{}", vendor.name()))
        .await?;
    // The rest of the meeting pane is there too.
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    browser.close().await
}
