//! The browser security headers Closer serves: what may frame the pane, what it may load and
//! talk to, and how browsers must treat API answers. Pure (the edge sets them on every
//! response), so the policy itself is unit-tested.
//!
//! - The pane's document gets a Content-Security-Policy that lets exactly the Microsoft 365
//!   hosts frame it (Outlook on the web and new Outlook, Teams, the Microsoft 365 app), as
//!   Microsoft lists them for apps across Microsoft 365 ("Prerequisites: set Content Security
//!   Policy headers to allow Teams and any other host applications of your app",
//!   https://learn.microsoft.com/en-us/microsoftteams/platform/tabs/how-to/tab-requirements).
//!   Desktop Outlook hosts the pane as a top-level web view, where `frame-ancestors` does not
//!   apply. Scripts: Closer's own files and office.js from Microsoft's CDN (Office add-ins
//!   must load it from there), WebAssembly compilation, nothing inline (Trunk's inline
//!   bootstrap is moved to a file at build time, `xtask/src/build.rs`). Styles allow inline
//!   `style` attributes, which office.js and MSAL's popups may set.
//! - Every `/api/*` answer: `Cache-Control: no-store` (tokens and CRM data never land in a
//!   cache), `X-Content-Type-Options: nosniff`, and a CSP that forbids everything (JSON is
//!   never a document).
//! - Everything: `Referrer-Policy: no-referrer` and `nosniff`.

use url::Url;

/// The hosts that may frame the pane.
pub const FRAME_ANCESTORS: &[&str] = &[
    "https://*.cloud.microsoft",
    "https://teams.microsoft.com",
    "https://*.teams.microsoft.com",
    "https://*.microsoft365.com",
    "https://*.office.com",
    "https://outlook.office.com",
    "https://outlook.office365.com",
    "https://outlook-sdf.office.com",
    "https://outlook-sdf.office365.com",
];

/// Where office.js comes from (Office add-ins must load it from Microsoft's CDN).
pub const OFFICE_JS_ORIGIN: &str = "https://appsforoffice.microsoft.com";

/// The CSP of the pane's document. `authority` is the sign-in authority (the preview's
/// sign-in redeems its code there from the browser).
pub fn pane_policy(authority: Option<&Url>) -> String {
    let authority = authority
        .map(|url| format!(" {}", url.origin().ascii_serialization()))
        .unwrap_or_default();
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval' {OFFICE_JS_ORIGIN}"),
        "style-src 'self' 'unsafe-inline'".to_owned(),
        "img-src 'self' data:".to_owned(),
        format!("connect-src 'self'{authority}"),
        format!("frame-src 'self'{authority}"),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        format!("frame-ancestors 'self' {}", FRAME_ANCESTORS.join(" ")),
    ]
    .join("; ")
}

/// Headers every response gets.
pub const ALWAYS: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
];

/// Headers every `/api/*` answer gets, on top of [`ALWAYS`].
pub const API: &[(&str, &str)] = &[
    ("Cache-Control", "no-store"),
    (
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
        policy
            .split("; ")
            .find(|d| d.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {policy}"))
    }

    #[test]
    fn the_pane_is_framed_only_by_microsoft_365_hosts_and_runs_no_inline_script() {
        let authority = Url::parse("https://login.microsoftonline.com/").unwrap();
        let policy = pane_policy(Some(&authority));
        let ancestors = directive(&policy, "frame-ancestors");
        assert!(ancestors.contains("https://outlook.office.com"));
        assert!(ancestors.contains("https://teams.microsoft.com"));
        // Every source is 'self' or an https Microsoft host: no scheme-only or bare wildcard.
        let microsoft = [
            ".microsoft",
            ".microsoft.com",
            ".office.com",
            ".office365.com",
            ".microsoft365.com",
        ];
        for source in ancestors.split_whitespace().skip(1) {
            assert!(
                source == "'self'"
                    || source.starts_with("https://")
                        && microsoft.iter().any(|domain| source.ends_with(domain)),
                "{source} in {ancestors}"
            );
        }
        let scripts = directive(&policy, "script-src");
        assert!(!scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"));
        assert!(scripts.contains("'wasm-unsafe-eval'"));
        assert_eq!(
            directive(&policy, "connect-src"),
            "connect-src 'self' https://login.microsoftonline.com"
        );
        assert_eq!(directive(&policy, "object-src"), "object-src 'none'");
    }

    #[test]
    fn without_an_authority_the_pane_talks_only_to_its_origin() {
        assert!(pane_policy(None).contains("connect-src 'self';"));
    }
}
