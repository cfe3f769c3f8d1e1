//! The emulated org's schema: which sObjects exist, their key prefixes, fields, field types,
//! which fields a client may write, which are required, and the relationship names SOQL may
//! traverse (`Account.Name`). Field names are matched without regard to case, as Salesforce
//! does, and always answered in their canonical spelling.
//!
//! Two custom fields are installed as Closer's package would: `Event.Closer_ICalUId__c` and
//! `Task.Closer_MessageId__c`; accounts and contacts carry the checkbox `Active__c`.

/// What a field holds, for type checks in writes and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldType {
    /// The record id.
    Id,
    /// Text (compared without regard to case).
    Text,
    /// A checkbox.
    Bool,
    /// An `int` (stored as a JSON integer, e.g. `Account.NumberOfEmployees`).
    Int,
    /// A `currency` amount (a JSON number, e.g. `Opportunity.Amount`).
    Currency,
    /// A `percent` (a JSON number, `60.0` for 60 %, e.g. `Opportunity.Probability`).
    Percent,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM:SS.sss+0000`.
    DateTime,
    /// A lookup to one of these objects (empty: any object).
    Reference(&'static [&'static str]),
    /// A JunctionIdList (`EmailMessage.ToIds`): write-only list of ids of these objects.
    IdList(&'static [&'static str]),
}

/// One field.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// Whether clients may set it on create/update.
    pub writable: bool,
    /// For lookups: the relationship name SOQL uses (`Account` for `AccountId`).
    pub relationship: Option<&'static str>,
}

/// One sObject type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Object {
    pub name: &'static str,
    pub prefix: &'static str,
    pub fields: &'static [Field],
    /// Fields a create must set.
    pub required: &'static [&'static str],
    /// Text fields SOSL searches (`IN ALL FIELDS`).
    pub searchable: &'static [&'static str],
    /// Available only with Enhanced Email on.
    pub enhanced_email_only: bool,
}

impl Object {
    /// The field called `name` (any case).
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(name))
    }

    /// The lookup field whose relationship is called `name` (any case).
    pub fn relationship(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|field| {
            field
                .relationship
                .is_some_and(|relationship| relationship.eq_ignore_ascii_case(name))
        })
    }
}

const fn f(name: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        ty,
        writable: true,
        relationship: None,
    }
}

const fn read_only(name: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        ty,
        writable: false,
        relationship: None,
    }
}

const fn lookup(
    name: &'static str,
    targets: &'static [&'static str],
    relationship: &'static str,
) -> Field {
    Field {
        name,
        ty: FieldType::Reference(targets),
        writable: true,
        relationship: Some(relationship),
    }
}

use FieldType::{Bool, Currency, Date, DateTime, Id, IdList, Int, Percent, Text};

const ID: Field = read_only("Id", Id);
const IS_DELETED: Field = read_only("IsDeleted", Bool);
const CREATED: Field = read_only("CreatedDate", DateTime);
const MODIFIED: Field = read_only("LastModifiedDate", DateTime);
const CREATED_BY: Field = Field {
    name: "CreatedById",
    ty: FieldType::Reference(&["User"]),
    writable: false,
    relationship: Some("CreatedBy"),
};
const MODIFIED_BY: Field = Field {
    name: "LastModifiedById",
    ty: FieldType::Reference(&["User"]),
    writable: false,
    relationship: Some("LastModifiedBy"),
};
const OWNER: Field = lookup("OwnerId", &["User"], "Owner");
const WHO: Field = lookup("WhoId", &["Contact"], "Who");
const WHAT: Field = lookup("WhatId", &["Account", "Opportunity"], "What");
const PEOPLE: &[&str] = &["Contact", "User"];

/// Every sObject the sandbox org has.
pub(crate) const OBJECTS: &[Object] = &[
    Object {
        name: "User",
        prefix: "005",
        fields: &[
            ID,
            read_only("Name", Text),
            read_only("FirstName", Text),
            read_only("LastName", Text),
            read_only("Email", Text),
            read_only("Username", Text),
            read_only("IsActive", Bool),
            CREATED,
            MODIFIED,
        ],
        required: &[],
        searchable: &["Name", "Email"],
        enhanced_email_only: false,
    },
    Object {
        name: "Account",
        prefix: "001",
        fields: &[
            ID,
            f("Name", Text),
            f("Website", Text),
            f("Phone", Text),
            f("Industry", Text),
            f("BillingCity", Text),
            f("NumberOfEmployees", Int),
            f("AnnualRevenue", Currency),
            f("Description", Text),
            f("Active__c", Bool),
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &["Name"],
        searchable: &["Name", "Website", "Phone", "Industry"],
        enhanced_email_only: false,
    },
    Object {
        name: "Contact",
        prefix: "003",
        fields: &[
            ID,
            read_only("Name", Text),
            f("FirstName", Text),
            f("LastName", Text),
            f("Email", Text),
            f("Title", Text),
            f("Phone", Text),
            f("MobilePhone", Text),
            f("Department", Text),
            f("Active__c", Bool),
            lookup("AccountId", &["Account"], "Account"),
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &["LastName"],
        searchable: &["Name", "Email", "Title", "Phone"],
        enhanced_email_only: false,
    },
    Object {
        name: "Opportunity",
        prefix: "006",
        fields: &[
            ID,
            f("Name", Text),
            f("StageName", Text),
            f("Amount", Currency),
            f("Probability", Percent),
            f("CloseDate", Date),
            read_only("IsClosed", Bool),
            read_only("LastActivityDate", Date),
            f("Description", Text),
            lookup("AccountId", &["Account"], "Account"),
            f("CurrencyIsoCode", Text),
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &["Name", "StageName", "CloseDate"],
        searchable: &["Name", "StageName"],
        enhanced_email_only: false,
    },
    Object {
        name: "Task",
        prefix: "00T",
        fields: &[
            ID,
            f("Subject", Text),
            f("Description", Text),
            f("ActivityDate", Date),
            f("Status", Text),
            read_only("IsClosed", Bool),
            f("Priority", Text),
            f("TaskSubtype", Text),
            f("Closer_MessageId__c", Text),
            WHO,
            WHAT,
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &[],
        searchable: &["Subject", "Description"],
        enhanced_email_only: false,
    },
    Object {
        name: "Event",
        prefix: "00U",
        fields: &[
            ID,
            f("Subject", Text),
            f("StartDateTime", DateTime),
            f("EndDateTime", DateTime),
            f("Location", Text),
            f("Description", Text),
            f("Closer_ICalUId__c", Text),
            WHO,
            WHAT,
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &["StartDateTime", "EndDateTime"],
        searchable: &["Subject", "Location", "Description"],
        enhanced_email_only: false,
    },
    Object {
        name: "EventRelation",
        prefix: "0RE",
        fields: &[
            ID,
            lookup("EventId", &["Event"], "Event"),
            lookup("RelationId", PEOPLE, "Relation"),
            f("IsParent", Bool),
            f("IsWhat", Bool),
            f("IsInvitee", Bool),
            IS_DELETED,
            CREATED,
            MODIFIED,
        ],
        required: &["EventId", "RelationId"],
        searchable: &[],
        enhanced_email_only: false,
    },
    Object {
        name: "EmailMessage",
        prefix: "02s",
        fields: &[
            ID,
            f("Subject", Text),
            f("HtmlBody", Text),
            f("TextBody", Text),
            f("FromAddress", Text),
            f("FromName", Text),
            f("ToAddress", Text),
            f("CcAddress", Text),
            f("BccAddress", Text),
            f("ToIds", IdList(PEOPLE)),
            f("CcIds", IdList(PEOPLE)),
            f("BccIds", IdList(PEOPLE)),
            lookup("RelatedToId", &["Account", "Opportunity"], "RelatedTo"),
            f("Incoming", Bool),
            f("MessageDate", DateTime),
            f("Status", Text),
            f("MessageIdentifier", Text),
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &[],
        searchable: &["Subject", "FromAddress", "ToAddress", "CcAddress"],
        enhanced_email_only: true,
    },
    Object {
        name: "EmailMessageRelation",
        prefix: "0EM",
        fields: &[
            ID,
            lookup("EmailMessageId", &["EmailMessage"], "EmailMessage"),
            lookup("RelationId", PEOPLE, "Relation"),
            f("RelationType", Text),
            f("RelationAddress", Text),
            IS_DELETED,
            CREATED,
            MODIFIED,
        ],
        required: &["EmailMessageId", "RelationType"],
        searchable: &[],
        enhanced_email_only: true,
    },
    Object {
        name: "Note",
        prefix: "002",
        fields: &[
            ID,
            f("Title", Text),
            f("Body", Text),
            f("IsPrivate", Bool),
            lookup("ParentId", &[], "Parent"),
            OWNER,
            IS_DELETED,
            CREATED,
            CREATED_BY,
            MODIFIED,
            MODIFIED_BY,
        ],
        required: &["ParentId", "Title"],
        searchable: &["Title", "Body"],
        enhanced_email_only: false,
    },
    // The org's configuration, one read-only row
    // (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_organization.htm).
    // `DefaultCurrencyIsoCode` is the currency of a single-currency org's amounts.
    Object {
        name: "Organization",
        prefix: "00D",
        fields: &[
            ID,
            read_only("Name", Text),
            read_only("DefaultCurrencyIsoCode", Text),
        ],
        required: &[],
        searchable: &[],
        enhanced_email_only: false,
    },
];

/// Text fields with a documented maximum length, in characters: a longer value is refused with
/// `STRING_TOO_LONG` (see `dml`). Lengths from the Salesforce Field Reference
/// (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-emailmessage.html:
/// `HtmlBody`/`TextBody` textarea 131072, `Subject` 3000, addresses 4000, `FromName` 1000) and the
/// object reference for Task and Event
/// (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm,
/// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm:
/// `Subject` 255, `Description` 32,000, `Location` 255), and Note
/// (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_note.htm:
/// `Title` 80, `Body` 32,000). Fields not listed are not length-checked.
pub(crate) const MAX_LENGTHS: &[(&str, &str, usize)] = &[
    ("EmailMessage", "Subject", 3_000),
    ("EmailMessage", "HtmlBody", 131_072),
    ("EmailMessage", "TextBody", 131_072),
    ("EmailMessage", "FromName", 1_000),
    ("EmailMessage", "ToAddress", 4_000),
    ("EmailMessage", "CcAddress", 4_000),
    ("EmailMessage", "BccAddress", 4_000),
    ("Task", "Subject", 255),
    ("Task", "Description", 32_000),
    ("Event", "Subject", 255),
    ("Event", "Description", 32_000),
    ("Event", "Location", 255),
    ("Note", "Title", 80),
    ("Note", "Body", 32_000),
];

/// The maximum length of `object.field`, when the sandbox checks one.
pub(crate) fn max_length(object: &str, field: &str) -> Option<usize> {
    MAX_LENGTHS
        .iter()
        .find(|(o, f, _)| *o == object && f.eq_ignore_ascii_case(field))
        .map(|(_, _, max)| *max)
}

/// Fields that exist only in an org with multiple currencies enabled: "The CurrencyIsoCode
/// field is available only for organizations with the multicurrency feature enabled"
/// (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm);
/// elsewhere selecting it is `INVALID_FIELD`, like any unknown column.
pub(crate) const MULTI_CURRENCY_FIELDS: &[&str] = &["CurrencyIsoCode"];

/// The sObject called `name` (any case).
pub(crate) fn object(name: &str) -> Option<&'static Object> {
    OBJECTS.iter().find(|o| o.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn prefixes_and_names_are_unique_and_fields_known() {
        let prefixes: HashSet<&str> = OBJECTS.iter().map(|o| o.prefix).collect();
        assert_eq!(prefixes.len(), OBJECTS.len());
        for object in OBJECTS {
            for name in object.required.iter().chain(object.searchable) {
                assert!(object.field(name).is_some(), "{}.{name}", object.name);
            }
            assert!(object.field("id").is_some());
        }
        assert_eq!(
            object("contact")
                .unwrap()
                .relationship("account")
                .unwrap()
                .name,
            "AccountId"
        );
    }
}
