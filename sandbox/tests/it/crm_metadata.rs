//! The CRM metadata and the extra card fields over HTTP: Dataverse's
//! `EntityDefinitions(LogicalName='…')/Attributes` and `$select` of the new columns, Salesforce's
//! describe labels and types and SOQL of the new fields, the same seeded values in both.

use closer_sandbox::crm_seed::{self, dataverse_id, salesforce_id};
use closer_sandbox::{Sandbox, authority};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A GET over a fresh connection (`Connection: close`): the status and the JSON body (or
/// `Null` when empty).
async fn get(sandbox: &Sandbox, path_and_query: &str, token: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(sandbox.addr()).await.unwrap();
    let request = format!(
        "GET {path_and_query} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        sandbox.addr()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).unwrap_or_else(|_| panic!("{body}"))
    };
    (status, body)
}

/// Percent-encodes a query value (spaces, quotes, `$`, `=`, `;`, parentheses…).
fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn megan() -> &'static crm_seed::SeedUser {
    crm_seed::USERS
        .iter()
        .find(|user| user.key == crm_seed::OWNER_MEGAN)
        .unwrap()
}

async fn dataverse() -> (Sandbox, String) {
    let sandbox = Sandbox::start(0).await.unwrap();
    let token = authority::issue_downstream_token(
        sandbox.state(),
        megan().entra_id,
        &sandbox.urls().origin,
    );
    (sandbox, token)
}

const DV: &str = "/dataverse/northwind/api/data/v9.2/";

#[tokio::test]
async fn dataverse_lists_a_tables_attributes_with_labels_and_types() {
    let (sandbox, token) = dataverse().await;
    let select = "LogicalName,AttributeType,DisplayName,IsValidForRead,AttributeOf";
    let (status, body) = get(
        &sandbox,
        &format!(
            "{DV}EntityDefinitions(LogicalName='contact')/Attributes?$select={}",
            enc(select)
        ),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["@odata.context"].as_str().unwrap().ends_with(&format!(
            "$metadata#EntityDefinitions('contact')/Attributes({select})"
        )),
        "{body}"
    );
    let attributes = body["value"].as_array().unwrap();
    let find = |name: &str| {
        attributes
            .iter()
            .find(|a| a["LogicalName"] == name)
            .unwrap_or_else(|| panic!("{name} in {body}"))
    };
    let department = find("department");
    assert_eq!(department["AttributeType"], "String");
    assert_eq!(
        department["DisplayName"]["UserLocalizedLabel"]["Label"],
        "Department"
    );
    assert_eq!(
        department["DisplayName"]["LocalizedLabels"][0]["LanguageCode"],
        1033
    );
    assert_eq!(department["IsValidForRead"], true);
    assert!(department["AttributeOf"].is_null());
    assert!(department["MetadataId"].is_string());
    // Not selected: absent.
    assert!(department.get("EntityLogicalName").is_none());
    assert_eq!(find("parentcustomerid")["AttributeType"], "Customer");
    assert_eq!(
        find("parentcustomeridname")["AttributeOf"],
        "parentcustomerid"
    );
    assert_eq!(find("statecode")["AttributeType"], "State");

    let (status, body) = get(
        &sandbox,
        &format!("{DV}EntityDefinitions(LogicalName='account')/Attributes"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let types: Vec<(&str, &str)> = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["LogicalName"].as_str().unwrap(),
                a["AttributeType"].as_str().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("address1_city", "String"),
        ("numberofemployees", "Integer"),
        ("revenue", "Money"),
        ("industrycode", "Picklist"),
        ("ownerid", "Owner"),
        ("createdon", "DateTime"),
    ] {
        assert!(types.contains(&expected), "{expected:?} in {types:?}");
    }

    let (status, body) = get(
        &sandbox,
        &format!("{DV}EntityDefinitions(LogicalName='opportunity')/Attributes?$select=LogicalName,AttributeType"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["LogicalName"] == "closeprobability" && a["AttributeType"] == "Integer")
    );
}

#[tokio::test]
async fn dataverse_metadata_refuses_unknown_tables_properties_options_and_tokens() {
    let (sandbox, token) = dataverse().await;
    let (status, body) = get(
        &sandbox,
        &format!("{DV}EntityDefinitions(LogicalName='nosuchtable')/Attributes"),
        &token,
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"]["code"], "0x80040217");
    let (status, body) = get(
        &sandbox,
        &format!("{DV}EntityDefinitions(LogicalName='contact')/Attributes?$select=Nope"),
        &token,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(
        &sandbox,
        &format!(
            "{DV}EntityDefinitions(LogicalName='contact')/Attributes?$filter={}",
            enc("IsValidForRead eq true")
        ),
        &token,
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = get(
        &sandbox,
        &format!("{DV}EntityDefinitions(LogicalName='contact')/Attributes"),
        "not-a-token",
    )
    .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn dataverse_selects_the_new_columns_directly_and_in_an_expand() {
    let (sandbox, token) = dataverse().await;
    let priya = dataverse_id("contact", "priya");
    let (status, body) = get(
        &sandbox,
        &format!("{DV}contacts({priya})?$select=department,mobilephone"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["department"], "Procurement");
    assert_eq!(body["mobilephone"], "+1 206 555 0143");

    // The shape of the worker's e-mail lookup: contacts by address, the company and its open
    // deals expanded, each with the extra columns.
    let expand = "parentcustomerid_account($select=name,address1_city,numberofemployees,revenue;\
                  $expand=opportunity_parent_account($select=name,closeprobability;$filter=statecode eq 0))";
    let (status, body) = get(
        &sandbox,
        &format!(
            "{DV}contacts?$select={}&$filter={}&$expand={}",
            enc("fullname,department"),
            enc("emailaddress1 eq 'priya.raman@contoso.com'"),
            enc(expand)
        ),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let row = &body["value"][0];
    assert_eq!(row["department"], "Procurement");
    let account = &row["parentcustomerid_account"];
    assert_eq!(account["address1_city"], "Seattle");
    assert_eq!(account["numberofemployees"], 1200);
    assert_eq!(account["revenue"].as_f64(), Some(250_000_000.0));
    let deals = account["opportunity_parent_account"].as_array().unwrap();
    let fulfillment = deals
        .iter()
        .find(|deal| deal["opportunityid"] == dataverse_id("opportunity", "contoso-fulfillment"))
        .unwrap();
    assert_eq!(fulfillment["closeprobability"], 60);

    let (status, body) = get(
        &sandbox,
        &format!("{DV}contacts?$select=department,nosuchcolumn"),
        &token,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(
        &sandbox,
        &format!(
            "{DV}contacts?$expand={}",
            enc("parentcustomerid_account($select=nosuchcolumn)")
        ),
        &token,
    )
    .await;
    assert_eq!(status, 400);
}

async fn salesforce() -> (Sandbox, String) {
    let sandbox = Sandbox::start(0).await.unwrap();
    let token = sandbox
        .state()
        .lock()
        .salesforce
        .issue_session(crm_seed::OWNER_MEGAN)
        .unwrap()
        .access_token;
    (sandbox, token)
}

const SF: &str = "/salesforce/services/data/v62.0/";

#[tokio::test]
async fn salesforce_soql_reads_the_new_fields_and_parent_paths() {
    let (sandbox, token) = salesforce().await;
    let soql = "SELECT Department, MobilePhone, Account.BillingCity, Account.NumberOfEmployees, \
                Account.AnnualRevenue FROM Contact WHERE Email = 'priya.raman@contoso.com'";
    let (status, body) = get(&sandbox, &format!("{SF}query?q={}", enc(soql)), &token).await;
    assert_eq!(status, 200, "{body}");
    let row = &body["records"][0];
    assert_eq!(row["Department"], "Procurement");
    assert_eq!(row["MobilePhone"], "+1 206 555 0143");
    assert_eq!(row["Account"]["BillingCity"], "Seattle");
    assert_eq!(row["Account"]["NumberOfEmployees"], 1200);
    assert!(row["Account"]["NumberOfEmployees"].is_u64());
    assert_eq!(
        row["Account"]["AnnualRevenue"].as_f64(),
        Some(250_000_000.0)
    );

    let soql = format!(
        "SELECT Name, Probability FROM Opportunity WHERE Id = '{}'",
        salesforce_id("006", "contoso-fulfillment")
    );
    let (status, body) = get(&sandbox, &format!("{SF}query?q={}", enc(&soql)), &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["records"][0]["Probability"].as_f64(), Some(60.0));

    let soql = "SELECT Id FROM Account WHERE NumberOfEmployees > 1000 AND BillingCity = 'seattle'";
    let (status, body) = get(&sandbox, &format!("{SF}query?q={}", enc(soql)), &token).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["totalSize"], 1);
    let soql = "SELECT Id FROM Account WHERE NumberOfEmployees = '1200'";
    let (status, _) = get(&sandbox, &format!("{SF}query?q={}", enc(soql)), &token).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn salesforce_describe_labels_and_types_every_field() {
    let (sandbox, token) = salesforce().await;
    let field = |describe: &Value, name: &str| -> Value {
        describe["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|field| field["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let (status, account) = get(&sandbox, &format!("{SF}sobjects/Account/describe"), &token).await;
    assert_eq!(status, 200, "{account}");
    let city = field(&account, "BillingCity");
    assert_eq!(city["label"], "Billing City");
    assert_eq!(city["type"], "string");
    assert_eq!(city["updateable"], true);
    assert_eq!(city["picklistValues"], serde_json::json!([]));
    assert_eq!(field(&account, "NumberOfEmployees")["type"], "int");
    assert_eq!(field(&account, "AnnualRevenue")["type"], "currency");
    assert_eq!(field(&account, "OwnerId")["type"], "reference");
    assert_eq!(field(&account, "Id")["type"], "id");

    let (status, deal) = get(
        &sandbox,
        &format!("{SF}sobjects/Opportunity/describe"),
        &token,
    )
    .await;
    assert_eq!(status, 200, "{deal}");
    let probability = field(&deal, "Probability");
    assert_eq!(probability["type"], "percent");
    assert_eq!(probability["label"], "Probability (%)");
    assert_eq!(field(&deal, "StageName")["type"], "picklist");
    assert_eq!(field(&deal, "Amount")["type"], "currency");

    let (status, contact) = get(&sandbox, &format!("{SF}sobjects/Contact/describe"), &token).await;
    assert_eq!(status, 200, "{contact}");
    assert_eq!(field(&contact, "Department")["label"], "Department");
    assert_eq!(field(&contact, "MobilePhone")["type"], "phone");
    assert_eq!(field(&contact, "Email")["type"], "email");
}
