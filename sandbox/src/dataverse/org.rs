//! The emulated orgs' rows: [`DataverseState`] (seeded from `crm_seed` on creation and on every
//! reset), each row's version (its `@odata.etag`, bumped on every write, as Dataverse bumps
//! `versionnumber`), the activity parties stored per activity, and the accessors tests use to
//! see exactly what a connector wrote. No HTTP here.

use super::bpf;
use super::schema::{self, INDUSTRIES};
use crate::crm_seed::{self, dataverse_id};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The default org: where `crm_seed` lives and what `SandboxUrls::crm` points at.
pub const DEFAULT_ORG: &str = "northwind";
/// The second, smaller org, for switching environments.
pub const EMEA_ORG: &str = "northwind-emea";

/// One stored row: its columns as written (lookups as `_x_value` GUIDs) and, per lookup
/// column, which entity set it points at (polymorphic lookups need it for their annotations).
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    pub fields: Map<String, Value>,
    pub targets: BTreeMap<String, &'static str>,
}

impl Row {
    /// `W/"<versionnumber>"`.
    pub fn etag(&self) -> String {
        format!(
            "W/\"{}\"",
            self.fields
                .get("versionnumber")
                .and_then(Value::as_u64)
                .unwrap_or(0)
        )
    }
}

/// One activity party as stored (the `activityparty` row of a deep insert).
#[derive(Debug, Clone)]
pub(crate) struct StoredParty {
    pub mask: u64,
    /// The bound record: (entity set, id).
    pub party: Option<(&'static str, String)>,
    pub address_used: Option<String>,
}

/// One org (environment).
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub id: String,
    pub unique_name: &'static str,
    pub friendly_name: &'static str,
    pub business_unit_id: String,
    /// Rows by entity set, then by lowercase id.
    pub rows: BTreeMap<&'static str, BTreeMap<String, Row>>,
    /// Activity parties by activity id.
    pub parties: BTreeMap<String, Vec<StoredParty>>,
}

impl Org {
    fn new(unique_name: &'static str, friendly_name: &'static str) -> Self {
        Self {
            id: dataverse_id("organization", unique_name),
            unique_name,
            friendly_name,
            business_unit_id: dataverse_id("businessunit", unique_name),
            rows: schema::TABLES
                .iter()
                .map(|table| (table.set, BTreeMap::new()))
                .collect(),
            parties: BTreeMap::new(),
        }
    }

    /// The row `id` of `set`.
    pub fn row(&self, set: &str, id: &str) -> Option<&Row> {
        self.rows.get(set)?.get(&id.to_ascii_lowercase())
    }

    /// The systemuser an Entra user signs in as, by `azureactivedirectoryobjectid`.
    pub fn systemuser_for(&self, entra_id: &str) -> Option<String> {
        self.rows.get("systemusers")?.iter().find_map(|(id, row)| {
            (row.fields.get("azureactivedirectoryobjectid")? == entra_id).then(|| id.clone())
        })
    }
}

/// The Dataverse orgs' mutable rows. `Default` is the seeded state.
#[derive(Debug, Clone)]
pub struct DataverseState {
    pub(crate) orgs: BTreeMap<&'static str, Org>,
    /// The last `versionnumber` handed out (one counter per server, as in Dataverse).
    pub(crate) version: u64,
}

impl Default for DataverseState {
    fn default() -> Self {
        let mut state = Self {
            orgs: BTreeMap::new(),
            version: 1_000,
        };
        let mut northwind = Org::new(DEFAULT_ORG, "Northwind Traders");
        let mut emea = Org::new(EMEA_ORG, "Northwind Traders EMEA");
        seed_northwind(&mut state, &mut northwind);
        seed_emea(&mut state, &mut emea);
        state.orgs.insert(DEFAULT_ORG, northwind);
        state.orgs.insert(EMEA_ORG, emea);
        state
    }
}

impl DataverseState {
    /// A fresh `versionnumber`.
    pub(crate) fn next_version(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    /// Inserts `fields` as a new row (id from the table's key column), stamping its version.
    pub(crate) fn insert(
        &mut self,
        org: &str,
        set: &'static str,
        mut fields: Map<String, Value>,
        targets: BTreeMap<String, &'static str>,
    ) -> Option<String> {
        let table = schema::table(set)?;
        let id = fields.get(table.key)?.as_str()?.to_ascii_lowercase();
        fields.insert(table.key.into(), Value::String(id.clone()));
        fields.insert("versionnumber".into(), json!(self.next_version()));
        let org = self.orgs.get_mut(org)?;
        org.rows
            .get_mut(set)?
            .insert(id.clone(), Row { fields, targets });
        Some(id)
    }

    /// The row `id` of `entity_set` in the default org, exactly as stored, with its
    /// `@odata.etag`; `None` if absent.
    pub fn record(&self, entity_set: &str, id: &str) -> Option<Value> {
        self.record_in(DEFAULT_ORG, entity_set, id)
    }

    /// [`Self::record`] in a named org (`northwind`, `northwind-emea`).
    pub fn record_in(&self, org: &str, entity_set: &str, id: &str) -> Option<Value> {
        let row = self.orgs.get(org)?.row(entity_set, id)?;
        let mut fields = row.fields.clone();
        fields.insert("@odata.etag".into(), Value::String(row.etag()));
        Some(Value::Object(fields))
    }

    /// Every row of `entity_set` in the default org, as [`Self::record`] shows them.
    pub fn records(&self, entity_set: &str) -> Vec<Value> {
        let Some(rows) = self
            .orgs
            .get(DEFAULT_ORG)
            .and_then(|org| org.rows.get(entity_set))
        else {
            return Vec::new();
        };
        rows.keys()
            .filter_map(|id| self.record(entity_set, id))
            .collect()
    }

    /// How many rows `entity_set` holds in the default org.
    pub fn count(&self, entity_set: &str) -> usize {
        self.orgs
            .get(DEFAULT_ORG)
            .and_then(|org| org.rows.get(entity_set))
            .map_or(0, BTreeMap::len)
    }

    /// Simulates someone editing the row in Dynamics' own UI: a new version (so its etag
    /// changes) and `modifiedon`. Returns whether the row exists.
    pub fn touch(&mut self, entity_set: &str, id: &str) -> bool {
        let version = self.next_version();
        let Some(row) = self
            .orgs
            .get_mut(DEFAULT_ORG)
            .and_then(|org| org.rows.get_mut(entity_set))
            .and_then(|rows| rows.get_mut(&id.to_ascii_lowercase()))
        else {
            return false;
        };
        row.fields.insert("versionnumber".into(), json!(version));
        row.fields
            .insert("modifiedon".into(), Value::String(super::clock::now_iso()));
        true
    }

    /// Simulates the seller marking the task `id` complete in Dynamics' own UI: `statecode` 1
    /// (Completed) with `statuscode` 5 (Completed), and a new version. Returns whether it exists.
    /// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/task#BKMK_StateCode
    pub fn complete_task(&mut self, id: &str) -> bool {
        let Some(row) = self
            .orgs
            .get_mut(DEFAULT_ORG)
            .and_then(|org| org.rows.get_mut("tasks"))
            .and_then(|rows| rows.get_mut(&id.to_ascii_lowercase()))
        else {
            return false;
        };
        row.fields.insert("statecode".into(), json!(1));
        row.fields.insert("statuscode".into(), json!(5));
        self.touch("tasks", id)
    }

    /// The parties stored with activity `id` in the default org, one object per party:
    /// `participationtypemask`, `_partyid_value` with its `partyid_logicalname`, `addressused`.
    pub fn activity_parties(&self, id: &str) -> Vec<Value> {
        let Some(org) = self.orgs.get(DEFAULT_ORG) else {
            return Vec::new();
        };
        org.parties
            .get(&id.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .map(|party| {
                let logical = party
                    .party
                    .as_ref()
                    .and_then(|(set, _)| schema::table(set))
                    .map(|table| table.logical);
                json!({
                    "participationtypemask": party.mask,
                    "_partyid_value": party.party.as_ref().map(|(_, id)| id),
                    "partyid_logicalname": logical,
                    "addressused": party.address_used,
                })
            })
            .collect()
    }

    /// The orgs' unique names.
    pub fn org_names(&self) -> Vec<&'static str> {
        self.orgs.keys().copied().collect()
    }
}

const SEEDED_ON: &str = "2026-01-05T09:00:00Z";

fn base_fields(key_column: &str, id: String) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert(key_column.into(), Value::String(id));
    fields.insert("createdon".into(), SEEDED_ON.into());
    fields.insert("modifiedon".into(), SEEDED_ON.into());
    fields
}

fn seed_users(state: &mut DataverseState, org: &mut Org, prefix: &str) {
    for user in crm_seed::USERS {
        let mut fields = base_fields(
            "systemuserid",
            dataverse_id("systemuser", &format!("{prefix}{}", user.key)),
        );
        fields.insert("fullname".into(), user.name.into());
        fields.insert("internalemailaddress".into(), user.email.into());
        fields.insert("azureactivedirectoryobjectid".into(), user.entra_id.into());
        insert_into(state, org, "systemusers", fields, &[]);
    }
}

fn insert_into(
    state: &mut DataverseState,
    org: &mut Org,
    set: &'static str,
    mut fields: Map<String, Value>,
    targets: &[(&str, &'static str)],
) {
    let table = schema::table(set).expect("seeded tables exist");
    let id = fields[table.key].as_str().unwrap_or_default().to_owned();
    fields.insert("versionnumber".into(), json!(state.next_version()));
    let targets = targets
        .iter()
        .map(|(column, set)| ((*column).to_owned(), *set))
        .collect();
    org.rows
        .get_mut(set)
        .expect("every table has a row map")
        .insert(id, Row { fields, targets });
}

fn owner(key: &str) -> Value {
    Value::String(dataverse_id("systemuser", key))
}

/// The currencies every org trades in (`transactioncurrencies`): seed key, ISO 4217 code,
/// name, symbol, exchange rate to the org's base currency (US dollars).
pub const CURRENCIES: &[(&str, &str, &str, &str, f64)] = &[
    ("usd", "USD", "US Dollar", "$", 1.0),
    ("eur", "EUR", "Euro", "€", 0.92),
];

/// The `transactioncurrencyid` of a seeded currency (`CURRENCIES` key) in the org of `prefix`.
pub fn currency_id(prefix: &str, key: &str) -> String {
    dataverse_id("transactioncurrency", &format!("{prefix}{key}"))
}

fn seed_currencies(state: &mut DataverseState, org: &mut Org, prefix: &str) {
    for (key, code, name, symbol, rate) in CURRENCIES {
        let mut fields = base_fields("transactioncurrencyid", currency_id(prefix, key));
        fields.insert("currencyname".into(), (*name).into());
        fields.insert("isocurrencycode".into(), (*code).into());
        fields.insert("currencysymbol".into(), (*symbol).into());
        fields.insert("currencyprecision".into(), json!(2));
        fields.insert("exchangerate".into(), json!(rate));
        fields.insert("statecode".into(), json!(0));
        insert_into(state, org, "transactioncurrencies", fields, &[]);
    }
}

fn seed_northwind(state: &mut DataverseState, org: &mut Org) {
    seed_users(state, org, "");
    seed_currencies(state, org, "");
    for account in crm_seed::ACCOUNTS {
        let mut fields = base_fields("accountid", dataverse_id("account", account.key));
        fields.insert("name".into(), account.name.into());
        fields.insert("websiteurl".into(), account.website.into());
        fields.insert("telephone1".into(), account.phone.into());
        let industry = INDUSTRIES
            .iter()
            .find(|(_, label)| *label == account.industry)
            .map(|(value, _)| *value);
        fields.insert("industrycode".into(), json!(industry));
        fields.insert("address1_city".into(), json!(account.city));
        fields.insert("numberofemployees".into(), json!(account.employees));
        fields.insert("revenue".into(), json!(account.revenue));
        fields.insert(
            "statecode".into(),
            json!(if account.active { 0 } else { 1 }),
        );
        fields.insert("_ownerid_value".into(), owner(account.owner));
        insert_into(
            state,
            org,
            "accounts",
            fields,
            &[("_ownerid_value", "systemusers")],
        );
    }
    for contact in crm_seed::CONTACTS {
        let mut fields = base_fields("contactid", dataverse_id("contact", contact.key));
        fields.insert(
            "fullname".into(),
            format!("{} {}", contact.first_name, contact.last_name).into(),
        );
        fields.insert("firstname".into(), contact.first_name.into());
        fields.insert("lastname".into(), contact.last_name.into());
        fields.insert("emailaddress1".into(), contact.email.into());
        fields.insert("jobtitle".into(), contact.job_title.into());
        fields.insert("telephone1".into(), contact.phone.into());
        fields.insert("mobilephone".into(), json!(contact.mobile));
        fields.insert("department".into(), json!(contact.department));
        fields.insert(
            "statecode".into(),
            json!(if contact.active { 0 } else { 1 }),
        );
        fields.insert(
            "_parentcustomerid_value".into(),
            dataverse_id("account", contact.account).into(),
        );
        fields.insert("_ownerid_value".into(), owner(contact.owner));
        insert_into(
            state,
            org,
            "contacts",
            fields,
            &[
                ("_parentcustomerid_value", "accounts"),
                ("_ownerid_value", "systemusers"),
            ],
        );
    }
    for deal in crm_seed::OPPORTUNITIES {
        let mut fields = base_fields("opportunityid", dataverse_id("opportunity", deal.key));
        fields.insert("name".into(), deal.name.into());
        fields.insert("estimatedvalue".into(), json!(deal.amount));
        fields.insert("estimatedclosedate".into(), deal.close_date.into());
        fields.insert("stepname".into(), deal.stage.into());
        let stage = match deal.stage {
            "Qualify" => 0,
            "Develop" => 1,
            "Propose" => 2,
            _ => 3,
        };
        fields.insert("salesstage".into(), json!(stage));
        fields.insert("closeprobability".into(), json!(deal.probability));
        let state_code = match (deal.open, deal.stage) {
            (true, _) => 0,
            (false, "Closed Won") => 1,
            (false, _) => 2,
        };
        fields.insert("statecode".into(), json!(state_code));
        fields.insert(
            "_parentaccountid_value".into(),
            dataverse_id("account", deal.account).into(),
        );
        fields.insert("_ownerid_value".into(), owner(deal.owner));
        // Northwind's deals are all in US dollars (the e2e suite reads "$48,000").
        fields.insert(
            "_transactioncurrencyid_value".into(),
            currency_id("", "usd").into(),
        );
        fields.insert(
            "modifiedon".into(),
            format!("{}T12:00:00Z", deal.last_activity).into(),
        );
        insert_into(
            state,
            org,
            "opportunities",
            fields,
            &[
                ("_parentaccountid_value", "accounts"),
                ("_transactioncurrencyid_value", "transactioncurrencies"),
                ("_ownerid_value", "systemusers"),
            ],
        );
    }
    seed_processes(state, org);
    for note in crm_seed::NOTES {
        let mut fields = base_fields("annotationid", dataverse_id("annotation", note.key));
        fields.insert("subject".into(), note.title.into());
        fields.insert("notetext".into(), note.text.into());
        fields.insert(
            "_objectid_value".into(),
            dataverse_id("opportunity", note.opportunity).into(),
        );
        fields.insert("_ownerid_value".into(), owner(crm_seed::OWNER_MEGAN));
        fields.insert(
            "createdon".into(),
            format!("{}T10:00:00Z", note.created_on).into(),
        );
        insert_into(
            state,
            org,
            "annotations",
            fields,
            &[
                ("_objectid_value", "opportunities"),
                ("_ownerid_value", "systemusers"),
            ],
        );
    }
    seed_meetings(state, org);
}

/// The processes' stages, and each deal's Opportunity Sales Process instance at the stage its
/// label names (closed deals: at the last stage, finished).
fn seed_processes(state: &mut DataverseState, org: &mut Org) {
    for process in bpf::PROCESSES {
        for (category, stage) in process.stages.iter().enumerate() {
            let mut fields = Map::new();
            fields.insert(
                "processstageid".into(),
                bpf::stage_id(process, stage).into(),
            );
            fields.insert("stagename".into(), (*stage).into());
            fields.insert("stagecategory".into(), json!(category));
            fields.insert("primaryentitytypecode".into(), "opportunity".into());
            fields.insert("_processid_value".into(), bpf::process_id(process).into());
            insert_into(state, org, "processstages", fields, &[]);
        }
    }
    let process = bpf::OPPORTUNITY_PROCESS;
    for deal in crm_seed::OPPORTUNITIES {
        let stage = bpf::seeded_stage(deal.stage);
        let mut fields = base_fields("businessprocessflowinstanceid", bpf::instance_id(deal.key));
        fields.insert("name".into(), process.name.into());
        fields.insert(
            "_activestageid_value".into(),
            bpf::stage_id(process, stage).into(),
        );
        fields.insert("traversedpath".into(), bpf::path_to(process, stage).into());
        fields.insert(
            "_bpf_opportunityid_value".into(),
            dataverse_id("opportunity", deal.key).into(),
        );
        fields.insert("_processid_value".into(), bpf::process_id(process).into());
        // Active (statuscode 1), or finished (statecode 1, statuscode 2) for a closed deal.
        fields.insert("statecode".into(), json!(if deal.open { 0 } else { 1 }));
        fields.insert("statuscode".into(), json!(if deal.open { 1 } else { 2 }));
        insert_into(
            state,
            org,
            bpf::INSTANCES,
            fields,
            &[
                ("_activestageid_value", "processstages"),
                ("_bpf_opportunityid_value", "opportunities"),
            ],
        );
    }
}

/// Meetings about deals, as appointments regarding their opportunity (`crm_seed::MEETINGS`).
fn seed_meetings(state: &mut DataverseState, org: &mut Org) {
    for meeting in crm_seed::MEETINGS {
        let mut fields = base_fields("activityid", dataverse_id("appointment", meeting.key));
        fields.insert("subject".into(), meeting.subject.into());
        fields.insert("description".into(), meeting.description.into());
        fields.insert("scheduledstart".into(), meeting.start.into());
        fields.insert("scheduledend".into(), meeting.end.into());
        fields.insert("statecode".into(), json!(1));
        fields.insert(
            "_regardingobjectid_value".into(),
            dataverse_id("opportunity", meeting.opportunity).into(),
        );
        fields.insert("_ownerid_value".into(), owner(meeting.owner));
        insert_into(
            state,
            org,
            "appointments",
            fields,
            &[
                ("_regardingobjectid_value", "opportunities"),
                ("_ownerid_value", "systemusers"),
            ],
        );
    }
}

/// Accounts of the EMEA org: the same sellers, a few European customers of its own.
pub const EMEA_ACCOUNTS: &[(&str, &str)] = &[
    ("contoso-gmbh", "Contoso GmbH"),
    ("fabrikam-france", "Fabrikam France SAS"),
];

/// The EMEA org's deal, in euros: (seed key, name, account key, amount, close date).
pub const EMEA_OPPORTUNITY: (&str, &str, &str, f64, &str) = (
    "contoso-gmbh-rollout",
    "Contoso GmbH – Fulfillment Cloud DACH rollout",
    "contoso-gmbh",
    42_000.0,
    "2027-03-15",
);

fn seed_emea(state: &mut DataverseState, org: &mut Org) {
    seed_users(state, org, "emea/");
    seed_currencies(state, org, "emea/");
    for (key, name) in EMEA_ACCOUNTS {
        let mut fields = base_fields("accountid", dataverse_id("account", &format!("emea/{key}")));
        fields.insert("name".into(), (*name).into());
        fields.insert("statecode".into(), json!(0));
        fields.insert(
            "_ownerid_value".into(),
            dataverse_id("systemuser", "emea/megan").into(),
        );
        insert_into(
            state,
            org,
            "accounts",
            fields,
            &[("_ownerid_value", "systemusers")],
        );
    }
    let (key, name, account, amount, close) = EMEA_OPPORTUNITY;
    let mut fields = base_fields(
        "opportunityid",
        dataverse_id("opportunity", &format!("emea/{key}")),
    );
    fields.insert("name".into(), name.into());
    fields.insert("estimatedvalue".into(), json!(amount));
    fields.insert("estimatedclosedate".into(), close.into());
    fields.insert("stepname".into(), "Develop".into());
    fields.insert("salesstage".into(), json!(1));
    fields.insert("statecode".into(), json!(0));
    fields.insert(
        "_parentaccountid_value".into(),
        dataverse_id("account", &format!("emea/{account}")).into(),
    );
    fields.insert(
        "_transactioncurrencyid_value".into(),
        currency_id("emea/", "eur").into(),
    );
    fields.insert(
        "_ownerid_value".into(),
        dataverse_id("systemuser", "emea/megan").into(),
    );
    insert_into(
        state,
        org,
        "opportunities",
        fields,
        &[
            ("_parentaccountid_value", "accounts"),
            ("_transactioncurrencyid_value", "transactioncurrencies"),
            ("_ownerid_value", "systemusers"),
        ],
    );
}
