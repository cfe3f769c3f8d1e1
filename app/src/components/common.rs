//! Small components shared by several cards.

pub mod error_view;
