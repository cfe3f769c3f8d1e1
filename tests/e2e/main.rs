//! End-to-end suite: the real worker under `wrangler dev` (workerd), the sandbox, and headless
//! Chromium driving the real pane. Run by `cargo xtask test` after it has built both wasm
//! artifacts; run alone, it fails (never skips) when they or Chromium are missing.

mod a11y;
mod admin;
mod common;
mod crm;
mod draft;
mod feedback;
mod fluent;
mod locale;
mod mailbox;
mod meeting;
mod opportunity;
mod outlook;
mod pane;
mod prep;
mod recap;
mod save_retry;
mod security;
mod sign_in;
mod skeleton;
mod split;
mod store;
mod summary;
mod teams;
