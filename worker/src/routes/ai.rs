//! `/api/ai/*`: the AI answers, each in the module named like its URL.
//!
//! - [`summary`]: `POST /api/ai/summary` (a grounded summary of the open thread) and
//!   `POST /api/ai/summary/note` (saving it as a CRM note, once);
//! - [`recap`]: `POST /api/ai/recap` (a past meeting's recap from its transcript);
//! - [`meeting_prep`]: `POST /api/ai/meeting-prep` (the brief before a meeting);
//! - [`opportunity`]: `POST /api/ai/opportunity` (a deal's summary and next steps);
//! - [`draft`]: `POST /api/ai/draft` (a reply, streamed);
//! - [`feedback`]: `POST /api/ai/feedback` (a seller's vote on any of those answers) and the
//!   tally admins read (`GET /api/admin/feedback`).
//!
//! Shared: [`insights`] (opt-in insight storage). The text preparation, citation checks and
//! prompts' guards they use live in [`crate::ai`]; the model client in [`crate::llm`].

pub mod draft;
pub mod feedback;
pub mod insights;
pub mod meeting_prep;
pub mod opportunity;
pub mod recap;
pub mod summary;
