//! HTML to text the way Exchange converts bodies for
//! `Prefer: outlook.body-content-type="text"`: block elements break lines (paragraphs keep a
//! blank line), `<hr>` becomes a rule of underscores, inline images become `[cid:…]`, entities
//! are decoded, `<head>`, `<style>` and `<script>` are dropped.

/// Converts an HTML body to text.
pub(super) fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skip_until.is_none() {
                push_text(&mut out, rest);
            }
            break;
        };
        if skip_until.is_none() {
            push_text(&mut out, &rest[..open]);
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if let Some(until) = &skip_until {
            if closing && &name == until {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "head" | "style" | "script" if !closing => skip_until = Some(name.clone()),
            "br" => out.push('\n'),
            // Paragraphs keep Outlook's blank line between them; other blocks only break.
            "p" if closing => out.push_str("\n\n"),
            "p" | "div" | "tr" | "li" | "blockquote" | "h1" | "h2" | "h3" | "table"
                if !out.ends_with('\n') && !out.is_empty() =>
            {
                out.push('\n')
            }
            "hr" => out.push_str("\n________________________________\n"),
            "img" if !closing => {
                out.push_str(&attribute(tag, "src").map_or(String::new(), |src| format!("[{src}]")))
            }
            _ => {}
        }
    }
    tidy(&out)
}

fn push_text(out: &mut String, raw: &str) {
    let decoded = raw
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // Source whitespace (including the CRLFs between tags) is not text in HTML.
    let mut last_space = out.ends_with([' ', '\n']);
    for c in decoded.chars() {
        // A non-breaking space is text (Outlook's `<div>&nbsp;</div>` is an empty line).
        if c == '\u{a0}' {
            out.push(' ');
            last_space = true;
        } else if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text_drops_head_and_style_and_decodes_entities() {
        let html = "<html><head><style>p{color:red}</style><title>x</title></head><body><p>A&amp;B&nbsp;C</p>\r\n<div>line<br>next</div></body></html>";
        assert_eq!(html_to_text(html), "A&B C\n\nline\nnext");
    }

    #[test]
    fn an_nbsp_only_block_is_an_empty_line() {
        assert_eq!(
            html_to_text("<div>x</div>\r\n<div>&nbsp;</div>\r\n<div>y</div>"),
            "x\n\ny"
        );
    }

    #[test]
    fn rules_and_inline_images_read_like_exchange() {
        let html =
            "<p>Thanks</p><hr><div>From: A &lt;a@x&gt;</div><img src=\"cid:logo@01\" alt=\"x\">";
        assert_eq!(
            html_to_text(html),
            "Thanks\n\n________________________________\nFrom: A <a@x>\n[cid:logo@01]"
        );
    }
}
