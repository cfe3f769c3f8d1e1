//! Attacks on the running stack (`wrangler dev` + sandbox + Chromium), as an attacker meets
//! Closer:
//! - every answer carries the security headers: the pane's document a CSP that lets only
//!   Microsoft 365 hosts frame it and runs no inline script; API answers `no-store` and
//!   `nosniff` (ok, 401, 404 alike);
//! - a page on another origin framing the pane gets nothing rendered, while the pane framed by
//!   its own origin renders (the control);
//! - a request without a valid token is refused before its body is read (a huge or malformed
//!   body still gets 401); a signed-in caller's body over 64 KiB gets 413 (declared or
//!   chunked), a body that is not JSON 415, a list longer than the wire types allow 400.
//!
//! - a deployment without a tenant list refuses everyone, a listed one other tenants' valid
//!   tokens;
//! - a user sending requests without pause gets 429 (per user: a colleague is unaffected); a
//!   tenant over its daily AI budget gets 429 until midnight UTC;
//! - a Salesforce sign-in started by a colleague cannot be completed in the victim's browser;
//! - an upstream answering `Retry-After: 1e20` gets a typed 429, not a crash;
//! - a flood of tokens with forged `kid`s makes the worker fetch the authority's keys once;
//! - a key the authority publishes for one tenant does not verify another tenant's token;
//! - a remembered contact choice keeps no email address and expires;
//! - anonymous health tells status and version, no URLs (`admin.rs`, `skeleton.rs`); the admin
//!   routes refuse sellers (`admin.rs`).
//!
//! Forged tokens of every other kind are refused natively against the sandbox authority
//! (`worker/tests/identity.rs`).

use crate::common::{RENDER_TIMEOUT, fault, mint_token};
use crate::crm::{live_refresh_tokens, wait_for_text};
use crate::sign_in::sign_in;
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::NORTHWIND;
use closer_sandbox::demo::USERS;
use closer_wire::{ApiError, ApiErrorCode};
use closer_wire::{CrmConnection, CrmVendor, SalesforceSignIn};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const MEGAN: usize = 0;

fn header(answer: &reqwest::Response, name: &str) -> String {
    answer
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_answer_carries_the_security_headers() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let client = reqwest::Client::new();

    let page = client.get(format!("{}/", stack.url)).send().await?;
    assert_eq!(page.status(), 200);
    let csp = header(&page, "content-security-policy");
    assert!(
        csp.contains(
            "frame-ancestors 'self' https://*.cloud.microsoft https://teams.microsoft.com"
        ),
        "{csp}"
    );
    assert!(csp.contains("https://outlook.office.com"), "{csp}");
    let scripts = csp
        .split("; ")
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_default();
    assert!(!scripts.contains("unsafe-inline"), "{scripts}");
    assert_eq!(header(&page, "x-content-type-options"), "nosniff");
    assert_eq!(header(&page, "referrer-policy"), "no-referrer");
    let html = page.text().await?;
    assert!(
        !html.contains("<script type=\"module\">"),
        "no inline script left in the page"
    );
    // The bootstrap Trunk wrote inline is a file now, served with the headers.
    let bootstrap = html
        .split("src=\"/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .filter(|name| name.starts_with("start-"))
        .expect("the page loads its bootstrap from a file");
    let script = client
        .get(format!("{}/{bootstrap}", stack.url))
        .send()
        .await?;
    assert_eq!(script.status(), 200);
    assert_eq!(header(&script, "x-content-type-options"), "nosniff");
    assert!(header(&script, "content-type").contains("javascript"));

    // A redirect made by the worker (Salesforce's callback) carries them too.
    let redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .get(format!(
            "{}/api/crm/salesforce/callback?error=access_denied",
            stack.url
        ))
        .send()
        .await?;
    assert_eq!(redirect.status(), 302);
    assert_eq!(header(&redirect, "cache-control"), "no-store");
    assert!(header(&redirect, "location").contains("#salesforce_error=access_denied"));

    let megan = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    for (path, token, status) in [
        ("/api/health", None, 200),
        ("/api/me", Some(&megan), 200),
        ("/api/me", None, 401),
        ("/api/nothing-here", Some(&megan), 404),
    ] {
        let mut request = client.get(format!("{}{path}", stack.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let answer = request.send().await?;
        assert_eq!(answer.status(), status, "{path}");
        assert_eq!(header(&answer, "cache-control"), "no-store", "{path}");
        assert_eq!(
            header(&answer, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert!(
            header(&answer, "content-security-policy").contains("frame-ancestors 'none'"),
            "{path}"
        );
    }
    Ok(())
}

/// Serves one page, framing `target`, on a free loopback port: another origin than the pane's.
async fn framing_page(target: String) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let origin = format!("http://{}", listener.local_addr()?);
    let page = format!(
        "<!doctype html><title>elsewhere</title><iframe id=\"pane\" src=\"{target}\" width=\"350\" height=\"600\"></iframe>"
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let page = page.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    Ok(origin)
}

/// Whether the first frame of the current page shows the pane's sign-in within `wait`.
async fn frame_shows_the_pane(browser: &Browser, wait: Duration) -> anyhow::Result<bool> {
    let deadline = std::time::Instant::now() + wait;
    loop {
        browser.client.clone().enter_frame(0).await?;
        let found = browser
            .execute("return !!document.querySelector('[data-testid=sign-in]');")
            .await?;
        browser.client.clone().enter_parent_frame().await?;
        if found == json!(true) {
            return Ok(true);
        }
        if std::time::Instant::now() > deadline {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_on_another_origin_cannot_frame_the_pane() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;

    // Control: the pane's own origin may frame it ('self'), and it renders there.
    browser.open(&stack.url).await?;
    browser
        .execute(
            "const f = document.createElement('iframe'); f.src = '/'; \
             document.body.prepend(f); return true;",
        )
        .await?;
    assert!(
        frame_shows_the_pane(&browser, RENDER_TIMEOUT).await?,
        "the pane renders when framed by its own origin"
    );

    let elsewhere = framing_page(format!("{}/", stack.url)).await?;
    browser.open(&elsewhere).await?;
    assert!(
        !frame_shows_the_pane(&browser, Duration::from_secs(8)).await?,
        "a page on {elsewhere} must not get the pane in a frame"
    );
    browser.screenshot("security-framed-elsewhere").await?;
    browser.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_are_checked_before_bodies_and_bodies_are_bounded_json() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/search", stack.url);
    let huge = "x".repeat(1024 * 1024);

    // No token: refused whatever the body, which is never read.
    for body in [huge.clone(), "{not json".to_owned()] {
        let answer = client
            .post(&url)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await?;
        assert_eq!(answer.status(), 401);
        assert_eq!(
            answer.json::<ApiError>().await?.code,
            ApiErrorCode::Unauthorized
        );
    }

    let megan = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let too_big = json!({
        "text": "x".repeat(70 * 1024),
        "kinds": [],
        "active_only": false,
        "owned_by_me": false
    });
    let answer = client
        .post(&url)
        .bearer_auth(&megan)
        .json(&too_big)
        .send()
        .await?;
    assert_eq!(answer.status(), 413);
    let error: ApiError = answer.json().await?;
    assert!(
        error.message.contains("larger than Closer accepts"),
        "{}",
        error.message
    );

    // The same, chunked without a Content-Length: cut off while being read.
    assert_eq!(
        chunked_post_status(&stack.url, "/api/search", &megan, 20 * 8 * 1024).await?,
        413
    );

    let answer = client
        .post(&url)
        .bearer_auth(&megan)
        .header("Content-Type", "text/plain")
        .body(r#"{"text":"contoso"}"#)
        .send()
        .await?;
    assert_eq!(answer.status(), 415);
    assert_eq!(
        answer.json::<ApiError>().await?.code,
        ApiErrorCode::BadRequest
    );

    // A list longer than the wire types allow: refused while read, before any CRM query.
    let to: Vec<_> = (0..501)
        .map(|n| json!({ "address": format!("p{n}@contoso.com") }))
        .collect();
    let crm_before = crm_requests(&stack);
    let answer = client
        .post(format!("{}/api/pane/email", stack.url))
        .bearer_auth(&megan)
        .json(&json!({ "message_id": "m", "to": to, "cc": [] }))
        .send()
        .await?;
    assert_eq!(answer.status(), 400);
    assert_eq!(
        crm_requests(&stack),
        crm_before,
        "no CRM request for a refused list"
    );

    // A well-formed request still works.
    let answer = client
        .post(&url)
        .bearer_auth(&megan)
        .json(&json!({
            "text": "contoso",
            "kinds": ["account"],
            "active_only": false,
            "owned_by_me": false
        }))
        .send()
        .await?;
    assert_eq!(answer.status(), 200, "{}", answer.text().await?);
    Ok(())
}

/// Requests that reached the sandbox's Dataverse org so far.
fn crm_requests(stack: &Stack) -> u32 {
    stack
        .sandbox
        .state()
        .lock()
        .request_counts
        .get("/dataverse/northwind")
        .copied()
        .unwrap_or(0)
}

/// POSTs `bytes` spaces with `Transfer-Encoding: chunked` (no `Content-Length`) over a raw
/// connection, as a client hiding its body's size would; the status the worker answered.
async fn chunked_post_status(
    origin: &str,
    path: &str,
    token: &str,
    bytes: usize,
) -> anyhow::Result<u16> {
    let address = origin.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await?;
    let chunk = vec![b' '; 8 * 1024];
    for _ in 0..bytes / chunk.len() {
        // The worker may answer and close before everything is sent.
        if socket
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .is_err()
            || socket.write_all(&chunk).await.is_err()
            || socket.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), socket.read_to_end(&mut answer)).await;
    let status_line = String::from_utf8_lossy(&answer);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no HTTP answer: {status_line:.200}"))?;
    Ok(status)
}

/// Status (and error code) of `GET /api/me` for `user` on `stack`.
async fn me_status(stack: &Stack, user: &str) -> anyhow::Result<(u16, Option<ApiErrorCode>)> {
    let token = mint_token(stack, serde_json::json!({ "user_id": user })).await?;
    let answer = reqwest::Client::new()
        .get(format!("{}/api/me", stack.url))
        .bearer_auth(token)
        .send()
        .await?;
    let status = answer.status().as_u16();
    let code = if status == 200 {
        None
    } else {
        Some(answer.json::<ApiError>().await?.code)
    };
    Ok((status, code))
}

fn stack_with(vars: &[(&str, &str)]) -> StackOptions {
    StackOptions {
        vars: vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
        ..StackOptions::default()
    }
}

/// Closed by default: a deployment without `ALLOWED_TENANTS` refuses every signed-in call as
/// misconfigured unless `ALLOW_ANY_TENANT=true`; with a list, other tenants' valid tokens are
/// refused.
#[tokio::test(flavor = "multi_thread")]
async fn only_listed_tenants_get_in_and_no_list_means_nobody() -> anyhow::Result<()> {
    const DIEGO: usize = 2;
    let listed = Stack::start(stack_with(&[("ALLOWED_TENANTS", NORTHWIND.id)])).await?;
    assert_eq!(me_status(&listed, USERS[MEGAN].id).await?.0, 200);
    assert_eq!(
        me_status(&listed, USERS[DIEGO].id).await?,
        (401, Some(ApiErrorCode::Unauthorized)),
        "a valid token of a tenant not on the list"
    );
    drop(listed);

    let unlisted = Stack::start(stack_with(&[("ALLOWED_TENANTS", " ")])).await?;
    assert_eq!(
        me_status(&unlisted, USERS[MEGAN].id).await?,
        (500, Some(ApiErrorCode::Internal)),
        "no list and no explicit any-tenant: refused as misconfigured"
    );
    drop(unlisted);

    let open = Stack::start(stack_with(&[
        ("ALLOWED_TENANTS", " "),
        ("ALLOW_ANY_TENANT", "true"),
    ]))
    .await?;
    assert_eq!(me_status(&open, USERS[DIEGO].id).await?.0, 200);
    Ok(())
}

/// Closer's own rate limit (Cloudflare's Rate Limiting binding, run by miniflare under
/// `wrangler dev`): one user sending requests without pause gets 429 with `Retry-After` and a
/// sentence for the pane, counted per user, so a colleague in the same tenant is unaffected.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_over_the_request_rate_gets_429_and_a_colleague_does_not() -> anyhow::Result<()> {
    const ALEX: usize = 1;
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = mint_token(&stack, serde_json::json!({ "user_id": USERS[MEGAN].id })).await?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/crm/connection", stack.url);
    let mut allowed = 0;
    let mut refused = None;
    // 120 a minute are allowed; a window may turn over meanwhile, hence the margin.
    'sending: for _ in 0..40 {
        let batch = (0..8).map(|_| client.get(&url).bearer_auth(&megan).send());
        for answer in futures::future::join_all(batch).await {
            let answer = answer?;
            if answer.status() == 429 {
                refused = Some(answer);
                break 'sending;
            }
            assert_eq!(answer.status(), 200);
            allowed += 1;
        }
    }
    let refused = refused.expect("a 429 within 320 requests");
    assert!(allowed >= 120, "only {allowed} allowed before the limit");
    assert_eq!(refused.headers()["retry-after"], "60");
    let error: ApiError = refused.json().await?;
    assert_eq!(error.code, ApiErrorCode::Throttled);
    assert_eq!(error.retry_after_seconds, Some(60.0));
    assert!(
        error.message.contains("faster than Closer allows"),
        "{}",
        error.message
    );

    let alex = mint_token(&stack, serde_json::json!({ "user_id": USERS[ALEX].id })).await?;
    let other = client.get(&url).bearer_auth(&alex).send().await?;
    assert_eq!(other.status(), 200, "the limit is per user");
    Ok(())
}

/// The attack: Alex starts a Salesforce connect and sends the authorize URL to Megan, who signs
/// in to Salesforce in her browser. Her pane gets the answer and must not complete Alex's
/// sign-in: nobody's Closer user gets her Salesforce session.
#[tokio::test(flavor = "multi_thread")]
async fn a_salesforce_sign_in_started_by_a_colleague_is_not_completed() -> anyhow::Result<()> {
    const ALEX: usize = 1;
    let stack = Stack::start(StackOptions::default()).await?;
    let alex = mint_token(&stack, serde_json::json!({ "user_id": USERS[ALEX].id })).await?;
    let client = reqwest::Client::new();
    let started: SalesforceSignIn = client
        .post(format!("{}/api/crm/connection/salesforce", stack.url))
        .bearer_auth(&alex)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;

    let browser = Browser::start().await?;
    sign_in(&browser, &stack, MEGAN).await?;
    wait_for_text(&browser, "[data-testid=crm-vendor]", "Dynamics 365").await?;
    browser.open(&started.authorize_url).await?;
    browser
        .click("[data-testid=sf-sign-in-as-megan]", RENDER_TIMEOUT)
        .await?;
    let refused = wait_for_text(&browser, "[data-testid=crm-error]", "did not start").await?;
    assert!(refused.contains("did not start"), "{refused}");
    browser.screenshot("crm-salesforce-foreign-sign-in").await?;

    let connection = |token: String| {
        let client = client.clone();
        let url = format!("{}/api/crm/connection", stack.url);
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await?
                .error_for_status()?
                .json::<CrmConnection>()
                .await
        }
    };
    assert_eq!(connection(alex).await?.vendor, CrmVendor::Dynamics);
    let megan = mint_token(&stack, serde_json::json!({ "user_id": USERS[MEGAN].id })).await?;
    assert_eq!(connection(megan).await?.vendor, CrmVendor::Dynamics);
    assert_eq!(live_refresh_tokens(&stack), 0, "no code was redeemed");
    browser.close().await
}

/// The daily AI token budget per tenant (`LLM_DAILY_TOKENS_PER_TENANT`), kept in the real D1:
/// the call that crosses it is answered, the next one is 429 until midnight UTC with a
/// sentence for the pane, and the rest of Closer keeps working.
#[tokio::test(flavor = "multi_thread")]
async fn a_tenant_over_its_daily_ai_budget_gets_429_until_midnight() -> anyhow::Result<()> {
    use closer_wire::{ApiError, ApiErrorCode, MailItem};
    let stack = Stack::start(StackOptions {
        vars: vec![("LLM_DAILY_TOKENS_PER_TENANT".into(), "10".into())],
        ..StackOptions::default()
    })
    .await?;
    let megan = crate::common::mint_token(
        &stack,
        json!({ "user_id": closer_sandbox::demo::USERS[0].id }),
    )
    .await?;
    let client = reqwest::Client::new();
    let inbox: Vec<MailItem> = client
        .get(format!("{}/api/mail/inbox", stack.url))
        .bearer_auth(&megan)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let summarize = || {
        client
            .post(format!("{}/api/ai/summary", stack.url))
            .bearer_auth(&megan)
            .json(&json!({ "message_id": inbox[0].id }))
            .send()
    };
    assert_eq!(
        summarize().await?.status(),
        200,
        "the first call is answered"
    );
    let refused = summarize().await?;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"].to_str()?.parse()?;
    assert!((1..=86_400).contains(&wait), "{wait}");
    let error: ApiError = refused.json().await?;
    assert_eq!(error.code, ApiErrorCode::Throttled);
    assert!(
        error.message.contains("today's AI allowance"),
        "{}",
        error.message
    );
    // Not AI: unaffected.
    let inbox_again = client
        .get(format!("{}/api/mail/inbox", stack.url))
        .bearer_auth(&megan)
        .send()
        .await?;
    assert_eq!(inbox_again.status(), 200);
    Ok(())
}

/// An upstream asking to wait `1e20` seconds (or forever): the pane gets a typed 429 with a
/// bounded wait, at once, never a hung request or the runtime's bare 500.
#[tokio::test(flavor = "multi_thread")]
async fn an_absurd_retry_after_is_a_typed_429_not_a_crash() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()?;
    for wait in ["1e20", "inf", "99999999999999999999"] {
        fault(
            &stack,
            json!({ "path_prefix": "/graph/v1.0/me", "status": 429, "retry_after": wait, "times": 4 }),
        )
        .await?;
        let answer = client
            .get(format!("{}/api/me", stack.url))
            .bearer_auth(&megan)
            .send()
            .await?;
        assert_eq!(answer.status(), 429, "Retry-After: {wait}");
        let seconds: f64 = header(&answer, "retry-after").parse()?;
        assert!(
            (1.0..=86_400.0).contains(&seconds),
            "{wait} became {seconds}"
        );
        let error: ApiError = answer.json().await?;
        assert_eq!(error.code, ApiErrorCode::Throttled, "{wait}");
        crate::common::clear_faults(&stack).await?;
    }
    Ok(())
}

/// base64url without padding, for hand-made token headers.
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Tokens naming `kid`s the authority never published, sent at once: the worker asks the
/// authority for its keys once (single flight), not once per token.
#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_forged_kids_costs_one_key_fetch() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let genuine = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let rest = genuine.split_once('.').expect("a JWT").1;
    let key_fetches = || {
        stack
            .sandbox
            .state()
            .lock()
            .request_counts
            .get("/entra/common")
            .copied()
            .unwrap_or(0)
    };
    let before = key_fetches();
    let client = reqwest::Client::new();
    let answers = futures::future::join_all((0..30).map(|n| {
        let header = base64url(
            json!({ "alg": "RS256", "typ": "JWT", "kid": format!("forged-{n}") })
                .to_string()
                .as_bytes(),
        );
        client
            .get(format!("{}/api/me", stack.url))
            .bearer_auth(format!("{header}.{rest}"))
            .send()
    }))
    .await;
    for answer in answers {
        assert_eq!(answer?.status(), 401);
    }
    let fetched = key_fetches() - before;
    assert!(
        fetched <= 2,
        "thirty forged kids made {fetched} requests to the authority (one fetch is 2)"
    );
    // The genuine token still works.
    let me = client
        .get(format!("{}/api/me", stack.url))
        .bearer_auth(&genuine)
        .send()
        .await?;
    assert_eq!(me.status(), 200);
    Ok(())
}

/// The worker checks RS256 with the platform's WebCrypto (`identity::rs256`): under workerd, a
/// genuine token passes, and the same token with one claim changed, or with another token's
/// signature, is refused. (Natively the same refusals are tested against the `rsa` crate.)
#[tokio::test(flavor = "multi_thread")]
async fn webcrypto_refuses_a_tampered_payload_and_a_borrowed_signature() -> anyhow::Result<()> {
    use base64::Engine;
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let other = mint_token(&stack, json!({ "user_id": USERS[1].id })).await?;
    let parts: Vec<&str> = megan.split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value = serde_json::from_slice(&b64.decode(parts[1])?)?;
    claims["name"] = json!("Mallory");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64.encode(claims.to_string()),
        parts[2]
    );
    let borrowed = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        other.rsplit_once('.').expect("a JWT").1
    );
    let client = reqwest::Client::new();
    let me = |token: String| {
        client
            .get(format!("{}/api/me", stack.url))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(me(megan.clone()).await?.status(), 200, "the genuine token");
    for (what, token) in [("tampered", tampered), ("borrowed signature", borrowed)] {
        let answer = me(token).await?;
        assert_eq!(answer.status(), 401, "{what}");
        let error: ApiError = answer.json().await?;
        assert_eq!(error.code, ApiErrorCode::Unauthorized, "{what}");
    }
    assert_eq!(me(megan).await?.status(), 200, "still genuine afterwards");
    Ok(())
}

/// A downstream refusing the on-behalf-of token (revoked, session ended early) makes the worker
/// forget it: the next request exchanges again instead of replaying it until it expires.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_graph_refuses_is_not_replayed() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    let megan = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let client = reqwest::Client::new();
    let me = || {
        client
            .get(format!("{}/api/me", stack.url))
            .bearer_auth(&megan)
            .send()
    };
    let exchanges = || stack.sandbox.state().lock().obo_exchanges;
    assert_eq!(me().await?.status(), 200);
    let before = exchanges();
    assert_eq!(me().await?.status(), 200);
    assert_eq!(exchanges(), before, "cached while it works");
    fault(
        &stack,
        json!({ "path_prefix": "/graph/v1.0/me", "status": 401, "times": 1 }),
    )
    .await?;
    assert_eq!(me().await?.status(), 401);
    assert_eq!(me().await?.status(), 200);
    assert_eq!(exchanges(), before + 1, "exchanged again after the 401");
    Ok(())
}

/// A key the authority publishes for one tenant only (a fixed `issuer` in its JWKS entry)
/// verifies that tenant's tokens and no other's, even with a valid signature.
#[tokio::test(flavor = "multi_thread")]
async fn a_key_published_for_one_tenant_verifies_no_other_tenants_token() -> anyhow::Result<()> {
    use closer_sandbox::demo::TAILSPIN;
    let stack = Stack::start(StackOptions::default()).await?;
    let pinned = format!("{}{}/v2.0", stack.sandbox.urls().authority, TAILSPIN.id);
    reqwest::Client::new()
        .post(format!(
            "{}/_sandbox/authority/key-issuer",
            stack.sandbox.urls().origin
        ))
        .json(&json!({ "issuer": pinned }))
        .send()
        .await?
        .error_for_status()?;
    let (northwind, code) = me_status(&stack, USERS[MEGAN].id).await?;
    assert_eq!(
        (northwind, code),
        (401, Some(ApiErrorCode::Unauthorized)),
        "a Northwind token signed with Tailspin's key"
    );
    let diego = USERS.iter().find(|u| u.tenant_id == TAILSPIN.id).unwrap();
    let (tailspin, _) = me_status(&stack, diego.id).await?;
    assert_eq!(tailspin, 200, "the key's own tenant");
    Ok(())
}

/// A seller's choice among duplicate contacts is stored under a keyed hash of the address, with
/// an expiry: the org's table never holds the address.
#[tokio::test(flavor = "multi_thread")]
async fn a_remembered_contact_choice_stores_no_address_and_expires() -> anyhow::Result<()> {
    use closer_sandbox::crm_seed::dataverse_id;
    let stack = Stack::start(StackOptions::default()).await?;
    let token = mint_token(&stack, json!({ "user_id": USERS[MEGAN].id })).await?;
    let marcus = dataverse_id("contact", "marcus");
    let chosen = reqwest::Client::new()
        .post(format!("{}/api/pane/email/choose", stack.url))
        .bearer_auth(&token)
        .json(&json!({ "address": "Marcus.Chen@fabrikam.com", "contact_id": marcus }))
        .send()
        .await?;
    assert_eq!(chosen.status(), 200, "{}", chosen.text().await?);
    let rows: Vec<serde_json::Value> = stack
        .sandbox
        .state()
        .lock()
        .dataverse
        .records("osc_closerrows")
        .into_iter()
        .filter(|row| row["osc_kind"] == "contact_match")
        .collect();
    assert_eq!(rows.len(), 1);
    let row = rows[0].to_string().to_lowercase();
    assert!(
        !row.contains("marcus.chen") && !row.contains("fabrikam.com"),
        "{row}"
    );
    let key = rows[0]["osc_key"].as_str().unwrap_or_default();
    assert!(
        key.len() == 64 && key.chars().all(|c| c.is_ascii_hexdigit()),
        "{key}"
    );
    let expires = rows[0]["osc_expiresat"].as_i64().expect("an expiry") as u64;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    assert!(expires.abs_diff(now + 180 * 86_400) < 300, "{expires}");
    Ok(())
}
