//! The CRM demo data both CRM emulations (Dataverse and Salesforce) serve: the same companies,
//! people and deals, so one contract suite can run against both. Vendor-neutral: records have
//! stable keys; each vendor derives its own id format from the key ([`dataverse_id`],
//! [`salesforce_id`]).
//!
//! The people match the demo mailbox address for address (`graph::seed::EXTERNAL_PEOPLE`),
//! except the Wingtip Toys prospect, whom the CRM does not know. Two contacts share the
//! address `marcus.chen@fabrikam.com` (an old duplicate record), four active ones share the
//! contoso.com domain (all four speak in the renewal negotiation's transcript), and two have
//! addresses with a quote and a plus, to test escaping.

/// The CRM user who owns most records: Megan Bowen.
pub const OWNER_MEGAN: &str = "megan";
/// The other seller: Alex Wilber.
pub const OWNER_ALEX: &str = "alex";

/// A CRM user, keyed like the demo directory.
#[derive(Debug, Clone, Copy)]
pub struct SeedUser {
    /// Seed key.
    pub key: &'static str,
    /// The Entra object id this CRM user maps to (`crate::demo::USERS`).
    pub entra_id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Email.
    pub email: &'static str,
}

/// The CRM's users.
pub const USERS: [SeedUser; 2] = [
    SeedUser {
        key: OWNER_MEGAN,
        entra_id: "4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e",
        name: "Megan Bowen",
        email: "megan.bowen@northwindtraders.com",
    },
    SeedUser {
        key: OWNER_ALEX,
        entra_id: "7c2d9e3b-8f4a-4b6c-a0d1-2e3f4a5b6c7d",
        name: "Alex Wilber",
        email: "alex.wilber@northwindtraders.com",
    },
];

/// A company.
#[derive(Debug, Clone, Copy)]
pub struct SeedAccount {
    /// Seed key.
    pub key: &'static str,
    /// Name.
    pub name: &'static str,
    /// Website.
    pub website: &'static str,
    /// Main phone.
    pub phone: &'static str,
    /// Industry.
    pub industry: &'static str,
    /// Owner's seed key.
    pub owner: &'static str,
    /// Active (false: deactivated account).
    pub active: bool,
    /// City of the main address (Dataverse `address1_city`, Salesforce `BillingCity`).
    pub city: Option<&'static str>,
    /// Number of employees (`numberofemployees`, `NumberOfEmployees`).
    pub employees: Option<u32>,
    /// Annual revenue, USD (`revenue`, `AnnualRevenue`).
    pub revenue: Option<f64>,
}

/// A person at a company.
#[derive(Debug, Clone, Copy)]
pub struct SeedContact {
    /// Seed key.
    pub key: &'static str,
    /// First name.
    pub first_name: &'static str,
    /// Last name.
    pub last_name: &'static str,
    /// Email.
    pub email: &'static str,
    /// Job title.
    pub job_title: &'static str,
    /// Business phone.
    pub phone: &'static str,
    /// Account seed key.
    pub account: &'static str,
    /// Owner's seed key.
    pub owner: &'static str,
    /// Active (false: deactivated contact).
    pub active: bool,
    /// Department (Dataverse `department`, Salesforce `Department`).
    pub department: Option<&'static str>,
    /// Mobile phone (`mobilephone`, `MobilePhone`).
    pub mobile: Option<&'static str>,
}

/// A deal.
#[derive(Debug, Clone, Copy)]
pub struct SeedOpportunity {
    /// Seed key.
    pub key: &'static str,
    /// Name.
    pub name: &'static str,
    /// Account seed key.
    pub account: &'static str,
    /// Stage label.
    pub stage: &'static str,
    /// Estimated amount, USD.
    pub amount: f64,
    /// Estimated (or actual) close date.
    pub close_date: &'static str,
    /// Open, or closed (won or lost).
    pub open: bool,
    /// Owner's seed key.
    pub owner: &'static str,
    /// Last activity date.
    pub last_activity: &'static str,
    /// Probability of winning, percent (Dataverse `closeprobability`, Salesforce `Probability`).
    pub probability: u8,
}

/// A note on a record.
#[derive(Debug, Clone, Copy)]
pub struct SeedNote {
    /// Seed key.
    pub key: &'static str,
    /// Opportunity seed key it is attached to.
    pub opportunity: &'static str,
    /// Title.
    pub title: &'static str,
    /// Text.
    pub text: &'static str,
    /// Created on.
    pub created_on: &'static str,
}

const fn account(
    key: &'static str,
    name: &'static str,
    website: &'static str,
    phone: &'static str,
    industry: &'static str,
    owner: &'static str,
) -> SeedAccount {
    SeedAccount {
        key,
        name,
        website,
        phone,
        industry,
        owner,
        active: true,
        city: None,
        employees: None,
        revenue: None,
    }
}

/// The companies.
pub const ACCOUNTS: &[SeedAccount] = &[
    SeedAccount {
        city: Some("Seattle"),
        employees: Some(1_200),
        revenue: Some(250_000_000.0),
        ..account(
            "contoso",
            "Contoso Ltd",
            "https://www.contoso.com",
            "+1 206 555 0100",
            "Retail",
            OWNER_MEGAN,
        )
    },
    SeedAccount {
        city: Some("Chicago"),
        employees: Some(5_400),
        revenue: Some(1_200_000_000.0),
        ..account(
            "fabrikam",
            "Fabrikam Inc",
            "https://www.fabrikam.com",
            "+1 312 555 0100",
            "Manufacturing",
            OWNER_MEGAN,
        )
    },
    SeedAccount {
        city: Some("Portland"),
        employees: Some(850),
        revenue: Some(95_000_000.0),
        ..account(
            "adventure-works",
            "Adventure Works",
            "https://www.adventure-works.com",
            "+1 503 555 0100",
            "Retail",
            OWNER_MEGAN,
        )
    },
    SeedAccount {
        city: Some("New York"),
        employees: Some(9_800),
        revenue: None,
        ..account(
            "woodgrove",
            "Woodgrove Bank",
            "https://www.woodgrovebank.com",
            "+1 212 555 0100",
            "Financial Services",
            OWNER_ALEX,
        )
    },
    SeedAccount {
        city: Some("Boston"),
        employees: Some(320),
        revenue: Some(48_000_000.0),
        ..account(
            "litware",
            "Litware Inc",
            "https://www.litware.com",
            "+1 617 555 0100",
            "Technology",
            OWNER_MEGAN,
        )
    },
    SeedAccount {
        city: Some("Vail"),
        employees: None,
        revenue: None,
        ..account(
            "alpine",
            "Alpine Ski House",
            "https://www.alpineskihouse.com",
            "+1 970 555 0100",
            "Hospitality",
            OWNER_ALEX,
        )
    },
    SeedAccount {
        key: "northwind-old",
        name: "Tailwind Traders (inactive)",
        website: "https://www.tailwindtraders.com",
        phone: "+1 425 555 0100",
        industry: "Retail",
        owner: OWNER_MEGAN,
        active: false,
        city: None,
        employees: None,
        revenue: None,
    },
];

#[allow(clippy::too_many_arguments, reason = "a table row, read in one line")]
const fn contact(
    key: &'static str,
    first_name: &'static str,
    last_name: &'static str,
    email: &'static str,
    job_title: &'static str,
    phone: &'static str,
    account: &'static str,
    owner: &'static str,
) -> SeedContact {
    SeedContact {
        key,
        first_name,
        last_name,
        email,
        job_title,
        phone,
        account,
        owner,
        active: true,
        department: None,
        mobile: None,
    }
}

/// The people. The first block matches the demo mailbox; the rest fill the accounts (and make
/// the contact list long enough to page through).
pub const CONTACTS: &[SeedContact] = &[
    SeedContact {
        department: Some("Procurement"),
        mobile: Some("+1 206 555 0143"),
        ..contact(
            "priya",
            "Priya",
            "Raman",
            "priya.raman@contoso.com",
            "VP of Operations",
            "+1 206 555 0142",
            "contoso",
            OWNER_MEGAN,
        )
    },
    SeedContact {
        department: Some("IT"),
        mobile: None,
        ..contact(
            "daniel",
            "Daniel",
            "Brooks",
            "daniel.brooks@contoso.com",
            "IT Procurement Manager",
            "+1 206 555 0187",
            "contoso",
            OWNER_MEGAN,
        )
    },
    SeedContact {
        department: Some("Information Security"),
        mobile: Some("+1 312 555 0164"),
        ..contact(
            "marcus",
            "Marcus",
            "Chen",
            "marcus.chen@fabrikam.com",
            "Director of IT Security",
            "+1 312 555 0163",
            "fabrikam",
            OWNER_MEGAN,
        )
    },
    // The same address on a second record: an old duplicate from a trade-show import.
    contact(
        "marcus-duplicate",
        "Marcus",
        "Chen",
        "marcus.chen@fabrikam.com",
        "IT Manager",
        "+1 312 555 0100",
        "fabrikam",
        OWNER_ALEX,
    ),
    SeedContact {
        department: Some("E-commerce"),
        mobile: None,
        ..contact(
            "sofia",
            "Sofia",
            "Alvarez",
            "sofia.alvarez@adventure-works.com",
            "Head of E-commerce Operations",
            "+1 503 555 0129",
            "adventure-works",
            OWNER_MEGAN,
        )
    },
    contact(
        "ethan",
        "Ethan",
        "Novak",
        "ethan.novak@woodgrovebank.com",
        "Vendor Management Lead",
        "+1 212 555 0175",
        "woodgrove",
        OWNER_ALEX,
    ),
    SeedContact {
        department: Some("Technology"),
        mobile: Some("+1 617 555 0159"),
        ..contact(
            "hannah",
            "Hannah",
            "Schmidt",
            "hannah.schmidt@litware.com",
            "Chief Technology Officer",
            "+1 617 555 0158",
            "litware",
            OWNER_MEGAN,
        )
    },
    contact(
        "luca",
        "Luca",
        "Moretti",
        "luca.moretti@alpineskihouse.com",
        "General Manager",
        "+1 970 555 0134",
        "alpine",
        OWNER_ALEX,
    ),
    // Escaping cases: a quote and a plus in the address.
    contact(
        "sean",
        "Sean",
        "O'Brien",
        "sean.o'brien@fabrikam.com",
        "Plant Manager",
        "+1 312 555 0171",
        "fabrikam",
        OWNER_MEGAN,
    ),
    contact(
        "ravi",
        "Ravi",
        "Patel",
        "ravi+procurement@woodgrovebank.com",
        "Procurement Analyst",
        "+1 212 555 0133",
        "woodgrove",
        OWNER_ALEX,
    ),
    SeedContact {
        department: Some("Finance"),
        mobile: None,
        ..contact(
            "amelia",
            "Amelia",
            "Scott",
            "amelia.scott@contoso.com",
            "CFO",
            "+1 206 555 0101",
            "contoso",
            OWNER_MEGAN,
        )
    },
    SeedContact {
        department: Some("Procurement"),
        mobile: None,
        ..contact(
            "jonas",
            "Jonas",
            "Berg",
            "jonas.berg@fabrikam.com",
            "Procurement Director",
            "+1 312 555 0122",
            "fabrikam",
            OWNER_MEGAN,
        )
    },
    contact(
        "mei",
        "Mei",
        "Tanaka",
        "mei.tanaka@adventure-works.com",
        "Logistics Manager",
        "+1 503 555 0166",
        "adventure-works",
        OWNER_MEGAN,
    ),
    contact(
        "grace",
        "Grace",
        "Okafor",
        "grace.okafor@woodgrovebank.com",
        "Chief Information Officer",
        "+1 212 555 0110",
        "woodgrove",
        OWNER_ALEX,
    ),
    contact(
        "tom",
        "Tom",
        "Keller",
        "tom.keller@litware.com",
        "Solutions Architect",
        "+1 617 555 0177",
        "litware",
        OWNER_MEGAN,
    ),
    contact(
        "isabel",
        "Isabel",
        "Rossi",
        "isabel.rossi@alpineskihouse.com",
        "Finance Manager",
        "+1 970 555 0148",
        "alpine",
        OWNER_ALEX,
    ),
    contact(
        "omar",
        "Omar",
        "Haddad",
        "omar.haddad@contoso.com",
        "Warehouse Lead",
        "+1 206 555 0155",
        "contoso",
        OWNER_MEGAN,
    ),
    contact(
        "lena",
        "Lena",
        "Vogel",
        "lena.vogel@fabrikam.com",
        "Compliance Officer",
        "+1 312 555 0190",
        "fabrikam",
        OWNER_MEGAN,
    ),
    contact(
        "carlos",
        "Carlos",
        "Mendes",
        "carlos.mendes@adventure-works.com",
        "Store Operations",
        "+1 503 555 0111",
        "adventure-works",
        OWNER_MEGAN,
    ),
    contact(
        "yuki",
        "Yuki",
        "Sato",
        "yuki.sato@litware.com",
        "Product Manager",
        "+1 617 555 0104",
        "litware",
        OWNER_MEGAN,
    ),
    contact(
        "ben",
        "Ben",
        "Walker",
        "ben.walker@woodgrovebank.com",
        "Security Architect",
        "+1 212 555 0144",
        "woodgrove",
        OWNER_ALEX,
    ),
    SeedContact {
        key: "former",
        first_name: "Robin",
        last_name: "Hale",
        email: "robin.hale@contoso.com",
        job_title: "Former Buyer",
        phone: "+1 206 555 0199",
        account: "contoso",
        owner: OWNER_MEGAN,
        active: false,
        department: Some("Procurement"),
        mobile: None,
    },
];

#[allow(clippy::too_many_arguments, reason = "a table row, read in one line")]
const fn opportunity(
    key: &'static str,
    name: &'static str,
    account: &'static str,
    stage: &'static str,
    amount: f64,
    close_date: &'static str,
    open: bool,
    owner: &'static str,
    last_activity: &'static str,
    probability: u8,
) -> SeedOpportunity {
    SeedOpportunity {
        key,
        name,
        account,
        stage,
        amount,
        close_date,
        open,
        owner,
        last_activity,
        probability,
    }
}

/// The deals: open ones the pane shows, closed ones it must not.
pub const OPPORTUNITIES: &[SeedOpportunity] = &[
    opportunity(
        "contoso-fulfillment",
        "Contoso – Fulfillment Cloud rollout",
        "contoso",
        "Propose",
        48_000.0,
        "2026-12-15",
        true,
        OWNER_MEGAN,
        "2026-11-27",
        60,
    ),
    opportunity(
        "contoso-edi",
        "Contoso – EDI integration add-on",
        "contoso",
        "Qualify",
        12_000.0,
        "2027-02-28",
        true,
        OWNER_MEGAN,
        "2026-11-18",
        20,
    ),
    opportunity(
        "contoso-2025",
        "Contoso – 2025 pilot",
        "contoso",
        "Closed Won",
        35_000.0,
        "2025-11-30",
        false,
        OWNER_MEGAN,
        "2025-11-30",
        100,
    ),
    opportunity(
        "fabrikam-security",
        "Fabrikam – 400-seat rollout",
        "fabrikam",
        "Develop",
        100_000.0,
        "2027-01-31",
        true,
        OWNER_MEGAN,
        "2026-11-25",
        40,
    ),
    opportunity(
        "adventure-renewal",
        "Adventure Works – 2027 renewal",
        "adventure-works",
        "Propose",
        61_600.0,
        "2026-12-20",
        true,
        OWNER_MEGAN,
        "2026-11-24",
        70,
    ),
    opportunity(
        "woodgrove-rfp",
        "Woodgrove Bank – vendor RFP",
        "woodgrove",
        "Qualify",
        150_000.0,
        "2027-03-31",
        true,
        OWNER_ALEX,
        "2026-11-20",
        10,
    ),
    opportunity(
        "litware-pilot",
        "Litware – pilot to production",
        "litware",
        "Develop",
        64_000.0,
        "2027-01-15",
        true,
        OWNER_MEGAN,
        "2026-11-26",
        50,
    ),
    opportunity(
        "alpine-2026",
        "Alpine Ski House – winter season",
        "alpine",
        "Closed Lost",
        30_000.0,
        "2026-10-01",
        false,
        OWNER_ALEX,
        "2026-10-01",
        0,
    ),
];

/// Notes on deals.
pub const NOTES: &[SeedNote] = &[
    SeedNote {
        key: "contoso-cfo",
        opportunity: "contoso-fulfillment",
        title: "CFO approval",
        text: "Amelia Scott (CFO) must sign off on anything above $45,000. Budget cap is $50,000.",
        created_on: "2026-11-20",
    },
    SeedNote {
        key: "contoso-globex",
        opportunity: "contoso-fulfillment",
        title: "Competition",
        text: "Globex bid $44,000 with fewer integrations. Priya prefers our EDI story.",
        created_on: "2026-11-24",
    },
    SeedNote {
        key: "fabrikam-residency",
        opportunity: "fabrikam-security",
        title: "Security review",
        text: "EU data residency is a must-have; SIEM export requested by Marcus.",
        created_on: "2026-11-22",
    },
];

/// A meeting held about a deal (Dataverse `appointment`, Salesforce `Event`), with the
/// seller's notes in its description: the activities an opportunity's timeline shows.
#[derive(Debug, Clone, Copy)]
pub struct SeedMeeting {
    /// Seed key.
    pub key: &'static str,
    /// Opportunity seed key it is about.
    pub opportunity: &'static str,
    /// Subject.
    pub subject: &'static str,
    /// The seller's notes.
    pub description: &'static str,
    /// Start, `YYYY-MM-DDTHH:MM:SSZ` (UTC); every seeded meeting lasts an hour.
    pub start: &'static str,
    /// End, `YYYY-MM-DDTHH:MM:SSZ`.
    pub end: &'static str,
    /// Owner's seed key.
    pub owner: &'static str,
}

/// Meetings on deals, newer than some notes and older than others, so a timeline interleaves.
pub const MEETINGS: &[SeedMeeting] = &[
    SeedMeeting {
        key: "contoso-pricing-call",
        opportunity: "contoso-fulfillment",
        subject: "Pricing call with Priya Raman",
        // The year is written out: a due date without one is read relative to the day the
        // pane opens, which would move this demo's task to next year once December 5 passed.
        description: "Priya wants the revised quote with the EDI bundle by December 5, 2026 so \
            Amelia can approve it before the budget freeze. Procurement still lists Globex as \
            the fallback vendor.",
        start: "2026-11-26T15:00:00Z",
        end: "2026-11-26T16:00:00Z",
        owner: OWNER_MEGAN,
    },
    SeedMeeting {
        key: "contoso-discovery",
        opportunity: "contoso-fulfillment",
        subject: "Discovery workshop",
        description: "Three warehouses go live in phase one. Integration with their SAP \
            system is the main technical risk.",
        start: "2026-11-10T14:00:00Z",
        end: "2026-11-10T15:00:00Z",
        owner: OWNER_MEGAN,
    },
    SeedMeeting {
        key: "fabrikam-security-review",
        opportunity: "fabrikam-security",
        subject: "Security review prep with Marcus Chen",
        description: "Marcus needs our SOC 2 report and the data residency statement before \
            the security review on December 8.",
        start: "2026-11-23T10:00:00Z",
        end: "2026-11-23T11:00:00Z",
        owner: OWNER_MEGAN,
    },
];

/// A deterministic Dataverse GUID for a seed key (stable across runs, unique per key).
pub fn dataverse_id(kind: &str, key: &str) -> String {
    let hash = fnv(&format!("{kind}/{key}"));
    let hash2 = fnv(&format!("{key}/{kind}"));
    let hex = format!("{hash:016x}{hash2:016x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// A deterministic 18-character Salesforce id for a seed key, with the object's key prefix
/// (`001` Account, `003` Contact, `006` Opportunity, `005` User, `00T` Task, `00U` Event,
/// `02s` EmailMessage, `069` ContentDocument).
pub fn salesforce_id(prefix: &str, key: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut hash = fnv(key);
    let mut id = String::from(prefix);
    id.push_str("5g");
    while id.len() < 18 {
        id.push(ALPHABET[(hash % ALPHABET.len() as u64) as usize] as char);
        hash = (hash / ALPHABET.len() as u64) ^ fnv(&id);
    }
    id
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_stable_unique_and_well_formed() {
        let keys: Vec<&str> = CONTACTS.iter().map(|c| c.key).collect();
        let dataverse: HashSet<String> = keys.iter().map(|k| dataverse_id("contact", k)).collect();
        let salesforce: HashSet<String> = keys.iter().map(|k| salesforce_id("003", k)).collect();
        assert_eq!(dataverse.len(), keys.len());
        assert_eq!(salesforce.len(), keys.len());
        assert_eq!(
            dataverse_id("contact", "priya"),
            dataverse_id("contact", "priya")
        );
        assert!(
            salesforce
                .iter()
                .all(|id| id.len() == 18 && id.starts_with("003"))
        );
        assert!(dataverse.iter().all(|id| id.len() == 36));
    }

    #[test]
    fn every_reference_points_at_a_seeded_record() {
        let accounts: HashSet<&str> = ACCOUNTS.iter().map(|a| a.key).collect();
        assert!(CONTACTS.iter().all(|c| accounts.contains(c.account)));
        assert!(OPPORTUNITIES.iter().all(|o| accounts.contains(o.account)));
        let opportunities: HashSet<&str> = OPPORTUNITIES.iter().map(|o| o.key).collect();
        assert!(NOTES.iter().all(|n| opportunities.contains(n.opportunity)));
        assert!(
            MEETINGS
                .iter()
                .all(|m| opportunities.contains(m.opportunity))
        );
    }

    #[test]
    fn the_mailboxs_customers_are_in_the_crm_except_the_prospect() {
        let emails: HashSet<&str> = CONTACTS.iter().map(|c| c.email).collect();
        for external in crate::graph::seed::EXTERNAL_PEOPLE {
            if external.seller_tenant_id == crate::demo::NORTHWIND.id {
                assert_eq!(
                    emails.contains(external.person.email),
                    external.in_crm,
                    "{}",
                    external.person.email
                );
            }
        }
        let duplicates = CONTACTS
            .iter()
            .filter(|c| c.email == "marcus.chen@fabrikam.com")
            .count();
        assert_eq!(duplicates, 2);
    }
}
