//! Top-level pages: the browser preview, the Outlook task pane, the Teams tabs (the meeting
//! pane, its configuration page and the Admin tab), and the admin page (`?view=admin`).

pub mod admin;
pub mod outlook;
pub mod preview;
pub mod teams;
