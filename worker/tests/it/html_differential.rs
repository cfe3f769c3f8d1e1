//! The worker's own HTML renderer (`ai::html`, issue 16) against html2text, which it replaced:
//! every HTML body the sandbox serves (each demo message, whole and as its unique part) and the
//! reply corpus's HTML cases read the same, word for word and line for line, once both are
//! tidied. Tables are left out on purpose (html2text drew box-drawing grids; Closer writes a row
//! of short cells as one line), and so is hidden text (html2text showed it; Closer drops it,
//! tested in `ai::html`).

use crate::support::tenant::megan_graph;
use closer_sandbox::Sandbox;
use closer_worker::ai::html::{tidy, visible_text};
use closer_worker::graph::model::BodyFormat;
use std::collections::BTreeSet;

/// What html2text made of `html`, as the worker used it (plain, no decoration, no wrapping).
fn before(html: &str) -> String {
    let text = html2text::config::plain_no_decorate()
        .string_from_read(html.as_bytes(), 100_000)
        .expect("html2text renders any input");
    tidy(&text)
}

fn compared(html: &str) -> Option<(String, String)> {
    let lower = html.to_ascii_lowercase();
    // The demo's hidden-text markers (`HIDDEN-…`) are in the bodies that test hiding.
    let differs_on_purpose = ["<table", "<sup", "<hr", "hidden-"];
    if differs_on_purpose
        .iter()
        .any(|marker| lower.contains(marker))
    {
        return None;
    }
    let (old, new) = (before(html), visible_text(html));
    (old != new).then_some((old, new))
}

#[tokio::test]
async fn every_sandbox_html_body_reads_as_html2text_read_it() {
    let sandbox = Sandbox::start(0).await.expect("sandbox starts");
    let graph = megan_graph(&sandbox);
    let inbox = graph.inbox(100).await.unwrap();
    let conversations: BTreeSet<String> = inbox
        .iter()
        .filter_map(|m| m.conversation_id.clone())
        .collect();
    let mut bodies = Vec::new();
    for conversation in &conversations {
        let thread = graph
            .conversation(conversation, BodyFormat::Html)
            .await
            .unwrap();
        for message in thread.messages {
            bodies.extend(message.body.map(|b| b.content));
            bodies.extend(message.unique_body.map(|b| b.content));
        }
    }
    assert!(
        bodies.len() > 20,
        "the demo mailbox has many: {}",
        bodies.len()
    );
    let mut differing = Vec::new();
    for body in &bodies {
        if let Some(difference) = compared(body) {
            differing.push(difference);
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} differ, first: {:#?}",
        differing.len(),
        bodies.len(),
        differing.first()
    );
}

#[test]
fn the_reply_corpus_html_and_common_markup_read_as_html2text_read_them() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/replies");
    let mut inputs: Vec<String> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .filter(|case| case.contains("format: html"))
        .map(|case| {
            let input = case.split("=== input\n").nth(1).unwrap();
            input.split("\n=== expected").next().unwrap().to_owned()
        })
        .collect();
    assert!(inputs.len() >= 3, "the corpus has HTML cases");
    inputs.extend(
        [
            "<div>a<div>b</div>c</div>",
            "<p>one</p><p>two</p>text<br>after",
            "<ul><li>alpha</li><li>beta <b>bold</b></li></ul><ol><li>x</li><li>y</li></ol>",
            "<ul><li>a<ul><li>nested</li></ul></li><li>b<br>second line</li></ul>",
            "<ol start=\"3\"><li>x</li><li>y</li></ol>",
            "<blockquote>quoted<br>line</blockquote>after",
            "<blockquote><p>para1</p><p>para2</p><blockquote>deeper</blockquote></blockquote>",
            "<h1>Title</h1><h2>Sub</h2><p>para   with\n  spaces</p><pre>  pre\n   text</pre>",
            "<div>Hi <a href=\"http://x\">link</a> &amp; &nbsp;x&copy; &#8364; &euro; &lt;b&gt;</div>",
            "<a>noref</a> <a href=\"mailto:x@y\">x@y</a> <img src=\"a.png\"> <img alt=\"pic\">end",
            "text <span>inline</span> more<div></div><div><br></div>next",
            "<div>line1</div>&nbsp;<div>line2</div>",
            "<b>From:</b> Megan<br><b>Sent:</b> Monday",
            "<dl><dt>term</dt><dd>def</dd></dl>",
            "<div>a</div>\ntext\n<p>p</p>",
            "<p>x &amp;amp; &AMP; &amp &lt3 &#x41; &#150; &notit;</p>",
            "<html><head><title>T</title><style>p{}</style></head><body><p>Body</p><script>x()</script></body></html>",
            "<div dir=\"ltr\">Hi,<div><br></div><div>Thanks</div><div class=\"gmail_quote\"><div dir=\"ltr\">On Mon, X wrote:<br></div><blockquote class=\"gmail_quote\">earlier</blockquote></div></div>",
        ]
        .map(str::to_owned),
    );
    for input in &inputs {
        if let Some((old, new)) = compared(input) {
            panic!("{input:?}\nhtml2text: {old:?}\nCloser:    {new:?}");
        }
    }
}
