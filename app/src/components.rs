//! Reusable components, one a file.

pub mod health_card;
