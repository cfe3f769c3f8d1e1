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
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use closer_wire::{MeetingTranscript, MeetingTranscriptRequest, NoTranscript, SpeakerShare};

fn unavailable(reason: NoTranscript) -> MeetingTranscript {
    let message = match reason {
        NoTranscript::NotOnline => "This is not a Teams meeting, so there is no transcript.",
        NoTranscript::NotFound => "Teams has no record of this meeting for you.",
        NoTranscript::NotRecorded => {
            "This meeting has no transcript: transcription was off, or it is not ready yet."
        }
        NoTranscript::Forbidden => {
            "Your organization does not let apps read meeting transcripts; an admin can allow it."
        }
    };
    MeetingTranscript::Unavailable {
        reason,
        message: message.to_owned(),
    }
}

/// The meeting's talk time, or why there is none.
pub async fn meeting_transcript<T: HttpTransport, S: Sleeper>(
    graph: &GraphClient<T, S>,
    request: MeetingTranscriptRequest,
) -> Result<MeetingTranscript, ApiFailure> {
    let event_id = request.event_id.trim();
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
        return Ok(unavailable(NoTranscript::NotOnline));
    };
    let meeting = match graph.online_meeting_by_join_url(&join_url).await {
        Ok(meeting) => meeting,
        Err(ProviderError::NotFound { .. }) => return Ok(unavailable(NoTranscript::NotFound)),
        Err(ProviderError::Forbidden { .. }) => return Ok(unavailable(NoTranscript::Forbidden)),
        Err(other) => return Err(other.into()),
    };
    let transcripts = match graph.transcripts(&meeting.id).await {
        Ok(transcripts) => transcripts,
        Err(ProviderError::Forbidden { .. }) => return Ok(unavailable(NoTranscript::Forbidden)),
        Err(other) => return Err(other.into()),
    };
    // Oldest first: the newest is the meeting's last recording.
    let Some(newest) = transcripts.last() else {
        return Ok(unavailable(NoTranscript::NotRecorded));
    };
    let cues = match graph.transcript_cues(&meeting.id, &newest.id).await {
        Ok(cues) => cues,
        Err(ProviderError::Forbidden { .. }) => return Ok(unavailable(NoTranscript::Forbidden)),
        Err(ProviderError::NotFound { .. }) => return Ok(unavailable(NoTranscript::NotRecorded)),
        Err(other) => return Err(other.into()),
    };
    let speakers = talk_time(&cues)
        .into_iter()
        .map(|share| SpeakerShare {
            speaker: share.speaker,
            talk_seconds: u64::try_from(share.talk_ms / 1000).unwrap_or(0),
            share_pct: (share.share_pct * 10.0).round() / 10.0,
        })
        .collect();
    Ok(MeetingTranscript::Ready {
        speakers,
        turns: u32::try_from(turns(&cues).len()).unwrap_or(u32::MAX),
    })
}
