//! The Outlook host seam in Chromium: the pane opened as the add-in (`?host=outlook`) follows
//! the current item (a message or an appointment, whose recap it makes from the transcript)
//! through the Office.js shim, including
//! `ItemChanged`; follows the Office theme (dark and light, and `OfficeThemeChanged`); signs in
//! through nested app authentication where Outlook supports it (no redirect page) and offers the
//! redirect sign-in where it does not; and shows a readable error when Office.js cannot load.
//! Beside them, the browser preview's theme toggle, which stands in for the host's theme.
//!
//! Outlook itself cannot run here (no Microsoft 365, no network). The happy paths therefore run
//! the real shim and pane against a stand-in `window.Office` defined before the page's scripts,
//! implementing the few Office.js calls the shim makes, with the same id forms Exchange uses (EWS
//! ids are the `+`/`/` base64 variant of the REST ids), and, for NAA, a stand-in for MSAL.js's
//! nestable client that hands out a token the sandbox authority minted (as Entra would through
//! Outlook). The real MSAL.js bundle is checked to be served from the pane's own origin. The
//! failure path uses no stand-in: the real office.js URL is unreachable here, exactly as when
//! the CDN is blocked.

use crate::common::{RENDER_TIMEOUT, mint_token};
use crate::pane::{CONTOSO, wait_for};
use closer_e2e::browser::Browser;
pub(crate) use closer_e2e::outlook::{Outlook, office_stand_in};
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::{self, USERS};
use closer_wire::{MailItem, MeetingItem};
use std::time::Duration;

/// A stand-in for MSAL.js's nestable public client, answering as Outlook's broker would: the
/// silent call gives `token` (or fails, as before consent), the popup gives `token`. Every call
/// is recorded in `window.__naa` (the client's configuration and the scopes asked for).
pub(crate) fn msal_stand_in(token: &str, silent_works: bool) -> String {
    let token = serde_json::Value::String(token.to_owned());
    format!(
        r#"
        (() => {{
          window.__naa = [];
          const answer = (how, config, request, ok) => {{
            window.__naa.push({{ how, clientId: config.auth.clientId, authority: config.auth.authority, scopes: request.scopes }});
            return ok ? Promise.resolve({{ accessToken: {token} }})
                      : Promise.reject({{ errorCode: 'interaction_required', errorMessage: 'consent needed' }});
          }};
          window.msal = {{
            createNestablePublicClientApplication: config => Promise.resolve({{
              acquireTokenSilent: request => answer('silent', config, request, {silent_works}),
              acquireTokenPopup: request => answer('popup', config, request, true),
            }}),
          }};
        }})();
        "#
    )
}

/// A token for Megan, as the pane holds it after signing in.
pub(crate) async fn megan_token(stack: &Stack) -> anyhow::Result<String> {
    mint_token(stack, serde_json::json!({ "user_id": USERS[0].id })).await
}

async fn megans(stack: &Stack, token: &str, path: &str) -> anyhow::Result<serde_json::Value> {
    Ok(reqwest::Client::new()
        .get(format!("{}{path}", stack.url))
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?)
}

/// One of Megan's inbox messages, as the host would describe it.
pub(crate) async fn message(
    stack: &Stack,
    token: &str,
    subject: &str,
) -> anyhow::Result<serde_json::Value> {
    let inbox: Vec<MailItem> =
        serde_json::from_value(megans(stack, token, "/api/mail/inbox").await?)?;
    let found = inbox
        .iter()
        .find(|m| m.subject == subject)
        .expect("the demo mailbox has it");
    Ok(serde_json::to_value(found)?)
}

/// Opens the task pane in a browser where Outlook is `outlook` and the pane already holds
/// `token` (when given; in Outlook with NAA the host hands it out instead).
pub(crate) async fn task_pane(
    stack: &Stack,
    first: &serde_json::Value,
    outlook: &Outlook,
    token: Option<&str>,
    extra_script: Option<String>,
) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    if let Some(token) = token {
        browser.hold_token(token).await?;
    }
    if let Some(script) = extra_script {
        browser.add_init_script(&script).await?;
    }
    browser
        .add_init_script(&office_stand_in(first, outlook))
        .await?;
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;
    browser
        .text_of("[data-testid=outlook-pane]", RENDER_TIMEOUT)
        .await?;
    Ok(browser)
}

/// The task pane's width in Outlook on the web and the new Outlook, in CSS pixels.
const OUTLOOK_PANE_WIDTH: u32 = 350;

/// An Outlook that supports nested app authentication.
const NESTED_AUTH: Outlook = Outlook {
    theme: None,
    nested_auth: true,
    display_language: None,
};

/// The task pane on the Contoso thread in `outlook`, with no stored session: a token can only
/// come from Outlook's broker, whose MSAL stand-in hands out Megan's token silently or, unless
/// `silent_works`, only after a popup.
async fn pane_without_a_session(
    stack: &Stack,
    outlook: &Outlook,
    silent_works: bool,
) -> anyhow::Result<Browser> {
    let token = megan_token(stack).await?;
    let contoso = message(stack, &token, CONTOSO).await?;
    task_pane(
        stack,
        &contoso,
        outlook,
        None,
        Some(msal_stand_in(&token, silent_works)),
    )
    .await
}

/// On a cold start the shim asks for the first message's CRM cards while the pane's wasm
/// still loads, and the pane takes that answer as its own: one `POST /api/pane/email` in all
/// (the pane would otherwise send a second), and the cards show. The next item is the pane's
/// own request again.
#[tokio::test(flavor = "multi_thread")]
async fn the_first_cards_are_asked_for_while_the_pane_loads() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    let alpine = message(&stack, &token, "Alpine Ski House – timing").await?;
    let browser = task_pane(&stack, &contoso, &Outlook::default(), Some(&token), None).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    let requests = r#"return performance.getEntriesByType('resource')
        .filter((e) => e.name.endsWith('/api/pane/email')).length;"#;
    assert_eq!(
        browser.execute(requests).await?,
        1,
        "the early request was used"
    );
    browser
        .execute(&format!("window.__outlookSelect({alpine}); return true;"))
        .await?;
    wait_for(&browser, "[data-testid=people]", "Luca Moretti").await?;
    assert_eq!(
        browser.execute(requests).await?,
        2,
        "the next item asks itself"
    );
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_pane_follows_outlooks_current_item() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    let alpine = message(&stack, &token, "Alpine Ski House – timing").await?;
    let calendar: Vec<MeetingItem> = serde_json::from_value(
        megans(
            &stack,
            &token,
            "/api/mail/calendar?start=2026-11-15T00:00:00Z&end=2026-12-15T00:00:00Z",
        )
        .await?,
    )?;
    let review = calendar
        .iter()
        .find(|e| e.subject == "Contoso – pricing and order form review")
        .expect("the demo calendar has it");

    // In Outlook without NAA the session is placed where the pane keeps it.
    let browser = task_pane(&stack, &contoso, &Outlook::default(), Some(&token), None).await?;
    assert!(
        browser
            .text_of("[data-testid=mailbox]", Duration::from_millis(500))
            .await
            .is_err(),
        "no preview mailbox inside Outlook"
    );
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    browser
        .checked_screenshot("outlook-pane-current-item")
        .await?;

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

    // An appointment: the meeting's cards, from Office.js's appointment properties.
    browser
        .execute(&format!(
            "window.__outlookSelectMeeting({}); return true;",
            serde_json::to_value(review)?
        ))
        .await?;
    wait_for(&browser, "[data-testid=item-subject]", &review.subject).await?;
    let time = wait_for(&browser, "[data-testid=meeting-time]", "Nov 19, 2026").await?;
    assert_eq!(
        closer_e2e::browser::plain_spaces(&time),
        "Nov 19, 2026, 6:00 – 6:45 PM UTC"
    );
    let attendees = wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    assert!(attendees.contains("Daniel Brooks"), "{attendees}");
    browser
        .text_of("[data-testid=save-meeting]", RENDER_TIMEOUT)
        .await?;
    browser
        .checked_screenshot("outlook-pane-appointment")
        .await?;
    // The past meeting's recap, from the Outlook calendar as from Teams.
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
    assert!(summary.contains(" · "), "speaker and time: {summary}");
    browser
        .execute(
            "document.querySelector('[data-testid=recap-card]').scrollIntoView(); return true;",
        )
        .await?;
    browser
        .checked_screenshot("outlook-pane-appointment-recap")
        .await?;
    browser.close().await
}

/// The page's computed background colour and `data-theme`.
async fn rendered_theme(browser: &Browser) -> anyhow::Result<(String, String, String)> {
    let found = browser
        .execute(
            "const card = document.querySelector('.card');
             return [getComputedStyle(document.body).backgroundColor,
                     document.documentElement.dataset.theme || '',
                     card ? getComputedStyle(card).backgroundColor : ''];",
        )
        .await?;
    let text = |at: usize| found[at].as_str().unwrap_or_default().to_owned();
    Ok((text(0), text(1), text(2)))
}

async fn wait_for_theme(
    browser: &Browser,
    background: &str,
) -> anyhow::Result<(String, String, String)> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let theme = rendered_theme(browser).await?;
        if theme.0 == background {
            return Ok(theme);
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the pane never turned {background}: {theme:?}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_task_pane_follows_the_office_theme() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let contoso = message(&stack, &token, CONTOSO).await?;
    // Outlook's dark theme (no isDarkTheme flag: the shim reads the background's luminance).
    let dark = Outlook {
        theme: Some(serde_json::json!({
            "bodyBackgroundColor": "#262626",
            "bodyForegroundColor": "#FFFFFF",
            "controlBackgroundColor": "#333333",
            "controlForegroundColor": "#FFFFFF",
        })),
        nested_auth: false,
        display_language: None,
    };
    let browser = task_pane(&stack, &contoso, &dark, Some(&token), None).await?;
    // Outlook's task pane width (new Outlook and Outlook on the web open it at 350 px).
    browser.set_viewport(OUTLOOK_PANE_WIDTH, 900).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    let (background, theme, card) = wait_for_theme(&browser, "rgb(38, 38, 38)").await?;
    assert_eq!(theme, "dark");
    assert_eq!(
        card, "rgb(51, 51, 51)",
        "cards take Outlook's control colour"
    );
    let text = browser
        .execute("return getComputedStyle(document.body).color;")
        .await?;
    assert_eq!(text, serde_json::json!("rgb(255, 255, 255)"));
    assert_eq!(background, "rgb(38, 38, 38)");
    browser.checked_screenshot("outlook-pane-dark").await?;

    // The seller switches Outlook to its light theme while the pane is open.
    browser
        .execute(
            "window.__outlookTheme({ bodyBackgroundColor: '#ffffff', bodyForegroundColor: '#000000',
               controlBackgroundColor: '#f3f2f1', controlForegroundColor: '#000000', isDarkTheme: false });
             return true;",
        )
        .await?;
    let (_, theme, card) = wait_for_theme(&browser, "rgb(255, 255, 255)").await?;
    assert_eq!(theme, "light");
    assert_eq!(card, "rgb(243, 242, 241)");
    browser.checked_screenshot("outlook-pane-light").await?;
    browser.close().await
}

/// Picks `choice` in the preview's theme toggle, as a seller would.
async fn pick_theme(browser: &Browser, choice: &str) -> anyhow::Result<()> {
    browser
        .execute(&format!(
            "const toggle = document.querySelector('[data-testid=theme-toggle]');
             toggle.value = '{choice}';
             toggle.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return true;"
        ))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn in_the_preview_the_theme_toggle_stands_in_for_the_host() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    browser.open(&stack.url).await?;
    browser
        .text_of("[data-testid=theme-toggle]", RENDER_TIMEOUT)
        .await?;
    // Headless Chromium prefers light: the system choice renders light.
    let (_, theme, _) = wait_for_theme(&browser, "rgb(255, 255, 255)").await?;
    assert_eq!(theme, "");
    pick_theme(&browser, "dark").await?;
    let (_, theme, _) = wait_for_theme(&browser, "rgb(31, 31, 31)").await?;
    assert_eq!(theme, "dark");
    browser.checked_screenshot("preview-dark").await?;
    // The choice is remembered in this browser.
    browser.open(&stack.url).await?;
    browser
        .text_of("[data-testid=theme-toggle]", RENDER_TIMEOUT)
        .await?;
    wait_for_theme(&browser, "rgb(31, 31, 31)").await?;
    pick_theme(&browser, "light").await?;
    let (_, theme, _) = wait_for_theme(&browser, "rgb(255, 255, 255)").await?;
    assert_eq!(theme, "light");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn with_nested_app_auth_outlook_signs_the_pane_in() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = pane_without_a_session(&stack, &NESTED_AUTH, true).await?;
    wait_for(&browser, "[data-testid=me-name]", USERS[0].name).await?;
    wait_for(&browser, "[data-testid=people]", "Priya Raman").await?;
    let url = browser.current_url().await?;
    assert!(
        url.starts_with(&stack.url) && url.ends_with("/?host=outlook"),
        "never left for a sign-in page: {url}"
    );
    let calls = browser.execute("return window.__naa;").await?;
    let calls = calls.as_array().expect("recorded calls");
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["how"], "silent");
    assert_eq!(calls[0]["clientId"], demo::CLOSER_CLIENT_ID);
    assert_eq!(
        calls[0]["scopes"],
        serde_json::json!([demo::CLOSER_SCOPE]),
        "only Closer's API is asked for"
    );
    assert!(
        calls[0]["authority"]
            .as_str()
            .unwrap_or_default()
            .starts_with(&stack.sandbox.urls().authority),
        "{calls:?}"
    );
    browser
        .checked_screenshot("outlook-pane-nested-auth")
        .await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn when_outlook_needs_consent_sign_in_opens_its_popup() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = pane_without_a_session(&stack, &NESTED_AUTH, false).await?;
    let note = browser
        .text_of("[data-testid=nested-sign-in-note]", RENDER_TIMEOUT)
        .await?;
    assert!(note.contains("consent needed"), "{note}");
    browser
        .click("[data-testid=sign-in]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=me-name]", USERS[0].name).await?;
    let calls = browser
        .execute("return window.__naa.map(c => c.how);")
        .await?;
    assert_eq!(calls, serde_json::json!(["silent", "silent", "popup"]));
    assert!(browser.current_url().await?.ends_with("/?host=outlook"));
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn without_nested_app_auth_the_redirect_sign_in_is_offered() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // An MSAL stand-in is present, but Outlook does not claim NAA: it must not be used.
    let browser = pane_without_a_session(&stack, &Outlook::default(), true).await?;
    browser
        .click("[data-testid=sign-in]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of(
            &format!("[data-testid=sign-in-as-{}]", USERS[0].id),
            RENDER_TIMEOUT,
        )
        .await?;
    let url = browser.current_url().await?;
    assert!(
        url.starts_with(&stack.sandbox.urls().authority) && url.contains("/authorize?"),
        "the authority's sign-in page: {url}"
    );
    let calls = browser.execute("return window.__naa;").await?;
    assert_eq!(calls, serde_json::json!([]), "no nested sign-in");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn msal_js_is_served_from_the_panes_origin() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let bundle = reqwest::get(format!("{}/msal-browser.min.js", stack.url))
        .await?
        .error_for_status()?
        .text()
        .await?;
    assert!(
        bundle.starts_with("/*! @azure/msal-browser v"),
        "{}",
        &bundle[..80.min(bundle.len())]
    );
    assert!(bundle.contains("createNestablePublicClientApplication"));
    Ok(())
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
    browser.checked_screenshot("outlook-pane-no-office").await?;
    browser.close().await
}
