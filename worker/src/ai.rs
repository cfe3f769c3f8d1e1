//! Grounded AI, the pure part: the language answers are written in ([`answer_language`], from
//! the pane's `Accept-Language`), preparing a thread for a prompt ([`thread`]: HTML to visible
//! text, quoted history, signatures and disclaimers cut, a token budget), verifying the quotes
//! a model cites ([`citations`]), matching configured tracker keywords ([`trackers`]),
//! keeping the system prompt out of answers ([`guard`]), and reading a sender's signature block
//! for the "Add contact" prefill ([`signature`], beside [`clean`] whose cut and sign-offs it
//! shares). No I/O: the routes fetch and call.

pub mod answer_language;
pub mod citations;
pub mod clean;
pub mod guard;
pub mod html;
pub mod recap;
pub mod signature;
pub mod thread;
pub mod tokens;
pub mod trackers;
pub mod transcript;
