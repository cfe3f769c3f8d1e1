//! `/api/pane/email*`: the Outlook task pane for an open email, for either CRM. Who the
//! participants are in the CRM, their accounts and open deals, whether the email is saved
//! ([`email_cards`], `POST /api/pane/email`, each section failing on its own); remembering the
//! seller's pick among duplicate contacts ([`choose_contact`], `/email/choose`); "Add contact"
//! ([`add_contact`], `/email/contact`); and saving the email as a CRM activity, exactly once
//! ([`save_email`], `/email/save`).
//!
//! They keep CRM ids only (remembered matches, saved-activity ids) and never store or log a
//! message body: the text read for a signature is dropped when the response is built.

pub mod contacts;
pub mod context;
pub mod save;

pub use contacts::{add_contact, choose_contact};
pub use context::{EmailCards, email_cards, email_context};
pub use save::save_email;
