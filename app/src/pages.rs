//! Top-level pages: the browser preview and the Outlook task pane (the Teams panel joins them).

pub mod outlook;
pub mod preview;
