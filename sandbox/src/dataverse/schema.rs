//! The tables the emulated orgs know, as `$metadata` would describe them: entity set, logical
//! name, primary key, primary name, columns, single-valued navigation properties (lookups, with
//! the `_x_value` column they fill and the tables they may point at), choice labels, and which
//! activity-party collection an activity takes. Only what Closer's connector touches; a column
//! or navigation property not listed here is refused with a 400, as Dataverse refuses a name
//! that is not on the type.

/// A single-valued navigation property: `<nav>@odata.bind` fills `<column>` with a row of
/// `target_set`. Polymorphic lookups have one nav property per target table
/// (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/web-api-navigation-properties).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lookup {
    /// Navigation property name, e.g. `parentcustomerid_account`.
    pub nav: &'static str,
    /// The lookup column it fills, e.g. `_parentcustomerid_value`.
    pub column: &'static str,
    /// The target table's entity set.
    pub target_set: &'static str,
}

/// One table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    /// Entity set name (URL segment).
    pub set: &'static str,
    /// Logical name (`etn`, lookuplogicalname).
    pub logical: &'static str,
    /// Primary key column.
    pub key: &'static str,
    /// Primary name column (what a lookup's formatted value shows).
    pub name: &'static str,
    /// Every other readable column, lookups' `_x_value` included.
    pub columns: &'static [&'static str],
    /// Columns the platform sets (refused in a create or update body).
    pub read_only: &'static [&'static str],
    /// Navigation properties that may be bound.
    pub lookups: &'static [Lookup],
    /// The activity-party collection this activity takes in a deep insert, and the
    /// participation types it allows.
    pub parties: Option<(&'static str, &'static [u64])>,
}

impl Table {
    /// Whether `column` is a column of this table (the key included).
    pub fn has_column(&self, column: &str) -> bool {
        column == self.key || self.columns.contains(&column)
    }

    /// The lookup with navigation property `nav`.
    pub fn lookup(&self, nav: &str) -> Option<&'static Lookup> {
        self.lookups.iter().find(|lookup| lookup.nav == nav)
    }
}

const fn lookup(nav: &'static str, column: &'static str, target_set: &'static str) -> Lookup {
    Lookup {
        nav,
        column,
        target_set,
    }
}

const OWNER: Lookup = lookup("ownerid", "_ownerid_value", "systemusers");
const SYSTEM: &[&str] = &["createdon", "modifiedon", "versionnumber"];

/// Every table the sandbox serves.
pub(crate) const TABLES: &[Table] = &[
    Table {
        set: "accounts",
        logical: "account",
        key: "accountid",
        name: "name",
        columns: &[
            "name",
            "websiteurl",
            "telephone1",
            "industrycode",
            "address1_city",
            "numberofemployees",
            "revenue",
            "statecode",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[OWNER],
        parties: None,
    },
    Table {
        set: "contacts",
        logical: "contact",
        key: "contactid",
        name: "fullname",
        columns: &[
            "fullname",
            "firstname",
            "lastname",
            "emailaddress1",
            "emailaddress2",
            "emailaddress3",
            "jobtitle",
            "telephone1",
            "mobilephone",
            "department",
            "statecode",
            "_parentcustomerid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: &["fullname", "createdon", "modifiedon", "versionnumber"],
        lookups: &[
            lookup(
                "parentcustomerid_account",
                "_parentcustomerid_value",
                "accounts",
            ),
            lookup(
                "parentcustomerid_contact",
                "_parentcustomerid_value",
                "contacts",
            ),
            OWNER,
        ],
        parties: None,
    },
    Table {
        set: "opportunities",
        logical: "opportunity",
        key: "opportunityid",
        name: "name",
        columns: &[
            "name",
            "estimatedvalue",
            "estimatedclosedate",
            "stepname",
            "salesstage",
            "closeprobability",
            "statecode",
            "_parentaccountid_value",
            "_transactioncurrencyid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[
            lookup("parentaccountid", "_parentaccountid_value", "accounts"),
            lookup(
                "transactioncurrencyid",
                "_transactioncurrencyid_value",
                "transactioncurrencies",
            ),
            OWNER,
        ],
        parties: None,
    },
    // The currencies an org trades in: `isocurrencycode` is the ISO 4217 code
    // (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/transactioncurrency).
    Table {
        set: "transactioncurrencies",
        logical: "transactioncurrency",
        key: "transactioncurrencyid",
        name: "currencyname",
        columns: &[
            "currencyname",
            "isocurrencycode",
            "currencysymbol",
            "currencyprecision",
            "exchangerate",
            "statecode",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[],
        parties: None,
    },
    Table {
        set: "systemusers",
        logical: "systemuser",
        key: "systemuserid",
        name: "fullname",
        columns: &[
            "fullname",
            "internalemailaddress",
            "azureactivedirectoryobjectid",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[],
        parties: None,
    },
    Table {
        set: "annotations",
        logical: "annotation",
        key: "annotationid",
        name: "subject",
        columns: &[
            "subject",
            "notetext",
            "_objectid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[
            lookup("objectid_account", "_objectid_value", "accounts"),
            lookup("objectid_contact", "_objectid_value", "contacts"),
            lookup("objectid_opportunity", "_objectid_value", "opportunities"),
            OWNER,
        ],
        parties: None,
    },
    Table {
        set: "tasks",
        logical: "task",
        key: "activityid",
        name: "subject",
        columns: &[
            "subject",
            "description",
            "scheduledend",
            "prioritycode",
            "statecode",
            "_regardingobjectid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[
            lookup(
                "regardingobjectid_account_task",
                "_regardingobjectid_value",
                "accounts",
            ),
            lookup(
                "regardingobjectid_contact_task",
                "_regardingobjectid_value",
                "contacts",
            ),
            lookup(
                "regardingobjectid_opportunity_task",
                "_regardingobjectid_value",
                "opportunities",
            ),
            OWNER,
        ],
        parties: None,
    },
    Table {
        set: "emails",
        logical: "email",
        key: "activityid",
        name: "subject",
        columns: &[
            "subject",
            "description",
            "directioncode",
            "messageid",
            "actualend",
            "statecode",
            "statuscode",
            "_regardingobjectid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[
            lookup(
                "regardingobjectid_account_email",
                "_regardingobjectid_value",
                "accounts",
            ),
            lookup(
                "regardingobjectid_contact_email",
                "_regardingobjectid_value",
                "contacts",
            ),
            lookup(
                "regardingobjectid_opportunity_email",
                "_regardingobjectid_value",
                "opportunities",
            ),
            OWNER,
        ],
        // Sender, To, Cc, Bcc (ActivityParty.ParticipationTypeMask).
        parties: Some(("email_activity_parties", &[1, 2, 3, 4])),
    },
    Table {
        set: "appointments",
        logical: "appointment",
        key: "activityid",
        name: "subject",
        columns: &[
            "subject",
            "description",
            "scheduledstart",
            "scheduledend",
            "location",
            "globalobjectid",
            "statecode",
            "statuscode",
            "_regardingobjectid_value",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[
            lookup(
                "regardingobjectid_account_appointment",
                "_regardingobjectid_value",
                "accounts",
            ),
            lookup(
                "regardingobjectid_contact_appointment",
                "_regardingobjectid_value",
                "contacts",
            ),
            lookup(
                "regardingobjectid_opportunity_appointment",
                "_regardingobjectid_value",
                "opportunities",
            ),
            OWNER,
        ],
        // RequiredAttendee, OptionalAttendee, Organizer.
        parties: Some(("appointment_activity_parties", &[5, 6, 7])),
    },
    // The stages of a business process flow, and the Opportunity Sales Process's instances
    // (one per opportunity): the stage of an opportunity is the active stage of its instance,
    // not a column of the opportunity (see `super::bpf`).
    // https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/processstage
    Table {
        set: "processstages",
        logical: "processstage",
        key: "processstageid",
        name: "stagename",
        columns: &[
            "stagename",
            "stagecategory",
            "primaryentitytypecode",
            "_processid_value",
            "versionnumber",
        ],
        read_only: &[
            "stagename",
            "stagecategory",
            "primaryentitytypecode",
            "versionnumber",
        ],
        lookups: &[],
        parties: None,
    },
    // https://learn.microsoft.com/en-us/dynamics365/sales/developer/entities/opportunitysalesprocess
    Table {
        set: "opportunitysalesprocesses",
        logical: "opportunitysalesprocess",
        key: "businessprocessflowinstanceid",
        name: "name",
        columns: &[
            "name",
            "_activestageid_value",
            "traversedpath",
            "activestagestartedon",
            "_bpf_opportunityid_value",
            "_processid_value",
            "statecode",
            "statuscode",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: &[
            "activestagestartedon",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        lookups: &[
            lookup("activestageid", "_activestageid_value", "processstages"),
            lookup(
                "bpf_opportunityid",
                "_bpf_opportunityid_value",
                "opportunities",
            ),
        ],
        parties: None,
    },
    // Closer's own table, shipped in its managed solution (PROTOCOLS §1.6).
    Table {
        set: "osc_closerrows",
        logical: "osc_closerrow",
        key: "osc_closerrowid",
        name: "osc_name",
        columns: &[
            "osc_name",
            "osc_scope",
            "osc_kind",
            "osc_key",
            "osc_value",
            "osc_expiresat",
            "_ownerid_value",
            "createdon",
            "modifiedon",
            "versionnumber",
        ],
        read_only: SYSTEM,
        lookups: &[OWNER],
        parties: None,
    },
];

/// The nav properties an activity party may bind (`partyid_<table>`).
pub(crate) const PARTY_LOOKUPS: &[Lookup] = &[
    lookup("partyid_contact", "_partyid_value", "contacts"),
    lookup("partyid_systemuser", "_partyid_value", "systemusers"),
    lookup("partyid_account", "_partyid_value", "accounts"),
];

/// The table behind an entity set.
pub(crate) fn table(set: &str) -> Option<&'static Table> {
    TABLES.iter().find(|table| table.set == set)
}

/// The label of a choice value, as `@OData.Community.Display.V1.FormattedValue` shows it.
pub(crate) fn choice_label(table: &Table, column: &str, value: i64) -> Option<String> {
    let label = match (column, value) {
        ("statecode", 0) if table.logical == "opportunity" => "Open",
        ("statecode", 1) if table.logical == "opportunity" => "Won",
        ("statecode", 2) if table.logical == "opportunity" => "Lost",
        ("statecode", 0) if table.parties.is_some() || table.logical == "task" => "Open",
        ("statecode", 1) if table.parties.is_some() || table.logical == "task" => "Completed",
        ("statecode", 0) => "Active",
        ("statecode", 1) => "Inactive",
        ("salesstage", 0) => "Qualify",
        ("salesstage", 1) => "Develop",
        ("salesstage", 2) => "Propose",
        ("salesstage", 3) => "Close",
        ("prioritycode", 0) => "Low",
        ("prioritycode", 1) => "Normal",
        ("prioritycode", 2) => "High",
        ("industrycode", code) => return industry_label(code).map(str::to_owned),
        _ => return None,
    };
    Some(label.to_owned())
}

/// The org's industry choice. Its labels are customised to Northwind's own segments (orgs
/// commonly relabel the out-of-the-box list), so values and labels are the sandbox's own.
pub(crate) const INDUSTRIES: &[(i64, &str)] = &[
    (1, "Retail"),
    (2, "Manufacturing"),
    (3, "Financial Services"),
    (4, "Technology"),
    (5, "Hospitality"),
];

fn industry_label(code: i64) -> Option<&'static str> {
    INDUSTRIES
        .iter()
        .find(|(value, _)| *value == code)
        .map(|(_, label)| *label)
}
