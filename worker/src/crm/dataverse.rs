//! Dynamics 365 through the Dataverse Web API v9.2 (`PROTOCOLS.md` §1): [`DataverseClient`]
//! implements [`CrmConnector`](crate::crm::CrmConnector) for one user in one org,
//! [`discover_orgs`] lists the orgs a user can reach (Global Discovery), and
//! [`DataverseStore`] keeps Closer's own rows in a table of the customer's org.
//!
//! One module per operation group, named the same in both vendors (`crm/salesforce/` has the
//! same ones): `reads` (the user, records by id and by email, pages, open deals, card fields),
//! `lookup` (the one-request email lookup), `writes` (creates, field updates with conflict
//! handling), `activities` (saved emails and meetings, found again by key), `search`, `stages`
//! and `timeline`, each an `impl DataverseClient` of methods named like the trait methods they
//! serve; `connector` maps the trait one line per method.
//!
//! Beside them, Dataverse's wire: request shapes (`odata`, `body`, `batch`), response parsing
//! (`model`), the one status-to-error mapping (`error`) and the HTTP session (`client`). Does no
//! I/O itself (everything goes through [`HttpTransport`](crate::http::HttpTransport)), stores
//! nothing it reads, and never logs a token or a body. Token acquisition (OBO for
//! `{org}/.default`) belongs to `identity`.

mod activities;
pub mod batch;
pub mod body;
mod client;
mod connector;
pub mod discovery;
pub mod error;
mod lookup;
pub mod model;
pub mod odata;
mod reads;
mod search;
mod stages;
pub mod store;
mod timeline;
mod writes;

pub use client::DataverseClient;
pub use discovery::{DataverseOrg, GLOBAL_DISCOVERY_URL, discover_orgs};
pub use error::DataverseError;
pub use model::WhoAmI;
pub use store::DataverseStore;
pub(crate) use writes::editable_max_chars;
