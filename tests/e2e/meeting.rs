//! A seller's path through a meeting, for Dynamics and for Salesforce: the preview's calendar
//! lists Megan's seeded events; opening the Contoso pricing review replaces the email cards with
//! the meeting's: its external attendees as CRM contact cards (colleagues only counted), their
//! account and open deals; "Save meeting to CRM", double-clicked, makes exactly one appointment
//! (Dynamics) or Event (Salesforce) regarding the chosen deal with the attendees' contacts, shows
//! "Saved" with an Open-in-CRM link to that record, and still shows it saved after reopening,
//! with nothing more written. A past meeting shows talk time per speaker from its Teams
//! transcript, or why there is none. Asserts against the sandbox CRM's own state; screenshots
//! per state.

use crate::common::{RENDER_TIMEOUT, for_both_crms};
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::crm_seed::{dataverse_id, salesforce_id};

const PRICING_REVIEW: &str = "Contoso – pricing and order form review";
const ORDER_FORM: &str = "Contoso – order form walkthrough";
/// The seeded calendar's week: the calendar is opened around it, whatever today is.
const SEEDED_WEEK: &str = "2026-11-29";

for_both_crms!(a_meeting_from_the_calendar_is_saved_once_with_its_attendees);

/// How many meetings the sandbox CRM holds.
fn meetings(stack: &Stack, vendor: Vendor) -> usize {
    let state = stack.sandbox.state().lock();
    match vendor {
        Vendor::Dynamics => state.dataverse.count("appointments"),
        Vendor::Salesforce => state.salesforce.count("Event"),
    }
}

/// The saved meeting an "Open in CRM" link opens, as (regarding id, linked contact ids).
fn saved_meeting(stack: &Stack, vendor: Vendor, link: &str) -> Option<(String, Vec<String>)> {
    let state = stack.sandbox.state().lock();
    let (regarding, mut contacts) = match vendor {
        Vendor::Dynamics => {
            let id = link.rsplit("id=").next()?;
            let record = state.dataverse.record("appointments", id)?;
            let contacts = state
                .dataverse
                .activity_parties(id)
                .into_iter()
                .filter(|p| p["partyid_logicalname"] == "contact")
                .filter_map(|p| p["_partyid_value"].as_str().map(str::to_owned))
                .collect::<Vec<_>>();
            (
                record["_regardingobjectid_value"].as_str()?.to_owned(),
                contacts,
            )
        }
        Vendor::Salesforce => {
            let id = link.split("/Event/").nth(1)?.split('/').next()?;
            let record = state.salesforce.record("Event", id)?;
            let mut contacts = state.salesforce.event_relations(id);
            contacts.extend(record["WhoId"].as_str().map(str::to_owned));
            (record["WhatId"].as_str()?.to_owned(), contacts)
        }
    };
    contacts.sort();
    contacts.dedup();
    Some((regarding, contacts))
}

fn contact_id(vendor: Vendor, key: &str) -> String {
    match vendor {
        Vendor::Dynamics => dataverse_id("contact", key),
        Vendor::Salesforce => salesforce_id("003", key),
    }
}

/// Shows the preview's calendar around the seeded week.
pub(crate) async fn open_calendar(browser: &Browser) -> anyhow::Result<()> {
    browser
        .click("[data-testid=view-calendar]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=calendar-day]", RENDER_TIMEOUT)
        .await?;
    browser
        .execute(&format!(
            "const day = document.querySelector('[data-testid=calendar-day]');
             day.value = '{SEEDED_WEEK}';
             day.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;"
        ))
        .await?;
    Ok(())
}

pub(crate) async fn open_meeting(browser: &Browser, subject: &str) -> anyhow::Result<()> {
    browser
        .click(
            &format!("[data-testid=calendar-item][data-subject=\"{subject}\"]"),
            RENDER_TIMEOUT,
        )
        .await?;
    wait_for(browser, "[data-testid=item-subject]", subject).await?;
    // The header changes at once; the cards follow when the worker answers, and until then the
    // previous meeting's cards (and buttons) are still there.
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    let script = "const a = document.querySelector('[data-testid=attendees]'); \
                  return a ? a.dataset.subject : null;";
    loop {
        let shown = browser.execute(script).await?;
        if shown.as_str() == Some(subject) {
            return Ok(());
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the cards of {subject:?} never showed; last: {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn a_meeting_from_the_calendar_is_saved_once_with_its_attendees(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    // An email first: the meeting's cards replace its cards.
    open_email(&browser, CONTOSO).await?;
    browser
        .text_of("[data-testid=people]", RENDER_TIMEOUT)
        .await?;

    open_calendar(&browser).await?;
    open_meeting(&browser, PRICING_REVIEW).await?;
    let time = browser
        .text_of("[data-testid=meeting-time]", RENDER_TIMEOUT)
        .await?;
    // The seller's locale and zone (the suites' browser: en-US, UTC), one day written once.
    assert_eq!(
        closer_e2e::browser::plain_spaces(&time),
        "Nov 19, 2026, 6:00 – 6:45 PM UTC"
    );
    let attendees = wait_for(&browser, "[data-testid=attendees]", "Daniel Brooks").await?;
    assert!(attendees.contains("Priya Raman"), "{attendees}");
    assert!(
        attendees.contains("2 colleagues not looked up."),
        "Megan and Patti are colleagues: {attendees}"
    );
    assert!(
        !attendees.contains("Patti"),
        "colleagues get no card: {attendees}"
    );
    let gone = browser
        .execute("return document.querySelector('[data-testid=people]') === null;")
        .await?;
    assert_eq!(gone, serde_json::json!(true), "the email's cards are gone");
    browser
        .text_of("[data-testid=save-meeting]", RENDER_TIMEOUT)
        .await?;
    browser
        .checked_screenshot(&format!("meeting-{}-cards", vendor.name()))
        .await?;

    let regarding = browser
        .execute("return document.querySelector('[data-testid=meeting-save-regarding]').value;")
        .await?;
    let regarding = regarding.as_str().unwrap_or_default().to_owned();
    let (kind, regarding_id) = regarding
        .split_once(':')
        .expect("a kind:id regarding choice");
    assert_eq!(kind, "opportunity", "the suggestion is an open deal");

    let before = meetings(&stack, vendor);
    // A double click: two clicks as fast as the page takes them.
    browser
        .execute(
            "const b = document.querySelector('[data-testid=save-meeting]'); b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=meeting-saved]", "Saved").await?;
    assert_eq!(meetings(&stack, vendor), before + 1, "exactly one meeting");
    let link = browser
        .execute(
            "return document.querySelector('[data-testid=meeting-saved-link]').getAttribute('href');",
        )
        .await?;
    let link = link.as_str().unwrap_or_default().to_owned();
    let (saved_regarding, contacts) =
        saved_meeting(&stack, vendor, &link).expect("the link opens the saved meeting");
    assert_eq!(saved_regarding, regarding_id);
    let mut expected = vec![contact_id(vendor, "priya"), contact_id(vendor, "daniel")];
    expected.sort();
    assert_eq!(contacts, expected);
    browser
        .checked_screenshot(&format!("meeting-{}-saved", vendor.name()))
        .await?;

    // Reopening shows it saved, and nothing more is written.
    open_meeting(&browser, ORDER_FORM).await?;
    browser
        .text_of("[data-testid=save-meeting]", RENDER_TIMEOUT)
        .await?;
    open_meeting(&browser, PRICING_REVIEW).await?;
    wait_for(&browser, "[data-testid=meeting-saved]", "Saved").await?;
    assert_eq!(meetings(&stack, vendor), before + 1);
    browser.close().await
}

/// Talk time from a past meeting's Teams transcript, as a bar per speaker; a meeting held
/// without transcription says so in a sentence (the CRM cards stay).
#[tokio::test(flavor = "multi_thread")]
async fn a_past_meeting_shows_talk_time_from_its_transcript() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_calendar(&browser).await?;
    open_meeting(&browser, PRICING_REVIEW).await?;
    browser
        .click("[data-testid=talk-time-show]", RENDER_TIMEOUT)
        .await?;
    let talk = wait_for(&browser, "[data-testid=talk-time]", "Priya Raman").await?;
    assert!(talk.contains("Megan Bowen"), "{talk}");
    assert!(talk.contains('%'), "{talk}");
    browser.checked_screenshot("meeting-talk-time").await?;

    open_meeting(&browser, ORDER_FORM).await?;
    browser
        .click("[data-testid=talk-time-show]", RENDER_TIMEOUT)
        .await?;
    let none = wait_for(
        &browser,
        "[data-testid=talk-time-unavailable]",
        "no transcript",
    )
    .await?;
    assert!(none.contains("transcription was off"), "{none}");
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    browser.close().await
}
