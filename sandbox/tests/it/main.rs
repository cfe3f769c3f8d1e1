//! The sandbox's integration tests over HTTP, in one binary: what a client of each imitated
//! service sees. Each module's `//!` header says what it covers; `cargo xtask catalogue`
//! prints them all.

mod crm_metadata;
mod meetings;
