//! The CRM connection: which CRM the user works in, who they are there, and switching.

use serde::{Deserialize, Serialize};

/// Which CRM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrmVendor {
    /// Dynamics 365 (Dataverse Web API).
    Dynamics,
    /// Salesforce (REST API).
    Salesforce,
}

/// `GET /api/crm/connection`: the user's one CRM connection and who they are in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrmConnection {
    /// Which CRM.
    pub vendor: CrmVendor,
    /// The org's display name (Dynamics environment or Salesforce org), when known.
    pub org_name: Option<String>,
    /// The org's base URL (Dataverse Web API URL or Salesforce instance URL).
    pub org_url: String,
    /// The user's id in the CRM.
    pub user_id: String,
    /// The user's name in the CRM.
    pub user_name: String,
    /// The user's email in the CRM, when it returned one.
    pub user_email: Option<String>,
}

/// One Dynamics environment the user can reach (Global Discovery).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DynamicsOrg {
    /// Environment id.
    pub id: String,
    /// Unique name.
    pub unique_name: String,
    /// Display name.
    pub friendly_name: String,
    /// The Web API base URL.
    pub api_url: String,
    /// Whether this is the org the user is connected to.
    pub selected: bool,
}

/// `PUT /api/crm/connection/dynamics`: switch to a discovered Dynamics org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectDynamics {
    /// The chosen org's Web API URL (must be one Global Discovery returned).
    pub api_url: String,
}

/// `POST /api/crm/connection/salesforce/finish`: what Salesforce gave the browser on its way
/// back (the pane reads it from the callback's fragment); completed only for the user who
/// started the sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinishSalesforce {
    /// The authorization code.
    pub code: String,
    /// The opaque state of the sign-in.
    pub state: String,
}

/// `POST /api/crm/connection/salesforce`: where to send the browser to sign in to Salesforce.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesforceSignIn {
    /// Salesforce's authorize URL (web-server flow with PKCE; the worker keeps the verifier).
    pub authorize_url: String,
}
