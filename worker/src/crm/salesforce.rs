//! Salesforce through its REST API (`PROTOCOLS.md` §2 and §6): [`SalesforceClient`] implements
//! [`CrmConnector`](super::CrmConnector) for one user's session on one org's instance URL.
//!
//! One module per operation group, named the same in both vendors (`crm/dataverse/` has the
//! same ones): `reads` (the user, records by id and by email, pages, open deals, card fields),
//! `lookup` (the one-request email lookup), `writes` (creates, field updates with conflict
//! handling), `activities` (saved emails and meetings, found again by key), `search`, `stages`
//! and `timeline`, each an `impl SalesforceClient` of methods named like the trait methods they
//! serve; `connector` maps the trait one line per method.
//!
//! Beside them, Salesforce's wire: request shapes (`soql`, `request`, `composite`), response
//! rows ([`records`]), the one error mapping ([`error`]), the HTTP session (`client`, `config`,
//! [`versions`]), field lengths (`limits`), the refresh-once rule on `INVALID_SESSION_ID`
//! ([`SessionRefresher`]), the OAuth web-server flow with PKCE as pure functions ([`oauth`]) and
//! the refresh-token vault ([`vault`]). It does no I/O itself (every call goes through
//! [`HttpTransport`](crate::http::HttpTransport)), stores nothing, and never logs a token, a
//! query (it carries email addresses) or a body. Where tokens and sealed refresh tokens are kept
//! belongs to the edge and the store.
//!
//! Choices an org admin should know (documented again where they are made):
//! - Emails are saved as `EmailMessage` (Enhanced Email) with `MessageIdentifier` as the
//!   idempotency key; with Enhanced Email off ([`SalesforceConfig::with_enhanced_email`]) as a
//!   `Task` of subtype `Email` keyed by the custom field [`TASK_MESSAGE_ID_FIELD`].
//! - Meetings are `Event`s keyed by the custom field [`EVENT_ICAL_UID_FIELD`].
//! - Values longer than the field allows (`Task.Subject` 255, `HtmlBody` 131,072, ...) are cut
//!   with a visible marker (`limits`) rather than refused.
//! - Notes are classic `Note` records (`ParentId`, `Title`, `Body`): one call, atomic.
//! - "Active" accounts and contacts are filtered on a checkbox the admin names
//!   ([`SalesforceConfig::with_active_field`]); Salesforce has no standard one.

mod activities;
mod client;
mod composite;
mod config;
mod connector;
pub mod currency;
pub mod error;
mod limits;
mod lookup;
pub mod oauth;
mod reads;
pub mod records;
mod refresh;
mod request;
mod search;
pub mod soql;
mod stages;
mod time;
mod timeline;
pub mod vault;
pub mod versions;
mod writes;

pub use activities::{EVENT_ICAL_UID_FIELD, TASK_MESSAGE_ID_FIELD};
pub use client::SalesforceClient;
pub use config::{DEFAULT_API_VERSION, MAX_QUERY_URL_BYTES, SalesforceConfig};
pub(crate) use limits::ACTIVITY_SUBJECT;
pub use oauth::{SalesforceOAuth, TokenGrant};
pub use refresh::{NoRefresh, OAuthRefresher, SessionRefresher};
pub use versions::ApiVersion;
pub(crate) use writes::{MAX_AMOUNT, editable_max_chars};
