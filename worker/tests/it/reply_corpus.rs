//! The reply-extraction corpus: realistic messages as each client family writes them (Outlook
//! desktop/web/mobile, Gmail, Apple Mail, Thunderbird, Yahoo, AOL, Android, iOS, Sparrow, and
//! clients in German, French, Spanish, Italian, Dutch, Russian, Portuguese, Polish, Swedish,
//! Japanese, Chinese), each with the own words a reader sees, in
//! `tests/fixtures/replies/<client>-<case>.txt`. Prints `reply_extraction: N/M right`, fails
//! below 95% and fails if any case of a named issue-10 class is wrong. A linearity guard makes
//! sure a 750 KB message of thousands of `>` lines stays fast.
//!
//! Case file format: `key: value` lines (`client`, `classes` comma-separated, `sender`,
//! optional `format: html`), then `=== input` and `=== expected` sections. Expected and actual
//! text are compared with whitespace runs collapsed (line wrapping is not what is tested).

use closer_worker::ai::clean::own_words;
use closer_worker::ai::html::visible_text;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The classes issue 10 names: every case of these must be right.
const NAMED_CLASSES: &[&str] = &[
    "bottom-post",
    "inline",
    "foreign-header",
    "date-subject-header",
    "rule-header",
    "on-wrote-i18n",
    "on-wrote-wrapped",
    "list-footer",
    "sent-from-sentence",
];
/// The share of the corpus that must be right.
const MIN_SHARE: f64 = 0.95;

struct Case {
    name: String,
    classes: Vec<String>,
    sender: String,
    html: bool,
    input: String,
    expected: String,
}

fn corpus() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/replies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.iter().map(parse).collect()
}

fn parse(path: &PathBuf) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let (head, rest) = text
        .split_once("=== input\n")
        .unwrap_or_else(|| panic!("{name}: no `=== input`"));
    let (input, expected) = rest
        .split_once("\n=== expected\n")
        .unwrap_or_else(|| panic!("{name}: no `=== expected`"));
    let field = |key: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    assert!(!field("client").is_empty(), "{name}: no client");
    Case {
        classes: field("classes")
            .split(',')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect(),
        sender: field("sender"),
        html: field("format") == "html",
        input: input.to_owned(),
        expected: expected.to_owned(),
        name,
    }
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn extract(case: &Case) -> String {
    let text = if case.html {
        visible_text(&case.input)
    } else {
        case.input.clone()
    };
    own_words(&text, &case.sender)
}

#[test]
fn the_corpus_is_extracted_right_and_every_named_class_is_right() {
    let cases = corpus();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut wrong = Vec::new();
    let mut by_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let got = extract(case);
        let right = flat(&got) == flat(&case.expected);
        if !right {
            wrong.push(format!(
                "{}:\n  expected: {:?}\n  got:      {:?}",
                case.name,
                flat(&case.expected),
                flat(&got)
            ));
        }
        for class in &case.classes {
            let entry = by_class.entry(class.as_str()).or_default();
            entry.0 += usize::from(right);
            entry.1 += 1;
        }
    }
    let right = cases.len() - wrong.len();
    println!("reply_extraction: {right}/{} right", cases.len());
    for (class, (ok, all)) in &by_class {
        println!("  {class}: {ok}/{all}");
    }
    for w in &wrong {
        println!("{w}");
    }
    for class in NAMED_CLASSES {
        let (ok, all) = by_class.get(class).copied().unwrap_or_default();
        assert!(all >= 2, "class {class} has {all} cases");
        assert_eq!(ok, all, "class {class}: {ok}/{all} right");
    }
    let share = right as f64 / cases.len() as f64;
    assert!(
        share >= MIN_SHARE,
        "reply_extraction: {right}/{} right ({:.1}%)",
        cases.len(),
        share * 100.0
    );
}

/// A long thread quoted `>` deep, as a mailing-list digest reply builds it, `lines` lines long.
fn deeply_quoted(lines: usize) -> String {
    let mut text = String::from("Bottom-posted answer after a very long quote.\n\n");
    for i in 0..lines {
        let depth = ">".repeat(1 + i % 7);
        text.push_str(&format!(
            "{depth} On Tue, Mar 3, 2026 at 10:{:02} AM Someone <s{i}@example.com> wrote line {i} of the history\n",
            i % 60
        ));
        if i % 50 == 0 {
            text.push_str("> From: Someone\n> Sent: Tuesday\n>\n");
        }
    }
    text.push_str("\nAnd the last own words.\n");
    text
}

fn fastest(text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(own_words(text, "Someone"));
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn a_750_kb_message_of_thousands_of_quote_lines_is_extracted_in_linear_time() {
    let small = deeply_quoted(2_500);
    let big = deeply_quoted(10_000);
    assert!(big.len() >= 750_000, "{} bytes", big.len());
    let words = own_words(&big, "Someone");
    assert_eq!(
        words,
        "Bottom-posted answer after a very long quote.\n\nAnd the last own words."
    );
    let (t_small, t_big) = (fastest(&small), fastest(&big));
    println!("reply_extraction_linear: {t_small:?} for 2,500 quote lines, {t_big:?} for 10,000");
    // A guard against quadratic blow-ups: 4x the input must cost well under 16x the time.
    assert!(t_big < Duration::from_secs(2), "{t_big:?}");
    assert!(
        t_big < t_small * 10 + Duration::from_millis(20),
        "{t_small:?} → {t_big:?}"
    );
}
