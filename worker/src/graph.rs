//! Microsoft Graph connector: the signed-in user's mail, calendar, free/busy, mailbox settings,
//! Teams meeting chats and transcripts, read in that user's context with the on-behalf-of token
//! the edge obtained (`PROTOCOLS.md` §3).
//!
//! Owns Graph's request shapes, response parsing, Graph's error mapping and the per-mailbox
//! concurrency limit. It does no I/O itself (every call goes through [`HttpTransport`]), never
//! stores what it reads (Graph content is handed to the caller and discarded) and never logs a
//! token or a body. Token acquisition (OBO) and the pane's wire types belong elsewhere.
//!
//! [`HttpTransport`]: crate::http::HttpTransport

pub mod availability;
pub mod calendar;
mod client;
pub mod directory;
pub mod error;
pub mod exchanged;
pub mod limiter;
pub mod mail;
pub mod meetings;
pub mod model;
mod query;
pub mod vtt;

pub use availability::{MailboxSettings, Schedule, WorkingHours};
pub use calendar::{Event, TimeRange};
pub use client::GraphClient;
pub use directory::{ExchangeIdFormat, IdTranslation, Me, Organization};
pub use limiter::{MAX_CONCURRENT_PER_MAILBOX, MailboxLimiter, MailboxPermits};
pub use mail::{Conversation, Message};
pub use meetings::{Chat, OnlineMeeting, Transcript};
pub use model::{BodyFormat, EmailAddress, ItemBody, Recipient};
pub use vtt::Cue;
