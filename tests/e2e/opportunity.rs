//! The opportunity summary on the real stack, for Dynamics and for Salesforce: "Summarize deal"
//! on the Contoso deal's row shows stage, amount and close date from the CRM, its notes and
//! meetings, and the model's risks and next steps with citation markers that reveal the note's
//! words and author (the model is scripted to cite the seeded notes, plus one fabricated quote
//! that must not appear); "Create task" on a suggestion, double-clicked, makes exactly one task
//! in the sandbox CRM and shows "Created" with a link; a failing model leaves the CRM part and
//! the pane's cards intact and offers a retry that then succeeds.

use crate::common::{RENDER_TIMEOUT, fault, for_both_crms, script};
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::crm_seed::{dataverse_id, salesforce_id};
use std::time::Duration;

/// The deal whose row the tests summarize.
const DEAL: &str = "Fulfillment Cloud";

for_both_crms!(
    summary_shows_crm_facts_and_cited_points_and_creates_one_task,
    a_failing_model_keeps_the_crm_part_and_retries,
);

fn note_id(vendor: Vendor, key: &str) -> String {
    match vendor {
        Vendor::Dynamics => dataverse_id("annotation", key),
        Vendor::Salesforce => salesforce_id("002", key),
    }
}

fn meeting_id(vendor: Vendor, key: &str) -> String {
    match vendor {
        Vendor::Dynamics => dataverse_id("appointment", key),
        Vendor::Salesforce => salesforce_id("00U", key),
    }
}

/// A review that cites the seeded notes and meeting, plus one quote no note holds.
fn scripted_review(vendor: Vendor) -> serde_json::Value {
    serde_json::json!({
        "risks": [
            { "text": "The CFO must approve anything above $45,000.",
              "citations": [
                  { "source_id": note_id(vendor, "contoso-cfo"),
                    "quote": "must sign off on anything above $45,000" } ] },
            { "text": "<b>Globex</b> is cheaper with fewer integrations.",
              "citations": [
                  { "source_id": note_id(vendor, "contoso-globex"),
                    "quote": "Globex bid $44,000 with fewer integrations" } ] },
            { "text": "<img src=x onerror=\"document.title='pwned'\"> The customer is about to churn.",
              "citations": [
                  { "source_id": note_id(vendor, "contoso-globex"),
                    "quote": "Priya is about to cancel the contract" } ] }
        ],
        "next_steps": [
            { "text": "Send Priya the revised quote with the EDI bundle.",
              "citations": [
                  { "source_id": meeting_id(vendor, "contoso-pricing-call"),
                    "quote": "the revised quote with the EDI bundle by December 5, 2026" } ] }
        ]
    })
}

/// Scrolls the pane so that `testid` is in view, for the screenshot that follows.
async fn show(browser: &Browser, testid: &str) -> anyhow::Result<()> {
    browser
        .execute(&format!(
            "const e = document.querySelector('[data-testid={testid}]');\
             if (e) {{ e.scrollIntoView({{block: 'center'}}); }} return true;"
        ))
        .await?;
    Ok(())
}

/// Clicks "Summarize deal" on the Contoso deal's row.
async fn summarize_contoso_deal(browser: &Browser) -> anyhow::Result<()> {
    wait_for(browser, "[data-testid=account-card]", DEAL).await?;
    browser
        .text_of("[data-testid=summarize-deal]", RENDER_TIMEOUT)
        .await?;
    let clicked = browser
        .execute(&format!(
            "const row = [...document.querySelectorAll('[data-testid=opportunity]')]\
               .find(li => li.textContent.includes('{DEAL}'));\
             const button = row && row.querySelector('[data-testid=summarize-deal]');\
             if (button) {{ button.click(); }}\
             return !!button;"
        ))
        .await?;
    anyhow::ensure!(
        clicked == serde_json::json!(true),
        "no Summarize deal on {DEAL}"
    );
    Ok(())
}

async fn summary_shows_crm_facts_and_cited_points_and_creates_one_task(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    script(&stack, &[&scripted_review(vendor).to_string()]).await?;
    open_email(&browser, CONTOSO).await?;
    summarize_contoso_deal(&browser).await?;

    // The CRM's facts and timeline.
    wait_for(&browser, "[data-testid=deal-stage]", "Propose").await?;
    wait_for(&browser, "[data-testid=deal-amount]", "48,000").await?;
    wait_for(&browser, "[data-testid=deal-close-date]", "Dec 15, 2026").await?;
    let timeline = wait_for(&browser, "[data-testid=deal-timeline]", "CFO approval").await?;
    assert!(
        timeline.contains("Pricing call with Priya Raman"),
        "{timeline}"
    );
    assert!(timeline.find("Pricing call") < timeline.find("Discovery workshop"));

    // Risks with citations; the fabricated one is gone, and nothing became markup.
    let risks = wait_for(&browser, "[data-testid=deal-analysis]", "CFO must approve").await?;
    assert!(
        risks.contains("<b>Globex</b> is cheaper"),
        "model markup is shown as text: {risks}"
    );
    let markup = browser
        .execute("return document.querySelectorAll('[data-testid=deal-analysis] b, [data-testid=deal-analysis] img').length;")
        .await?;
    assert_eq!(markup, serde_json::json!(0), "model output became markup");
    assert!(
        !risks.contains("churn"),
        "a fabricated quote was shown: {risks}"
    );
    assert!(risks.contains("unsupported claims left out"), "{risks}");
    assert_ne!(browser.execute("return document.title;").await?, "pwned");
    browser
        .click(
            "[data-testid=deal-risk] [data-testid=citation]",
            RENDER_TIMEOUT,
        )
        .await?;
    let quote = wait_for(
        &browser,
        "[data-testid=citation-quote]",
        "must sign off on anything above $45,000",
    )
    .await?;
    assert!(quote.contains("Megan Bowen"), "{quote}");
    show(&browser, "deal-analysis").await?;
    browser
        .checked_screenshot(&format!("opportunity-{}-summary", vendor.name()))
        .await?;

    // The suggested task: due date from the meeting's words; a double click creates one task.
    let due = wait_for(&browser, "[data-testid=suggested-task-due]", "Dec 5, 2026").await?;
    assert!(due.contains("due"), "{due}");
    let before = vendor.count(&stack, "task");
    browser
        .execute(
            "const b = document.querySelector('[data-testid=create-suggested-task]');\
             b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=suggested-task-created]", "Created").await?;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        vendor.count(&stack, "task"),
        before + 1,
        "exactly one task for a double click"
    );
    let link = browser
        .execute("return document.querySelector('[data-testid=suggested-task-link]').href;")
        .await?;
    let link = link.as_str().unwrap_or_default().to_owned();
    let subject = task_subject(vendor, &stack, &link);
    assert_eq!(
        subject.as_deref(),
        Some("Send Priya the revised quote with the EDI bundle."),
        "the link opens the task the CRM holds ({link})"
    );
    let buttons = browser
        .execute("return document.querySelectorAll('[data-testid=create-suggested-task]').length;")
        .await?;
    assert_eq!(
        buttons,
        serde_json::json!(0),
        "a created task cannot be created again"
    );
    show(&browser, "suggested-task").await?;
    browser
        .checked_screenshot(&format!("opportunity-{}-task-created", vendor.name()))
        .await?;
    browser.close().await
}

/// The subject and due date of the task `link` opens, as the sandbox CRM stores it.
fn task_subject(vendor: Vendor, stack: &Stack, link: &str) -> Option<String> {
    let state = stack.sandbox.state().lock();
    let (task, subject, due) = match vendor {
        Vendor::Dynamics => (
            state
                .dataverse
                .record("tasks", link.rsplit("id=").next()?)?,
            "subject",
            "scheduledend",
        ),
        Vendor::Salesforce => {
            let id = link.split("/Task/").nth(1)?.split('/').next()?;
            (
                state.salesforce.record("Task", id)?,
                "Subject",
                "ActivityDate",
            )
        }
    };
    let due = task.get(due)?.as_str()?.to_owned();
    assert!(due.starts_with("2026-12-05"), "stored due date {due}");
    task.get(subject)?.as_str().map(str::to_owned)
}

async fn a_failing_model_keeps_the_crm_part_and_retries(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    fault(
        &stack,
        serde_json::json!({ "path_prefix": "/openai/", "status": 500, "times": 1 }),
    )
    .await?;
    open_email(&browser, CONTOSO).await?;
    summarize_contoso_deal(&browser).await?;
    let error = wait_for(
        &browser,
        "[data-testid=deal-analysis-error]",
        "Risks and next steps are unavailable",
    )
    .await?;
    assert!(!error.is_empty());
    // The CRM part of the summary and the pane's cards are intact.
    wait_for(&browser, "[data-testid=deal-stage]", "Propose").await?;
    wait_for(&browser, "[data-testid=deal-timeline]", "CFO approval").await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    show(&browser, "deal-analysis-error").await?;
    browser
        .checked_screenshot(&format!("opportunity-{}-model-failed", vendor.name()))
        .await?;

    script(&stack, &[&scripted_review(vendor).to_string()]).await?;
    browser
        .click("[data-testid=deal-analysis-retry]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=deal-analysis]", "CFO must approve").await?;
    wait_for(&browser, "[data-testid=deal-stage]", "Propose").await?;
    show(&browser, "deal-analysis").await?;
    browser
        .checked_screenshot(&format!("opportunity-{}-retried", vendor.name()))
        .await?;
    browser.close().await
}
