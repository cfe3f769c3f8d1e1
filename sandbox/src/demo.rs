//! The demo directory: two seller tenants with their users, and the registered Closer app.
//!
//! Every other part of the sandbox (tokens, mailbox, CRM) refers to these ids.

/// The Closer app registration the sandbox knows (the worker's `CLIENT_ID`/`CLIENT_SECRET`).
pub const CLOSER_CLIENT_ID: &str = "c1053e5a-7b2e-4f3a-9d43-2a1c5b7e9f10";
/// The Closer app's client secret in the sandbox (a test value, trusted by nothing else).
pub const CLOSER_CLIENT_SECRET: &str = "sandbox-client-secret";
/// The scope the pane asks for: Closer's own API.
pub const CLOSER_SCOPE: &str = "api://closer/access_as_user";
/// The demo tenant's tracker lists (its competitors and products), which the stack launcher
/// passes as the worker's `TRACKERS`; production has only generic defaults.
pub const TRACKERS: &str = r#"{"competitors":["Globex","Litware","Initech"],"products":["Fulfillment Cloud","Orders module","Returns module","onboarding"],"pricing":["discount","price","pricing","per seat","list price","budget","quote","invoice","purchase order"]}"#;

/// A tenant (an Entra directory).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenant {
    /// The directory id (`tid`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// The tenant's verified email domains: its internal addresses.
    pub domains: &'static [&'static str],
}

/// A demo user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoUser {
    /// Object id (`oid`).
    pub id: &'static str,
    /// The user's tenant id.
    pub tenant_id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Sign-in name and primary mailbox address.
    pub email: &'static str,
    /// Job title.
    pub job_title: &'static str,
    /// App roles assigned in Closer's app registration (the token's `roles`).
    pub app_roles: &'static [&'static str],
}

/// Northwind Traders: the main demo tenant (its sellers sell to Contoso, Fabrikam, ...).
pub const NORTHWIND: Tenant = Tenant {
    id: "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d",
    name: "Northwind Traders",
    domains: &["northwindtraders.com"],
};

/// Tailspin Toys: the second tenant, for isolation tests.
pub const TAILSPIN: Tenant = Tenant {
    id: "2f8e4d6c-1a3b-4c5d-8e9f-0a1b2c3d4e5f",
    name: "Tailspin Toys",
    domains: &["tailspintoys.com"],
};

/// Every demo tenant.
pub const TENANTS: [Tenant; 2] = [NORTHWIND, TAILSPIN];

/// Every demo user.
pub const USERS: [DemoUser; 3] = [
    DemoUser {
        id: "4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e",
        tenant_id: NORTHWIND.id,
        name: "Megan Bowen",
        email: "megan.bowen@northwindtraders.com",
        job_title: "Account Executive",
        app_roles: &[],
    },
    DemoUser {
        id: "7c2d9e3b-8f4a-4b6c-a0d1-2e3f4a5b6c7d",
        tenant_id: NORTHWIND.id,
        name: "Alex Wilber",
        email: "alex.wilber@northwindtraders.com",
        job_title: "Sales Director",
        // Northwind's Closer admin (the Admin tab, `/api/admin/*`).
        app_roles: &["Closer.Admin"],
    },
    DemoUser {
        id: "1e5f3a7b-2c4d-4e6f-8a9b-0c1d2e3f4a5b",
        tenant_id: TAILSPIN.id,
        name: "Diego Siciliani",
        email: "diego.siciliani@tailspintoys.com",
        job_title: "Sales Manager",
        // Tailspin's Closer admin.
        app_roles: &["Closer.Admin"],
    },
];

/// The user with object id `oid`.
pub fn user(oid: &str) -> Option<&'static DemoUser> {
    USERS.iter().find(|u| u.id == oid)
}

/// The tenant with id `tid`.
pub fn tenant(tid: &str) -> Option<&'static Tenant> {
    TENANTS.iter().find(|t| t.id == tid)
}
