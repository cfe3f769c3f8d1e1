//! `/api/pane/*` at the edge: the cards and actions of the pane beside an open item.
//!
//! - `email`: `POST /api/pane/email`, `/email/choose`, `/email/contact`, `/email/save`;
//! - `meeting`: `POST /api/pane/meeting`, `/meeting/save`, `/meeting/from-chat`,
//!   `/meeting/transcript`;
//! - `task`: `POST /api/pane/task` (a follow-up task, once per key);
//! - `record`: `POST /api/pane/record` (inline edit), `/record/stages`.
//!
//! Each builds the user's connection ([`super::SignedIn::connected`]: the default Dynamics org
//! from `CRM_URL`, an org the user switched to, or Salesforce) and the store that goes with
//! it, runs the `routes::pane` handler of the same name, keeps a renewed Salesforce session,
//! and answers through [`super::respond`]. None logs a message body, a field value or a task
//! subject (failures are logged by `respond` without them).

pub mod email;
pub mod meeting;
pub mod record;
pub mod task;
