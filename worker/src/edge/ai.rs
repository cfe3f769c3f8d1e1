//! `/api/ai/*` at the edge: the AI answers, each in the module named like its URL.
//!
//! - `summary`: `POST /api/ai/summary` (the thread's summary and key facts) and
//!   `/api/ai/summary/note` (saving it as a CRM note, once);
//! - `recap`: `POST /api/ai/recap` (a past meeting's recap from its transcript);
//! - `meeting_prep`: `POST /api/ai/meeting-prep` (the brief before a meeting);
//! - `opportunity`: `POST /api/ai/opportunity` (a deal's summary and next steps);
//! - `draft`: `POST /api/ai/draft` (a reply, streamed);
//! - `feedback`: `POST /api/ai/feedback` (a seller's thumbs up or down on any of them).
//!
//! The model they use is built by `SignedIn::model` (`signed_in::model`): the configured
//! OpenAI-wire endpoint or the Workers AI binding, metered against the tenant's daily budget.

pub mod draft;
pub mod feedback;
pub mod meeting_prep;
pub mod opportunity;
pub mod recap;
pub mod summary;
