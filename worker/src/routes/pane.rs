//! `/api/pane/*`: the pane beside an open item, for either CRM, each part in the module named
//! like its URL: [`email`] (`/api/pane/email*`), [`meeting`] (`/api/pane/meeting*`), [`task`]
//! (`POST /api/pane/task`, a follow-up task) and [`record`] (`POST /api/pane/record*`, inline
//! edits refused on a concurrent CRM change). Shared by the email and meeting panes (and the
//! meeting prep): the CRM cards of people, accounts and deals ([`cards`]) and who of the
//! participants are external ([`participants`]).
//!
//! Handlers are plain async functions over [`CrmConnector`], [`CloserStore`] and the Graph
//! client, given the [`RequestContext`] of the request.
//!
//! [`CrmConnector`]: crate::crm::CrmConnector
//! [`CloserStore`]: crate::store::CloserStore
//! [`RequestContext`]: crate::routes::request::RequestContext

pub mod cards;
pub mod email;
pub mod meeting;
pub mod participants;
pub mod record;
pub mod task;

pub use email::{EmailCards, add_contact, choose_contact, email_cards, email_context, save_email};
