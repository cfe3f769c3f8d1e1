//! `/api/crm/*`: the user's one CRM connection. Which CRM and org a user works in is kept in
//! Closer's store as a [`StoredConnection`] (the Salesforce refresh token only encrypted); the
//! CRM itself is then read live, in the user's context, through a [`CrmConnector`].
//!
//! Handlers here are pure over the connector and discovery results; the edge builds the
//! connectors (OBO token for a Dynamics org, refreshed session for Salesforce).

pub mod salesforce_connect;

use crate::crm::CrmConnector;
use crate::crm::dataverse::DataverseOrg;
use crate::error::ApiFailure;
use crate::store::{Row, RowKind, Scope};
use closer_wire::{CrmConnection, CrmVendor, DynamicsOrg};
use serde::{Deserialize, Serialize};

/// The store key of a user's connection (kind [`RowKind::Connection`]).
pub const CONNECTION_KEY: &str = "crm";

/// What Closer remembers about a user's CRM connection: where, never what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "vendor", rename_all = "snake_case")]
pub enum StoredConnection {
    /// A Dynamics org the user switched to (absent: the configured default org).
    Dynamics {
        /// The org's Web API base URL.
        api_base: String,
        /// The org's display name, from Global Discovery.
        org_name: Option<String>,
    },
    /// A Salesforce org the user connected.
    Salesforce {
        /// The instance URL the token endpoint returned (checked against configuration).
        instance_url: String,
        /// The refresh token, encrypted with the vault key (user key as associated data).
        refresh_token: String,
        /// The Salesforce user id.
        user_id: Option<String>,
    },
}

impl StoredConnection {
    /// Reads the stored row; an unreadable row counts as none (the default org applies).
    pub fn from_row(row: Option<Row>) -> Option<Self> {
        serde_json::from_str(&row?.value).ok()
    }

    /// The row to store.
    pub fn to_row(&self) -> Row {
        Row {
            value: serde_json::to_string(self).expect("plain data serializes"),
            expires_at: None,
        }
    }
}

/// The per-user scope of connection rows.
pub fn user_scope(tenant_id: &str, object_id: &str) -> Scope {
    Scope {
        tenant_id: tenant_id.to_owned(),
        user_id: Some(object_id.to_owned()),
    }
}

/// The row kind connections are stored under.
pub const CONNECTION_KIND: RowKind = RowKind::Connection;

/// Who the user is in the connected CRM.
pub async fn describe<C: CrmConnector>(
    vendor: CrmVendor,
    org_name: Option<String>,
    org_url: &str,
    crm: &C,
) -> Result<CrmConnection, ApiFailure> {
    let user = crm.current_user().await?;
    Ok(CrmConnection {
        vendor,
        org_name,
        org_url: org_url.to_owned(),
        user_id: user.id,
        user_name: user.name,
        user_email: user.email,
    })
}

/// The discovered, enabled orgs as the pane lists them, the current one selected.
pub fn org_choices(orgs: &[DataverseOrg], current_api_base: &str) -> Vec<DynamicsOrg> {
    orgs.iter()
        .filter(|org| org.is_enabled())
        .filter_map(|org| {
            let api_base = org.web_api_base().ok()?.to_string();
            Some(DynamicsOrg {
                id: org.id.clone(),
                unique_name: org.unique_name.clone(),
                friendly_name: org.friendly_name.clone(),
                selected: same_base(&api_base, current_api_base),
                api_url: api_base,
            })
        })
        .collect()
}

/// The org the user asked to switch to, which must be one Global Discovery returned for them:
/// the pane cannot point the worker at an arbitrary URL.
pub fn pick_org(orgs: &[DataverseOrg], requested: &str) -> Result<StoredConnection, ApiFailure> {
    orgs.iter()
        .filter(|org| org.is_enabled())
        .find_map(|org| {
            let api_base = org.web_api_base().ok()?.to_string();
            same_base(&api_base, requested).then(|| StoredConnection::Dynamics {
                api_base,
                org_name: Some(org.friendly_name.clone()),
            })
        })
        .ok_or_else(|| ApiFailure::BadRequest {
            reason: "That Dynamics org is not one you can reach.".into(),
        })
}

fn same_base(a: &str, b: &str) -> bool {
    a.trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(name: &str, api: &str, state: i32) -> DataverseOrg {
        serde_json::from_value(serde_json::json!({
            "Id": format!("id-{name}"), "UniqueName": name, "UrlName": name,
            "FriendlyName": format!("Org {name}"), "State": state, "Version": "9.2",
            "Url": api, "ApiUrl": api,
        }))
        .unwrap()
    }

    #[test]
    fn only_discovered_enabled_orgs_can_be_picked() {
        let orgs = [
            org("a", "https://a.crm.dynamics.com", 0),
            org("b", "https://b.crm.dynamics.com", 1),
        ];
        let picked = pick_org(&orgs, "https://a.crm.dynamics.com/api/data/v9.2/").unwrap();
        assert_eq!(
            picked,
            StoredConnection::Dynamics {
                api_base: "https://a.crm.dynamics.com/api/data/v9.2/".into(),
                org_name: Some("Org a".into()),
            }
        );
        assert!(
            pick_org(&orgs, "https://b.crm.dynamics.com/api/data/v9.2/").is_err(),
            "disabled"
        );
        assert!(pick_org(&orgs, "https://evil.example/api/data/v9.2/").is_err());
        let choices = org_choices(&orgs, "https://a.crm.dynamics.com/api/data/v9.2");
        assert_eq!(choices.len(), 1);
        assert!(choices[0].selected);
    }

    #[test]
    fn stored_connections_round_trip_and_garbage_reads_as_none() {
        let stored = StoredConnection::Salesforce {
            instance_url: "https://x.my.salesforce.com/".into(),
            refresh_token: "ciphertext".into(),
            user_id: Some("005".into()),
        };
        assert_eq!(
            StoredConnection::from_row(Some(stored.to_row())),
            Some(stored)
        );
        let garbage = Row {
            value: "{not json".into(),
            expires_at: None,
        };
        assert_eq!(StoredConnection::from_row(Some(garbage)), None);
    }
}
