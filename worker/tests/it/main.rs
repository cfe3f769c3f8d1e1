//! The worker's integration tests, in one binary (one link, one run; `cargo test -p
//! closer-worker --test it <filter>` runs a part of it). Each module's `//!` header says what it
//! covers; `cargo xtask catalogue` prints them all. Shared: [`support`] (the reqwest transport,
//! SQLite-as-D1, the sandbox tenant's users) and [`world`] (the pane tests' world over both
//! CRMs).

mod support;
mod world;

mod ai_injection;
mod ai_note;
mod ai_thread;
mod answer_language;
mod config_files;
mod crm_contract;
mod dataverse;
mod draft;
mod feedback;
mod graph_contract;
mod html_differential;
mod identity;
mod llm_contract;
mod meeting;
mod meeting_prep;
mod opportunity;
mod pane;
mod pane_edit;
mod pane_stage;
mod pane_work;
mod recap;
mod reply_corpus;
mod salesforce;
mod salesforce_connect;
mod store;
