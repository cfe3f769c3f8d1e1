//! What the deployed configuration may not say: `wrangler.toml` is committed and deployed, so a
//! secret in its `[vars]` would be published in plain text. Secrets come from
//! `wrangler secret put` only (locally, `wrangler dev --var`).

/// Every secret the worker reads (`edge::secret`).
const SECRETS: &[&str] = &[
    "CLIENT_SECRET",
    "SALESFORCE_CLIENT_SECRET",
    "VAULT_KEY",
    "VAULT_KEY_PREVIOUS",
    "LLM_API_KEY",
];

#[test]
fn wrangler_toml_declares_no_secret_as_a_plain_var() {
    let toml = include_str!("../../wrangler.toml");
    let mut in_vars = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_vars = line == "[vars]" || line.starts_with("[env.") && line.ends_with(".vars]");
            continue;
        }
        if !in_vars || line.starts_with('#') {
            continue;
        }
        let name = line.split('=').next().unwrap_or_default().trim();
        assert!(
            !SECRETS.contains(&name),
            "{name} is a secret: set it with `wrangler secret put {name}`, not in [vars]"
        );
    }
    assert!(toml.contains("[vars]"), "the check read the vars");
}
