//! `GET /me` (the token's user) and `GET /organization` (the token's tenant, with its verified
//! domains: the configured ones plus the `*.onmicrosoft.com` domain every tenant is created
//! with).

use super::seed;
use super::{Call, json_response, odata};
use crate::demo;
use axum::response::Response;
use serde_json::{Map, Value, json};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `GET /me`.
pub(super) async fn me(call: Call) -> Result<Response, Response> {
    let user = call.user;
    let (given, surname) = user.name.split_once(' ').unwrap_or((user.name, ""));
    let phone = seed::mailbox(user.id).map(|m| m.person.phone);
    let body = json!({
        "@odata.context": format!("{}$metadata#users/$entity", call.base),
        "businessPhones": phone.into_iter().collect::<Vec<_>>(),
        "displayName": user.name,
        "givenName": given,
        "jobTitle": user.job_title,
        "mail": user.email,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": "en-US",
        "surname": surname,
        "userPrincipalName": user.email,
        "id": user.id,
    });
    let selected = odata::select(
        "microsoft.graph.user",
        object(body),
        call.options.select.as_deref(),
        &[],
    )?;
    Ok(json_response(&selected))
}

/// `GET /organization`.
pub(super) async fn organization(call: Call) -> Result<Response, Response> {
    let tenant = demo::tenant(call.user.tenant_id).expect("demo users belong to demo tenants");
    let initial = format!(
        "{}.onmicrosoft.com",
        tenant.name.replace(' ', "").to_ascii_lowercase()
    );
    let mut domains: Vec<Value> = tenant
        .domains
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({ "capabilities": "Email, OfficeCommunicationsOnline", "isDefault": i == 0,
                    "isInitial": false, "name": name, "type": "Managed" })
        })
        .collect();
    domains.push(
        json!({ "capabilities": "Email, OfficeCommunicationsOnline", "isDefault": false,
                         "isInitial": true, "name": initial, "type": "Managed" }),
    );
    let organization = json!({
        "id": tenant.id,
        "deletedDateTime": null,
        "businessPhones": [],
        "city": null,
        "countryLetterCode": "US",
        "createdDateTime": "2019-04-02T17:41:52Z",
        "displayName": tenant.name,
        "tenantType": "AAD",
        "verifiedDomains": domains,
    });
    let selected = odata::select(
        "microsoft.graph.organization",
        object(organization),
        call.options.select.as_deref(),
        &[],
    )?;
    Ok(json_response(&json!({
        "@odata.context": format!("{}$metadata#organization", call.base),
        "value": [selected],
    })))
}
