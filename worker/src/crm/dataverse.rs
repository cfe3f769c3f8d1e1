//! Dynamics 365 through the Dataverse Web API v9.2 (`PROTOCOLS.md` §1): [`DataverseClient`]
//! implements [`CrmConnector`](crate::crm::CrmConnector) for one user in one org,
//! [`discover_orgs`] lists the orgs a user can reach (Global Discovery), and
//! [`DataverseStore`] keeps Closer's own rows in a table of the customer's org.
//!
//! Owns Dataverse's request shapes (`odata`, `body`), response parsing (`model`) and its one
//! status-to-error mapping (`error`). Does no I/O itself (everything goes through
//! [`HttpTransport`](crate::http::HttpTransport)), stores nothing it reads, and never logs a
//! token or a body. Token acquisition (OBO for `{org}/.default`) belongs to `identity`.

pub mod batch;
pub mod body;
mod client;
mod connector;
pub mod discovery;
pub mod error;
mod lookup;
pub mod model;
pub mod odata;
mod stages;
pub mod store;
mod timeline;

pub use client::DataverseClient;
pub use discovery::{DataverseOrg, GLOBAL_DISCOVERY_URL, discover_orgs};
pub use error::DataverseError;
pub use model::WhoAmI;
pub use store::DataverseStore;
