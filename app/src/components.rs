//! Reusable components, one a file.

pub mod account;
pub mod card_extras;
pub mod common;
pub mod context_cards;
pub mod crm_connection;
pub mod draft_card;
pub mod email_context;
pub mod feedback_card;
pub mod first_run;
pub mod health_card;
pub mod insights;
pub mod item_header;
pub mod mailbox;
pub mod meeting_context;
pub mod opportunity_summary;
pub mod pane;
pub mod save_to_crm;
pub mod search;
pub mod summary_card;
