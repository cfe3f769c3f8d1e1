//! The parsed body as the text a reader sees, laid out as html2text's plain mode laid it out
//! before (so the thread cleaner, the quotes the model cites and the reply corpus read the same
//! text): inline whitespace collapsed; `br` a line break; blocks on their own lines, paragraphs,
//! headings (`#`), blockquotes (`> ` on every line) and `pre` apart by a blank line; list items
//! as `* ` or `1. ` with their continuation lines indented; links and images as `[text]`.
//!
//! Tables differ on purpose: html2text drew a grid of box-drawing lines around every cell —
//! also around the layout tables most HTML mail is made of. Here a row of short cells is one
//! line, cells apart by ` | `, and a row holding longer text (a layout table) is its cells'
//! blocks one after another. Lines are never wrapped.

use super::dom::{Element, Node};

/// Elements that start and end on their own line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "body",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Blocks set apart by a blank line.
const PARAGRAPH: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"];

/// A cell of a row whose cells all fit on one line stays under this many characters.
const SHORT_CELL: usize = 60;

/// Renders `root`'s children.
pub fn render(root: &Element) -> String {
    let mut out = Out::default();
    children(root, &mut out, false);
    out.text
}

#[derive(Default)]
struct Out {
    text: String,
    /// Line breaks owed before the next text: 1 a new line, 2 a blank line.
    owed: u8,
    /// Whether the last character written is whitespace that collapses what follows.
    space: bool,
}

impl Out {
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    fn owe(&mut self, breaks: u8) {
        if !self.text.is_empty() {
            self.owed = self.owed.max(breaks);
        }
    }

    fn pay(&mut self) {
        if self.owed == 0 || self.text.is_empty() {
            self.owed = 0;
            return;
        }
        let trailing = self.text.len() - self.text.trim_end_matches('\n').len();
        for _ in trailing..usize::from(self.owed) {
            self.text.push('\n');
        }
        self.owed = 0;
        self.space = true;
    }

    fn hard_break(&mut self) {
        self.pay();
        self.text.push('\n');
        self.space = true;
    }

    /// Inline text: runs of HTML whitespace collapse to one space, none at a line's start.
    fn inline(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                if !self.space && !self.at_line_start() && self.owed == 0 {
                    self.text.push(' ');
                    self.space = true;
                }
            } else {
                self.pay();
                self.text.push(c);
                self.space = false;
            }
        }
    }

    /// Text that keeps its whitespace (`pre`).
    fn verbatim(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.pay();
        self.text.push_str(text);
        self.space = text.ends_with(char::is_whitespace);
    }

    /// A finished block of lines, each prefixed (first line `first`, the others `rest`).
    fn block_lines(&mut self, inner: &str, first: &str, rest: &str) {
        let inner = inner.trim_matches('\n');
        if inner.is_empty() {
            return;
        }
        self.pay();
        if !self.at_line_start() {
            self.text.push('\n');
        }
        for (i, line) in inner.lines().enumerate() {
            if i > 0 {
                self.text.push('\n');
            }
            self.text.push_str(if i == 0 { first } else { rest });
            self.text.push_str(line);
        }
        self.space = false;
    }
}

fn children(element: &Element, out: &mut Out, pre: bool) {
    let mut item = element
        .attribute("start")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(1);
    for child in &element.children {
        match child {
            Node::Text(text) if pre => out.verbatim(text),
            Node::Text(text) => out.inline(text),
            Node::Element(child) if child.name == "li" && element.name == "ol" => {
                list_item(child, out, &format!("{item}. "), pre);
                item += 1;
            }
            Node::Element(child) if child.name == "li" && element.name != "ol" => {
                list_item(child, out, "* ", pre);
            }
            Node::Element(child) => node(child, out, pre),
        }
    }
}

/// Renders `element`'s content into its own text (for prefixed blocks).
fn inner(element: &Element, pre: bool) -> String {
    let mut out = Out::default();
    children(element, &mut out, pre);
    out.text
}

fn list_item(item: &Element, out: &mut Out, marker: &str, pre: bool) {
    out.owe(1);
    let indent = " ".repeat(marker.chars().count());
    out.block_lines(&inner(item, pre), marker, &indent);
    out.owe(1);
}

fn node(element: &Element, out: &mut Out, pre: bool) {
    let name = element.name.as_str();
    match name {
        "br" => out.hard_break(),
        "img" => {
            // Only a real image (one with a source) shows its alternative text.
            let alt = element
                .attribute("alt")
                .filter(|_| element.attribute("src").is_some());
            if let Some(alt) = alt.filter(|a| !a.trim().is_empty()) {
                out.inline(&format!("[{alt}]"));
            }
        }
        "a" if element.attribute("href").is_some() => {
            let text = inner(element, pre);
            let text = text.trim();
            if !text.is_empty() {
                out.inline(&format!("[{text}]"));
            }
        }
        "blockquote" => {
            out.owe(2);
            out.block_lines(&inner(element, pre), "> ", "> ");
            out.owe(2);
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = usize::from(name.as_bytes()[1] - b'0');
            let marks = format!("{} ", "#".repeat(level));
            out.owe(2);
            out.block_lines(&inner(element, pre), &marks, "");
            out.owe(2);
        }
        "dd" => {
            out.owe(1);
            out.block_lines(&inner(element, pre), "  ", "  ");
            out.owe(1);
        }
        "tr" => row(element, out, pre),
        "pre" => {
            out.owe(2);
            children(element, out, true);
            out.owe(2);
        }
        _ if PARAGRAPH.contains(&name) => {
            out.owe(2);
            children(element, out, pre);
            out.owe(2);
        }
        _ if BLOCK.contains(&name) => {
            out.owe(1);
            children(element, out, pre);
            out.owe(1);
        }
        _ => children(element, out, pre),
    }
}

/// A table row: one line of short cells, or each cell's blocks in turn.
fn row(element: &Element, out: &mut Out, pre: bool) {
    let cells: Vec<String> = element
        .children
        .iter()
        .filter_map(|child| match child {
            Node::Element(cell) if matches!(cell.name.as_str(), "td" | "th") => {
                Some(inner(cell, pre).trim().to_owned())
            }
            _ => None,
        })
        .filter(|cell| !cell.is_empty())
        .collect();
    out.owe(1);
    let one_line = cells.len() > 1
        && cells
            .iter()
            .all(|c| !c.contains('\n') && c.chars().count() < SHORT_CELL);
    if one_line {
        out.block_lines(&cells.join(" | "), "", "");
    } else {
        for cell in &cells {
            out.owe(1);
            out.block_lines(cell, "", "");
        }
    }
    out.owe(1);
}

#[cfg(test)]
mod tests {
    use super::super::{dom, tidy};
    use super::render;

    fn text(html: &str) -> String {
        tidy(&render(&dom::parse(html)))
    }

    #[test]
    fn a_row_of_short_cells_is_one_line_and_a_layout_table_its_blocks() {
        assert_eq!(
            text(
                "<table><tr><th>Name</th><th>Seats</th></tr><tr><td>Contoso</td><td>250</td></tr></table>after"
            ),
            "Name | Seats\nContoso | 250\nafter"
        );
        assert_eq!(
            text(
                "<table><tr><td><p>Hi Megan,</p><p>The long paragraph of a layout table, which is how most HTML mail is laid out.</p></td><td>Side</td></tr></table>"
            ),
            "Hi Megan,\n\nThe long paragraph of a layout table, which is how most HTML mail is laid out.\nSide"
        );
    }

    #[test]
    fn a_rule_breaks_the_line() {
        assert_eq!(text("a<hr>b"), "a\nb");
    }
}
