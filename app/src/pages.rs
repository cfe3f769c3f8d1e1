//! Top-level pages: the browser preview, the Outlook task pane (the Teams panel joins them),
//! and the admin page (`?view=admin`).

pub mod admin;
pub mod outlook;
pub mod preview;
