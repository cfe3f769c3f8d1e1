//! Small components and helpers shared by several cards, one a file.

pub mod answer_feedback;
pub mod avatar;
pub mod checkbox;
pub mod choice_select;
pub mod citation;
pub mod error_view;
pub mod icon;
pub mod regarding;
