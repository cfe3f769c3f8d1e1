//! The meeting recap in the pane, for Dynamics and for Salesforce: a past Teams meeting opened
//! from the preview's calendar is recapped from its transcript on a click; every citation shown
//! names a speaker of that transcript, a time and words the transcript holds; a suggested
//! follow-up task, double-clicked, makes exactly one task in the CRM, and applied again after
//! recapping again still makes no second one (the suggestion's key); the meeting note is saved
//! once; a meeting held without transcription says why in one sentence and the cards stay.
//! During a meeting, the note field saves each note once (a double click makes one) and the
//! quick task makes one task. Asserts against the sandbox CRM's own state; screenshots per
//! state.

use crate::common::{RENDER_TIMEOUT, for_both_crms};
use crate::meeting::{open_calendar, open_meeting};
use crate::pane::{Vendor, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};

const PRICING_REVIEW: &str = "Contoso – pricing and order form review";
const ORDER_FORM: &str = "Contoso – order form walkthrough";

for_both_crms!(
    a_past_meeting_is_recapped_and_a_suggestion_applied_once,
    during_the_meeting_a_note_and_a_task_are_saved_once_each,
);

fn count(stack: &Stack, vendor: Vendor, dataverse: &str, salesforce: &str) -> usize {
    let state = stack.sandbox.state().lock();
    match vendor {
        Vendor::Dynamics => state.dataverse.count(dataverse),
        Vendor::Salesforce => state.salesforce.count(salesforce),
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Clicks the apply button of the first suggestion of `kind` twice, as fast as the page takes.
async fn apply_twice(browser: &Browser, kind: &str) -> anyhow::Result<String> {
    browser
        .execute(&format!(
            "const b = document.querySelector('[data-testid=recap-suggestion][data-kind={kind}] [data-testid=recap-apply]');
             b.click(); b.click(); return true;"
        ))
        .await?;
    let css =
        format!("[data-testid=recap-suggestion][data-kind={kind}] [data-testid=recap-applied]");
    wait_for(browser, &css, "Open in CRM").await
}

async fn a_past_meeting_is_recapped_and_a_suggestion_applied_once(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_calendar(&browser).await?;
    open_meeting(&browser, PRICING_REVIEW).await?;
    // The cards come first; the recap is asked for.
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    browser
        .click("[data-testid=recap-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=recap-footnote]",
        "checked against the transcript",
    )
    .await?;
    let summary = browser
        .text_of("[data-testid=recap-summary]", RENDER_TIMEOUT)
        .await?;
    assert!(
        summary.contains(" · "),
        "points carry speaker and time: {summary}"
    );

    // Every citation shown: a speaker of this transcript, and words the transcript holds.
    let vtt = closer_sandbox::graph::seed::MEETINGS
        .iter()
        .find(|m| m.subject == PRICING_REVIEW)
        .and_then(|m| m.transcript)
        .expect("the seeded transcript")
        .vtt;
    let shown = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=recap-citation]')].map(c => [
                 c.querySelector('[data-testid=recap-citation-speaker]').textContent,
                 c.textContent]);",
        )
        .await?;
    let shown = shown.as_array().cloned().unwrap_or_default();
    assert!(!shown.is_empty(), "citations are shown");
    let spoken = squash(vtt);
    for pair in shown {
        let speaker = pair[0].as_str().unwrap_or_default();
        let line = pair[1].as_str().unwrap_or_default();
        assert!(
            vtt.contains(&format!("<v {speaker}>")),
            "{speaker} did not speak"
        );
        let quote = line
            .split('“')
            .nth(1)
            .and_then(|q| q.strip_suffix('”'))
            .unwrap_or_default();
        let opening: String = quote
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            !opening.is_empty() && spoken.contains(&opening),
            "{quote:?} is not in the transcript"
        );
    }
    browser
        .execute(
            "document.querySelector('[data-testid=recap-card]').scrollIntoView(); return true;",
        )
        .await?;
    browser
        .checked_screenshot(&format!("recap-{}-ready", vendor.name()))
        .await?;

    // A suggested follow-up task, double-clicked: one task.
    let tasks = count(&stack, vendor, "tasks", "Task");
    apply_twice(&browser, "task").await?;
    assert_eq!(
        count(&stack, vendor, "tasks", "Task"),
        tasks + 1,
        "exactly one task"
    );
    // The meeting note on the deal: one note.
    let notes = count(&stack, vendor, "annotations", "Note");
    apply_twice(&browser, "note").await?;
    assert_eq!(
        count(&stack, vendor, "annotations", "Note"),
        notes + 1,
        "exactly one note"
    );
    browser
        .execute("document.querySelector('[data-testid=recap-suggestions]').scrollIntoView(); return true;")
        .await?;
    browser
        .checked_screenshot(&format!("recap-{}-applied", vendor.name()))
        .await?;

    // Recapped again, the same suggestion applied again finds the first task.
    browser
        .click("[data-testid=recap-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=recap-generate]", "Recap again").await?;
    let fresh = browser
        .execute(
            "return document.querySelector('[data-testid=recap-suggestion][data-kind=task] [data-testid=recap-applied]') === null;",
        )
        .await?;
    assert_eq!(
        fresh,
        serde_json::json!(true),
        "a new recap starts unapplied"
    );
    apply_twice(&browser, "task").await?;
    apply_twice(&browser, "note").await?;
    assert_eq!(
        count(&stack, vendor, "tasks", "Task"),
        tasks + 1,
        "still one task"
    );
    assert_eq!(
        count(&stack, vendor, "annotations", "Note"),
        notes + 1,
        "still one note"
    );

    // A meeting held without transcription: one sentence, and the cards stay.
    open_meeting(&browser, ORDER_FORM).await?;
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    browser
        .click("[data-testid=recap-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=recap-unavailable]",
        "transcription was off",
    )
    .await?;
    browser
        .text_of("[data-testid=save-meeting]", RENDER_TIMEOUT)
        .await?;
    browser
        .checked_screenshot(&format!("recap-{}-no-transcript", vendor.name()))
        .await?;
    browser.close().await
}

async fn type_into(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    browser
        .execute(&format!(
            "const field = document.querySelector('{css}');
             field.value = {text:?};
             field.dispatchEvent(new Event('input', {{ bubbles: true }}));
             return true;"
        ))
        .await?;
    Ok(())
}

async fn during_the_meeting_a_note_and_a_task_are_saved_once_each(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_calendar(&browser).await?;
    open_meeting(&browser, ORDER_FORM).await?;
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    let notes = count(&stack, vendor, "annotations", "Note");
    type_into(
        &browser,
        "[data-testid=meeting-note-text]",
        "Priya confirmed legal has the order form.",
    )
    .await?;
    browser
        .execute(
            "const b = document.querySelector('[data-testid=meeting-note-save]'); b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=meeting-note-saved]", "Note saved").await?;
    assert_eq!(
        count(&stack, vendor, "annotations", "Note"),
        notes + 1,
        "one note"
    );
    let cleared = browser
        .execute("return document.querySelector('[data-testid=meeting-note-text]').value;")
        .await?;
    assert_eq!(
        cleared,
        serde_json::json!(""),
        "the field is ready for the next note"
    );
    type_into(
        &browser,
        "[data-testid=meeting-note-text]",
        "Daniel asked for the security questionnaire.",
    )
    .await?;
    browser
        .click("[data-testid=meeting-note-save]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=meeting-note-saved]",
        "2 notes saved",
    )
    .await?;
    assert_eq!(
        count(&stack, vendor, "annotations", "Note"),
        notes + 2,
        "a second note"
    );

    let tasks = count(&stack, vendor, "tasks", "Task");
    let subject = browser
        .execute("return document.querySelector('[data-testid=task-subject]').value;")
        .await?;
    assert_eq!(
        subject,
        serde_json::json!(format!("Follow up: {ORDER_FORM}"))
    );
    browser
        .execute(
            "const b = document.querySelector('[data-testid=create-task]'); b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=task-created]", "Task created").await?;
    assert_eq!(
        count(&stack, vendor, "tasks", "Task"),
        tasks + 1,
        "one task"
    );
    browser
        .checked_screenshot(&format!("meeting-{}-during", vendor.name()))
        .await?;
    browser.close().await
}
