//! The pane's reader of the draft stream's framing: `text/event-stream` bytes, cut anywhere by
//! the network, into [`DraftEvent`]s. The worker writes one `data:` line of JSON per event and
//! ends frames with a blank line; the JSON's own `type` says what the event is, so `event:`
//! lines are not needed here. A frame that is not a `DraftEvent` is skipped.

use closer_wire::DraftEvent;

/// Buffers bytes until a frame is complete.
#[derive(Debug, Default)]
pub struct FrameReader {
    pending: Vec<u8>,
}

impl FrameReader {
    /// Consumes `bytes` and returns the events whose frames they completed, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<DraftEvent> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = frame_end(&self.pending) {
            let frame: Vec<u8> = self.pending.drain(..end.0 + end.1).collect();
            // Decoded only once whole, so a character split across chunks survives.
            let frame = String::from_utf8_lossy(&frame[..end.0]);
            let data: Vec<&str> = frame
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|value| value.strip_prefix(' ').unwrap_or(value))
                .collect();
            if let Some(event) = crate::api::parse_json::<DraftEvent>(&data.join("\n")) {
                events.push(event);
            }
        }
        events
    }
}

/// Where the first frame ends: its length and the length of the blank-line separator.
fn frame_end(bytes: &[u8]) -> Option<(usize, usize)> {
    (0..bytes.len()).find_map(|i| {
        if bytes[i..].starts_with(b"\n\n") {
            Some((i, 2))
        } else if bytes[i..].starts_with(b"\r\n\r\n") {
            Some((i, 4))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STREAM: &str = "event: started\ndata: {\"type\":\"started\",\"messages_used\":1,\
\"messages_cut\":0,\"grounded_in\":null,\"slots\":[]}\n\nevent: delta\ndata: {\"type\":\"delta\",\
\"text\":\"Grüße\\n<b>x</b>\"}\n\nevent: done\ndata: {\"type\":\"done\",\"model\":\"m\",\
\"truncated\":false}\n\n";

    #[test]
    fn every_cut_gives_the_same_events() {
        let whole = FrameReader::default().feed(STREAM.as_bytes());
        assert_eq!(whole.len(), 3);
        assert_eq!(
            whole[1],
            DraftEvent::Delta {
                text: "Grüße\n<b>x</b>".into()
            }
        );
        let bytes = STREAM.as_bytes();
        for cut in 0..bytes.len() {
            let mut reader = FrameReader::default();
            let mut events = reader.feed(&bytes[..cut]);
            events.extend(reader.feed(&bytes[cut..]));
            assert_eq!(events, whole, "cut at {cut}");
        }
    }

    #[test]
    fn an_unfinished_frame_waits_and_junk_is_skipped() {
        let mut reader = FrameReader::default();
        assert!(reader.feed(b": comment\n\ndata: not json\n\n").is_empty());
        assert!(
            reader
                .feed(b"data: {\"type\":\"delta\",\"text\":\"a\"}")
                .is_empty()
        );
        assert_eq!(
            reader.feed(b"\n\n"),
            [DraftEvent::Delta { text: "a".into() }]
        );
    }
}
