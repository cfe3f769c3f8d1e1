//! Identity: who is calling, and tokens to act for them downstream.
//!
//! - [`token`]: validates the bearer token the pane sends (RS256 via the authority's JWKS,
//!   issuer from `tid`, audience = Closer's app id, `exp`/`nbf` with leeway, scope
//!   `access_as_user`) into a [`UserContext`].
//! - [`rs256`]: the token's one signature check (WebCrypto at the edge).
//! - [`jwks`]: fetches and caches the signing keys, refreshing on an unknown `kid`.
//! - [`obo`]: the on-behalf-of exchange for Graph and CRM tokens, cached per user and scope.
//!
//! The client only ever holds a token for Closer's own API; downstream tokens never leave the
//! worker and are never logged.

pub mod jwks;
pub mod obo;
pub mod rs256;
pub mod token;

pub use token::{IdentityConfig, IdentityError, UserContext, validate_bearer};
