//! Route handlers, one module per resource. Handlers take plain inputs (config, transport,
//! stores) and return `Result<wire type, ApiFailure>`; the edge adapts them to `worker::`.

pub mod admin;
pub mod admission;
pub mod ai;
pub mod auth;
pub mod crm;
pub mod draft;
pub mod health;
pub mod mail;
pub mod me;
pub mod meeting;
pub mod opportunity;
pub mod pane;
