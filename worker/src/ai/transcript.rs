//! A meeting transcript as the recap reads it (issue 13's groundwork): WebVTT cues
//! ([`crate::graph::vtt`]) merged into speaker turns, talk time per speaker, timestamps as a
//! citation shows them, and the check that a quoted line was said by that speaker.
//!
//! Pure: the cues come from Graph (`GraphClient::transcript_cues`) and are dropped with the
//! request; nothing here stores or logs what was said.

use crate::ai::citations::quote_in;
use crate::graph::vtt::Cue;

/// The name shown for cues without a `<v Name>` voice tag.
pub const UNKNOWN_SPEAKER: &str = "Unknown speaker";

/// What one speaker said without interruption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// Who.
    pub speaker: String,
    /// From, in milliseconds from the start of the recording.
    pub start_ms: i64,
    /// To.
    pub end_ms: i64,
    /// The cues' text, joined with spaces.
    pub text: String,
}

/// One speaker's share of the meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkTime {
    /// Who.
    pub speaker: String,
    /// Milliseconds spoken (the sum of their cues' durations).
    pub talk_ms: i64,
    /// Their share of all speech, in percent.
    pub share_pct: f64,
}

fn speaker_of(cue: &Cue) -> &str {
    cue.speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(UNKNOWN_SPEAKER)
}

/// Consecutive cues of one speaker as one turn, in order; empty cues are skipped.
pub fn turns(cues: &[Cue]) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    for cue in cues.iter().filter(|cue| !cue.text.trim().is_empty()) {
        let speaker = speaker_of(cue);
        match turns.last_mut() {
            Some(turn) if turn.speaker == speaker => {
                turn.end_ms = turn.end_ms.max(cue.end_ms);
                turn.text.push(' ');
                turn.text.push_str(cue.text.trim());
            }
            _ => turns.push(Turn {
                speaker: speaker.to_owned(),
                start_ms: cue.start_ms,
                end_ms: cue.end_ms,
                text: cue.text.trim().to_owned(),
            }),
        }
    }
    turns
}

/// Talk time per speaker, most first (ties by name); a cue ending before it starts counts 0.
pub fn talk_time(cues: &[Cue]) -> Vec<TalkTime> {
    let mut totals: Vec<(String, i64)> = Vec::new();
    for cue in cues {
        let spoken = cue.end_ms.saturating_sub(cue.start_ms).max(0);
        let speaker = speaker_of(cue);
        match totals.iter_mut().find(|(name, _)| name == speaker) {
            Some((_, total)) => *total = total.saturating_add(spoken),
            None => totals.push((speaker.to_owned(), spoken)),
        }
    }
    let all: i64 = totals.iter().map(|(_, t)| *t).sum();
    let mut shares: Vec<TalkTime> = totals
        .into_iter()
        .map(|(speaker, talk_ms)| TalkTime {
            share_pct: if all > 0 {
                talk_ms as f64 * 100.0 / all as f64
            } else {
                0.0
            },
            speaker,
            talk_ms,
        })
        .collect();
    shares.sort_by(|a, b| b.talk_ms.cmp(&a.talk_ms).then(a.speaker.cmp(&b.speaker)));
    shares
}

/// `ms` as a citation shows it: `m:ss`, or `h:mm:ss` from an hour on (negative offsets as 0).
pub fn timestamp(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The turn in which `speaker` said `quote` (compared as email citations are), if any: a recap
/// point citing a speaker and words keeps its citation only when this finds it.
pub fn said<'t>(turns: &'t [Turn], speaker: &str, quote: &str) -> Option<&'t Turn> {
    turns
        .iter()
        .filter(|turn| turn.speaker.eq_ignore_ascii_case(speaker.trim()))
        .find(|turn| quote_in(quote, &turn.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start_ms: i64, end_ms: i64, speaker: Option<&str>, text: &str) -> Cue {
        Cue {
            start_ms,
            end_ms,
            speaker: speaker.map(str::to_owned),
            text: text.to_owned(),
        }
    }

    fn meeting() -> Vec<Cue> {
        vec![
            cue(0, 4_000, Some("Megan Bowen"), "Thanks for joining."),
            cue(
                4_000,
                9_000,
                Some("Megan Bowen"),
                "Shall we start with pricing?",
            ),
            cue(
                9_000,
                15_000,
                Some("Priya Raman"),
                "Globex quoted us 44,000 for year one.",
            ),
            cue(15_000, 15_000, None, "   "),
            cue(15_000, 17_000, None, "(inaudible)"),
            cue(
                17_000,
                16_000,
                Some("Priya Raman"),
                "A cue that ends before it starts.",
            ),
        ]
    }

    #[test]
    fn consecutive_cues_of_a_speaker_are_one_turn() {
        let turns = turns(&meeting());
        let speakers: Vec<&str> = turns.iter().map(|t| t.speaker.as_str()).collect();
        assert_eq!(
            speakers,
            ["Megan Bowen", "Priya Raman", UNKNOWN_SPEAKER, "Priya Raman"]
        );
        assert_eq!(
            turns[0].text,
            "Thanks for joining. Shall we start with pricing?"
        );
        assert_eq!((turns[0].start_ms, turns[0].end_ms), (0, 9_000));
    }

    #[test]
    fn talk_time_adds_durations_and_shares_sum_to_all_speech() {
        let shares = talk_time(&meeting());
        let named: Vec<(&str, i64)> = shares
            .iter()
            .map(|s| (s.speaker.as_str(), s.talk_ms))
            .collect();
        assert_eq!(
            named,
            [
                ("Megan Bowen", 9_000),
                ("Priya Raman", 6_000),
                (UNKNOWN_SPEAKER, 2_000)
            ]
        );
        let total: f64 = shares.iter().map(|s| s.share_pct).sum();
        assert!((total - 100.0).abs() < 1e-9);
        assert!(talk_time(&[]).is_empty());
    }

    #[test]
    fn timestamps_read_like_a_player() {
        assert_eq!(timestamp(0), "0:00");
        assert_eq!(timestamp(65_400), "1:05");
        assert_eq!(timestamp(3_725_000), "1:02:05");
        assert_eq!(timestamp(-500), "0:00");
    }

    #[test]
    fn a_quote_is_kept_only_for_the_speaker_who_said_it() {
        let turns = turns(&meeting());
        assert!(said(&turns, "priya raman", "Globex quoted us 44,000").is_some());
        assert!(said(&turns, "Megan Bowen", "Globex quoted us 44,000").is_none());
        assert!(said(&turns, "Priya Raman", "Globex quoted us 40,000").is_none());
    }
}
