//! Teams meetings: from the chat id TeamsJS gives a meeting tab to the Graph online meeting and
//! its transcripts (gotcha 9: `context.meeting.id` is not the Graph id). The path is
//! `GET /chats/{id}` → `onlineMeetingInfo.joinWebUrl` →
//! `GET /me/onlineMeetings?$filter=JoinWebUrl eq '…'` → `…/transcripts` →
//! `…/transcripts/{id}/content?$format=text/vtt`
//! (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-get,
//! https://learn.microsoft.com/en-us/graph/api/onlinemeeting-list-transcripts).
//! Transcripts need delegated `OnlineMeetingTranscript.Read.All` and are metered.

use super::client::GraphClient;
use super::model::{Page, null_as_default, parse_json};
use super::query::{self, JSON};
use super::vtt::{self, Cue};
use crate::http::{HttpTransport, TransportError, UpstreamRequest};
use crate::provider::{Provider, ProviderError, Sleeper};
use crate::time::utc_millis;
use serde::Deserialize;
use url::Url;

/// Transcript pages read at most (Graph documents no paging here; bounded all the same).
const MAX_TRANSCRIPT_PAGES: usize = 5;

/// A Teams chat; meeting chats carry the meeting's join URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Chat {
    /// `19:meeting_…@thread.v2`.
    pub id: String,
    /// The chat's topic (the meeting subject for meeting chats).
    pub topic: Option<String>,
    /// `meeting`, `group` or `oneOnOne`.
    #[serde(deserialize_with = "null_as_default")]
    pub chat_type: String,
    /// Present for meeting chats.
    pub online_meeting_info: Option<ChatMeetingInfo>,
}

/// The meeting a chat belongs to (`teamworkOnlineMeetingInfo`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ChatMeetingInfo {
    /// The calendar event's id in the organizer's mailbox.
    pub calendar_event_id: Option<String>,
    /// The join URL that identifies the online meeting.
    pub join_web_url: Option<String>,
}

/// A Teams online meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OnlineMeeting {
    /// The Graph online meeting id (what transcripts hang off).
    pub id: String,
    /// Subject.
    pub subject: Option<String>,
    /// Join URL.
    pub join_web_url: Option<String>,
    /// Scheduled start.
    pub start_date_time: Option<String>,
    /// Scheduled end.
    pub end_date_time: Option<String>,
}

/// A meeting transcript's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Transcript {
    /// Transcript id.
    pub id: String,
    /// The online meeting's id.
    pub meeting_id: Option<String>,
    /// When transcription started.
    pub created_date_time: Option<String>,
    /// When it ended.
    pub end_date_time: Option<String>,
}

/// `GET /chats/{id}`.
pub fn chat_request(base: &Url, chat_id: &str) -> Result<UpstreamRequest, TransportError> {
    query::get(
        &query::endpoint(base, &["chats", chat_id], &[])?,
        JSON,
        None,
    )
}

/// `GET /me/onlineMeetings?$filter=JoinWebUrl eq '…'`; the whole filter is percent-encoded, so
/// the join URL's own escapes (`%3a`, `%40`) reach Graph intact.
pub fn meeting_by_join_url_request(
    base: &Url,
    join_web_url: &str,
) -> Result<UpstreamRequest, TransportError> {
    let filter = format!("JoinWebUrl eq {}", query::odata_string(join_web_url));
    let url = query::endpoint(base, &["me", "onlineMeetings"], &[("$filter", &filter)])?;
    query::get(&url, JSON, None)
}

/// `GET /me/onlineMeetings/{id}/transcripts` (no OData options: the API accepts none).
pub fn transcripts_request(
    base: &Url,
    meeting_id: &str,
) -> Result<UpstreamRequest, TransportError> {
    let url = query::endpoint(
        base,
        &["me", "onlineMeetings", meeting_id, "transcripts"],
        &[],
    )?;
    query::get(&url, JSON, None)
}

/// `GET /me/onlineMeetings/{id}/transcripts/{id}/content?$format=text/vtt` (docx was retired
/// on 2023-05-31).
pub fn transcript_content_request(
    base: &Url,
    meeting_id: &str,
    transcript_id: &str,
) -> Result<UpstreamRequest, TransportError> {
    let url = query::endpoint(
        base,
        &[
            "me",
            "onlineMeetings",
            meeting_id,
            "transcripts",
            transcript_id,
            "content",
        ],
        &[("$format", "text/vtt")],
    )?;
    query::get(&url, "text/vtt", None)
}

/// Parses `GET /chats/{id}`.
pub fn parse_chat(body: &[u8]) -> Result<Chat, ProviderError> {
    parse_json("chat", body)
}

/// Parses the join-URL lookup: a collection holding exactly one meeting, or none.
pub fn parse_meeting_lookup(body: &[u8]) -> Result<Option<OnlineMeeting>, ProviderError> {
    parse_json::<Page<OnlineMeeting>>("online meeting", body)
        .map(|page| page.value.into_iter().next())
}

/// Parses one transcript's metadata.
pub fn parse_transcript(body: &[u8]) -> Result<Transcript, ProviderError> {
    parse_json("transcript", body)
}

/// Parses a transcript's WebVTT content.
pub fn parse_transcript_content(body: &[u8]) -> Result<Vec<Cue>, ProviderError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| ProviderError::malformed(Provider::Graph, "transcript: not utf-8"))?;
    vtt::parse(text).map_err(|err| ProviderError::malformed(Provider::Graph, err))
}

impl<T: HttpTransport, S: Sleeper> GraphClient<T, S> {
    /// A chat by id.
    pub async fn chat(&self, chat_id: &str) -> Result<Chat, ProviderError> {
        let response = self
            .read("chat", chat_request(self.base_url(), chat_id))
            .await?;
        parse_chat(response.body())
    }

    /// The online meeting with this join URL, as organizer or invited attendee.
    pub async fn online_meeting_by_join_url(
        &self,
        join_web_url: &str,
    ) -> Result<OnlineMeeting, ProviderError> {
        let request = meeting_by_join_url_request(self.base_url(), join_web_url);
        let response = self.read("online meeting", request).await?;
        parse_meeting_lookup(response.body())?.ok_or_else(|| ProviderError::NotFound {
            provider: Provider::Graph,
            what: "online meeting".into(),
        })
    }

    /// The online meeting of a Teams meeting chat. `NotFound` for chats that are not meeting
    /// chats.
    pub async fn meeting_for_chat(&self, chat_id: &str) -> Result<OnlineMeeting, ProviderError> {
        let chat = self.chat(chat_id).await?;
        let join_web_url = chat
            .online_meeting_info
            .and_then(|info| info.join_web_url)
            .ok_or_else(|| ProviderError::NotFound {
                provider: Provider::Graph,
                what: "meeting for this chat".into(),
            })?;
        self.online_meeting_by_join_url(&join_web_url).await
    }

    /// A meeting's transcripts, oldest first.
    pub async fn transcripts(&self, meeting_id: &str) -> Result<Vec<Transcript>, ProviderError> {
        let request = transcripts_request(self.base_url(), meeting_id);
        let (mut transcripts, _complete): (Vec<Transcript>, bool) = self
            .read_pages("transcript", request, MAX_TRANSCRIPT_PAGES)
            .await?;
        transcripts.sort_by_key(|t| t.created_date_time.as_deref().and_then(utc_millis));
        Ok(transcripts)
    }

    /// A transcript's cues.
    pub async fn transcript_cues(
        &self,
        meeting_id: &str,
        transcript_id: &str,
    ) -> Result<Vec<Cue>, ProviderError> {
        let request = transcript_content_request(self.base_url(), meeting_id, transcript_id);
        let response = self.read("transcript", request).await?;
        parse_transcript_content(response.body())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::client::tests::{Fake, client};

    const LIST: &str = include_str!("../../tests/fixtures/graph/list-transcripts.response.json");
    const ONE: &[u8] = include_bytes!("../../tests/fixtures/graph/get-transcript.response.json");
    const CONTENT: &[u8] = include_bytes!("../../tests/fixtures/graph/transcript-content.vtt");

    fn base() -> Url {
        Url::parse("https://graph.example/v1.0/").unwrap()
    }

    #[test]
    fn the_documented_transcript_parses() {
        let transcript = parse_transcript(ONE).unwrap();
        assert_eq!(
            transcript.id,
            "MSMjMCMjNzU3ODc2ZDYtOTcwMi00MDhkLWFkNDItOTE2ZDNmZjkwZGY4"
        );
        assert_eq!(
            transcript.meeting_id.as_deref(),
            Some("MSo1N2Y5ZGFjYy03MWJmLTQ3NDMtYjQxMy01M2EdFGkdRWHJlQ")
        );
        assert_eq!(
            transcript.end_date_time.as_deref(),
            Some("2021-09-17T06:27:25.2346000Z")
        );
    }

    #[tokio::test]
    async fn the_documented_list_comes_back_oldest_first() {
        let fake = Fake::answering(&[(200, LIST)]);
        let transcripts = client(&fake).transcripts("m").await.unwrap();
        let created: Vec<&str> = transcripts
            .iter()
            .filter_map(|t| t.created_date_time.as_deref())
            .collect();
        assert_eq!(
            created,
            [
                "2021-09-16T18:56:00.9038309Z",
                "2021-09-16T18:58:58.6760692Z",
                "2021-09-17T06:09:24.8968037Z"
            ]
        );
        assert_eq!(
            fake.sent()[0].uri().path(),
            "/v1.0/me/onlineMeetings/m/transcripts"
        );
    }

    #[test]
    fn the_documented_content_parses_into_cues() {
        let cues = parse_transcript_content(CONTENT).unwrap();
        assert_eq!(cues[0].speaker.as_deref(), Some("User Name"));
        assert_eq!(cues[0].end_ms, 5_320);
        assert!(parse_transcript_content(b"<html>gateway error</html>").is_err());
    }

    #[test]
    fn join_urls_are_quoted_and_encoded_once() {
        let join = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d&o='1'";
        let request = meeting_by_join_url_request(&base(), join).unwrap();
        let url = Url::parse(&request.uri().to_string()).unwrap();
        let (name, filter) = url.query_pairs().next().unwrap();
        assert_eq!(name, "$filter");
        assert_eq!(
            filter,
            "JoinWebUrl eq 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d&o=''1'''"
        );
    }

    #[test]
    fn transcript_content_is_asked_for_as_webvtt() {
        let request = transcript_content_request(&base(), "MSo1=", "MSMj=").unwrap();
        assert_eq!(
            request.uri().to_string(),
            "https://graph.example/v1.0/me/onlineMeetings/MSo1=/transcripts/MSMj=/content?$format=text%2Fvtt"
        );
        assert_eq!(request.headers()[http::header::ACCEPT], "text/vtt");
    }

    #[tokio::test]
    async fn a_chat_without_a_meeting_is_not_found() {
        let fake = Fake::answering(&[(200, r#"{"id":"19:abc@thread.v2","chatType":"group"}"#)]);
        let err = client(&fake)
            .meeting_for_chat("19:abc@thread.v2")
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "microsoft graph has no such meeting for this chat"
        );
    }

    #[tokio::test]
    async fn an_empty_join_url_lookup_is_not_found() {
        let fake = Fake::answering(&[(200, r#"{"value":[]}"#)]);
        let err = client(&fake).online_meeting_by_join_url("https://x").await;
        assert!(matches!(err, Err(ProviderError::NotFound { .. })));
    }
}
