//! An incremental `text/event-stream` parser: feed byte chunks cut anywhere, get complete
//! events. Follows the WHATWG event-stream interpretation rules
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>):
//! lines end in CRLF, LF or CR; `:` starts a comment; `data` lines of one event join with
//! `\n`; a blank line dispatches; an event cut off by the end of the stream is discarded.
//!
//! Owns framing only: what an event's `data` means (OpenAI chunks, Workers AI chunks,
//! `[DONE]`) belongs to the callers.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` type, when the server named one.
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The last `id:` seen (it persists across events, per the spec).
    pub id: Option<String>,
}

/// The parser's state between chunks.
#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of the current, unfinished line (decoded only once complete, so a UTF-8
    /// sequence split across chunks is never mangled).
    line: Vec<u8>,
    /// The previous chunk ended in CR: an LF starting this one belongs to that line end.
    after_cr: bool,
    /// No line has been completed yet (a leading BOM is dropped from the first one).
    started: bool,
    data: String,
    event: Option<String>,
    id: Option<String>,
}

impl SseParser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Consumes `chunk` and returns the events it completed, in order.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        let mut rest = chunk;
        if self.after_cr && !rest.is_empty() {
            self.after_cr = false;
            if rest[0] == b'\n' {
                rest = &rest[1..];
            }
        }
        while let Some(end) = rest.iter().position(|b| matches!(b, b'\n' | b'\r')) {
            self.line.extend_from_slice(&rest[..end]);
            let terminator = rest[end];
            rest = &rest[end + 1..];
            if terminator == b'\r' {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            let line = std::mem::take(&mut self.line);
            events.extend(self.process_line(&line));
        }
        self.line.extend_from_slice(rest);
        events
    }

    /// Whether bytes of an unfinished event are buffered (they are dropped at end of stream).
    pub fn has_partial_event(&self) -> bool {
        !self.line.is_empty() || !self.data.is_empty()
    }

    fn process_line(&mut self, raw: &[u8]) -> Option<SseEvent> {
        let decoded = String::from_utf8_lossy(raw);
        let mut line: &str = &decoded;
        if !self.started {
            self.started = true;
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            // `retry` only matters to reconnecting EventSource clients; unknown fields are
            // ignored by the spec.
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = self.event.take();
        if self.data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        Some(SseEvent {
            event,
            data,
            id: self.id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/llm/openai-chat.stream.sse");

    fn parse_all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut parser = SseParser::new();
        chunks.iter().flat_map(|chunk| parser.feed(chunk)).collect()
    }

    fn datas(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn the_fixture_parses_into_its_four_events() {
        let events = parse_all(&[FIXTURE]);
        assert_eq!(events.len(), 4);
        assert!(events[0].data.starts_with("{\"id\":\"chatcmpl-123\""));
        assert!(events[1].data.contains("\"content\":\"Hello\""));
        assert_eq!(events[3].data, "[DONE]");
        assert!(events.iter().all(|e| e.event.is_none() && e.id.is_none()));
    }

    #[rstest]
    #[case::lf("\n")]
    #[case::crlf("\r\n")]
    #[case::cr("\r")]
    fn every_split_point_gives_the_same_events(#[case] newline: &str) {
        let text = String::from_utf8(FIXTURE.to_vec())
            .unwrap()
            .replace('\n', newline);
        let bytes = text.as_bytes();
        let whole = parse_all(&[bytes]);
        assert_eq!(whole.len(), 4);
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(parse_all(&[a, b]), whole, "cut at {cut}");
        }
        for first in (0..bytes.len()).step_by(7) {
            for second in (first..bytes.len()).step_by(13) {
                let (a, rest) = bytes.split_at(first);
                let (b, c) = rest.split_at(second - first);
                assert_eq!(parse_all(&[a, b, c]), whole, "cuts at {first}, {second}");
            }
        }
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_all(&singles), whole);
    }

    #[test]
    fn multi_line_data_joins_with_newlines() {
        let events = parse_all(&[b"data: first\ndata:second\ndata:  third\n\n"]);
        assert_eq!(datas(&events), ["first\nsecond\n third"]);
    }

    #[test]
    fn comments_unknown_fields_and_retry_are_ignored() {
        let stream = b": keep-alive\nobfuscation: x\nretry: 100\ndata: {\"a\":1}\n\n: bye\n\n";
        assert_eq!(datas(&parse_all(&[stream])), ["{\"a\":1}"]);
    }

    #[test]
    fn event_and_id_fields_are_kept() {
        let events = parse_all(&[b"event: error\nid: 7\ndata: x\n\ndata: y\n\n"]);
        assert_eq!(events[0].event.as_deref(), Some("error"));
        assert_eq!(events[0].id.as_deref(), Some("7"));
        assert_eq!(events[1].event, None, "event type resets after dispatch");
        assert_eq!(events[1].id.as_deref(), Some("7"), "last event id persists");
    }

    #[test]
    fn blank_lines_without_data_dispatch_nothing() {
        assert!(parse_all(&[b"\n\n\nevent: ping\n\n"]).is_empty());
    }

    #[test]
    fn a_field_without_colon_has_an_empty_value() {
        assert_eq!(datas(&parse_all(&[b"data\n\n"])), [""]);
    }

    #[test]
    fn an_unterminated_event_is_held_not_dispatched() {
        let mut parser = SseParser::new();
        assert!(parser.feed(b"data: [DONE]\n").is_empty());
        assert!(parser.has_partial_event());
        assert_eq!(datas(&parser.feed(b"\n")), ["[DONE]"]);
        assert!(!parser.has_partial_event());
    }

    #[test]
    fn a_leading_bom_is_dropped_and_split_utf8_survives() {
        let text = "\u{feff}data: héllo wörld\n\n".as_bytes();
        let whole = parse_all(&[text]);
        assert_eq!(datas(&whole), ["héllo wörld"]);
        for cut in 0..text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(parse_all(&[a, b]), whole, "cut at {cut}");
        }
    }
}
