//! `POST /api/pane/meeting/transcript`: talk time per speaker of a past Teams meeting, read from
//! its transcript: the calendar event's join URL → the online meeting (as organizer or invited
//! attendee) → its newest transcript → WebVTT cues → [`crate::ai::transcript`]. The transcript's
//! text is dropped with the request; only names and durations are answered.
//!
//! No transcript is an answer, not an error: not a Teams meeting, no meeting under the link for
//! this user, transcription off or not ready (Graph lists none), or the organization forbids
//! apps to read transcripts (Graph's 403, https://learn.microsoft.com/en-us/graph/api/onlinemeeting-list-transcripts).

use crate::ai::transcript::{talk_time, turns};
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::calendar::Event;
use crate::graph::vtt::Cue;
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use closer_wire::{MeetingTranscript, MeetingTranscriptRequest, NoTranscript, SpeakerShare};

/// Why there is no transcript, in one sentence for the seller.
pub fn no_transcript_message(reason: NoTranscript) -> &'static str {
    match reason {
        NoTranscript::NotOnline => "This is not a Teams meeting, so there is no transcript.",
        NoTranscript::NotFound => "Teams has no record of this meeting for you.",
        NoTranscript::NotRecorded => {
            "This meeting has no transcript: transcription was off, or it is not ready yet."
        }
        NoTranscript::Forbidden => {
            "Your organization does not let apps read meeting transcripts; an admin can allow it."
        }
        NoTranscript::ChannelMeeting => {
            "This meeting was held in a Teams channel, and Teams does not share this channel meeting's transcript with apps."
        }
    }
}

fn unavailable(reason: NoTranscript) -> MeetingTranscript {
    MeetingTranscript::Unavailable {
        reason,
        message: no_transcript_message(reason).to_owned(),
    }
}

/// The meeting's event and its newest transcript's cues, or why there is none. The cues are
/// the caller's to drop with the request.
pub async fn read_transcript<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    event_id: &str,
) -> Result<Result<(Event, Vec<Cue>), NoTranscript>, ApiFailure> {
    let event_id = event_id.trim();
    if event_id.is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "Expected the meeting's event id.".into(),
        });
    }
    let event = graph.event(event_id).await?;
    let Some(join_url) = event
        .online_meeting
        .as_ref()
        .and_then(|meeting| meeting.join_url.clone())
        .filter(|url| !url.trim().is_empty())
    else {
        return Ok(Err(NoTranscript::NotOnline));
    };
    // A refusal for a channel meeting is most likely Graph not serving that channel's meetings
    // (private channels never are), and the seller is told so rather than "no record".
    let refused = |otherwise: NoTranscript| {
        if is_channel_meeting(&join_url) {
            NoTranscript::ChannelMeeting
        } else {
            otherwise
        }
    };
    let meeting = match graph.online_meeting_by_join_url(&join_url).await {
        Ok(meeting) => meeting,
        Err(ProviderError::NotFound { .. }) => return Ok(Err(refused(NoTranscript::NotFound))),
        Err(ProviderError::Forbidden { .. }) => return Ok(Err(refused(NoTranscript::Forbidden))),
        Err(other) => return Err(other.into()),
    };
    let transcripts = match graph.transcripts(&meeting.id).await {
        Ok(transcripts) => transcripts,
        Err(ProviderError::Forbidden { .. }) => return Ok(Err(refused(NoTranscript::Forbidden))),
        Err(other) => return Err(other.into()),
    };
    // Oldest first: the newest is the meeting's last recording.
    let Some(newest) = transcripts.last() else {
        return Ok(Err(NoTranscript::NotRecorded));
    };
    match graph.transcript_cues(&meeting.id, &newest.id).await {
        Ok(cues) => Ok(Ok((event, cues))),
        Err(ProviderError::Forbidden { .. }) => Ok(Err(NoTranscript::Forbidden)),
        Err(ProviderError::NotFound { .. }) => Ok(Err(NoTranscript::NotRecorded)),
        Err(other) => Err(other.into()),
    }
}

/// Whether a join URL is a channel meeting's: its thread is the channel's
/// (`19:…@thread.tacv2`) rather than a meeting chat (`19:meeting_…@thread.v2`). Graph serves
/// channel meetings' transcripts only to invited users and never private channels' ("Private
/// channel meetings are not supported",
/// https://learn.microsoft.com/graph/api/calltranscript-get?view=graph-rest-beta), so a
/// refusal for one is said as such.
pub fn is_channel_meeting(join_url: &str) -> bool {
    let lower = join_url.to_ascii_lowercase();
    lower.contains("%40thread.tacv2") || lower.contains("@thread.tacv2")
}

/// Talk time per speaker, most first, as the pane shows it.
pub fn speaker_shares(cues: &[Cue]) -> Vec<SpeakerShare> {
    talk_time(cues)
        .into_iter()
        .map(|share| SpeakerShare {
            speaker: share.speaker,
            talk_seconds: u64::try_from(share.talk_ms / 1000).unwrap_or(0),
            share_pct: (share.share_pct * 10.0).round() / 10.0,
        })
        .collect()
}

/// The meeting's talk time, or why there is none.
pub async fn meeting_transcript<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    request: MeetingTranscriptRequest,
) -> Result<MeetingTranscript, ApiFailure> {
    Ok(match read_transcript(graph, &request.event_id).await? {
        Ok((_, cues)) => MeetingTranscript::Ready {
            speakers: speaker_shares(&cues),
            turns: u32::try_from(turns(&cues).len()).unwrap_or(u32::MAX),
        },
        Err(reason) => unavailable(reason),
    })
}

#[cfg(test)]
mod tests {
    use super::is_channel_meeting;

    #[test]
    fn a_channel_meetings_join_url_is_told_from_a_meeting_chats() {
        assert!(is_channel_meeting(
            "https://teams.microsoft.com/l/meetup-join/19%3a4f2e7a@thread.tacv2/1700000000000?context=%7b%7d"
        ));
        assert!(is_channel_meeting(
            "https://teams.microsoft.com/l/meetup-join/19%3a4f2e7a%40thread.TACV2/0"
        ));
        assert!(!is_channel_meeting(
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1%40thread.v2/0?context=%7b%7d"
        ));
    }
}
