//! `ai_first_token_overhead_ms`: how much later the first word of a reply draft shows in the
//! pane than the sandbox model itself sends its first word.
//!
//! In the page: click Generate, and a `MutationObserver` notes when the draft text first holds
//! a character (the whole path: the pane's request, the worker's sign-in checks and Graph
//! reads, the model call, the worker's stream, the pane's reader). Directly: the same model,
//! called from here with a streamed request of a similar size, until its first text chunk. The
//! figure is the difference of the medians; the worker's `Server-Timing` splits it into the
//! reads before the model is called and the rest (request, stream relay, pane).

use closer_e2e::browser::Browser;
use closer_e2e::stack::{Stack, StackOptions};
use closer_sandbox::demo::USERS;
use closer_sandbox::openai::{SANDBOX_LLM_KEY, SANDBOX_MODEL};
use std::time::{Duration, Instant};

const RUNS: usize = 7;
const SUBJECT: &str = "RE: Northwind Fulfillment Cloud – proposal for Contoso";
const TIMEOUT: Duration = Duration::from_secs(20);

/// The medians, in milliseconds.
pub struct FirstToken {
    /// Click → first draft text in the pane.
    pub pane_ms: f64,
    /// The worker's reads (thread, CRM record, slots) and prompt before it calls the model
    /// (its `Server-Timing: prepare`).
    pub prepare_ms: f64,
    /// Request → first text chunk, straight from the sandbox model.
    pub model_ms: f64,
    /// Click → the request leaves the page (the pane's own work before sending).
    pub sent_ms: f64,
    /// Click → the response's head (the worker's checks and reads, and the model's head).
    pub headers_ms: f64,
}

impl FirstToken {
    /// What the worker and the pane add.
    pub fn overhead_ms(&self) -> f64 {
        self.pane_ms - self.model_ms
    }

    /// The overhead without the worker's reads: the pane's request, the relay of the stream
    /// and the pane's reader.
    pub fn relay_ms(&self) -> f64 {
        self.overhead_ms() - self.prepare_ms
    }
}

/// Measures both medians on a fresh stack.
pub async fn measure() -> anyhow::Result<FirstToken> {
    let stack = Stack::start(StackOptions::default()).await?;
    let browser = Browser::start().await?;
    browser.sign_in(&stack.url, USERS[0].id).await?;
    browser
        .click(
            &format!("[data-testid=mail-item][data-subject=\"{SUBJECT}\"]"),
            TIMEOUT,
        )
        .await?;
    browser
        .text_of("[data-testid=draft-generate]", TIMEOUT)
        .await?;
    // Warm up: per-isolate caches (keys, OBO tokens) fill on the first draft, as for a seller.
    pane_first_token(&browser).await?;
    let mut pane = Vec::new();
    let mut prepare = Vec::new();
    let mut model = Vec::new();
    let (mut sent, mut headers) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let run = pane_first_token(&browser).await?;
        pane.push(run.first);
        prepare.push(run.prepare);
        sent.push(run.sent);
        headers.push(run.headers);
        model.push(model_first_token(&stack).await?);
    }
    eprintln!("bench: draft first token in the pane (ms): {pane:?}");
    eprintln!("bench: request sent after the click (ms): {sent:?}");
    eprintln!("bench: response head after the click (ms): {headers:?}");
    eprintln!("bench: worker prepare before the model (ms): {prepare:?}");
    eprintln!("bench: sandbox model first token (ms): {model:?}");
    browser.close().await?;
    Ok(FirstToken {
        pane_ms: median(pane),
        prepare_ms: median(prepare),
        model_ms: median(model),
        sent_ms: median(sent),
        headers_ms: median(headers),
    })
}

/// Clicks Generate and waits, in the page, for the first text; then for the draft to finish so
/// the next run starts clean. Answers when the request left, its head came back and the first
/// text showed, and the worker's `prepare` time.
async fn pane_first_token(browser: &Browser) -> anyhow::Result<PaneRun> {
    let script = r#"
        const done = arguments[0];
        const text = () => document.querySelector('[data-testid=draft-text]')?.textContent ?? '';
        const start = performance.now();
        let first = null;
        const observer = new MutationObserver(() => {
            if (first === null && text().length > 0) first = performance.now() - start;
            if (first !== null && document.querySelector('[data-testid=draft-model]')) {
                observer.disconnect();
                // The worker's Server-Timing (its reads and prompt before calling the model),
                // on the resource entry the browser adds once the body has ended.
                const deadline = performance.now() + 3000;
                const timing = () => {
                    const entry = performance.getEntriesByType('resource')
                        .filter((e) => e.name.endsWith('/api/ai/draft')).pop();
                    const prepare = entry?.serverTiming?.find((t) => t.name === 'prepare');
                    if (prepare || performance.now() > deadline) {
                        performance.clearResourceTimings();
                        done([first, prepare ? prepare.duration : null,
                              entry ? entry.startTime - start : null,
                              entry ? entry.responseStart - start : null]);
                    } else {
                        setTimeout(timing, 20);
                    }
                };
                timing();
            }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        document.querySelector('[data-testid=draft-generate]').click();
    "#;
    let measured = browser.client.execute_async(script, Vec::new()).await?;
    let numbers: Vec<Option<f64>> = (0..4).map(|i| measured[i].as_f64()).collect();
    let [Some(first), Some(prepare), Some(sent), Some(headers)] = numbers[..] else {
        anyhow::bail!("the page measured no first token or timing: {measured}");
    };
    Ok(PaneRun {
        first,
        prepare,
        sent,
        headers,
    })
}

/// One Generate as the page saw it, in milliseconds from the click.
struct PaneRun {
    /// First draft text in the DOM.
    first: f64,
    /// The worker's `Server-Timing: prepare`.
    prepare: f64,
    /// The request left (the fetch's `startTime`).
    sent: f64,
    /// The response's head arrived (`responseStart`).
    headers: f64,
}

/// Streams a chat of about the draft prompt's size straight from the sandbox model and times
/// its first text chunk.
async fn model_first_token(stack: &Stack) -> anyhow::Result<f64> {
    let prompt =
        "The customer asks about pricing for 400 seats and a pilot in January. ".repeat(60);
    let body = serde_json::json!({
        "model": SANDBOX_MODEL,
        "stream": true,
        "messages": [
            { "role": "system", "content": "Draft a reply." },
            { "role": "user", "content": prompt },
        ],
    });
    let start = Instant::now();
    let mut response = reqwest::Client::new()
        .post(format!("{}chat/completions", stack.sandbox.urls().llm))
        .bearer_auth(SANDBOX_LLM_KEY)
        .json(&body)
        .send()
        .await?
        .error_for_status()?;
    let mut seen = String::new();
    while let Some(chunk) = response.chunk().await? {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        // The first chunk carries only the role; the first text is a non-empty `content`.
        if seen
            .split("\"content\":\"")
            .skip(1)
            .any(|rest| !rest.starts_with('"'))
        {
            return Ok(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    anyhow::bail!("the sandbox model streamed no text")
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
