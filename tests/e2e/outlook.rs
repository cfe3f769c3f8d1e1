//! The Outlook host seam in Chromium: the pane opened as the add-in (`?host=outlook`) follows
//! the current item through the Office.js shim, including `ItemChanged`, and shows a readable
//! error when Office.js cannot load.
//!
//! Outlook itself cannot run here (no Microsoft 365, no network). The happy path therefore runs
//! the real shim and pane against a stand-in `window.Office` defined before the page's scripts,
//! implementing the few Office.js calls the shim makes, with the same id forms Exchange uses (EWS
//! ids are the `+`/`/` base64 variant of the REST ids). The failure path uses no stand-in: the
//! real office.js URL is unreachable here, exactly as when the CDN is blocked.

use crate::pane::wait_for;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_wire::MailItem;
use std::time::Duration;

const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

/// A minimal Office.js stand-in: `onReady`, `context.mailbox.item`, `convertToRestId`,
/// `addHandlerAsync(ItemChanged)`; `window.__outlookSelect(item)` plays the user selecting
/// another message.
fn office_stand_in(first: &serde_json::Value) -> String {
    format!(
        r#"
        (() => {{
          const toEws = id => id.replace(/-/g, '+').replace(/_/g, '/');
          const toRest = id => id.replace(/\+/g, '-').replace(/\//g, '_');
          const asItem = m => ({{
            itemType: 'message',
            itemId: toEws(m.id),
            subject: m.subject,
            from: m.from && {{ displayName: m.from.name, emailAddress: m.from.address }},
            to: m.to.map(a => ({{ displayName: a.name, emailAddress: a.address }})),
            cc: m.cc.map(a => ({{ displayName: a.name, emailAddress: a.address }})),
            internetMessageId: m.internet_message_id,
            conversationId: m.conversation_id,
            dateTimeCreated: m.received,
          }});
          let changed = null;
          const mailbox = {{
            item: asItem({first}),
            diagnostics: {{ hostName: 'OutlookWebApp' }},
            convertToRestId: (id, version) => toRest(id),
            addHandlerAsync: (type, handler) => {{ if (type === 'olkItemSelectedChanged') changed = handler; }},
          }};
          window.Office = {{
            HostType: {{ Outlook: 'Outlook' }},
            MailboxEnums: {{ ItemType: {{ Message: 'message' }}, RestVersion: {{ v2_0: 'v2.0' }} }},
            EventType: {{ ItemChanged: 'olkItemSelectedChanged' }},
            context: {{ mailbox }},
            onReady: () => Promise.resolve({{ host: 'Outlook', platform: 'OfficeOnline' }}),
          }};
          window.__outlookSelect = m => {{ mailbox.item = asItem(m); changed && changed({{}}); }};
        }})();
        "#
    )
}

async fn megan_token(stack: &Stack) -> anyhow::Result<String> {
    let minted: serde_json::Value = reqwest::Client::new()
        .post(format!(
            "{}/_sandbox/authority/token",
            stack.sandbox.urls().origin
        ))
        .json(&serde_json::json!({ "user_id": USERS[0].id }))
        .send()
        .await?
        .json()
        .await?;
    Ok(minted["access_token"].as_str().expect("a token").to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_pane_follows_outlooks_current_item() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let inbox: Vec<MailItem> = reqwest::Client::new()
        .get(format!("{}/api/mail/inbox", stack.url))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let pick = |subject: &str| {
        inbox
            .iter()
            .find(|m| m.subject == subject)
            .map(|m| serde_json::to_value(m).expect("serializable"))
            .expect("the demo mailbox has it")
    };
    let contoso = pick("RE: Northwind Fulfillment Cloud – proposal for Contoso");
    let alpine = pick("Alpine Ski House – timing");

    let browser = Browser::start().await?;
    // In Outlook the token would come from nested app authentication; here the session is
    // placed where the pane keeps it.
    browser
        .add_init_script(&format!(
            "sessionStorage.setItem('closer.token', {});",
            serde_json::Value::String(token)
        ))
        .await?;
    browser.add_init_script(&office_stand_in(&contoso)).await?;
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;

    browser
        .text_of("[data-testid=outlook-pane]", RENDER_TIMEOUT)
        .await?;
    assert!(
        browser
            .text_of("[data-testid=mailbox]", Duration::from_millis(500))
            .await
            .is_err(),
        "no preview mailbox inside Outlook"
    );
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser.screenshot("outlook-pane-current-item").await?;

    // A pinned pane follows the selection.
    browser
        .execute(&format!("window.__outlookSelect({alpine}); return true;"))
        .await?;
    wait_for(
        &browser,
        "[data-testid=item-subject]",
        "Alpine Ski House – timing",
    )
    .await?;
    wait_for(&browser, "[data-testid=people]", "Luca Moretti").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn without_office_js_the_task_pane_says_so() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;
    let error = browser
        .text_of("[data-testid=host-error]", RENDER_TIMEOUT)
        .await?;
    assert!(error.contains("could not connect to Outlook"), "{error}");
    // The rest of the pane still renders.
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    browser.screenshot("outlook-pane-no-office").await?;
    browser.close().await
}
