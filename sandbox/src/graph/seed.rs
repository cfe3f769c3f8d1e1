//! The demo mail, calendars and Teams meetings the sandbox's Graph serves: plain Rust data,
//! immutable per run, keyed by the mailbox owner's user id ([`crate::demo::USERS`]).
//!
//! Megan Bowen (Northwind Traders, the seller) has about a dozen B2B threads with six customer
//! companies, one 23-message negotiation, an unknown prospect, internal threads, a calendar and
//! five transcribed Teams meetings (one an hour long with eight speakers, one with a spoken
//! prompt injection); Alex Wilber (Northwind) and Diego Siciliani (Tailspin
//! Toys) have small mailboxes so isolation between mailboxes and tenants can be tested.
//! [`EXTERNAL_PEOPLE`] lists every customer-side person exactly as mail shows them, so the CRM
//! seed can match them address for address.
//!
//! Owns no behaviour: bodies, ids and JSON shapes are rendered by the Graph routes.

mod calendar;
mod contoso;
pub mod injection;
mod megan;
mod others;
mod transcripts;
mod types;

use crate::demo::{self, DemoUser, NORTHWIND, TAILSPIN};

pub use calendar::{
    CONTOSO_RENEWAL_CHAT, CONTOSO_RENEWAL_SUBJECT, CONTOSO_WEEKLY_SYNC_CHAT,
    CONTOSO_WEEKLY_SYNC_SUBJECT, MEETINGS,
};
pub use types::{
    Event, Format, Hours, Invitee, Mail, Mailbox, Meeting, Quote, Thread, TranscriptSeed, Weekly,
};

/// Someone who writes or receives demo mail. Internal people carry their own company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// Display name as mail shows it.
    pub name: &'static str,
    /// SMTP address, lowercase.
    pub email: &'static str,
    /// Company name as the signature writes it.
    pub company: &'static str,
    /// Job title as the signature writes it.
    pub title: &'static str,
    /// Phone as the signature writes it.
    pub phone: &'static str,
}

impl Person {
    /// The domain of the address.
    pub fn domain(&self) -> &'static str {
        self.email.split_once('@').map_or("", |(_, domain)| domain)
    }
}

/// A customer-side person: who sells to them, and whether the seller's CRM knows them.
#[allow(
    dead_code,
    reason = "read by the CRM seed and by tests; the Graph routes only need the person"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalPerson {
    /// Name, address, company, title, phone: exactly as the demo mail shows them.
    pub person: Person,
    /// The tenant whose sellers mail this person (its CRM holds the contact).
    pub seller_tenant_id: &'static str,
    /// `false` for the prospect the CRM must not know ("Add contact" in the pane).
    pub in_crm: bool,
}

// Northwind Traders (internal).
const fn demo_person(user: &DemoUser, company: &'static str, phone: &'static str) -> Person {
    Person {
        name: user.name,
        email: user.email,
        company,
        title: user.job_title,
        phone,
    }
}
pub(crate) const MEGAN: Person = demo_person(&demo::USERS[0], NORTHWIND.name, "+1 425 555 0100");
pub(crate) const ALEX: Person = demo_person(&demo::USERS[1], NORTHWIND.name, "+1 425 555 0101");
pub(crate) const DIEGO: Person = demo_person(&demo::USERS[2], TAILSPIN.name, "+1 646 555 0120");
pub(crate) const LEE: Person = Person {
    name: "Lee Gu",
    email: "lee.gu@northwindtraders.com",
    company: NORTHWIND.name,
    title: "Solutions Engineer",
    phone: "+1 425 555 0107",
};
pub(crate) const ISAIAH: Person = Person {
    name: "Isaiah Langer",
    email: "isaiah.langer@northwindtraders.com",
    company: NORTHWIND.name,
    title: "Customer Success Manager",
    phone: "+1 425 555 0115",
};
pub(crate) const PATTI: Person = Person {
    name: "Patti Fernandez",
    email: "patti.fernandez@northwindtraders.com",
    company: NORTHWIND.name,
    title: "Deal Desk Manager",
    phone: "+1 425 555 0112",
};

// Northwind's customers.
pub(crate) const PRIYA: Person = Person {
    name: "Priya Raman",
    email: "priya.raman@contoso.com",
    company: "Contoso Ltd",
    title: "VP of Operations",
    phone: "+1 206 555 0142",
};
pub(crate) const DANIEL: Person = Person {
    name: "Daniel Brooks",
    email: "daniel.brooks@contoso.com",
    company: "Contoso Ltd",
    title: "IT Procurement Manager",
    phone: "+1 206 555 0187",
};
pub(crate) const AMELIA: Person = Person {
    name: "Amelia Scott",
    email: "amelia.scott@contoso.com",
    company: "Contoso Ltd",
    title: "CFO",
    phone: "+1 206 555 0101",
};
pub(crate) const OMAR: Person = Person {
    name: "Omar Haddad",
    email: "omar.haddad@contoso.com",
    company: "Contoso Ltd",
    title: "Warehouse Lead",
    phone: "+1 206 555 0155",
};
pub(crate) const MARCUS: Person = Person {
    name: "Marcus Chen",
    email: "marcus.chen@fabrikam.com",
    company: "Fabrikam Inc",
    title: "Director of IT Security",
    phone: "+1 312 555 0163",
};
pub(crate) const SOFIA: Person = Person {
    name: "Sofia Alvarez",
    email: "sofia.alvarez@adventure-works.com",
    company: "Adventure Works",
    title: "Head of E-commerce Operations",
    phone: "+1 503 555 0129",
};
pub(crate) const ETHAN: Person = Person {
    name: "Ethan Novak",
    email: "ethan.novak@woodgrovebank.com",
    company: "Woodgrove Bank",
    title: "Vendor Management Lead",
    phone: "+1 212 555 0175",
};
pub(crate) const HANNAH: Person = Person {
    name: "Hannah Schmidt",
    email: "hannah.schmidt@litware.com",
    company: "Litware Inc",
    title: "Chief Technology Officer",
    phone: "+1 617 555 0158",
};
pub(crate) const LUCA: Person = Person {
    name: "Luca Moretti",
    email: "luca.moretti@alpineskihouse.com",
    company: "Alpine Ski House",
    title: "General Manager",
    phone: "+1 970 555 0134",
};
/// The prospect no CRM knows: found Northwind through a webinar.
pub(crate) const NOAH: Person = Person {
    name: "Noah Fischer",
    email: "noah@wingtiptoys.com",
    company: "Wingtip Toys",
    title: "Owner",
    phone: "+1 415 555 0196",
};

// Tailspin Toys' customers.
pub(crate) const OLIVIA: Person = Person {
    name: "Olivia Grant",
    email: "olivia.grant@relecloud.com",
    company: "Relecloud",
    title: "Purchasing Director",
    phone: "+44 20 7946 0321",
};
pub(crate) const KENJI: Person = Person {
    name: "Kenji Watanabe",
    email: "kenji.watanabe@proseware.com",
    company: "Proseware Inc",
    title: "Category Manager",
    phone: "+81 3 5555 0142",
};

#[allow(dead_code, reason = "builds EXTERNAL_PEOPLE, read by the CRM seed")]
const fn customer(person: Person, seller_tenant_id: &'static str) -> ExternalPerson {
    ExternalPerson {
        person,
        seller_tenant_id,
        in_crm: true,
    }
}

/// Every customer-side person in the demo mail, calendars and transcripts. Priya Raman, Daniel
/// Brooks, Amelia Scott and Omar Haddad share `contoso.com` (the last two only meet Megan in the
/// renewal negotiation); Noah Fischer (`wingtiptoys.com`) is the sender no CRM
/// knows (`in_crm: false`).
#[allow(
    dead_code,
    reason = "the CRM seed matches its contacts against this list"
)]
pub const EXTERNAL_PEOPLE: &[ExternalPerson] = &[
    customer(PRIYA, NORTHWIND.id),
    customer(DANIEL, NORTHWIND.id),
    customer(AMELIA, NORTHWIND.id),
    customer(OMAR, NORTHWIND.id),
    customer(MARCUS, NORTHWIND.id),
    customer(SOFIA, NORTHWIND.id),
    customer(ETHAN, NORTHWIND.id),
    customer(HANNAH, NORTHWIND.id),
    customer(LUCA, NORTHWIND.id),
    ExternalPerson {
        person: NOAH,
        seller_tenant_id: NORTHWIND.id,
        in_crm: false,
    },
    customer(OLIVIA, TAILSPIN.id),
    customer(KENJI, TAILSPIN.id),
];

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday"];
const NINE_TO_FIVE_PACIFIC: Hours = Hours {
    days: WEEKDAYS,
    start: "08:00:00.0000000",
    end: "17:00:00.0000000",
    custom_zone_bias: None,
};

/// The three demo mailboxes, one per demo user.
pub const MAILBOXES: [Mailbox; 3] = [
    Mailbox {
        owner: &demo::USERS[0],
        person: &MEGAN,
        id_prefix: "AAMkADQ1Yjg",
        time_zone: "Pacific Standard Time",
        hours: NINE_TO_FIVE_PACIFIC,
        threads: megan::THREADS,
        events: calendar::MEGAN_EVENTS,
    },
    Mailbox {
        owner: &demo::USERS[1],
        person: &ALEX,
        id_prefix: "AAMkAGE3YzJ",
        time_zone: "Pacific Standard Time",
        hours: NINE_TO_FIVE_PACIFIC,
        threads: others::ALEX_THREADS,
        events: calendar::ALEX_EVENTS,
    },
    Mailbox {
        owner: &demo::USERS[2],
        person: &DIEGO,
        id_prefix: "AAMkADFlNWY",
        time_zone: "Eastern Standard Time",
        hours: Hours {
            days: WEEKDAYS,
            start: "09:00:00.0000000",
            end: "18:00:00.0000000",
            // Diego set his hours in a custom zone (UTC-5 with US daylight saving), so Graph
            // answers the zone's rules, not a name. 300 follows the documented examples (480
            // for Pacific: minutes west of UTC); the customTimeZone page words the sign the
            // other way, one more reason the connector does not interpret `bias`.
            custom_zone_bias: Some(300),
        },
        threads: others::DIEGO_THREADS,
        events: calendar::DIEGO_EVENTS,
    },
];

/// The mailbox of the user with object id `owner_id`.
pub fn mailbox(owner_id: &str) -> Option<&'static Mailbox> {
    MAILBOXES
        .iter()
        .find(|mailbox| mailbox.owner.id == owner_id)
}

/// The mailbox whose owner has this address (case-insensitive).
pub fn mailbox_by_address(address: &str) -> Option<&'static Mailbox> {
    MAILBOXES
        .iter()
        .find(|mailbox| mailbox.owner.email.eq_ignore_ascii_case(address))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_external_participant_is_in_the_people_list() {
        let listed: HashSet<&str> = EXTERNAL_PEOPLE.iter().map(|p| p.person.email).collect();
        for mailbox in &MAILBOXES {
            let tenant = demo::tenant(mailbox.owner.tenant_id).unwrap();
            for thread in mailbox.threads {
                for mail in thread.mails {
                    let everyone = [mail.from]
                        .into_iter()
                        .chain(mail.to.iter().copied())
                        .chain(mail.cc.iter().copied());
                    for person in everyone {
                        let internal = tenant.domains.contains(&person.domain());
                        assert!(
                            internal || listed.contains(person.email),
                            "{}",
                            person.email
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn only_contoso_people_share_a_domain_and_one_prospect_is_unknown() {
        let mut by_domain: Vec<&str> = EXTERNAL_PEOPLE.iter().map(|p| p.person.domain()).collect();
        by_domain.sort_unstable();
        let mut shared: Vec<&str> = by_domain
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        shared.dedup();
        assert_eq!(shared, ["contoso.com"]);
        assert_eq!(by_domain.iter().filter(|d| **d == "contoso.com").count(), 4);
        let unknown: Vec<&str> = EXTERNAL_PEOPLE
            .iter()
            .filter(|p| !p.in_crm)
            .map(|p| p.person.email)
            .collect();
        assert_eq!(unknown, ["noah@wingtiptoys.com"]);
    }

    #[test]
    fn megan_has_a_dozen_threads_one_of_them_over_twenty_messages() {
        let megan = mailbox(demo::USERS[0].id).unwrap();
        assert!((10..=14).contains(&megan.threads.len()));
        let long: Vec<&str> = megan
            .threads
            .iter()
            .filter(|t| t.mails.len() > 20)
            .map(|t| t.subject)
            .collect();
        assert_eq!(long.len(), 1, "{long:?}");
    }

    #[test]
    fn thread_messages_are_in_send_order_and_tags_are_unique() {
        for mailbox in &MAILBOXES {
            let mut tags = HashSet::new();
            for thread in mailbox.threads {
                assert!(tags.insert(thread.tag), "{}", thread.tag);
                assert!(
                    thread.mails.windows(2).all(|w| w[0].sent < w[1].sent),
                    "{}",
                    thread.subject
                );
                assert_eq!(thread.mails[0].quote, Quote::Nothing, "{}", thread.subject);
            }
            for event in mailbox.events {
                assert!(tags.insert(event.tag), "{}", event.tag);
                assert!(event.start < event.end, "{}", event.subject);
            }
        }
    }

    #[test]
    fn the_sales_facts_the_pane_looks_for_are_in_the_mail() {
        let megan = mailbox(demo::USERS[0].id).unwrap();
        let all: String = megan
            .threads
            .iter()
            .flat_map(|t| t.mails)
            .map(|m| m.text.to_lowercase())
            .collect();
        for needle in [
            "globex",
            "$48,000",
            "budget",
            "february 1",
            "next steps",
            "concern",
        ] {
            assert!(all.contains(needle), "{needle}");
        }
    }
}
