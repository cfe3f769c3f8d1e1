//! A lenient WebVTT reader for Teams transcripts: cues with start and end in milliseconds, the
//! speaker from the `<v Name>` voice tag, and the spoken text without markup.
//!
//! Graph's own sample writes timestamps as `0:0:0.0 --> 0:0:5.320`, which a strict WebVTT
//! parser rejects (https://learn.microsoft.com/en-us/graph/api/calltranscript-get, example 2);
//! hours, minutes and seconds are therefore read with any number of digits, the fraction with
//! any precision, and negative offsets (transcription started mid-conversation) are kept.
//! Blocks that are not cues (`NOTE`, `STYLE`, `REGION`, damaged ones) are skipped.

/// One spoken line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Start, in milliseconds from the start of the recording (may be negative).
    pub start_ms: i64,
    /// End, in milliseconds.
    pub end_ms: i64,
    /// The speaker's display name, from `<v Name>`.
    pub speaker: Option<String>,
    /// What was said, markup removed and lines joined.
    pub text: String,
}

/// Why a transcript could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VttError {
    /// The first line is not `WEBVTT`: this is not a WebVTT file.
    #[error("the transcript does not start with WEBVTT")]
    MissingHeader,
}

/// Parses a WebVTT document into its cues, in document order.
pub fn parse(input: &str) -> Result<Vec<Cue>, VttError> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let normalised = input.replace("\r\n", "\n").replace('\r', "\n");
    let mut blocks = blocks(&normalised);
    let header = blocks.next().ok_or(VttError::MissingHeader)?;
    let signature = header.first().copied().unwrap_or_default();
    let valid_header = signature
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !valid_header {
        return Err(VttError::MissingHeader);
    }
    // A header block may run straight into the first cue when no blank line separates them.
    let header_cue = header
        .iter()
        .position(|line| line.contains("-->"))
        .map(|at| {
            let start = if at > 1 { at - 1 } else { at };
            header[start..].to_vec()
        });
    Ok(header_cue
        .into_iter()
        .chain(blocks)
        .filter_map(|block| cue(&block))
        .collect())
}

/// Groups lines into blocks separated by blank (or whitespace-only) lines.
fn blocks(text: &str) -> impl Iterator<Item = Vec<&str>> {
    let mut lines = text.lines().peekable();
    std::iter::from_fn(move || {
        while lines.peek().is_some_and(|line| line.trim().is_empty()) {
            lines.next();
        }
        let mut block = Vec::new();
        while let Some(line) = lines.next_if(|line| !line.trim().is_empty()) {
            block.push(line);
        }
        (!block.is_empty()).then_some(block)
    })
}

fn cue(block: &[&str]) -> Option<Cue> {
    let first = block.first()?.trim_start();
    if ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|keyword| first.starts_with(keyword) && !first.contains("-->"))
    {
        return None;
    }
    // An optional cue identifier (Teams writes `<guid>/<n>-<m>`) precedes the timing line.
    let timing_at = block.iter().position(|line| line.contains("-->"))?;
    if timing_at > 1 {
        return None;
    }
    let (start, rest) = block[timing_at].split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    let (start_ms, end_ms) = (timestamp(start.trim())?, timestamp(end)?);
    let payload = &block[timing_at + 1..];
    let speaker = payload.iter().find_map(|line| voice(line));
    let text = payload
        .iter()
        .map(|line| decode_entities(&strip_tags(line)))
        .map(|line| line.trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(Cue {
        start_ms,
        end_ms,
        speaker,
        text,
    })
}

/// `[-]h:m:s[.fff]` or `m:s[.fff]`, each field any number of digits.
fn timestamp(text: &str) -> Option<i64> {
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let (clock, fraction) = text.split_once('.').unwrap_or((text, ""));
    let fields: Vec<i64> = clock
        .split(':')
        .map(|field| {
            (!field.is_empty() && field.bytes().all(|b| b.is_ascii_digit()))
                .then(|| field.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let (hours, minutes, seconds) = match fields[..] {
        [hours, minutes, seconds] => (hours, minutes, seconds),
        [minutes, seconds] => (0, minutes, seconds),
        _ => return None,
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}")[..3].parse().ok()?;
    Some(sign * (((hours * 60 + minutes) * 60 + seconds) * 1_000 + millis))
}

/// The name in the first `<v Name>` or `<v.class Name>` tag of a line.
fn voice(line: &str) -> Option<String> {
    let start = line.find("<v")?;
    let tag = &line[start + 2..];
    let tag = &tag[..tag.find('>')?];
    if !tag.starts_with([' ', '\t', '.']) {
        return None;
    }
    let name = tag
        .trim_start_matches(|c: char| c != ' ' && c != '\t')
        .trim();
    (!name.is_empty()).then(|| decode_entities(name))
}

fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const FIXTURE: &str = include_str!("../../tests/fixtures/graph/transcript-content.vtt");

    #[test]
    fn the_documented_sample_with_short_timestamps_parses() {
        assert_eq!(
            parse(FIXTURE).unwrap(),
            [Cue {
                start_ms: 0,
                end_ms: 5_320,
                speaker: Some("User Name".into()),
                text: "This is a transcript test.".into(),
            }]
        );
    }

    #[rstest]
    #[case("00:00:05.320", Some(5_320))]
    #[case("0:0:5.320", Some(5_320))]
    #[case("01:02:03.004", Some(3_723_004))]
    #[case("02:03.5", Some(123_500))]
    #[case("0:0:0.0", Some(0))]
    #[case("00:00:01.1234567", Some(1_123))]
    #[case("-0:0:1.5", Some(-1_500))]
    #[case("00:00", Some(0))]
    #[case("5.320", None)]
    #[case("aa:00:01.000", None)]
    #[case("00::01.000", None)]
    fn timestamps_parse_leniently(#[case] text: &str, #[case] millis: Option<i64>) {
        assert_eq!(timestamp(text), millis);
    }

    #[test]
    fn a_teams_transcript_with_ids_notes_and_crlf_parses() {
        let text = "\u{feff}WEBVTT\r\n\r\nNOTE recorded by Teams\r\n\r\n\
            3f2a/12-0\r\n00:00:00.000 --> 00:00:04.120 align:start\r\n\
            <v Priya Raman>We compared you with Globex &amp; others.</v>\r\n\r\n\
            3f2a/13-0\r\n00:00:04.120 --> 00:00:09.000\r\n<v.loud Megan Bowen>The price is\r\n\
            <b>$48,000</b> a year.</v>\r\n\r\n\
            00:00:09 --> broken\r\n<v Nobody>skipped</v>\r\n\r\n\
            00:00:10.000 --> 00:00:11.000\r\nNo voice tag here.\r\n";
        let cues = parse(text).unwrap();
        assert_eq!(cues.len(), 3);
        assert_eq!(cues[0].speaker.as_deref(), Some("Priya Raman"));
        assert_eq!(cues[0].text, "We compared you with Globex & others.");
        assert_eq!((cues[1].start_ms, cues[1].end_ms), (4_120, 9_000));
        assert_eq!(cues[1].speaker.as_deref(), Some("Megan Bowen"));
        assert_eq!(cues[1].text, "The price is $48,000 a year.");
        assert_eq!(cues[2].speaker, None);
    }

    #[test]
    fn a_cue_right_after_the_header_is_kept() {
        let cues = parse("WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v A>Hi</v>\n").unwrap();
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].speaker.as_deref(), Some("A"));
    }

    #[rstest]
    #[case("")]
    #[case("{\"value\": [ this is not json")]
    #[case("WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nhi")]
    fn anything_else_is_not_webvtt(#[case] text: &str) {
        assert_eq!(parse(text), Err(VttError::MissingHeader));
    }
}
