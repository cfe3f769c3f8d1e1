//! Reusable components, one a file.

pub mod account;
pub mod crm_connection;
pub mod email_context;
pub mod health_card;
pub mod item_header;
pub mod mailbox;
pub mod pane;
pub mod search;
pub mod summary_card;
