//! Follow-up tasks suggested from an opportunity's verified next steps: the step as the
//! subject, regarding the opportunity, with a due date only where the step or one of its quotes
//! states a date. The date is read from the text here, not taken from the model: a due date the
//! notes never mention would be invented.
//!
//! Dates understood: `2026-12-05`, `December 5`, `Dec 5th, 2026`, `5 December 2026`. A date
//! without a year is the next such day on or after today. Relative dates ("next Friday") are
//! not read: no due date is better than a wrong one.

use crate::routes::pane::task::MAX_SUBJECT_CHARS;
use crate::time::{calendar_date, is_calendar_day};
use closer_wire::{CreateTask, SummaryPoint};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// One task per next step, regarding `opportunity_id`; `today` is `YYYY-MM-DD`.
pub fn suggested_tasks(
    next_steps: &[SummaryPoint],
    opportunity_id: &str,
    today: &str,
) -> Vec<CreateTask> {
    next_steps
        .iter()
        .filter(|step| !step.text.trim().is_empty())
        .map(|step| {
            let subject = subject(&step.text);
            let due_date = std::iter::once(step.text.as_str())
                .chain(step.citations.iter().map(|c| c.quote.as_str()))
                .find_map(|text| stated_date(text, today));
            let key = suggestion_key(opportunity_id, &subject, due_date.as_deref());
            CreateTask {
                subject,
                due_date,
                regarding_kind: "opportunity".into(),
                regarding_id: opportunity_id.to_owned(),
                idempotency_key: Some(key),
            }
        })
        .collect()
}

/// The same suggestion (deal, subject, due date) gets the same key every time the deal is
/// summarized, so creating it again finds the first task. FNV-1a: stable across builds and
/// isolates, which `std`'s hasher does not promise.
fn suggestion_key(opportunity_id: &str, subject: &str, due_date: Option<&str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [opportunity_id, subject, due_date.unwrap_or_default()] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("suggested:{hash:016x}")
}

/// The step as a task subject: one line, at most [`MAX_SUBJECT_CHARS`] characters (cut at a
/// word, with an ellipsis).
fn subject(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= MAX_SUBJECT_CHARS {
        return line;
    }
    let cut: String = line.chars().take(MAX_SUBJECT_CHARS - 1).collect();
    let at_word = cut.rfind(' ').filter(|&at| at > 0).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// The first date `text` states, as `YYYY-MM-DD`.
pub fn stated_date(text: &str, today: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let (this_year, today_md) = parse_iso(today).map(|(y, m, d)| (y, (m, d)))?;
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_end_matches(['.', ';', ':', '!', '?']);
        if let Some((year, month, day)) = parse_iso(word) {
            return Some(iso(year, month, day));
        }
        let Some(month) = month_of(word) else {
            continue;
        };
        // "December 5[th][, 2026]" or "5[th] December [2026]".
        let after = words.get(i + 1).and_then(|w| day_of(w));
        let before = i.checked_sub(1).and_then(|j| day_of(words[j]));
        let (day, year_at) = match (after, before) {
            (Some(day), _) => (day, i + 2),
            (None, Some(day)) => (day, i + 1),
            (None, None) => continue,
        };
        let stated_year = words.get(year_at).and_then(|w| year_of(w));
        let year = stated_year.unwrap_or(if (month, day) >= today_md {
            this_year
        } else {
            this_year + 1
        });
        if is_calendar_day(year.into(), month.into(), day.into()) {
            return Some(iso(year, month, day));
        }
    }
    None
}

fn iso(year: u32, month: u32, day: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

fn parse_iso(text: &str) -> Option<(u32, u32, u32)> {
    let (year, month, day) = calendar_date(text)?;
    Some((
        u32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    ))
}

/// `December`, `Dec`, `Dec.`, `Sept` (any case).
fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let word = if word == "sept" { "sep".into() } else { word };
    MONTHS
        .iter()
        .position(|month| *month == word || (word.len() == 3 && month.starts_with(&word)))
        .map(|index| index as u32 + 1)
}

/// `5`, `05`, `5th`, `1st`, `22nd`, `3rd`.
fn day_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['.', ';', ':']);
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let suffix_ok = ["", "st", "nd", "rd", "th"].contains(&suffix.to_lowercase().as_str());
    let valid = !digits.is_empty() && digits.len() <= 2 && suffix_ok;
    valid
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|day| (1..=31).contains(day))
}

fn year_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['.', ';', ':']);
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|year| (1900..=3999).contains(year))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_suggestion_keeps_its_key_across_summaries_and_another_gets_another() {
        let key = suggestion_key("opp-1", "Send the revised quote", Some("2026-12-05"));
        assert_eq!(
            key,
            suggestion_key("opp-1", "Send the revised quote", Some("2026-12-05"))
        );
        assert!(key.starts_with("suggested:") && key.len() == "suggested:".len() + 16);
        assert_ne!(
            key,
            suggestion_key("opp-2", "Send the revised quote", Some("2026-12-05"))
        );
        assert_ne!(
            key,
            suggestion_key("opp-1", "Send the quote", Some("2026-12-05"))
        );
        assert_ne!(key, suggestion_key("opp-1", "Send the revised quote", None));
        // Parts are separated, so moving text between them changes the key.
        assert_ne!(
            suggestion_key("ab", "c", None),
            suggestion_key("a", "bc", None)
        );
    }

    use super::*;
    use closer_wire::Citation;
    use rstest::rstest;

    const TODAY: &str = "2026-11-29";

    #[rstest]
    #[case("Send the quote by 2026-12-05.", Some("2026-12-05"))]
    #[case("Send the revised quote by December 5", Some("2026-12-05"))]
    #[case("Review on Dec 8th, 2026 with Marcus", Some("2026-12-08"))]
    #[case("Sign before 15 December 2026.", Some("2026-12-15"))]
    #[case("Kick-off on January 12", Some("2027-01-12"))]
    #[case("Call back on November 30", Some("2026-11-30"))]
    #[case("Follow up on Sept 3", Some("2027-09-03"))]
    #[case("Demo on February 30", None)]
    #[case("Send the SOC 2 report", None)]
    #[case("May we meet next Friday?", None)]
    #[case("Budget cap is 50 000 for 2027", None)]
    #[case("Deadline 2026-02-30 or 2026-12-01", Some("2026-12-01"))]
    fn dates_are_read_only_where_stated(#[case] text: &str, #[case] expected: Option<&str>) {
        assert_eq!(stated_date(text, TODAY).as_deref(), expected, "{text}");
    }

    fn step(text: &str, quotes: &[&str]) -> SummaryPoint {
        SummaryPoint {
            text: text.into(),
            citations: quotes
                .iter()
                .map(|quote| Citation {
                    message_id: "n-1".into(),
                    sender: "Megan Bowen".into(),
                    quote: (*quote).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_step_becomes_a_task_regarding_the_deal_dated_from_its_quotes() {
        let steps = [
            step(
                "Send Priya the revised quote.",
                &["the revised quote with the EDI bundle by December 5"],
            ),
            step("Share the SOC 2 report with Marcus.", &["our SOC 2 report"]),
        ];
        let tasks = suggested_tasks(&steps, "o-1", TODAY);
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].subject, "Send Priya the revised quote.");
        assert_eq!(tasks[0].due_date.as_deref(), Some("2026-12-05"));
        assert_eq!(
            (
                tasks[0].regarding_kind.as_str(),
                tasks[0].regarding_id.as_str()
            ),
            ("opportunity", "o-1")
        );
        assert_eq!(tasks[1].due_date, None);
    }

    #[test]
    fn a_long_step_is_cut_to_a_subject_the_crm_accepts() {
        let long = format!("Call {}", "the procurement team again ".repeat(20));
        let tasks = suggested_tasks(&[step(&long, &[])], "o-1", TODAY);
        let subject = &tasks[0].subject;
        assert!(subject.chars().count() <= MAX_SUBJECT_CHARS);
        let kept = subject
            .strip_suffix('…')
            .expect("an ellipsis says it was cut");
        let full = long.trim();
        assert!(full.starts_with(kept), "{subject}");
        assert_eq!(&full[kept.len()..kept.len() + 1], " ", "cut at a word");
        assert!(crate::routes::pane::task::new_task(tasks[0].clone()).is_ok());
    }
}
