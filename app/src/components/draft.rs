//! The reply draft's plumbing beside its card (`draft_card`): the stream reader and its frame
//! parser.

pub mod sse;
pub mod stream;
