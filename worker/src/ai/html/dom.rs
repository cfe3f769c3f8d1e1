//! A small, forgiving HTML parser for email bodies: tags, attributes, comments, raw-text
//! elements and character references into a tree of [`Node`]s, in one linear pass.
//!
//! Owns only what reading an email needs, following the WHATWG tokenizer's shapes
//! (https://html.spec.whatwg.org/multipage/parsing.html#tokenization): comments, doctypes and
//! processing instructions are skipped; `script`, `style`, `title`, `textarea` and the other
//! raw-text elements end only at their own end tag; attribute values are quoted or not. The
//! tree construction is simpler than the spec's on purpose — no foster parenting, no adoption
//! agency — but closes what browsers close implicitly (a `p` at the next block, an `li` at the
//! next item, cells and rows at the next cell or row), and an end tag closes the nearest open
//! element of its name or nothing. It replaced html5ever (issue 16: a fifth of the worker's
//! size) for text extraction, where those differences change no word of the output.

use super::entities::decode;

/// A node of the parsed body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element, its name lowercased.
    Element(Element),
    /// Text, character references decoded.
    Text(String),
}

/// An element and what it holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// The tag name, lowercased.
    pub name: String,
    /// Attributes in source order, names lowercased, values decoded.
    pub attrs: Vec<(String, String)>,
    /// Children in source order.
    pub children: Vec<Node>,
}

impl Element {
    /// The value of attribute `name` (lowercase).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose content is text up to their own end tag (raw text and escapable raw text).
const RAW_TEXT: &[&str] = &[
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Start tags that close an open `p` (https://html.spec.whatwg.org/#the-p-element).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Open elements beyond this depth take no children of their own (their content goes to the
/// deepest allowed one): a hostile body cannot make the tree, or its rendering, deep.
pub const MAX_OPEN: usize = 512;

/// Parses `html` into the children of a document root.
pub fn parse(html: &str) -> Element {
    let mut builder = Builder {
        stack: vec![Element {
            name: "#document".into(),
            ..Element::default()
        }],
    };
    let bytes = html.as_bytes();
    let mut at = 0;
    let mut text_from = 0;
    while let Some(offset) = memchr(b'<', &bytes[at..]) {
        let lt = at + offset;
        let Some((tag, end)) = read_markup(html, lt) else {
            at = lt + 1;
            continue;
        };
        builder.text(&html[text_from..lt]);
        at = end;
        text_from = end;
        match tag {
            Markup::Skip => {}
            Markup::End(name) => builder.close(&name),
            Markup::Start {
                name,
                attrs,
                self_closing,
            } => {
                if RAW_TEXT.contains(&name.as_str()) && !self_closing {
                    let (content, after) = raw_text(html, end, &name);
                    builder.open(name.clone(), attrs);
                    if matches!(name.as_str(), "textarea" | "title") {
                        builder.text(content);
                    } else {
                        builder.raw(content);
                    }
                    builder.close(&name);
                    at = after;
                    text_from = after;
                } else if VOID.contains(&name.as_str()) || self_closing {
                    builder.open(name.clone(), attrs);
                    builder.close(&name);
                } else {
                    builder.open(name, attrs);
                }
            }
        }
    }
    builder.text(&html[text_from..]);
    builder.finish()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

enum Markup {
    Skip,
    End(String),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
}

/// Reads the markup starting at `lt` (a `<`): what it is and where it ends. `None` when the
/// `<` starts no markup and is text.
fn read_markup(html: &str, lt: usize) -> Option<(Markup, usize)> {
    let rest = &html[lt + 1..];
    let first = *rest.as_bytes().first()?;
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment.find("-->").map_or(html.len(), |e| lt + 4 + e + 3);
        return Some((Markup::Skip, end));
    }
    if first == b'!' || first == b'?' {
        let end = rest.find('>').map_or(html.len(), |e| lt + 1 + e + 1);
        return Some((Markup::Skip, end));
    }
    if first == b'/' {
        let after = &rest[1..];
        if !after.as_bytes().first()?.is_ascii_alphabetic() {
            // `</>` is nothing; `</ x>` is a bogus comment.
            let end = rest.find('>').map_or(html.len(), |e| lt + 1 + e + 1);
            return Some((Markup::Skip, end));
        }
        let name = tag_name(after);
        let end = rest.find('>').map_or(html.len(), |e| lt + 1 + e + 1);
        return Some((Markup::End(name), end));
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name = tag_name(rest);
    let mut at = lt + 1 + name.len();
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            self_closing = bytes[at] == b'/';
            at += 1;
        }
        if at >= bytes.len() {
            return Some((
                Markup::Start {
                    name,
                    attrs,
                    self_closing,
                },
                bytes.len(),
            ));
        }
        if bytes[at] == b'>' {
            return Some((
                Markup::Start {
                    name,
                    attrs,
                    self_closing,
                },
                at + 1,
            ));
        }
        self_closing = false;
        let name_start = at;
        at += 1;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') {
            if bytes[at].is_ascii_whitespace() {
                break;
            }
            at += 1;
        }
        let attr = html[name_start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = String::new();
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = at + 1;
                    let end = memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                    value = decode(&html[start..end], true);
                    at = (end + 1).min(bytes.len());
                }
                _ => {
                    let start = at;
                    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>'
                    {
                        at += 1;
                    }
                    value = decode(&html[start..at], true);
                }
            }
        }
        // The first of repeated attributes wins, as in browsers.
        if !attrs.iter().any(|(n, _)| *n == attr) {
            attrs.push((attr, value));
        }
    }
}

/// The tag name at the start of `text`, lowercased.
fn tag_name(text: &str) -> String {
    let end = text
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(text.len());
    text[..end].to_ascii_lowercase()
}

/// The raw text of element `name` from `start`, and where its end tag ends.
fn raw_text<'a>(html: &'a str, start: usize, name: &str) -> (&'a str, usize) {
    let bytes = html.as_bytes();
    let mut at = start;
    // The spec's script data states: in a script, `<!--` opens an escaped part where a
    // `<script` opens a double-escaped part that `</script>` only leaves, not ends; `-->` closes
    // both. Text a browser keeps inside the (never shown) script must not leak out of it here.
    #[derive(PartialEq)]
    enum Script {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = Script::Data;
    let script = name == "script";
    while at < bytes.len() {
        let rest = &bytes[at..];
        if script && state == Script::Data && rest.starts_with(b"<!--") {
            state = Script::Escaped;
            at += 4;
            continue;
        }
        if script && state != Script::Data && rest.starts_with(b"-->") {
            state = Script::Data;
            at += 3;
            continue;
        }
        if script && state == Script::Escaped && tag_at(rest, b"<", name) {
            state = Script::DoubleEscaped;
            at += 1 + name.len();
            continue;
        }
        if tag_at(rest, b"</", name) {
            if state == Script::DoubleEscaped {
                state = Script::Escaped;
                at += 2 + name.len();
                continue;
            }
            let end = memchr(b'>', rest).map_or(html.len(), |e| at + e + 1);
            return (&html[start..at], end);
        }
        at += 1;
    }
    (&html[start..], html.len())
}

/// Whether `rest` starts with `open` + `name` (any case) and a delimiter.
fn tag_at(rest: &[u8], open: &[u8], name: &str) -> bool {
    let len = open.len() + name.len();
    rest.starts_with(open)
        && rest.len() > len
        && rest[open.len()..len].eq_ignore_ascii_case(name.as_bytes())
        && (rest[len].is_ascii_whitespace() || rest[len] == b'>' || rest[len] == b'/')
}

struct Builder {
    stack: Vec<Element>,
}

impl Builder {
    fn current(&mut self) -> &mut Element {
        self.stack.last_mut().expect("the root is never popped")
    }

    fn text(&mut self, raw: &str) {
        if !raw.is_empty() {
            let text = decode(raw, false);
            self.push_text(text);
        }
    }

    fn raw(&mut self, raw: &str) {
        if !raw.is_empty() {
            self.push_text(raw.to_owned());
        }
    }

    fn push_text(&mut self, text: String) {
        let current = self.current();
        if let Some(Node::Text(last)) = current.children.last_mut() {
            last.push_str(&text);
        } else {
            current.children.push(Node::Text(text));
        }
    }

    fn open(&mut self, name: String, attrs: Vec<(String, String)>) {
        self.close_implied_by(&name);
        if self.stack.len() >= MAX_OPEN {
            return;
        }
        self.stack.push(Element {
            name,
            attrs,
            children: Vec::new(),
        });
    }

    /// Closes what a start tag `name` ends implicitly.
    fn close_implied_by(&mut self, name: &str) {
        if CLOSES_P.contains(&name) {
            self.close_within("p", &["button", "td", "th", "caption", "table", "object"]);
        }
        match name {
            "li" => self.close_within("li", &["ul", "ol", "menu"]),
            "dt" | "dd" => {
                self.close_within("dt", &["dl"]);
                self.close_within("dd", &["dl"]);
            }
            "td" | "th" => {
                self.close_within("td", &["tr", "table"]);
                self.close_within("th", &["tr", "table"]);
            }
            "tr" => self.close_within("tr", &["table", "tbody", "thead", "tfoot"]),
            "tbody" | "thead" | "tfoot" => {
                for section in ["tbody", "thead", "tfoot"] {
                    self.close_within(section, &["table"]);
                }
            }
            "option" => self.close_within("option", &["select", "datalist"]),
            _ => {}
        }
    }

    /// Closes the nearest open `name` if no element of `scope` is nearer.
    fn close_within(&mut self, name: &str, scope: &[&str]) {
        for index in (1..self.stack.len()).rev() {
            let open = &self.stack[index].name;
            if open == name {
                self.pop_to(index);
                return;
            }
            if scope.contains(&open.as_str()) {
                return;
            }
        }
    }

    /// An end tag: closes the nearest open element of that name and everything inside it.
    fn close(&mut self, name: &str) {
        if let Some(index) = (1..self.stack.len())
            .rev()
            .find(|&i| self.stack[i].name == name)
        {
            self.pop_to(index);
        }
    }

    fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let done = self.stack.pop().expect("above the root");
            self.current().children.push(Node::Element(done));
        }
    }

    fn finish(mut self) -> Element {
        self.pop_to(1);
        self.stack.pop().expect("the root")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(element: &Element) -> Vec<String> {
        element
            .children
            .iter()
            .map(|n| match n {
                Node::Element(e) => format!("<{}>{}", e.name, names(e).join("")),
                Node::Text(t) => t.clone(),
            })
            .collect()
    }

    #[test]
    fn tags_attributes_comments_and_raw_text() {
        let root = parse(
            r#"<!DOCTYPE html><DIV Class="a b" id=x data-q='1>2' hidden>Hi &amp; <!-- no -->bye<br/></div><script>if (a<b) {}</script>"#,
        );
        let Node::Element(div) = &root.children[0] else {
            panic!("{root:?}")
        };
        assert_eq!(div.name, "div");
        assert_eq!(div.attribute("class"), Some("a b"));
        assert_eq!(div.attribute("id"), Some("x"));
        assert_eq!(div.attribute("data-q"), Some("1>2"));
        assert_eq!(div.attribute("hidden"), Some(""));
        assert_eq!(names(&root), ["<div>Hi & bye<br>", "<script>if (a<b) {}"]);
    }

    #[test]
    fn browsers_implicit_closes_are_followed() {
        let root = parse(
            "<p>one<p>two<div>three</div><ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>",
        );
        assert_eq!(
            names(&root),
            [
                "<p>one",
                "<p>two",
                "<div>three",
                "<ul><li>a<li>b",
                "<table><tr><td>1<td>2<tr><td>3"
            ]
        );
    }

    #[test]
    fn stray_end_tags_and_text_lt_are_harmless() {
        let root = parse("a < b </span> c</p> <3 </ x> d");
        assert_eq!(names(&root), ["a < b  c <3  d"]);
    }

    #[test]
    fn script_text_stays_in_the_script_as_browsers_keep_it() {
        // Escaped and double-escaped script data (the spec's script data states): the first
        // `</script>` inside `<!--<script>` does not end the script.
        let root = parse(
            "<script><!--<script></script>SMUGGLED</script>--> shown<SCRIPT>x</Script >after",
        );
        assert_eq!(
            names(&root),
            [
                "<script><!--<script></script>SMUGGLED",
                "--> shown",
                "<script>x",
                "after"
            ]
        );
        let unclosed = parse("<style>p { color: red } no end");
        assert_eq!(names(&unclosed), ["<style>p { color: red } no end"]);
    }

    #[test]
    fn depth_is_bounded() {
        let root = parse(&"<span>".repeat(10 * MAX_OPEN));
        let mut depth = 0;
        let mut element = &root;
        while let Some(Node::Element(child)) = element.children.first() {
            depth += 1;
            element = child;
        }
        assert!(depth < MAX_OPEN, "{depth}");
    }
}
