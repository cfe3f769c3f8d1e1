//! `GET /api/auth/config`: public facts the browser preview needs to sign in with the
//! authorization-code flow and PKCE. No secrets: the client id and authority are public.

use crate::config::{Config, var};
use crate::error::ApiFailure;
use closer_wire::AuthConfig;

/// Builds the sign-in facts from configuration.
pub fn auth_config(config: &Config) -> Result<AuthConfig, ApiFailure> {
    let authority = config
        .authority_url
        .as_ref()
        .ok_or(ApiFailure::NotConfigured {
            what: var::AUTHORITY_URL,
        })?;
    let client_id = config.client_id.clone().ok_or(ApiFailure::NotConfigured {
        what: var::CLIENT_ID,
    })?;
    Ok(AuthConfig {
        authority_url: authority.to_string(),
        tenant: config.sign_in_tenant.clone(),
        scope: config
            .api_scope
            .clone()
            .unwrap_or_else(|| format!("api://{client_id}/access_as_user")),
        client_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_authority_and_client_id_and_defaults_the_scope() {
        let mut config = Config::from_lookup(|_| None).unwrap();
        assert!(matches!(
            auth_config(&config),
            Err(ApiFailure::NotConfigured { .. })
        ));
        config.authority_url = Some(url::Url::parse("https://login.example/").unwrap());
        config.client_id = Some("app-id".into());
        let facts = auth_config(&config).unwrap();
        assert_eq!(facts.scope, "api://app-id/access_as_user");
        assert_eq!(facts.tenant, "organizations");
    }
}
