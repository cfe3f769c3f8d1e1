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
//! Elsewhere: forged tokens (`worker/tests/identity.rs`), the Salesforce connect started by a
//! colleague (`crm.rs`), tenants and rate limits (`sign_in.rs`), the daily AI budget
//! (`summary.rs`).

use crate::common::{RENDER_TIMEOUT, mint_token};
use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_wire::{ApiError, ApiErrorCode};
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
