//! A seller's path through the pane, for Dynamics and for Salesforce: open an email → the right
//! contact, account and opportunities; unknown sender → add contact; ambiguous address →
//! choose → remembered; save the email → exactly one activity (also on a double click and on a
//! retry after a timeout); a CRM failing or throttling the lookup → an error card with a retry
//! in the people (and saved) card's place while the rest of the pane stays, and Retry shows the
//! contact; inline edit → the CRM holds the value, and after a change in the CRM → a
//! conflict shown, the CRM value intact; a deal's stage is a select of the stages the CRM
//! allows (Dynamics moves the business process flow); a follow-up task → one more task in the CRM; search →
//! "active only" hides closed deals, "owned by me" hides a colleague's. Asserts against the
//! sandbox CRM's own state; screenshots per state.

use crate::common::{RENDER_TIMEOUT, clear_faults, fault, for_both_crms};
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::crm_seed::{dataverse_id, salesforce_id};
use std::time::Duration;

const MEGAN: usize = 0;
pub(crate) const CONTOSO: &str = "RE: Northwind Fulfillment Cloud – proposal for Contoso";
pub(crate) const UNKNOWN: &str = "Inquiry: fulfillment software for a growing toy retailer";
const FABRIKAM: &str = "RE: Fabrikam – security review before rollout";

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Vendor {
    Dynamics,
    Salesforce,
}

impl Vendor {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Vendor::Dynamics => "dynamics",
            Vendor::Salesforce => "salesforce",
        }
    }

    /// How many records of a kind the sandbox CRM holds.
    pub(crate) fn count(self, stack: &Stack, kind: &str) -> usize {
        let state = stack.sandbox.state().lock();
        match (self, kind) {
            (Vendor::Dynamics, "contact") => state.dataverse.count("contacts"),
            (Vendor::Dynamics, "email") => state.dataverse.count("emails"),
            (Vendor::Salesforce, "contact") => state.salesforce.count("Contact"),
            (Vendor::Salesforce, "email") => state.salesforce.count("EmailMessage"),
            (Vendor::Dynamics, "task") => state.dataverse.count("tasks"),
            (Vendor::Salesforce, "task") => state.salesforce.count("Task"),
            _ => unreachable!("unknown kind {kind}"),
        }
    }

    /// The subject of the task an "Open in CRM" link opens (Dynamics: `…&id=<guid>`;
    /// Salesforce: `…/lightning/r/Task/<id>/view`), as the sandbox CRM stores it.
    fn task_subject(self, stack: &Stack, link: &str) -> Option<String> {
        let state = stack.sandbox.state().lock();
        let task = match self {
            Vendor::Dynamics => state
                .dataverse
                .record("tasks", link.rsplit("id=").next()?)?,
            Vendor::Salesforce => {
                let id = link.split("/Task/").nth(1)?.split('/').next()?;
                state.salesforce.record("Task", id)?
            }
        };
        ["subject", "Subject"]
            .iter()
            .find_map(|field| task.get(*field)?.as_str().map(str::to_owned))
    }

    /// The path of the pane's one CRM request per open email (`$batch` / Composite).
    fn lookup_request_path(self) -> &'static str {
        match self {
            Vendor::Dynamics => "/dataverse/northwind/api/data/v9.2/$batch",
            // The worker's `DEFAULT_API_VERSION`.
            Vendor::Salesforce => "/salesforce/services/data/v62.0/composite",
        }
    }

    /// The path prefix of the contact lookup inside that request (GET fault rules fail that
    /// part; on Salesforce every query of the Composite matches).
    fn api_prefix(self) -> &'static str {
        match self {
            Vendor::Dynamics => "/dataverse/northwind/api/data/v9.2/contacts",
            Vendor::Salesforce => "/salesforce/services/data/",
        }
    }
}

/// Signs in, connects the vendor's CRM, returns the browser.
pub(crate) async fn ready(stack: &Stack, vendor: Vendor) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    sign_in(&browser, stack, MEGAN).await?;
    browser
        .text_of("[data-testid=crm-vendor]", RENDER_TIMEOUT)
        .await?;
    if vendor == Vendor::Salesforce {
        browser
            .click("[data-testid=connect-salesforce]", RENDER_TIMEOUT)
            .await?;
        browser
            .click("[data-testid=sf-sign-in-as-megan]", RENDER_TIMEOUT)
            .await?;
        wait_for(&browser, "[data-testid=crm-vendor]", "Salesforce").await?;
    }
    Ok(browser)
}

/// Signs in, connects the vendor's CRM and opens the Contoso thread, waiting for its people
/// card (Priya Raman): the starting point of the scenarios that act on an open email.
pub(crate) async fn contoso_with_its_cards(
    stack: &Stack,
    vendor: Vendor,
) -> anyhow::Result<Browser> {
    let browser = ready(stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    Ok(browser)
}

pub(crate) async fn open_email(browser: &Browser, subject: &str) -> anyhow::Result<()> {
    browser
        .click(
            &format!("[data-testid=mail-item][data-subject=\"{subject}\"]"),
            RENDER_TIMEOUT,
        )
        .await?;
    wait_for(browser, "[data-testid=item-subject]", subject).await?;
    Ok(())
}

pub(crate) async fn wait_for(
    browser: &Browser,
    css: &str,
    expected: &str,
) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let text = browser
            .text_of(css, RENDER_TIMEOUT)
            .await
            .unwrap_or_default();
        if text.contains(expected) {
            return Ok(text);
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("{css} never showed {expected:?}; last: {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Whether an element matching `css` is on the page now.
async fn exists(browser: &Browser, css: &str) -> anyhow::Result<bool> {
    let found = browser
        .execute(&format!(
            "return document.querySelector({}) !== null;",
            serde_json::to_string(css)?
        ))
        .await?;
    Ok(found.as_bool() == Some(true))
}

async fn cards_show_contact_account_and_deals(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    let people = wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    assert!(people.contains("VP of Operations"), "{people}");
    assert!(
        people.contains("colleague"),
        "internal addresses are not looked up: {people}"
    );
    let account = wait_for(&browser, "[data-testid=account-card]", "Contoso Ltd").await?;
    assert!(
        account.contains("Contoso – Fulfillment Cloud rollout"),
        "{account}"
    );
    // The deal is in US dollars, as the CRM says, written the en-US way.
    assert!(account.contains("$48,000"), "{account}");
    assert!(
        !account.contains("2025 pilot"),
        "closed deals are not shown: {account}"
    );
    let link = browser
        .execute("return document.querySelector('[data-testid=account-name]').href;")
        .await?;
    assert!(
        link.as_str().is_some_and(|l| l.starts_with("http")),
        "{link}"
    );
    browser
        .checked_screenshot(&format!("pane-{}-cards", vendor.name()))
        .await?;
    browser.close().await
}

async fn unknown_sender_is_added_as_one_contact(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, UNKNOWN).await?;
    browser
        .click("[data-testid=add-contact]", RENDER_TIMEOUT)
        .await?;
    let prefill = browser
        .execute(
            "return ['add-first-name','add-last-name','add-title','add-phone']\
             .map(id => document.querySelector(`[data-testid=${id}]`).value);",
        )
        .await?;
    let prefill: Vec<String> = serde_json::from_value(prefill)?;
    assert_eq!(prefill[0], "Noah");
    assert_eq!(prefill[1], "Fischer");
    assert_eq!(prefill[2], "Owner", "title from the signature");
    assert!(
        prefill[3].contains("555"),
        "phone from the signature: {prefill:?}"
    );
    browser
        .checked_screenshot(&format!("pane-{}-add-contact", vendor.name()))
        .await?;
    let before = vendor.count(&stack, "contact");
    browser
        .click("[data-testid=add-contact-save]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=people]", "Noah Fischer").await?;
    browser
        .text_of("[data-testid=contact-card]", RENDER_TIMEOUT)
        .await?;
    assert_eq!(
        vendor.count(&stack, "contact"),
        before + 1,
        "exactly one new contact"
    );
    browser.close().await
}

async fn ambiguous_choice_is_remembered(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, FABRIKAM).await?;
    wait_for(
        &browser,
        "[data-testid=ambiguous]",
        "2 contacts use this address",
    )
    .await?;
    browser
        .checked_screenshot(&format!("pane-{}-ambiguous", vendor.name()))
        .await?;
    // The first candidate is the seller's pick.
    browser
        .click("[data-testid=choose-contact]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=people]", "Your choice, remembered").await?;
    // Open another email and come back: the choice holds.
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    open_email(&browser, FABRIKAM).await?;
    wait_for(&browser, "[data-testid=people]", "Your choice, remembered").await?;
    browser.close().await
}

async fn saving_twice_makes_one_activity(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .text_of("[data-testid=save-email]", RENDER_TIMEOUT)
        .await?;
    let before = vendor.count(&stack, "email");
    // A double click: two clicks as fast as the page takes them.
    browser
        .execute(
            "const b = document.querySelector('[data-testid=save-email]'); b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(&browser, "[data-testid=saved]", "Saved").await?;
    assert_eq!(
        vendor.count(&stack, "email"),
        before + 1,
        "exactly one activity"
    );
    browser
        .checked_screenshot(&format!("pane-{}-saved", vendor.name()))
        .await?;
    // Reopening shows it saved, and nothing more is written.
    open_email(&browser, UNKNOWN).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, "[data-testid=saved]", "Saved").await?;
    assert_eq!(vendor.count(&stack, "email"), before + 1);
    browser.close().await
}

/// The contact lookup's part of the one CRM request fails (500): the people card turns into an
/// error card with a retry, the rest of the pane stays; Retry after the fault clears shows the
/// contact. For Dynamics the saved check, another part of the same `$batch`, still answers.
async fn a_failing_lookup_shows_a_retry_and_keeps_the_pane(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    fault(
        &stack,
        serde_json::json!({ "path_prefix": vendor.api_prefix(), "method": "GET", "status": 500 }),
    )
    .await?;
    open_email(&browser, CONTOSO).await?;
    let error = wait_for(&browser, "[data-testid=people-error]", "Retry").await?;
    assert!(error.contains("is having problems right now"), "{error}");
    assert!(
        !error.contains("sandbox fault"),
        "no upstream text: {error}"
    );
    assert_eq!(
        browser
            .text_of("[data-testid=item-subject]", RENDER_TIMEOUT)
            .await?,
        CONTOSO
    );
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=save-card]", RENDER_TIMEOUT)
        .await?;
    if vendor == Vendor::Dynamics {
        assert!(
            !exists(&browser, "[data-testid=saved-error]").await?,
            "only the failing part's card shows an error"
        );
    }
    browser
        .checked_screenshot(&format!("pane-{}-lookup-failed", vendor.name()))
        .await?;
    clear_faults(&stack).await?;
    browser
        .click("[data-testid=people-error-retry]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    assert!(!exists(&browser, "[data-testid=people-error]").await?);
    browser
        .checked_screenshot(&format!("pane-{}-lookup-retried", vendor.name()))
        .await?;
    browser.close().await
}

/// The CRM throttles the pane's one request (429, `Retry-After: 30`): the people and saved
/// cards say when to try again and offer Retry, the header and the other cards stay; Retry
/// once the CRM answers shows the contact.
async fn a_throttled_lookup_says_when_to_retry(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    fault(
        &stack,
        serde_json::json!({
            "path_prefix": vendor.lookup_request_path(),
            "status": 429,
            "retry_after": "30",
        }),
    )
    .await?;
    open_email(&browser, CONTOSO).await?;
    let people = wait_for(&browser, "[data-testid=people-error]", "Retry").await?;
    assert!(people.contains("try again in 30 seconds"), "{people}");
    let saved = wait_for(&browser, "[data-testid=saved-error]", "Retry").await?;
    assert!(saved.contains("try again in 30 seconds"), "{saved}");
    let colleagues = browser
        .text_of("[data-testid=internal-count]", RENDER_TIMEOUT)
        .await?;
    assert!(colleagues.contains("colleague"), "{colleagues}");
    assert_eq!(
        browser
            .text_of("[data-testid=item-subject]", RENDER_TIMEOUT)
            .await?,
        CONTOSO
    );
    browser
        .checked_screenshot(&format!("pane-{}-lookup-throttled", vendor.name()))
        .await?;
    clear_faults(&stack).await?;
    browser
        .click("[data-testid=people-error-retry]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    wait_for(&browser, "[data-testid=account-card]", "Contoso Ltd").await?;
    assert!(!exists(&browser, "[data-testid=saved-error]").await?);
    browser.close().await
}

const PRIYA: &str = "[data-testid=participant][data-address=\"priya.raman@contoso.com\"]";

/// Priya's job title as the sandbox CRM holds it.
fn crm_title_of_priya(stack: &Stack, vendor: Vendor) -> String {
    let state = stack.sandbox.state().lock();
    let record = match vendor {
        Vendor::Dynamics => state
            .dataverse
            .record("contacts", &dataverse_id("contact", "priya")),
        Vendor::Salesforce => state
            .salesforce
            .record("Contact", &salesforce_id("003", "priya")),
    };
    let field = match vendor {
        Vendor::Dynamics => "jobtitle",
        Vendor::Salesforce => "Title",
    };
    record
        .and_then(|r| r[field].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Someone edits Priya in the CRM's own UI: her version moves on.
fn touch_priya(stack: &Stack, vendor: Vendor) {
    let mut state = stack.sandbox.state().lock();
    let touched = match vendor {
        Vendor::Dynamics => state
            .dataverse
            .touch("contacts", &dataverse_id("contact", "priya")),
        Vendor::Salesforce => state
            .salesforce
            .touch("Contact", &salesforce_id("003", "priya")),
    };
    assert!(touched, "Priya is seeded");
}

/// Opens Priya's inline edit and types `title` (as typing does: an `input` event).
async fn edit_priyas_title(browser: &Browser, title: &str) -> anyhow::Result<()> {
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
            "const input = document.querySelector('{PRIYA} [data-testid=edit-title]');\
             input.value = {title:?}; input.dispatchEvent(new Event('input', {{ bubbles: true }}));\
             return input.value;"
        ))
        .await?;
    browser
        .click(&format!("{PRIYA} [data-testid=edit-save]"), RENDER_TIMEOUT)
        .await
}

async fn editing_a_contact_saves_the_value(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, PRIYA, "VP of Operations").await?;
    edit_priyas_title(&browser, "Chief Operating Officer").await?;
    wait_for(
        &browser,
        &format!("{PRIYA} [data-testid=contact-title]"),
        "Chief Operating Officer",
    )
    .await?;
    assert_eq!(
        crm_title_of_priya(&stack, vendor),
        "Chief Operating Officer"
    );
    browser
        .checked_screenshot(&format!("pane-{}-edited", vendor.name()))
        .await?;
    browser.close().await
}

async fn editing_after_a_crm_change_shows_a_conflict_and_keeps_the_crm_value(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    wait_for(&browser, PRIYA, "VP of Operations").await?;
    touch_priya(&stack, vendor);
    edit_priyas_title(&browser, "Chief Operating Officer").await?;
    wait_for(
        &browser,
        &format!("{PRIYA} [data-testid=edit-conflict]"),
        "This record changed in the CRM since you opened it. Nothing was overwritten.",
    )
    .await?;
    let title = browser
        .text_of(
            &format!("{PRIYA} [data-testid=contact-title]"),
            RENDER_TIMEOUT,
        )
        .await?;
    assert_eq!(title, "VP of Operations", "the pane shows the CRM's values");
    assert_eq!(crm_title_of_priya(&stack, vendor), "VP of Operations");
    browser
        .checked_screenshot(&format!("pane-{}-conflict", vendor.name()))
        .await?;
    browser.close().await
}

/// Runs `body` (JavaScript using `row`) on the Contoso fulfillment deal's row of the account
/// card; `null` while the row is not there.
async fn on_fulfillment_deal(browser: &Browser, body: &str) -> anyhow::Result<serde_json::Value> {
    browser
        .execute(&format!(
            "const row = Array.from(document.querySelectorAll('[data-testid=opportunity]'))\
               .find(li => li.textContent.includes('Fulfillment Cloud rollout'));\
             if (!row) return null; {body}"
        ))
        .await
}

/// Polls `body` on the fulfillment deal's row until it answers something other than `null`.
async fn until_fulfillment_deal(
    browser: &Browser,
    what: &str,
    body: &str,
) -> anyhow::Result<serde_json::Value> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let answer = on_fulfillment_deal(browser, body).await?;
        if !answer.is_null() {
            return Ok(answer);
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the fulfillment deal never showed {what}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The stage of the fulfillment deal as the sandbox CRM holds it: Dynamics' business process
/// flow's active stage, Salesforce's `StageName`.
fn crm_stage_of_fulfillment(stack: &Stack, vendor: Vendor) -> String {
    let state = stack.sandbox.state().lock();
    match vendor {
        Vendor::Dynamics => {
            let deal = dataverse_id("opportunity", "contoso-fulfillment");
            let stage = state
                .dataverse
                .records("opportunitysalesprocesses")
                .into_iter()
                .find(|row| row["_bpf_opportunityid_value"] == deal.as_str())
                .and_then(|row| row["_activestageid_value"].as_str().map(str::to_owned))
                .unwrap_or_default();
            state
                .dataverse
                .record("processstages", &stage)
                .and_then(|row| row["stagename"].as_str().map(str::to_owned))
                .unwrap_or_default()
        }
        Vendor::Salesforce => state
            .salesforce
            .record("Opportunity", &salesforce_id("006", "contoso-fulfillment"))
            .and_then(|row| row["StageName"].as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

async fn editing_a_deal_stage_offers_only_the_crms_stages(vendor: Vendor) -> anyhow::Result<()> {
    let (offered, next): (&[&str], &str) = match vendor {
        // The business process flow moves one stage at a time from Propose.
        Vendor::Dynamics => (&["Develop", "Propose", "Close"], "Close"),
        // The org's active Stage picklist values.
        Vendor::Salesforce => (
            &[
                "Qualify",
                "Develop",
                "Propose",
                "Negotiate",
                "Closed Won",
                "Closed Lost",
            ],
            "Negotiate",
        ),
    };
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = contoso_with_its_cards(&stack, vendor).await?;
    until_fulfillment_deal(
        &browser,
        "its edit button",
        "const edit = row.querySelector('[data-testid=edit-opportunity]');\
         if (!edit) return null; edit.click(); return true;",
    )
    .await?;
    let options = until_fulfillment_deal(
        &browser,
        "the CRM's stages in an enabled select",
        "const select = row.querySelector('select[data-testid=edit-stage]');\
         if (!select || select.disabled) return null;\
         return Array.from(select.options).map(o => o.value);",
    )
    .await?;
    assert_eq!(
        options,
        serde_json::json!(offered),
        "the select offers the CRM's stages"
    );
    let chosen = on_fulfillment_deal(
        &browser,
        &format!(
            "const select = row.querySelector('select[data-testid=edit-stage]');\
             select.value = {next:?}; select.dispatchEvent(new Event('change', {{ bubbles: true }}));\
             row.querySelector('[data-testid=edit-save]').click(); return select.value;"
        ),
    )
    .await?;
    assert_eq!(chosen, serde_json::json!(next));
    until_fulfillment_deal(
        &browser,
        "the new stage",
        &format!(
            "const facts = row.querySelector('[data-testid=opportunity-facts]');\
             return facts && facts.textContent.includes({next:?}) \
               && !row.querySelector('[data-testid=edit-form]') ? true : null;"
        ),
    )
    .await?;
    assert_eq!(crm_stage_of_fulfillment(&stack, vendor), next);
    browser
        .checked_screenshot(&format!("pane-{}-stage-edited", vendor.name()))
        .await?;
    browser.close().await
}

/// Sets a text input's value as typing would (an `input` event the component listens to).
async fn type_into(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    browser.text_of(css, RENDER_TIMEOUT).await?;
    browser
        .execute(&format!(
            "const i = document.querySelector('{css}'); i.value = {}; \
             i.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;",
            serde_json::to_string(text)?
        ))
        .await?;
    Ok(())
}

/// Waits until the search results' text passes `check`, then returns it.
async fn wait_for_results(
    browser: &Browser,
    check: impl Fn(&str) -> bool,
) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let text = browser
            .text_of("[data-testid=search-results]", RENDER_TIMEOUT)
            .await
            .unwrap_or_default();
        if check(&text) {
            return Ok(text);
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the search results never matched; last: {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn follow_up_task_lands_in_the_crm(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .text_of("[data-testid=create-task]", RENDER_TIMEOUT)
        .await?;
    let prefill = browser
        .execute(
            "return ['task-subject','task-due','task-regarding']\
             .map(id => document.querySelector(`[data-testid=${id}]`).value);",
        )
        .await?;
    let prefill: Vec<String> = serde_json::from_value(prefill)?;
    assert_eq!(
        prefill[0], "Follow up: Northwind Fulfillment Cloud – proposal for Contoso",
        "the subject is prefilled from the email's"
    );
    assert!(
        prefill[1].len() == 10 && prefill[1].as_bytes()[4] == b'-',
        "a default due date: {prefill:?}"
    );
    assert!(
        prefill[2].starts_with("opportunity:"),
        "the suggested deal is the regarding record: {prefill:?}"
    );
    let subject = "Follow up: send Priya the revised quote";
    type_into(&browser, "[data-testid=task-subject]", subject).await?;
    let before = vendor.count(&stack, "task");
    browser
        .click("[data-testid=create-task]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=task-created]", "Task created").await?;
    assert_eq!(
        vendor.count(&stack, "task"),
        before + 1,
        "exactly one new task"
    );
    let link = browser
        .execute("return document.querySelector('[data-testid=task-link]').href;")
        .await?;
    let link = link.as_str().unwrap_or_default();
    assert!(link.starts_with("http"), "{link}");
    assert_eq!(
        vendor.task_subject(&stack, link).as_deref(),
        Some(subject),
        "the CRM holds the task the link opens, with the seller's subject"
    );
    browser
        .checked_screenshot(&format!("pane-{}-task-created", vendor.name()))
        .await?;
    browser.close().await
}

async fn search_filters_active_and_mine(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, vendor).await?;
    type_into(&browser, "[data-testid=search-text]", "Contoso").await?;
    browser
        .click("[data-testid=search-go]", RENDER_TIMEOUT)
        .await?;
    let all = wait_for_results(&browser, |text| text.contains("Contoso Ltd")).await?;
    assert!(
        all.contains("2025 pilot"),
        "closed deals appear without the filter: {all}"
    );
    let links = browser
        .execute(
            "return [...document.querySelectorAll('[data-testid=search-result] a')]\
             .every(a => a.href.startsWith('http'));",
        )
        .await?;
    assert_eq!(links, serde_json::json!(true), "every result opens the CRM");
    browser
        .click("[data-testid=search-active]", RENDER_TIMEOUT)
        .await?;
    browser
        .click("[data-testid=search-go]", RENDER_TIMEOUT)
        .await?;
    let active = wait_for_results(&browser, |text| {
        text.contains("Contoso Ltd") && !text.contains("2025 pilot")
    })
    .await?;
    assert!(active.contains("Fulfillment Cloud rollout"), "{active}");
    browser
        .checked_screenshot(&format!("pane-{}-search-active", vendor.name()))
        .await?;
    type_into(&browser, "[data-testid=search-text]", "Woodgrove").await?;
    browser
        .click("[data-testid=search-mine]", RENDER_TIMEOUT)
        .await?;
    browser
        .click("[data-testid=search-go]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=search-empty]", "No matches.").await?;
    browser
        .checked_screenshot(&format!("pane-{}-search-none-mine", vendor.name()))
        .await?;
    browser.close().await
}

for_both_crms!(
    cards_show_contact_account_and_deals,
    unknown_sender_is_added_as_one_contact,
    ambiguous_choice_is_remembered,
    saving_twice_makes_one_activity,
    a_failing_lookup_shows_a_retry_and_keeps_the_pane,
    a_throttled_lookup_says_when_to_retry,
    editing_a_contact_saves_the_value,
    editing_after_a_crm_change_shows_a_conflict_and_keeps_the_crm_value,
    editing_a_deal_stage_offers_only_the_crms_stages,
    follow_up_task_lands_in_the_crm,
    search_filters_active_and_mine,
);
