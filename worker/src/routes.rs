//! Route handlers, named like their URLs: `POST /api/pane/email/save` is
//! [`pane::email::save`], `POST /api/ai/draft` is [`ai::draft`], `GET /api/mail/calendar` is
//! [`mail::calendar`]. The edge module of the same name (`edge::pane::email`, ...) reads the
//! request and builds the services; the handler here does the work.
//!
//! Handlers take plain inputs (config, transport, stores, the [`request::RequestContext`]) and
//! return `Result<wire type, ApiFailure>`, with no `worker::` types, so they run natively
//! against the sandbox in tests. Besides the URL modules: [`admission`] (what a request body
//! must be) and [`request`] (what every CRM route works with).

pub mod admin;
pub mod admission;
pub mod ai;
pub mod auth;
pub mod crm;
pub mod health;
pub mod mail;
pub mod me;
pub mod pane;
pub mod request;
pub mod search;
pub mod settings;
