//! Contexts shared across the pane, each a narrow handle plus `provide_*_context()`.

pub mod host;
pub mod session;
pub mod settings;
