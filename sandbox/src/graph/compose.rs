//! Message bodies as Exchange stores and serves them: each seeded message's own words, the
//! sender's signature (with an inline `cid:` logo), the sender's company disclaimer, and the
//! quoted history of the thread (Outlook's `-----Original Message-----` / OWA's `From:` block
//! after a rule, or Gmail's `On … wrote:` blockquote). `uniqueBody` is the same without the
//! quoted history. HTML bodies asked for as text go through [`html_to_text`]; text bodies are
//! served as HTML by default, as Exchange does.

use super::clock;
use super::html::html_to_text;
use super::seed::{Format, Mail, Person, Quote, Thread};
use crate::web::html_escape as escape;

/// The format a client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// Graph's default.
    Html,
    /// `Prefer: outlook.body-content-type="text"`.
    Text,
}

/// Corporate disclaimers appended by the senders' mail gateways.
fn disclaimer(domain: &str) -> Option<&'static str> {
    match domain {
        "woodgrovebank.com" => Some(
            "CONFIDENTIALITY NOTICE: This email and any attachments are confidential and may be legally privileged. If you are not the intended recipient, please notify the sender immediately and delete this message. Woodgrove Bank, N.A. Member FDIC.",
        ),
        "fabrikam.com" => Some(
            "This email and any attachments are confidential and intended solely for the addressee. If you have received it in error, please notify the sender and delete it. Fabrikam, Inc. accepts no liability for any damage caused by this email.",
        ),
        "contoso.com" => Some(
            "This email and any attachments are confidential and may contain privileged information. If you are not the intended recipient, do not copy, distribute or act on it; notify the sender and delete it. Contoso Ltd, Registered in Washington.",
        ),
        _ => None,
    }
}

/// The subject of message `index`: replies carry `RE: `.
pub(super) fn subject(thread: &Thread, index: usize) -> String {
    if index == 0 {
        thread.subject.to_owned()
    } else {
        format!("RE: {}", thread.subject)
    }
}

fn addresses(people: &[&Person]) -> String {
    people
        .iter()
        .map(|p| format!("{} <{}>", p.name, p.email))
        .collect::<Vec<_>>()
        .join("; ")
}

fn sent_at(mail: &Mail) -> i64 {
    clock::parse(mail.sent).unwrap_or_default()
}

// ---- text ----

fn unique_text(mail: &Mail) -> String {
    let mut out = mail.text.trim_end().to_owned();
    if mail.signature {
        let p = mail.from;
        out.push_str(&format!(
            "\n\n{}\n{} | {}\n{}",
            p.name, p.title, p.company, p.phone
        ));
        if let Some(cid) = mail.inline_image {
            out.push_str(&format!("\n[cid:{cid}]"));
        }
    }
    if let Some(text) = disclaimer(mail.from.domain()) {
        out.push_str(&format!("\n\n{text}"));
    }
    out
}

fn quote_text(thread: &Thread, index: usize) -> String {
    let mail = &thread.mails[index];
    if index == 0 || mail.quote == Quote::Nothing {
        return String::new();
    }
    let previous = &thread.mails[index - 1];
    let history = full_text(thread, index - 1);
    match mail.quote {
        Quote::OnWrote => {
            let quoted: Vec<String> = history.lines().map(|line| format!("> {line}")).collect();
            format!(
                "\n\nOn {} {} <{}> wrote:\n{}",
                clock::on_wrote(sent_at(previous)),
                previous.from.name,
                previous.from.email,
                quoted.join("\n")
            )
        }
        _ => {
            let cc = if previous.cc.is_empty() {
                String::new()
            } else {
                format!("Cc: {}\n", addresses(previous.cc))
            };
            format!(
                "\n\n-----Original Message-----\nFrom: {} <{}>\nSent: {}\nTo: {}\n{cc}Subject: {}\n\n{history}",
                previous.from.name,
                previous.from.email,
                clock::outlook_header(sent_at(previous)),
                addresses(previous.to),
                subject(thread, index - 1),
            )
        }
    }
}

/// The whole body of a stored-as-text message.
fn native_text(thread: &Thread, index: usize) -> String {
    unique_text(&thread.mails[index]) + &quote_text(thread, index)
}

/// The whole body of any message, as text.
fn full_text(thread: &Thread, index: usize) -> String {
    match thread.mails[index].format {
        Format::Text => native_text(thread, index),
        Format::Html => html_to_text(&native_html(thread, index)),
    }
}

// ---- html ----

fn paragraphs(text: &str) -> String {
    text.trim_end()
        .split("\n\n")
        .map(|paragraph| {
            let lines: Vec<String> = paragraph.lines().map(escape).collect();
            format!(
                "<p style=\"margin:0 0 12px 0\">{}</p>",
                lines.join("<br>\r\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn unique_html(mail: &Mail) -> String {
    let mut out = format!(
        "<div style=\"font-family:Aptos,Calibri,sans-serif;font-size:11pt\">\r\n{}\r\n</div>",
        paragraphs(mail.text)
    );
    if let Some(hidden) = mail.hidden_html {
        out.push_str(&format!("\r\n{hidden}"));
    }
    if mail.signature {
        let p = mail.from;
        let logo = mail.inline_image.map_or(String::new(), |cid| {
            format!(
                "<br>\r\n<img src=\"cid:{cid}\" width=\"120\" height=\"32\" alt=\"{}\">",
                escape(p.company)
            )
        });
        out.push_str(&format!(
            "\r\n<div id=\"Signature\"><p style=\"font-size:10pt;color:#444\"><b>{}</b><br>\r\n{} | {}<br>\r\n{}{logo}</p></div>",
            escape(p.name),
            escape(p.title),
            escape(p.company),
            escape(p.phone)
        ));
    }
    if let Some(text) = disclaimer(mail.from.domain()) {
        out.push_str(&format!(
            "\r\n<p style=\"font-size:8pt;color:#808080\">{}</p>",
            escape(text)
        ));
    }
    out
}

fn quote_html(thread: &Thread, index: usize) -> String {
    let mail = &thread.mails[index];
    if index == 0 || mail.quote == Quote::Nothing {
        return String::new();
    }
    let previous = &thread.mails[index - 1];
    let history = full_html(thread, index - 1);
    match mail.quote {
        Quote::OnWrote => format!(
            "\r\n<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On {} {} &lt;{}&gt; wrote:<br></div>\r\n<blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex\">\r\n{history}\r\n</blockquote></div>",
            clock::on_wrote(sent_at(previous)),
            escape(previous.from.name),
            escape(previous.from.email),
        ),
        _ => {
            let cc = if previous.cc.is_empty() {
                String::new()
            } else {
                format!("<b>Cc:</b> {}<br>\r\n", escape(&addresses(previous.cc)))
            };
            format!(
                "\r\n<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\">\r\n<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\"><b>From:</b> {} &lt;{}&gt;<br>\r\n<b>Sent:</b> {}<br>\r\n<b>To:</b> {}<br>\r\n{cc}<b>Subject:</b> {}</font>\r\n<div>&nbsp;</div></div>\r\n{history}",
                escape(previous.from.name),
                escape(previous.from.email),
                clock::outlook_header(sent_at(previous)),
                escape(&addresses(previous.to)),
                escape(&subject(thread, index - 1)),
            )
        }
    }
}

/// The inner HTML of a stored-as-HTML message.
fn native_html(thread: &Thread, index: usize) -> String {
    unique_html(&thread.mails[index]) + &quote_html(thread, index)
}

/// Exchange's rendering of a text body as HTML.
fn text_as_html(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(escape).collect();
    format!("<div class=\"PlainText\">{}</div>", lines.join("<br>\r\n"))
}

/// The inner HTML of any message.
fn full_html(thread: &Thread, index: usize) -> String {
    match thread.mails[index].format {
        Format::Html => native_html(thread, index),
        Format::Text => text_as_html(&native_text(thread, index)),
    }
}

fn document(inner: &str) -> String {
    format!(
        "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n{inner}\r\n</body></html>\r\n"
    )
}

/// `body`: the whole message in the asked format, as (`contentType`, content).
pub(super) fn body(thread: &Thread, index: usize, want: Want) -> (&'static str, String) {
    match want {
        Want::Html => ("html", document(&full_html(thread, index))),
        Want::Text => ("text", full_text(thread, index)),
    }
}

/// `uniqueBody`: only what this message added, in the asked format.
pub(super) fn unique_body(thread: &Thread, index: usize, want: Want) -> (&'static str, String) {
    let mail = &thread.mails[index];
    match (want, mail.format) {
        (Want::Html, Format::Html) => ("html", document(&unique_html(mail))),
        (Want::Html, Format::Text) => ("html", document(&text_as_html(&unique_text(mail)))),
        (Want::Text, Format::Text) => ("text", unique_text(mail)),
        (Want::Text, Format::Html) => ("text", html_to_text(&unique_html(mail))),
    }
}

/// `bodyPreview`: the first 255 characters of the body as text, whitespace collapsed.
pub(super) fn preview(thread: &Thread, index: usize) -> String {
    let text = full_text(thread, index);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(255).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::seed::{DANIEL, MEGAN, PRIYA, SOFIA};

    const THREAD: Thread = Thread {
        tag: "X",
        subject: "Pricing",
        unread: false,
        mails: &[
            Mail::html(
                &MEGAN,
                &[&PRIYA],
                &[],
                "2026-10-27T16:05:00Z",
                "Hi Priya,\n\nThe price is $52,000.\n\nMegan",
            )
            .first(),
            Mail::html(
                &PRIYA,
                &[&MEGAN],
                &[&DANIEL],
                "2026-10-28T15:22:00Z",
                "Too high <for us>.\n\nPriya",
            ),
            Mail::text(
                &MEGAN,
                &[&PRIYA],
                &[],
                "2026-10-28T18:40:00Z",
                "Understood.",
            )
            .on_wrote()
            .unsigned(),
            Mail::html(&SOFIA, &[&MEGAN], &[], "2026-11-13T18:05:00Z", "See you.")
                .first()
                .logo("image001.png@01DB"),
        ],
    };

    #[test]
    fn unique_body_has_the_signature_and_disclaimer_but_no_history() {
        let (kind, text) = unique_body(&THREAD, 1, Want::Text);
        assert_eq!(kind, "text");
        assert!(text.starts_with("Too high <for us>.\n\nPriya\n\nPriya Raman\nVP of Operations | Contoso Ltd\n+1 206 555 0142"), "{text}");
        assert!(text.contains("This email and any attachments are confidential"));
        assert!(!text.contains("$52,000"), "{text}");
    }

    #[test]
    fn html_replies_quote_outlook_style_and_convert_to_text_like_exchange() {
        let (kind, html) = body(&THREAD, 1, Want::Html);
        assert_eq!(kind, "html");
        assert!(html.contains("Too high &lt;for us&gt;."));
        assert!(html.contains("<div id=\"divRplyFwdMsg\""));
        let (_, text) = body(&THREAD, 1, Want::Text);
        assert!(text.contains(
            "________________________________\nFrom: Megan Bowen <megan.bowen@northwindtraders.com>\nSent: Tuesday, October 27, 2026 4:05 PM\nTo: Priya Raman <priya.raman@contoso.com>\nSubject: Pricing"
        ), "{text}");
        assert!(text.contains("The price is $52,000."));
    }

    #[test]
    fn text_replies_quote_on_wrote_with_the_whole_history() {
        let (_, text) = body(&THREAD, 2, Want::Text);
        assert!(text.starts_with("Understood.\n\nOn Wed, Oct 28, 2026 at 3:22 PM Priya Raman <priya.raman@contoso.com> wrote:\n> Too high <for us>."), "{text}");
        assert!(text.contains("> The price is $52,000."), "{text}");
        let (kind, html) = body(&THREAD, 2, Want::Html);
        assert_eq!(kind, "html");
        assert!(html.contains("<div class=\"PlainText\">Understood.<br>"));
    }

    #[test]
    fn inline_logos_render_as_cid_references() {
        let (_, html) = body(&THREAD, 3, Want::Html);
        assert!(html.contains("src=\"cid:image001.png@01DB\""));
        let (_, text) = body(&THREAD, 3, Want::Text);
        assert!(text.contains("[cid:image001.png@01DB]"), "{text}");
        assert_eq!(subject(&THREAD, 3), "RE: Pricing");
    }

    #[test]
    fn previews_are_short_single_line_text() {
        let text = preview(&THREAD, 1);
        assert!(
            text.starts_with("Too high <for us>. Priya Priya Raman"),
            "{text}"
        );
        assert!(text.chars().count() <= 255);
    }
}
