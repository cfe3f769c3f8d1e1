//! Top-level pages. Only the browser preview exists so far; the Outlook and Teams hosts join it.

pub mod preview;
