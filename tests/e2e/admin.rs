//! The admin layer on the real stack (wrangler dev + sandbox + Chromium): only the worker's
//! admins (the `Closer.Admin` app role in the token: Alex Wilber in the demo tenant) reach
//! `/api/admin/*`, every seller gets 403; settings are versioned (a stale save is a 409 and
//! nothing is lost) and bad input is refused with a clear message; every change lands in the
//! audit log and its CSV. In the browser, for each CRM, an admin turns a feature off, hides a
//! field, forbids a stage edit and changes the trackers on the admin page, and a seller's pane
//! follows: the draft card is gone and its route answers 403, the phone is gone, the stage is
//! not offered for editing, and the next summary matches the new trackers.

use crate::common::{RENDER_TIMEOUT, for_both_crms, mint_token};
use crate::pane::{CONTOSO, Vendor, open_email, ready, wait_for};
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_wire::{ApiError, ApiErrorCode, AuditLog, HealthStatus, SellerSettings, SettingsView};
use fantoccini::Locator;
use serde_json::{Value, json};

const MEGAN: usize = 0;
const ALEX: usize = 1;

for_both_crms!(an_admin_changes_fields_features_and_trackers_and_the_sellers_pane_follows);

impl Vendor {
    /// The contact's department in the CRM's own field names.
    fn department_field(self) -> &'static str {
        match self {
            Vendor::Dynamics => "department",
            Vendor::Salesforce => "Department",
        }
    }

    /// The account's city in the CRM's own field names.
    fn city_field(self) -> &'static str {
        match self {
            Vendor::Dynamics => "address1_city",
            Vendor::Salesforce => "BillingCity",
        }
    }
}

async fn token(stack: &Stack, user: usize) -> anyhow::Result<String> {
    mint_token(stack, json!({ "user_id": USERS[user].id })).await
}

async fn call(
    stack: &Stack,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> anyhow::Result<reqwest::Response> {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", stack.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    Ok(request.send().await?)
}

async fn refused(response: reqwest::Response, status: u16) -> anyhow::Result<ApiError> {
    let url = response.url().clone();
    let got = response.status();
    let text = response.text().await?;
    anyhow::ensure!(got == status, "{url}: HTTP {got}, not {status}: {text}");
    Ok(serde_json::from_str(&text)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_routes_are_for_admins_and_settings_are_versioned_validated_and_audited()
-> anyhow::Result<()> {
    use reqwest::Method;
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = token(&stack, MEGAN).await?;
    let alex = token(&stack, ALEX).await?;
    let routes = [
        (Method::GET, "/api/admin/settings"),
        (Method::PUT, "/api/admin/settings"),
        (Method::GET, "/api/admin/audit"),
        (Method::GET, "/api/admin/audit.csv"),
        (Method::GET, "/api/admin/health"),
    ];
    let body = |version: u64, settings: Value| json!({ "version": version, "settings": settings });
    for (method, path) in &routes {
        let anonymous = call(&stack, method.clone(), path, None, None).await?;
        assert_eq!(anonymous.status(), 401, "{path}");
        let seller = call(
            &stack,
            method.clone(),
            path,
            Some(&megan),
            (*method == Method::PUT).then(|| body(0, json!({}))),
        )
        .await?;
        let error = refused(seller, 403).await?;
        assert_eq!(error.code, ApiErrorCode::Forbidden, "{path}");
        assert!(error.message.contains("Closer.Admin"), "{}", error.message);
    }
    let megan_sees: SellerSettings = call(&stack, Method::GET, "/api/settings", Some(&megan), None)
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert!(!megan_sees.is_admin);
    let alex_sees: SellerSettings = call(&stack, Method::GET, "/api/settings", Some(&alex), None)
        .await?
        .error_for_status()?
        .json()
        .await?;
    assert!(alex_sees.is_admin);

    let first: SettingsView = call(
        &stack,
        Method::GET,
        "/api/admin/settings",
        Some(&alex),
        None,
    )
    .await?
    .error_for_status()?
    .json()
    .await?;
    assert_eq!(first.version, 0);
    // The deploy's TRACKERS are the first values.
    assert!(
        first
            .settings
            .trackers
            .competitors
            .contains(&"Globex".to_owned())
    );
    let mut edit = serde_json::to_value(&first.settings)?;
    edit["features"]["reply_drafts"] = json!(false);
    let saved: SettingsView = call(
        &stack,
        Method::PUT,
        "/api/admin/settings",
        Some(&alex),
        Some(body(0, edit.clone())),
    )
    .await?
    .error_for_status()?
    .json()
    .await?;
    assert_eq!(saved.version, 1);
    assert!(!saved.settings.features.reply_drafts);

    // A second admin's save from version 0: refused, version 1 intact.
    let mut other = edit.clone();
    other["features"]["reply_drafts"] = json!(true);
    other["features"]["key_facts"] = json!(false);
    let stale = call(
        &stack,
        Method::PUT,
        "/api/admin/settings",
        Some(&alex),
        Some(body(0, other)),
    )
    .await?;
    let error = refused(stale, 409).await?;
    assert_eq!(error.code, ApiErrorCode::Conflict);
    assert!(error.message.contains("version 1"), "{}", error.message);

    // Bad input: a clear message, nothing saved.
    let mut unknown_field = edit.clone();
    unknown_field["cards"]["fields"] = json!([{ "field": "shoe_size", "editable": false }]);
    let mut out_of_range = edit.clone();
    out_of_range["retention"]["insight_days"] = json!(45);
    let mut empty_tracker = edit.clone();
    empty_tracker["trackers"]["products"] = json!(["Orders module", "   "]);
    let mut not_in_crm = edit.clone();
    not_in_crm["cards"]["extra"] =
        json!([{ "card": "account", "name": "shoe_size", "label": "Shoe size" }]);
    let mut unknown_setting = edit.clone();
    unknown_setting["features"]["telepathy"] = json!(true);
    for (settings, expected) in [
        (unknown_field, "shoe_size"),
        (out_of_range, "30 or 90 days"),
        (empty_tracker, "empty entry"),
        (unknown_setting, "telepathy"),
        (not_in_crm, "no field \"shoe_size\" on accounts"),
    ] {
        let answer = call(
            &stack,
            Method::PUT,
            "/api/admin/settings",
            Some(&alex),
            Some(body(1, settings)),
        )
        .await?;
        let error = refused(answer, 400)
            .await
            .map_err(|e| e.context(expected))?;
        assert!(error.message.contains(expected), "{}", error.message);
    }
    let now: SettingsView = call(
        &stack,
        Method::GET,
        "/api/admin/settings",
        Some(&alex),
        None,
    )
    .await?
    .json()
    .await?;
    assert_eq!(now.version, 1);
    assert!(now.settings.features.key_facts && !now.settings.features.reply_drafts);

    // The seller's draft route honours it at once.
    let draft = call(
        &stack,
        Method::POST,
        "/api/ai/draft",
        Some(&megan),
        Some(json!({ "message_id": "any" })),
    )
    .await?;
    let error = refused(draft, 403).await?;
    assert!(error.message.contains("Reply drafts"), "{}", error.message);

    // The audit log, and its CSV.
    let log: AuditLog = call(&stack, Method::GET, "/api/admin/audit", Some(&alex), None)
        .await?
        .json()
        .await?;
    assert_eq!(log.entries.len(), 1, "{log:?}");
    let entry = &log.entries[0];
    assert_eq!(entry.setting, "features.reply_drafts");
    assert_eq!(
        (entry.before.as_str(), entry.after.as_str()),
        ("true", "false")
    );
    assert_eq!(entry.by, USERS[ALEX].name);
    assert_eq!(entry.by_id, USERS[ALEX].id);
    let csv = call(
        &stack,
        Method::GET,
        "/api/admin/audit.csv",
        Some(&alex),
        None,
    )
    .await?;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()?
            .starts_with("text/csv")
    );
    let csv = csv.text().await?;
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("at,by,by_id,setting,before,after,version")
    );
    let row = rows.next().expect("one change");
    assert!(
        row.contains("\"features.reply_drafts\",\"true\",\"false\",\"1\""),
        "{row}"
    );

    // Health: anonymous callers learn status and version only; admins get the details.
    let anonymous = call(&stack, Method::GET, "/api/health", None, None).await?;
    let text = anonymous.text().await?;
    let status: HealthStatus = serde_json::from_str(&text)?;
    assert_eq!(status.status, "ok");
    assert!(!text.contains("http"), "no upstream URLs: {text}");
    let details: closer_wire::Health =
        call(&stack, Method::GET, "/api/admin/health", Some(&alex), None)
            .await?
            .error_for_status()?
            .json()
            .await?;
    assert_eq!(details.store_schema, "3");
    assert!(
        details
            .upstreams
            .iter()
            .any(|u| u.base_url == stack.sandbox.urls().authority)
    );
    Ok(())
}

/// Signs `user` in and connects the vendor's CRM (Salesforce as `sf_user`).
async fn signed_in_as(
    stack: &Stack,
    vendor: Vendor,
    user: usize,
    sf_user: &str,
) -> anyhow::Result<Browser> {
    let browser = Browser::start().await?;
    sign_in(&browser, stack, user).await?;
    browser
        .text_of("[data-testid=crm-vendor]", RENDER_TIMEOUT)
        .await?;
    if vendor == Vendor::Salesforce {
        browser
            .click("[data-testid=connect-salesforce]", RENDER_TIMEOUT)
            .await?;
        browser
            .click(
                &format!("[data-testid=sf-sign-in-as-{sf_user}]"),
                RENDER_TIMEOUT,
            )
            .await?;
        wait_for(&browser, "[data-testid=crm-vendor]", "Salesforce").await?;
    }
    Ok(browser)
}

async fn set_text(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    browser.text_of(css, RENDER_TIMEOUT).await?;
    browser
        .client
        .execute(
            "const field = document.querySelector(arguments[0]);
             field.value = arguments[1];
             field.dispatchEvent(new Event('input', { bubbles: true }));
             return true;",
            vec![json!(css), json!(text)],
        )
        .await?;
    Ok(())
}

/// On the admin page, picks the CRM field `name` in `card`'s "Add" select and adds it.
async fn add_crm_field(admin: &Browser, card: &str, name: &str) -> anyhow::Result<()> {
    let select = format!("[data-testid=extra-select-{card}]");
    admin.text_of(&select, RENDER_TIMEOUT).await?;
    admin
        .client
        .execute(
            "const select = document.querySelector(arguments[0]);
             select.value = arguments[1];
             select.dispatchEvent(new Event('change', { bubbles: true }));
             return select.value;",
            vec![json!(select), json!(name)],
        )
        .await?;
    admin
        .click(&format!("[data-testid=extra-add-{card}]"), RENDER_TIMEOUT)
        .await
}

async fn exists(browser: &Browser, css: &str) -> anyhow::Result<bool> {
    Ok(!browser.client.find_all(Locator::Css(css)).await?.is_empty())
}

async fn an_admin_changes_fields_features_and_trackers_and_the_sellers_pane_follows(
    vendor: Vendor,
) -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;

    // The admin: the Admin link (the worker said so), the page, four changes, one save.
    let admin = signed_in_as(&stack, vendor, ALEX, "alex").await?;
    admin
        .click("[data-testid=admin-link]", RENDER_TIMEOUT)
        .await?;
    let stored_with = admin
        .text_of("[data-testid=admin-crm]", RENDER_TIMEOUT)
        .await?;
    let expected_store = match vendor {
        Vendor::Dynamics => "Dynamics 365 org",
        Vendor::Salesforce => "Closer data store",
    };
    assert!(stored_with.contains(expected_store), "{stored_with}");
    for toggle in [
        "feature-reply_drafts",
        "field-show-phone",
        "field-edit-stage",
    ] {
        admin
            .click(&format!("[data-testid={toggle}]"), RENDER_TIMEOUT)
            .await?;
    }
    // A field of the CRM's own, from its metadata, on the account cards.
    let city = vendor.city_field();
    add_crm_field(&admin, "account", city).await?;
    wait_for(&admin, "[data-testid=extra-account]", city).await?;
    // And the contact's department, which sellers may edit.
    let department = vendor.department_field();
    add_crm_field(&admin, "contact", department).await?;
    admin
        .click(
            &format!("[data-testid=extra-editable-contact-{department}]"),
            RENDER_TIMEOUT,
        )
        .await?;
    set_text(&admin, "[data-testid=trackers-competitors]", "").await?;
    set_text(&admin, "[data-testid=trackers-products]", "Returns module").await?;
    admin
        .click("[data-testid=admin-save]", RENDER_TIMEOUT)
        .await?;
    wait_for(&admin, "[data-testid=admin-saved]", "version 1").await?;
    admin
        .click("[data-testid=audit-refresh]", RENDER_TIMEOUT)
        .await?;
    let audit = wait_for(&admin, "[data-testid=audit-log]", "features.reply_drafts").await?;
    for setting in ["cards", "trackers.competitors", "trackers.products"] {
        assert!(audit.contains(setting), "{audit}");
    }
    admin
        .checked_screenshot(&format!("admin-page-{}", vendor.name()))
        .await?;
    admin.close().await?;

    // A seller's pane follows on its next open.
    let seller = ready(&stack, vendor).await?;
    assert!(
        !exists(&seller, "[data-testid=admin-link]").await?,
        "no Admin link for a seller"
    );
    open_email(&seller, CONTOSO).await?;
    wait_for(&seller, "[data-testid=people]", "Priya Raman").await?;
    seller
        .text_of("[data-testid=pane][data-settings=loaded]", RENDER_TIMEOUT)
        .await?;
    assert!(
        !exists(&seller, "[data-testid=draft-generate]").await?,
        "drafts are off"
    );
    assert!(
        !exists(&seller, "[data-testid=contact-phone]").await?,
        "the phone is hidden"
    );
    assert!(exists(&seller, "[data-testid=contact-title]").await?);
    let extra = seller
        .text_of(
            &format!(
                "[data-testid=card-extra][data-field={}]",
                vendor.city_field()
            ),
            RENDER_TIMEOUT,
        )
        .await?;
    assert!(extra.contains("Seattle"), "{extra}");
    // The seller edits the department the admin made editable: written to the CRM.
    let department = vendor.department_field();
    let shown = seller
        .text_of(
            &format!("[data-testid=card-extra][data-field={department}]"),
            RENDER_TIMEOUT,
        )
        .await?;
    assert!(shown.contains("Procurement"), "{shown}");
    seller
        .click(
            &format!("[data-testid=extra-edit-{department}]"),
            RENDER_TIMEOUT,
        )
        .await?;
    set_text(
        &seller,
        &format!("[data-testid=extra-input-{department}]"),
        "Sales Operations",
    )
    .await?;
    seller
        .click(
            &format!("[data-testid=extra-save-{department}]"),
            RENDER_TIMEOUT,
        )
        .await?;
    wait_for(
        &seller,
        &format!("[data-testid=card-extra][data-field={department}]"),
        "Sales Operations",
    )
    .await?;
    let stored = {
        let state = stack.sandbox.state().lock();
        let priya = match vendor {
            Vendor::Dynamics => state.dataverse.record(
                "contacts",
                &closer_sandbox::crm_seed::dataverse_id("contact", "priya"),
            ),
            Vendor::Salesforce => state.salesforce.record(
                "Contact",
                &closer_sandbox::crm_seed::salesforce_id("003", "priya"),
            ),
        };
        priya.expect("Priya")[department].clone()
    };
    assert_eq!(stored, json!("Sales Operations"));
    seller
        .click("[data-testid=edit-opportunity]", RENDER_TIMEOUT)
        .await?;
    seller
        .text_of("[data-testid=edit-form]", RENDER_TIMEOUT)
        .await?;
    assert!(exists(&seller, "[data-testid=edit-amount]").await?);
    assert!(
        !exists(&seller, "[data-testid=edit-stage]").await?,
        "the stage is not editable"
    );
    seller
        .click("[data-testid=summarize]", RENDER_TIMEOUT)
        .await?;
    let trackers = wait_for(&seller, "[data-testid=trackers]", "Returns module").await?;
    assert!(
        !trackers.contains("(competitors)"),
        "competitors emptied: {trackers}"
    );
    assert!(
        !trackers.contains("onboarding (products)"),
        "the deploy's products replaced: {trackers}"
    );
    seller
        .checked_screenshot(&format!("admin-seller-pane-{}", vendor.name()))
        .await?;
    seller.close().await?;

    // And the worker refuses what the pane no longer offers.
    let megan = token(&stack, MEGAN).await?;
    let edit = call(
        &stack,
        reqwest::Method::POST,
        "/api/pane/record",
        Some(&megan),
        Some(json!({
            "kind": "contact", "id": "any", "version": "1",
            "fields": [{ "field": "phone", "value": "+1 555 0100" }]
        })),
    )
    .await?;
    let error = refused(edit, 403).await?;
    assert!(error.message.contains("Phone"), "{}", error.message);
    Ok(())
}

/// Insight storage, once an admin opts in: a summary is kept for the user for the retention
/// and answered again without the model; off, nothing is kept.
#[tokio::test(flavor = "multi_thread")]
async fn insight_storage_keeps_a_summary_for_its_retention_only_when_on() -> anyhow::Result<()> {
    use reqwest::Method;
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = token(&stack, MEGAN).await?;
    let alex = token(&stack, ALEX).await?;
    let inbox: Vec<closer_wire::MailItem> =
        call(&stack, Method::GET, "/api/mail/inbox", Some(&megan), None)
            .await?
            .error_for_status()?
            .json()
            .await?;
    let message = inbox
        .iter()
        .find(|m| m.subject == CONTOSO)
        .expect("the Contoso thread");
    let ask = json!({ "message_id": message.id });
    let model_calls = || -> anyhow::Result<u64> {
        let counts = stack.sandbox.state().lock().request_counts.clone();
        Ok(counts
            .iter()
            .filter(|(family, _)| family.starts_with("/openai"))
            .map(|(_, n)| u64::from(*n))
            .sum())
    };
    let insights = || {
        stack
            .sandbox
            .state()
            .lock()
            .dataverse
            .records("osc_closerrows")
            .into_iter()
            .filter(|row| row["osc_kind"] == "insight")
            .collect::<Vec<_>>()
    };
    let summarize = || async {
        call(
            &stack,
            Method::POST,
            "/api/ai/summary",
            Some(&megan),
            Some(ask.clone()),
        )
        .await?
        .error_for_status()?
        .json::<closer_wire::Summary>()
        .await
        .map_err(anyhow::Error::from)
    };

    // Off (the default): every summary asks the model, nothing is kept.
    summarize().await?;
    let before = model_calls()?;
    summarize().await?;
    assert!(model_calls()? > before, "off: the model answers again");
    assert!(insights().is_empty(), "off: nothing kept");

    // On, 30 days.
    let view: SettingsView = call(
        &stack,
        Method::GET,
        "/api/admin/settings",
        Some(&alex),
        None,
    )
    .await?
    .json()
    .await?;
    let mut settings = serde_json::to_value(&view.settings)?;
    settings["retention"]["insight_days"] = json!(30);
    call(
        &stack,
        Method::PUT,
        "/api/admin/settings",
        Some(&alex),
        Some(json!({ "version": view.version, "settings": settings })),
    )
    .await?
    .error_for_status()?;
    let first = summarize().await?;
    let kept = insights();
    assert_eq!(kept.len(), 1, "one summary kept");
    let expires = kept[0]["osc_expiresat"].as_i64().expect("an expiry") as u64;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    assert!(
        expires.abs_diff(now + 30 * 86_400) < 300,
        "kept 30 days: {expires}"
    );
    assert!(
        !kept[0]["osc_scope"].as_str().unwrap_or_default().is_empty()
            && kept[0]["osc_scope"]
                .as_str()
                .unwrap_or_default()
                .contains(':'),
        "kept for the user, not the tenant"
    );
    let before = model_calls()?;
    let again = summarize().await?;
    assert_eq!(model_calls()?, before, "answered from the kept summary");
    assert_eq!(again.text, first.text);
    Ok(())
}
