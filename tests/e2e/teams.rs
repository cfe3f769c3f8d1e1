//! The Teams host seam in Chromium: the pane opened as a Teams tab (`?host=teams`) reads the
//! meeting chat's id from Teams' context, the worker resolves it to the seller's calendar event,
//! and the meeting's CRM cards show in the 320 px meeting side panel without sideways scrolling
//! (for Dynamics and for Salesforce); Teams' themes (default, dark, contrast, and a switch while
//! open) become the pane's palettes; the configurable tab's configuration page saves the pane as
//! the tab's content; a tab outside a meeting, or a chat the worker cannot resolve, says so and
//! the rest of the pane renders; nested app authentication where Teams recommends it (also for
//! the Admin tab), otherwise the redirect sign-in in Teams' own popup; TeamsJS is served from the pane's own origin,
//! and only a Teams tab loads it. In the side panel: the prep card, the recap with a suggested
//! task applied once, and a meeting without transcript saying why.
//!
//! Teams itself cannot run here (no Microsoft 365, no network). The happy paths run the real
//! shim and pane against a stand-in `window.microsoftTeams`, defined before the page's scripts,
//! implementing the few TeamsJS calls the shim makes (the shim does not load TeamsJS when it is
//! already there, as in Teams' own test hosts), with a context shaped as TeamsJS v2's
//! `app.Context`; and, for NAA, the MSAL.js nestable-client stand-in of `outlook.rs`, handing out
//! a token the sandbox authority minted. The failure path uses no stand-in: the real TeamsJS
//! bundle loads from the pane's origin and finds no Teams around it.

use crate::common::{RENDER_TIMEOUT, for_both_crms, mint_token};
use crate::outlook::{megan_token, msal_stand_in};
use crate::pane::{Vendor, ready, wait_for};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::{self, USERS};
use closer_sandbox::graph::seed::MEETINGS;
use serde_json::json;
use std::time::Duration;

const PRICING_REVIEW: &str = "Contoso – pricing and order form review";
/// The meeting side panel's width in Teams.
const SIDE_PANEL_WIDTH: u32 = 320;

/// The seeded Contoso pricing review's meeting chat (Megan organized it).
fn pricing_review_chat() -> &'static str {
    let meeting = MEETINGS
        .iter()
        .find(|m| m.subject == PRICING_REVIEW)
        .expect("the sandbox seeds the Contoso pricing review");
    meeting.chat_id
}

/// How the stand-in Teams behaves.
struct Teams {
    /// `page.frameContext`: `sidePanel`, `content`, `settings`, ….
    frame: &'static str,
    /// `chat.id`; none in a personal tab.
    chat_id: Option<String>,
    /// `app.theme`: `default`, `dark` or `contrast`.
    theme: &'static str,
    /// What `nestedAppAuth.isNAAChannelRecommended()` answers.
    nested_auth: bool,
    /// `app.locale`: Teams' UI language, as Teams writes it (`en-us`, `fr-fr`).
    locale: &'static str,
}

impl Teams {
    /// The meeting side panel of the Contoso pricing review, default theme.
    fn side_panel() -> Self {
        Self {
            frame: "sidePanel",
            chat_id: Some(pricing_review_chat().to_owned()),
            theme: "default",
            nested_auth: false,
            locale: "en-us",
        }
    }
}

/// A minimal TeamsJS v2 stand-in: `app.initialize`, `app.getContext`,
/// `app.registerOnThemeChangeHandler`, `nestedAppAuth.isNAAChannelRecommended`,
/// `pages.config.{registerOnSaveHandler, setConfig, setValidityState}`,
/// `authentication.{authenticate, notifySuccess, notifyFailure}`. Calls are recorded in
/// `window.__teams`; `window.__teamsTheme(name)` plays a theme switch and `window.__teamsSave()`
/// the user pressing Save on the configuration page.
fn teams_stand_in(teams: &Teams) -> String {
    let context = json!({
        "app": {
            "theme": teams.theme,
            "locale": teams.locale,
            "sessionId": "e2e-session",
            "host": { "name": "Teams", "clientType": "web" },
        },
        "page": { "id": "closer-meeting", "frameContext": teams.frame },
        "user": { "id": USERS[0].id, "userPrincipalName": USERS[0].email },
        "chat": teams.chat_id.as_ref().map(|id| json!({ "id": id })),
    });
    let nested = teams.nested_auth;
    format!(
        r#"
        (() => {{
          const recorded = window.__teams = {{ initialized: 0, configs: [], saved: [], validity: null, popups: [] }};
          let themeHandler = null;
          let saveHandler = null;
          const context = {context};
          window.microsoftTeams = {{
            app: {{
              initialize: () => {{ recorded.initialized += 1; return Promise.resolve(); }},
              getContext: () => Promise.resolve(JSON.parse(JSON.stringify(context))),
              registerOnThemeChangeHandler: handler => {{ themeHandler = handler; }},
            }},
            nestedAppAuth: {{ isNAAChannelRecommended: () => {nested} }},
            authentication: {{
              // The tab's side: Teams opens its popup at `url` and resolves to what the popup
              // reported; here, the token a test put in `window.__teamsPopupToken`.
              authenticate: request => {{
                recorded.popups.push(request.url);
                return window.__teamsPopupToken
                  ? Promise.resolve(window.__teamsPopupToken)
                  : Promise.reject(new Error('CancelledByUser'));
              }},
              // The popup's side: what it reports survives its navigations.
              notifySuccess: result => localStorage.setItem('__teamsPopupResult', 'success:' + result),
              notifyFailure: reason => localStorage.setItem('__teamsPopupResult', 'failure:' + reason),
            }},
            pages: {{ config: {{
              registerOnSaveHandler: handler => {{ saveHandler = handler; }},
              setConfig: config => {{ recorded.configs.push(config); return Promise.resolve(); }},
              setValidityState: valid => {{ recorded.validity = valid; }},
            }} }},
          }};
          window.__teamsTheme = name => themeHandler && themeHandler(name);
          window.__teamsSave = () => saveHandler && saveHandler({{
            result: {{}},
            notifySuccess: () => recorded.saved.push('success'),
            notifyFailure: reason => recorded.saved.push('failure: ' + reason),
          }});
        }})();
        "#
    )
}

/// Opens `?host=teams{query}` in `browser` where Teams is `teams`, after `extra` init scripts.
async fn open_tab(
    browser: &Browser,
    stack: &Stack,
    teams: &Teams,
    query: &str,
    extra: &[String],
) -> anyhow::Result<()> {
    for script in extra {
        browser.add_init_script(script).await?;
    }
    browser.add_init_script(&teams_stand_in(teams)).await?;
    browser
        .open(&format!("{}/?host=teams{query}", stack.url))
        .await?;
    Ok(())
}

/// A fresh browser holding `token` as the pane's session (as after a sign-in).
async fn browser_with(token: &str) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    browser.hold_token(token).await?;
    Ok(browser)
}

/// The root element's `data-theme` and the body's computed background colour.
async fn theme(browser: &Browser) -> anyhow::Result<(String, String)> {
    let found = browser
        .execute(
            "return [document.documentElement.dataset.theme || '',
                     getComputedStyle(document.body).backgroundColor];",
        )
        .await?;
    let text = |at: usize| found[at].as_str().unwrap_or_default().to_owned();
    Ok((text(0), text(1)))
}

async fn wait_for_theme(browser: &Browser, expected: &str) -> anyhow::Result<String> {
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    loop {
        let (name, background) = theme(browser).await?;
        if name == expected {
            return Ok(background);
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("the pane never took Teams' {expected} theme: {name} {background}");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Fails if the page scrolls sideways: laid out wider than the frame shows (its width less the
/// vertical scrollbar's).
async fn assert_no_sideways_scroll(browser: &Browser) -> anyhow::Result<()> {
    let widths = browser
        .execute(
            "const root = document.documentElement;
             return [root.scrollWidth, root.clientWidth, window.innerWidth];",
        )
        .await?;
    let width = |at: usize| widths[at].as_u64().unwrap_or(u64::MAX);
    assert_eq!(width(2), u64::from(SIDE_PANEL_WIDTH), "{widths}");
    assert!(
        width(0) <= width(1),
        "the side panel scrolls sideways (scroll, client, frame width): {widths}"
    );
    Ok(())
}

for_both_crms!(the_side_panel_shows_the_meetings_cards_at_320_px);

/// Teams in French: the side panel speaks French (`<html lang>` is Teams' locale), the meeting's
/// time is written the French way, and the view passes the accessibility check.
#[tokio::test(flavor = "multi_thread")]
async fn the_side_panel_speaks_teams_language() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = ready(&stack, Vendor::Dynamics).await?;
    let token = megan_token(&stack).await?;
    browser.set_viewport(SIDE_PANEL_WIDTH, 900).await?;
    let teams = Teams {
        nested_auth: true,
        locale: "fr-fr",
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &teams, "", &[msal_stand_in(&token, true)]).await?;
    wait_for(&browser, "[data-testid=item-subject]", PRICING_REVIEW).await?;
    wait_for(&browser, "[data-testid=attendees]", "Participants").await?;
    let lang = browser
        .execute("return document.documentElement.lang;")
        .await?;
    assert_eq!(lang, json!("fr-fr"));
    wait_for(&browser, "[data-testid=first-run]", "Bienvenue dans Closer").await?;
    let time = browser
        .text_of("[data-testid=meeting-time]", RENDER_TIMEOUT)
        .await?;
    // CLDR's French: day before month, 24-hour clock.
    assert!(
        time.contains("19 nov. 2026") && time.contains("18:00"),
        "{time}"
    );
    wait_for(
        &browser,
        "[data-testid=save-meeting]",
        "Enregistrer la réunion",
    )
    .await?;
    browser.checked_screenshot("teams-side-panel-fr").await?;
    Ok(())
}

async fn the_side_panel_shows_the_meetings_cards_at_320_px(vendor: Vendor) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // Signed in and connected to the vendor's CRM in the preview; then the same browser is
    // Teams' side panel, which recommends NAA: Teams hands out Megan's token silently.
    let browser = ready(&stack, vendor).await?;
    let token = megan_token(&stack).await?;
    browser.set_viewport(SIDE_PANEL_WIDTH, 900).await?;
    let teams = Teams {
        nested_auth: true,
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &teams, "", &[msal_stand_in(&token, true)]).await?;
    browser
        .text_of("[data-testid=teams-pane]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=item-subject]", PRICING_REVIEW).await?;
    let time = browser
        .text_of("[data-testid=meeting-time]", RENDER_TIMEOUT)
        .await?;
    // The seller's locale and zone (the suites' browser: en-US, UTC), one day written once.
    assert_eq!(
        closer_e2e::browser::plain_spaces(&time),
        "Nov 19, 2026, 6:00 – 6:45 PM UTC"
    );
    let attendees = wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    assert!(attendees.contains("Daniel Brooks"), "{attendees}");
    browser
        .text_of("[data-testid=save-meeting]", RENDER_TIMEOUT)
        .await?;
    if vendor == Vendor::Salesforce {
        wait_for(&browser, "[data-testid=crm-vendor]", "Salesforce").await?;
    }
    let frame = browser
        .execute(
            "return [document.documentElement.dataset.frame,
                     document.querySelector('[data-testid=teams-pane]').dataset.frame,
                     window.innerWidth];",
        )
        .await?;
    assert_eq!(frame, json!(["sidePanel", "sidePanel", SIDE_PANEL_WIDTH]));
    assert_no_sideways_scroll(&browser).await?;
    let calls = browser.execute("return window.__naa;").await?;
    let calls = calls.as_array().expect("recorded calls");
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["how"], "silent");
    assert_eq!(calls[0]["scopes"], json!([demo::CLOSER_SCOPE]));
    assert!(
        browser.current_url().await?.ends_with("/?host=teams"),
        "never left for a sign-in page"
    );
    browser
        .checked_screenshot(&format!("teams-side-panel-{}", vendor.name()))
        .await?;

    // Prep and the recap in the side panel; a suggested task applied (double click) once.
    browser
        .text_of("[data-testid=prep-card]", RENDER_TIMEOUT)
        .await?;
    browser
        .click("[data-testid=recap-generate]", RENDER_TIMEOUT)
        .await?;
    wait_for(
        &browser,
        "[data-testid=recap-footnote]",
        "checked against the transcript",
    )
    .await?;
    let tasks = task_count(&stack, vendor);
    browser
        .execute(
            "const b = document.querySelector('[data-testid=recap-suggestion][data-kind=task] [data-testid=recap-apply]');
             b.click(); b.click(); return true;",
        )
        .await?;
    wait_for(
        &browser,
        "[data-testid=recap-suggestion][data-kind=task] [data-testid=recap-applied]",
        "Task created",
    )
    .await?;
    assert_eq!(task_count(&stack, vendor), tasks + 1, "exactly one task");
    assert_no_sideways_scroll(&browser).await?;
    browser
        .execute(
            "document.querySelector('[data-testid=recap-card]').scrollIntoView(); return true;",
        )
        .await?;
    browser
        .checked_screenshot(&format!("teams-side-panel-{}-recap", vendor.name()))
        .await?;
    browser.close().await
}

fn task_count(stack: &Stack, vendor: Vendor) -> usize {
    let state = stack.sandbox.state().lock();
    match vendor {
        Vendor::Dynamics => state.dataverse.count("tasks"),
        Vendor::Salesforce => state.salesforce.count("Task"),
    }
}

/// A meeting held without transcription, in the side panel: the recap says why in one
/// sentence, and the CRM cards stay.
#[tokio::test(flavor = "multi_thread")]
async fn in_the_side_panel_a_meeting_without_transcript_says_why() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = browser_with(&megan_token(&stack).await?).await?;
    browser.set_viewport(SIDE_PANEL_WIDTH, 900).await?;
    let order_form = MEETINGS
        .iter()
        .find(|m| m.subject == "Contoso – order form walkthrough")
        .expect("seeded");
    let teams = Teams {
        chat_id: Some(order_form.chat_id.to_owned()),
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &teams, "", &[]).await?;
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
    assert_no_sideways_scroll(&browser).await?;
    browser
        .checked_screenshot("teams-side-panel-no-transcript")
        .await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_side_panel_follows_the_teams_theme() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = browser_with(&megan_token(&stack).await?).await?;
    browser.set_viewport(SIDE_PANEL_WIDTH, 900).await?;
    let teams = Teams {
        theme: "dark",
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &teams, "", &[]).await?;
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    assert_eq!(wait_for_theme(&browser, "dark").await?, "rgb(31, 31, 31)");
    browser.checked_screenshot("teams-side-panel-dark").await?;

    // The seller switches Teams to high contrast, then back to the default theme.
    browser
        .execute("window.__teamsTheme('contrast'); return true;")
        .await?;
    assert_eq!(wait_for_theme(&browser, "contrast").await?, "rgb(0, 0, 0)");
    let contrast = browser
        .execute(
            "const card = getComputedStyle(document.querySelector('.card'));
             return [getComputedStyle(document.body).color, card.borderTopColor,
                     getComputedStyle(document.querySelector('button')).color];",
        )
        .await?;
    assert_eq!(
        contrast,
        json!([
            "rgb(255, 255, 255)",
            "rgb(255, 255, 255)",
            "rgb(255, 255, 0)"
        ]),
        "white text, visible borders, yellow actions"
    );
    assert_no_sideways_scroll(&browser).await?;
    browser
        .checked_screenshot("teams-side-panel-contrast")
        .await?;
    browser
        .execute("window.__teamsTheme('default'); return true;")
        .await?;
    assert_eq!(
        wait_for_theme(&browser, "light").await?,
        "rgb(255, 255, 255)"
    );
    browser.checked_screenshot("teams-side-panel-light").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_configuration_page_saves_the_pane_as_the_tab() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    let teams = Teams {
        frame: "settings",
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &teams, "&view=configure", &[]).await?;
    let text = browser
        .text_of(
            "[data-testid=teams-configure][data-ready=yes]",
            RENDER_TIMEOUT,
        )
        .await?;
    assert!(text.contains("Press Save"), "{text}");
    assert_eq!(
        browser.execute("return window.__teams.validity;").await?,
        json!(true),
        "Save is enabled: there is nothing to choose"
    );
    browser
        .execute("window.__teamsSave(); return true;")
        .await?;
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    let recorded = loop {
        let recorded = browser.execute("return window.__teams;").await?;
        if recorded["saved"].as_array().is_some_and(|s| !s.is_empty()) {
            break recorded;
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "never saved: {recorded}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(recorded["saved"], json!(["success"]));
    assert_eq!(
        recorded["configs"],
        json!([{
            "contentUrl": format!("{}/?host=teams", stack.url),
            "websiteUrl": format!("{}/", stack.url),
            "entityId": "closer-meeting",
            "suggestedDisplayName": "Closer",
        }])
    );
    browser.checked_screenshot("teams-configure").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn outside_a_meeting_or_for_an_unknown_chat_the_tab_says_so() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    // A personal tab: no chat in the context.
    let browser = browser_with(&token).await?;
    let personal = Teams {
        frame: "content",
        chat_id: None,
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &personal, "", &[]).await?;
    let note = browser
        .text_of("[data-testid=teams-meeting-note]", RENDER_TIMEOUT)
        .await?;
    assert!(note.contains("not in a meeting"), "{note}");
    let empty = browser
        .text_of("[data-testid=no-item]", RENDER_TIMEOUT)
        .await?;
    assert!(!empty.contains("email"), "Teams opens meetings: {empty}");
    wait_for(&browser, "[data-testid=me-name]", USERS[0].name).await?;
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    browser
        .text_of("[data-testid=crm-vendor]", RENDER_TIMEOUT)
        .await?;
    browser.checked_screenshot("teams-personal-tab").await?;
    browser.close().await?;

    // A meeting chat the worker cannot find: its message, and the rest of the pane.
    let browser = browser_with(&token).await?;
    let unknown = Teams {
        chat_id: Some("19:meeting_NotAMeetingOfThisTenant000000000000000@thread.v2".into()),
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &unknown, "", &[]).await?;
    let note = browser
        .text_of("[data-testid=teams-meeting-note]", RENDER_TIMEOUT)
        .await?;
    assert!(
        note.starts_with("Closer could not find this meeting in your calendar: "),
        "{note}"
    );
    assert!(
        note.len() > "Closer could not find this meeting in your calendar: ".len() + 5,
        "the worker's reason follows: {note}"
    );
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    browser.checked_screenshot("teams-unknown-chat").await?;
    browser.close().await
}

/// Without nested app authentication, "Sign in" opens Teams' own sign-in popup at the pane's
/// `view=auth-start` page (Entra's page cannot be framed in a tab), and the token the popup
/// hands back signs the tab in: the meeting's cards show, and the tab never left for the
/// authority. MSAL's stand-in is present but unused.
#[tokio::test(flavor = "multi_thread")]
async fn without_nested_app_auth_sign_in_goes_through_teams_popup() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let token = megan_token(&stack).await?;
    let browser = Browser::start().await?;
    let popup_token = format!("window.__teamsPopupToken = {token:?};");
    open_tab(
        &browser,
        &stack,
        &Teams::side_panel(),
        "",
        &[msal_stand_in(&token, true), popup_token],
    )
    .await?;
    browser
        .text_of("[data-testid=teams-pane]", RENDER_TIMEOUT)
        .await?;
    browser
        .click("[data-testid=sign-in]", RENDER_TIMEOUT)
        .await?;
    wait_for(&browser, "[data-testid=attendees]", "Priya Raman").await?;
    let popups = browser.execute("return window.__teams.popups;").await?;
    assert_eq!(
        popups,
        json!([format!("{}/?host=teams&view=auth-start", stack.url)])
    );
    assert!(browser.current_url().await?.ends_with("/?host=teams"));
    assert_eq!(browser.execute("return window.__naa;").await?, json!([]));
    browser.close().await
}

/// Teams' sign-in popup: `view=auth-start` runs the redirect sign-in (PKCE) in the popup
/// window; back on the pane's page with the code, the pane redeems it and hands the token to
/// the tab (`authentication.notifySuccess`), a token the worker accepts.
#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_popup_runs_the_redirect_flow_and_hands_the_token_back() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    let popup = Teams {
        frame: "authentication",
        chat_id: None,
        ..Teams::side_panel()
    };
    open_tab(&browser, &stack, &popup, "&view=auth-start", &[]).await?;
    browser
        .click(
            &format!("[data-testid=sign-in-as-{}]", USERS[0].id),
            RENDER_TIMEOUT,
        )
        .await?;
    let deadline = std::time::Instant::now() + RENDER_TIMEOUT;
    let reported = loop {
        let value = browser
            .execute("return localStorage.getItem('__teamsPopupResult');")
            .await?;
        if let Some(text) = value.as_str() {
            break text.to_owned();
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the popup never reported to the tab"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let token = reported
        .strip_prefix("success:")
        .unwrap_or_else(|| panic!("the sign-in failed: {reported}"));
    assert_eq!(token.split('.').count(), 3, "a JWT");
    let me = reqwest::Client::new()
        .get(format!("{}/api/me", stack.url))
        .bearer_auth(token)
        .send()
        .await?;
    assert_eq!(me.status(), 200, "the worker accepts the popup's token");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_tab_signs_in_through_teams() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    // Alex is Northwind's Closer admin.
    let token = mint_token(&stack, json!({ "user_id": USERS[1].id })).await?;
    let browser = Browser::start().await?;
    let teams = Teams {
        frame: "content",
        chat_id: None,
        nested_auth: true,
        ..Teams::side_panel()
    };
    open_tab(
        &browser,
        &stack,
        &teams,
        "&view=admin",
        &[msal_stand_in(&token, true)],
    )
    .await?;
    wait_for(&browser, "[data-testid=me-name]", USERS[1].name).await?;
    browser
        .text_of("[data-testid=admin-settings]", RENDER_TIMEOUT)
        .await?;
    let calls = browser.execute("return window.__naa.length;").await?;
    assert_eq!(calls, json!(1));
    let back = browser
        .execute("return document.querySelector('[data-testid=back-to-pane]') === null;")
        .await?;
    assert_eq!(back, json!(true), "a tab has no pane to go back to");
    browser.checked_screenshot("teams-admin-tab").await?;
    browser.close().await
}

/// Whether the page fetched TeamsJS (any resource named like its bundle).
async fn loaded_teams_js(browser: &Browser) -> anyhow::Result<bool> {
    let loaded = browser
        .execute(
            "return performance.getEntriesByType('resource')
               .some(e => e.name.includes('MicrosoftTeams'));",
        )
        .await?;
    Ok(loaded.as_bool() == Some(true))
}

#[tokio::test(flavor = "multi_thread")]
async fn teams_js_comes_from_the_panes_origin_and_only_into_a_teams_tab() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let response = reqwest::get(format!("{}/MicrosoftTeams.min.js", stack.url))
        .await?
        .error_for_status()?;
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(kind.contains("javascript"), "{kind}");
    let bundle = response.text().await?;
    for api in [
        "isNAAChannelRecommended",
        "registerOnThemeChangeHandler",
        "registerOnSaveHandler",
    ] {
        assert!(bundle.contains(api), "TeamsJS v2 has {api}");
    }

    // The preview and Outlook never fetch it.
    let browser = Browser::start().await?;
    browser.open(&stack.url).await?;
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    assert!(
        !loaded_teams_js(&browser).await?,
        "the preview loaded TeamsJS"
    );
    browser
        .open(&format!("{}/?host=outlook", stack.url))
        .await?;
    browser
        .text_of("[data-testid=host-error]", RENDER_TIMEOUT)
        .await?;
    assert!(!loaded_teams_js(&browser).await?, "Outlook loaded TeamsJS");

    // A Teams tab outside Teams: the real bundle, from the pane's origin, finds no Teams, and
    // the tab says so while the rest of the pane renders.
    browser.open(&format!("{}/?host=teams", stack.url)).await?;
    let error = browser
        .text_of("[data-testid=host-error]", RENDER_TIMEOUT)
        .await?;
    assert!(error.contains("could not connect to Teams"), "{error}");
    assert!(
        !error.contains(".."),
        "one full stop after TeamsJS's reason: {error}"
    );
    let fetched = browser
        .execute(
            "return performance.getEntriesByType('resource')
               .map(e => e.name).filter(n => n.includes('MicrosoftTeams'));",
        )
        .await?;
    assert_eq!(
        fetched,
        json!([format!("{}/MicrosoftTeams.min.js", stack.url)])
    );
    browser
        .text_of("[data-testid=health-version]", RENDER_TIMEOUT)
        .await?;
    browser.checked_screenshot("teams-outside-teams").await?;
    browser.close().await
}
