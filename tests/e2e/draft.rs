//! Reply drafts on the real stack: the sandbox model streams through the worker
//! (`text/event-stream` under `wrangler dev`) into the pane, which shows the text while it
//! arrives; refine and undo; insert into the preview's reply box, and in Outlook (a stand-in
//! for the Office.js calls) into the reply form or the body being composed; grounding in the
//! connected opportunity on Salesforce too; a failing model leaves the CRM cards alone and the
//! card offers retry; model output is text, never markup.

use crate::common::{RENDER_TIMEOUT, fault, script};
use crate::outlook::{megan_token, message};
use crate::pane::{CONTOSO, Vendor, contoso_with_its_cards, open_email, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use fantoccini::Locator;
use std::time::Duration;

/// Waits until `css` holds exactly `expected`.
async fn wait_for_exact(browser: &Browser, css: &str, expected: &str) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let text = browser.text_of(css, RENDER_TIMEOUT).await?;
        if text.trim() == expected {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{css} shows {text:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Asks for a draft and waits until it is complete (the model's name shows under it).
async fn generate_draft(browser: &Browser) -> anyhow::Result<()> {
    browser
        .click("[data-testid=draft-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for(browser, "[data-testid=draft-model]", "closer-sandbox-model").await?;
    Ok(())
}

/// Records, in the page, every length the draft text had and when, and when the draft was
/// complete: what the seller saw while it streamed.
const WATCH_DRAFT: &str = r#"
window.__draftSeen = [];
window.__draftDone = null;
new MutationObserver(() => {
  const text = document.querySelector('[data-testid=draft-text]');
  if (text) {
    const length = text.textContent.length;
    const seen = window.__draftSeen;
    if (length > 0 && (seen.length === 0 || seen[seen.length - 1][1] !== length)) {
      seen.push([performance.now(), length]);
    }
  }
  if (window.__draftDone === null && document.querySelector('[data-testid=draft-model]')) {
    window.__draftDone = performance.now();
  }
}).observe(document.body, { childList: true, subtree: true, characterData: true });
"#;

#[tokio::test(flavor = "multi_thread")]
async fn the_draft_streams_into_the_pane_with_slots_and_inserts_into_the_reply()
-> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // 300 words: the sandbox sends one chunk per word, a few milliseconds apart.
    let long: String = (1..=300).map(|i| format!("word{i} ")).collect();
    let long = long.trim_end().to_owned();
    script(&stack, &[&long]).await?;
    let browser = contoso_with_its_cards(&stack, Vendor::Dynamics).await?;
    browser
        .click("[data-testid=draft-slots]", RENDER_TIMEOUT)
        .await?;
    browser.execute(WATCH_DRAFT).await?;
    generate_draft(&browser).await?;
    wait_for_exact(&browser, "[data-testid=draft-text]", &long).await?;
    // The last chunk can paint before the stream's end arrives.
    browser
        .text_of("[data-testid=draft-model]", RENDER_TIMEOUT)
        .await?;

    let seen = browser.execute("return window.__draftSeen;").await?;
    let done = browser.execute("return window.__draftDone;").await?;
    let seen: Vec<(f64, usize)> = serde_json::from_value(seen)?;
    let done = done.as_f64().expect("the draft completed");
    let (first_at, first_length) = seen[0];
    assert!(
        first_length < long.len(),
        "the first text shown was already the whole draft: {seen:?}"
    );
    assert!(
        first_at < done,
        "text was visible before the draft completed"
    );
    assert!(seen.len() >= 5, "the text grew in steps: {seen:?}");
    browser.checked_screenshot("draft-streamed").await?;

    // Free slots from the seller's working hours (Megan: Pacific, Monday to Friday 08-17).
    let slots = browser
        .text_of("[data-testid=draft-slot-list]", RENDER_TIMEOUT)
        .await?;
    assert!(slots.contains("(Pacific Standard Time)"), "{slots}");
    let listed = browser
        .client
        .find_all(Locator::Css("[data-testid=draft-slot]"))
        .await?;
    assert_eq!(listed.len(), 3, "{slots}");
    assert!(
        !slots.contains("Sat ") && !slots.contains("Sun "),
        "{slots}"
    );

    // Grounded in the opportunity the CRM cards connected the email to, read by the worker.
    let grounding = browser
        .text_of("[data-testid=draft-grounding]", RENDER_TIMEOUT)
        .await?;
    assert!(
        grounding.contains("Opportunity: Contoso – Fulfillment Cloud rollout"),
        "{grounding}"
    );

    browser
        .click("[data-testid=draft-insert]", RENDER_TIMEOUT)
        .await?;
    let inserted = browser
        .execute("return document.querySelector('[data-testid=reply-preview-body]').value;")
        .await?;
    assert_eq!(inserted.as_str(), Some(long.as_str()));
    browser.checked_screenshot("draft-inserted").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_is_refined_and_the_refinement_undone() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    script(
        &stack,
        &[
            "Hi Priya, thanks for the proposal review. Happy to walk through the pricing.",
            "Hi Priya, happy to walk through the pricing.",
        ],
    )
    .await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .click("[data-testid=draft-generate]", RENDER_TIMEOUT)
        .await?;
    let first = "Hi Priya, thanks for the proposal review. Happy to walk through the pricing.";
    wait_for_exact(&browser, "[data-testid=draft-text]", first).await?;
    // The last chunk can paint before the stream's end arrives; the actions show once it has.
    browser
        .text_of("[data-testid=draft-model]", RENDER_TIMEOUT)
        .await?;
    let undo = browser
        .client
        .find(Locator::Css("[data-testid=draft-undo]"))
        .await?;
    assert!(
        undo.attr("disabled").await?.is_some(),
        "nothing to undo yet"
    );

    browser
        .client
        .find(Locator::Css("[data-testid=draft-refine-text]"))
        .await?
        .send_keys("shorter")
        .await?;
    browser
        .click("[data-testid=draft-refine]", RENDER_TIMEOUT)
        .await?;
    let second = "Hi Priya, happy to walk through the pricing.";
    wait_for_exact(&browser, "[data-testid=draft-text]", second).await?;
    browser.checked_screenshot("draft-refined").await?;

    browser
        .click("[data-testid=draft-undo]", RENDER_TIMEOUT)
        .await?;
    wait_for_exact(&browser, "[data-testid=draft-text]", first).await?;
    // One step only: the undo is spent.
    let undo = browser
        .client
        .find(Locator::Css("[data-testid=draft-undo]"))
        .await?;
    assert!(undo.attr("disabled").await?.is_some(), "one step of undo");
    browser.close().await
}

/// The card asks the worker to prepare the thread when it opens; Generate hands the sealed
/// result back and the worker starts the model without reading Graph: with every Graph call
/// failing from then on, the draft still streams, from the whole thread.
#[tokio::test(flavor = "multi_thread")]
async fn a_thread_prepared_when_the_card_opens_spares_generate_the_graph_read() -> anyhow::Result<()>
{
    let stack = Stack::start(StackOptions::default()).await?;
    script(&stack, &["Hi Priya, happy to walk through the pricing."]).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    open_email(&browser, CONTOSO).await?;
    browser
        .text_of(
            "[data-testid=draft-card][data-prepared=true]",
            RENDER_TIMEOUT,
        )
        .await?;
    fault(
        &stack,
        serde_json::json!({ "path_prefix": "/graph/", "status": 500 }),
    )
    .await?;
    generate_draft(&browser).await?;
    wait_for_exact(
        &browser,
        "[data-testid=draft-text]",
        "Hi Priya, happy to walk through the pricing.",
    )
    .await?;
    // Shown only when the draft used messages of the thread: the prepared ones.
    let grounding = browser
        .text_of("[data-testid=draft-grounding]", RENDER_TIMEOUT)
        .await?;
    assert!(grounding.starts_with("From "), "{grounding}");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn model_failures_keep_the_cards_offer_retry_and_output_is_text() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let hostile = "<img src=x onerror=\"document.title='pwned'\"> <b>bold</b> reply";
    let browser = contoso_with_its_cards(&stack, Vendor::Dynamics).await?;

    // The model refuses the call: the card says so and offers retry; the cards stay.
    fault(
        &stack,
        serde_json::json!({ "path_prefix": "/openai/", "status": 500, "times": 1 }),
    )
    .await?;
    browser
        .click("[data-testid=draft-generate]", RENDER_TIMEOUT)
        .await?;
    let error = browser
        .text_of("[data-testid=draft-error]", RENDER_TIMEOUT)
        .await?;
    assert!(error.contains("language model"), "{error}");
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.checked_screenshot("draft-model-failed").await?;

    // Retry: the fault was for one call; the answer is shown as text, never as markup.
    script(&stack, &[hostile]).await?;
    browser
        .click("[data-testid=draft-retry]", RENDER_TIMEOUT)
        .await?;
    wait_for_exact(&browser, "[data-testid=draft-text]", hostile).await?;
    let injected = browser
        .client
        .find_all(Locator::Css(
            "[data-testid=draft-text] img, [data-testid=draft-text] b",
        ))
        .await?;
    assert!(injected.is_empty(), "model output became markup");
    browser
        .click("[data-testid=draft-insert]", RENDER_TIMEOUT)
        .await?;
    let inserted = browser
        .execute("return document.querySelector('[data-testid=reply-preview-body]').value;")
        .await?;
    assert_eq!(inserted.as_str(), Some(hostile));
    assert_ne!(browser.execute("return document.title;").await?, "pwned");

    // A stream cut mid-way: the text so far stays, the card says it failed and offers retry.
    fault(
        &stack,
        serde_json::json!({ "path_prefix": "/openai/", "body": "truncated", "times": 1 }),
    )
    .await?;
    browser
        .click("[data-testid=draft-generate]", RENDER_TIMEOUT)
        .await?;
    let error = browser
        .text_of("[data-testid=draft-error]", RENDER_TIMEOUT)
        .await?;
    assert!(!error.is_empty());
    browser
        .client
        .find(Locator::Css("[data-testid=draft-retry]"))
        .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.checked_screenshot("draft-stream-cut").await?;
    browser.close().await
}

/// With the CRM cards loaded, the draft rests on the opportunity they connected the email to,
/// which the worker reads from that CRM with the seller's token.
async fn grounded_in_the_connected_opportunity(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    script(&stack, &["Hi Priya, the pricing stands."]).await?;
    let browser = contoso_with_its_cards(&stack, vendor).await?;
    browser
        .click("[data-testid=draft-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for_exact(
        &browser,
        "[data-testid=draft-text]",
        "Hi Priya, the pricing stands.",
    )
    .await?;
    let grounding = browser
        .text_of("[data-testid=draft-grounding]", RENDER_TIMEOUT)
        .await?;
    assert!(
        grounding.contains("Opportunity: Contoso – Fulfillment Cloud rollout"),
        "{} draft grounding: {grounding}",
        vendor.name()
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn salesforce_drafts_are_grounded_in_the_connected_opportunity() -> anyhow::Result<()> {
    grounded_in_the_connected_opportunity(Vendor::Salesforce).await
}

/// A stand-in for the few Office.js calls the shim makes (see `outlook.rs`), whose current
/// message records what Closer inserts: `displayReplyForm` (read mode) into
/// `window.__replyForms`, `body.prependAsync` (compose, once `displayReplyForm` is removed)
/// into `window.__prepended`.
fn outlook_recording_inserts(message: &serde_json::Value) -> String {
    format!(
        r#"
        (() => {{
          const person = a => ({{ displayName: a.name, emailAddress: a.address }});
          const m = {message};
          window.__replyForms = [];
          window.__prepended = [];
          const item = {{
            itemType: 'message', itemId: m.id, subject: m.subject,
            from: m.from && person(m.from), to: m.to.map(person), cc: m.cc.map(person),
            internetMessageId: m.internet_message_id, conversationId: m.conversation_id,
            dateTimeCreated: m.received,
            displayReplyForm: form => window.__replyForms.push(form),
            body: {{ prependAsync: (text, options, done) => {{
              window.__prepended.push({{ text, coercionType: options.coercionType }});
              done({{ status: 'succeeded' }});
            }} }},
          }};
          window.Office = {{
            HostType: {{ Outlook: 'Outlook' }},
            MailboxEnums: {{ ItemType: {{ Message: 'message', Appointment: 'appointment' }},
                             RestVersion: {{ v2_0: 'v2.0' }} }},
            EventType: {{ ItemChanged: 'olkItemSelectedChanged' }},
            CoercionType: {{ Text: 'text', Html: 'html' }},
            AsyncResultStatus: {{ Succeeded: 'succeeded', Failed: 'failed' }},
            context: {{
              mailbox: {{ item, convertToRestId: id => id, addHandlerAsync: () => {{}},
                          diagnostics: {{ hostName: 'OutlookWebApp' }} }},
              officeTheme: null,
              requirements: {{ isSetSupported: () => false }},
            }},
            onReady: () => Promise.resolve({{ host: 'Outlook', platform: 'OfficeOnline' }}),
          }};
        }})();
        "#
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn in_outlook_insert_opens_the_reply_form_or_prepends_in_compose() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let draft = "Hi Priya,\nthe <b>pricing</b> & terms stand.";
    script(&stack, &[draft]).await?;
    let token = &megan_token(&stack).await?;
    let contoso = message(&stack, token, CONTOSO).await?;

    let browser = Browser::start().await?;
    browser.hold_token(token).await?;
    browser
        .add_init_script(&outlook_recording_inserts(&contoso))
        .await?;
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    generate_draft(&browser).await?;

    // Read mode: Outlook's reply form opens with the draft as escaped HTML, line break kept.
    browser
        .click("[data-testid=draft-insert]", RENDER_TIMEOUT)
        .await?;
    let forms = browser.execute("return window.__replyForms;").await?;
    assert_eq!(
        forms,
        serde_json::json!([{ "htmlBody": "Hi Priya,<br>the &lt;b&gt;pricing&lt;/b&gt; &amp; terms stand." }])
    );
    assert!(
        browser
            .text_of("[data-testid=reply-preview]", Duration::from_millis(500))
            .await
            .is_err(),
        "inside Outlook the preview's box is not used"
    );

    // Compose mode: prepended as plain text.
    browser
        .execute("delete window.Office.context.mailbox.item.displayReplyForm; return true;")
        .await?;
    browser
        .click("[data-testid=draft-insert]", RENDER_TIMEOUT)
        .await?;
    let prepended = browser.execute("return window.__prepended;").await?;
    assert_eq!(
        prepended,
        serde_json::json!([{ "text": draft, "coercionType": "text" }])
    );
    browser.close().await
}
