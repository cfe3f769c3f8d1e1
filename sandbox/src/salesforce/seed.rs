//! The seeded org: `crm_seed`'s users, accounts, contacts, opportunities and notes as Salesforce
//! records, with ids from [`salesforce_id`] so tests can name them. Notes are classic `Note`
//! records (prefix `002`) on their opportunity, meetings `Event`s whose `WhatId` is theirs.
//! Never changed after startup: a reset rebuilds it.

use super::clock;
use super::org::{Record, user_id};
use crate::crm_seed::{ACCOUNTS, CONTACTS, MEETINGS, NOTES, OPPORTUNITIES, USERS, salesforce_id};
use serde_json::{Map, Value, json};

/// When the seed was last edited, as every seeded record's `LastModifiedDate` says.
const SEEDED_AT: &str = "2026-11-20T09:00:00.000+0000";
const CREATED_AT: &str = "2026-01-05T09:00:00.000+0000";

fn record(sobject: &'static str, fields: Value) -> Record {
    let Value::Object(mut fields) = fields else {
        unreachable!("seed rows are objects")
    };
    fields.insert("IsDeleted".into(), Value::Bool(false));
    fields
        .entry("CreatedDate")
        .or_insert_with(|| json!(CREATED_AT));
    fields.insert("LastModifiedDate".into(), json!(SEEDED_AT));
    Record { sobject, fields }
}

fn audit(owner: &str) -> Map<String, Value> {
    let owner = user_id(owner);
    let mut fields = Map::new();
    fields.insert("OwnerId".into(), json!(owner));
    fields.insert("CreatedById".into(), json!(owner));
    fields.insert("LastModifiedById".into(), json!(owner));
    fields
}

fn with(mut base: Map<String, Value>, fields: Value) -> Value {
    if let Value::Object(fields) = fields {
        base.extend(fields);
    }
    Value::Object(base)
}

/// Every seeded record.
pub(crate) fn records() -> Vec<Record> {
    let mut records = Vec::new();
    // A single-currency org in US dollars until a test says otherwise
    // (`SalesforceState::set_currency`).
    records.push(record(
        "Organization",
        json!({
            "Id": salesforce_id("00D", "northwind"), "Name": "Northwind Traders",
            "DefaultCurrencyIsoCode": "USD",
        }),
    ));
    for user in USERS {
        let (first, last) = user.name.split_once(' ').unwrap_or(("", user.name));
        records.push(record(
            "User",
            json!({
                "Id": user_id(user.key), "Name": user.name, "FirstName": first, "LastName": last,
                "Email": user.email, "Username": user.email, "IsActive": true,
            }),
        ));
    }
    for account in ACCOUNTS {
        records.push(record(
            "Account",
            with(
                audit(account.owner),
                json!({
                    "Id": salesforce_id("001", account.key), "Name": account.name,
                    "Website": account.website, "Phone": account.phone,
                    "Industry": account.industry, "Active__c": account.active,
                    "BillingCity": account.city, "NumberOfEmployees": account.employees,
                    "AnnualRevenue": account.revenue,
                }),
            ),
        ));
    }
    for contact in CONTACTS {
        records.push(record(
            "Contact",
            with(
                audit(contact.owner),
                json!({
                    "Id": salesforce_id("003", contact.key),
                    "Name": format!("{} {}", contact.first_name, contact.last_name),
                    "FirstName": contact.first_name, "LastName": contact.last_name,
                    "Email": contact.email, "Title": contact.job_title, "Phone": contact.phone,
                    "MobilePhone": contact.mobile, "Department": contact.department,
                    "AccountId": salesforce_id("001", contact.account),
                    "Active__c": contact.active,
                }),
            ),
        ));
    }
    for deal in OPPORTUNITIES {
        records.push(record(
            "Opportunity",
            with(
                audit(deal.owner),
                json!({
                    "Id": salesforce_id("006", deal.key), "Name": deal.name,
                    "StageName": deal.stage, "Amount": deal.amount, "CloseDate": deal.close_date,
                    "Probability": f64::from(deal.probability),
                    "IsClosed": !deal.open, "LastActivityDate": deal.last_activity,
                    "AccountId": salesforce_id("001", deal.account),
                }),
            ),
        ));
    }
    for note in NOTES {
        let created = clock::parse_date(note.created_on).map_or(CREATED_AT.to_owned(), |days| {
            clock::format(days * 86_400 + 9 * 3_600)
        });
        records.push(record(
            "Note",
            with(
                audit(crate::crm_seed::OWNER_MEGAN),
                json!({
                    "Id": salesforce_id("002", note.key), "Title": note.title, "Body": note.text,
                    "IsPrivate": false, "ParentId": salesforce_id("006", note.opportunity),
                    "CreatedDate": created,
                }),
            ),
        ));
    }
    for meeting in MEETINGS {
        records.push(record(
            "Event",
            with(
                audit(meeting.owner),
                json!({
                    "Id": salesforce_id("00U", meeting.key), "Subject": meeting.subject,
                    "Description": meeting.description,
                    "StartDateTime": utc(meeting.start), "EndDateTime": utc(meeting.end),
                    "WhatId": salesforce_id("006", meeting.opportunity),
                    "CreatedDate": utc(meeting.start),
                }),
            ),
        ));
    }
    records
}

/// `2026-11-26T15:00:00Z` as Salesforce writes date-times: `2026-11-26T15:00:00.000+0000`.
fn utc(instant: &str) -> String {
    format!("{}.000+0000", instant.trim_end_matches('Z'))
}
