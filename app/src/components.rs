//! Reusable components, one a file.

pub mod account;
pub mod health_card;
