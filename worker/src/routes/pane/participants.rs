//! Who is on an email, as the pane looks them up: every address of from, to and cc, lowercased
//! and deduplicated (first role wins), split into external participants (looked up in the CRM)
//! and internal ones (the tenant's verified domains, only counted). Also groups a lookup's
//! contacts by address. Pure: no CRM, no Graph.

use crate::crm::Contact;
use closer_wire::MailAddress;
use std::collections::BTreeMap;

/// One external participant, as the email names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The address, trimmed and lowercased.
    pub address: String,
    /// The display name, when the email carries a real one.
    pub name: Option<String>,
    /// `from`, `to` or `cc`.
    pub role: &'static str,
}

/// An email's participants, split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// External participants in email order, each address once.
    pub external: Vec<Entry>,
    /// How many distinct internal addresses were left out.
    pub internal_count: u32,
}

impl Split {
    /// The external addresses, for the one CRM lookup.
    pub fn addresses(&self) -> Vec<String> {
        self.external
            .iter()
            .map(|entry| entry.address.clone())
            .collect()
    }

    /// The sender, when external.
    pub fn sender(&self) -> Option<&Entry> {
        self.external.iter().find(|entry| entry.role == "from")
    }
}

/// The domain of a well-formed address (`local@domain`, both non-empty), lowercased input.
pub fn domain_of(address: &str) -> Option<&str> {
    let (local, domain) = address.rsplit_once('@')?;
    (!local.is_empty() && !domain.is_empty() && !domain.contains('@')).then_some(domain)
}

/// Whether `address` belongs to the tenant: its domain is a verified domain or a subdomain of
/// one (`mail.northwindtraders.com`).
pub fn is_internal(address: &str, internal_domains: &[String]) -> bool {
    let Some(domain) = domain_of(address) else {
        return false;
    };
    internal_domains.iter().any(|internal| {
        domain == internal
            || domain
                .strip_suffix(internal.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// A display name worth showing: not empty, not the address again.
pub fn display_name(name: Option<&str>, address: &str) -> Option<String> {
    let name = name?.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    (!name.is_empty() && !name.eq_ignore_ascii_case(address)).then(|| name.to_owned())
}

/// Splits the email's people into external participants and a count of internal ones.
pub fn split(
    from: Option<&MailAddress>,
    to: &[MailAddress],
    cc: &[MailAddress],
    internal_domains: &[String],
) -> Split {
    let everyone = from
        .into_iter()
        .map(|a| ("from", a))
        .chain(to.iter().map(|a| ("to", a)))
        .chain(cc.iter().map(|a| ("cc", a)));
    let mut split = Split::default();
    let mut internal: Vec<String> = Vec::new();
    for (role, person) in everyone {
        let address = person.address.trim().to_ascii_lowercase();
        if domain_of(&address).is_none() {
            continue;
        }
        if is_internal(&address, internal_domains) {
            if !internal.contains(&address) {
                internal.push(address);
            }
            continue;
        }
        if split.external.iter().any(|entry| entry.address == address) {
            continue;
        }
        split.external.push(Entry {
            name: display_name(person.name.as_deref(), &address),
            address,
            role,
        });
    }
    split.internal_count = u32::try_from(internal.len()).unwrap_or(u32::MAX);
    split
}

/// The lookup's contacts by lowercased email, each list in the CRM's order.
pub fn by_address(contacts: Vec<Contact>) -> BTreeMap<String, Vec<Contact>> {
    let mut grouped: BTreeMap<String, Vec<Contact>> = BTreeMap::new();
    for contact in contacts {
        if let Some(email) = &contact.email {
            grouped
                .entry(email.trim().to_ascii_lowercase())
                .or_default()
                .push(contact);
        }
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn person(name: Option<&str>, address: &str) -> MailAddress {
        MailAddress {
            name: name.map(Into::into),
            address: address.into(),
        }
    }

    fn domains() -> Vec<String> {
        vec!["northwindtraders.com".into()]
    }

    #[rstest]
    #[case("megan.bowen@northwindtraders.com", true)]
    #[case("it@mail.northwindtraders.com", true)]
    #[case("someone@notnorthwindtraders.com", false)]
    #[case("priya.raman@contoso.com", false)]
    #[case("no-at-sign", false)]
    fn internal_means_a_verified_domain_or_its_subdomain(
        #[case] address: &str,
        #[case] internal: bool,
    ) {
        assert_eq!(is_internal(address, &domains()), internal);
    }

    #[test]
    fn participants_are_lowercased_deduplicated_and_internal_ones_only_counted() {
        let split = split(
            Some(&person(Some("Priya Raman"), "Priya.Raman@Contoso.com")),
            &[
                person(Some("Megan Bowen"), "megan.bowen@northwindtraders.com"),
                person(None, "daniel.brooks@contoso.com"),
            ],
            &[
                person(Some("Priya"), "priya.raman@contoso.com"),
                person(Some("Lee Gu"), "lee.gu@northwindtraders.com"),
                person(Some("Megan"), "MEGAN.BOWEN@northwindtraders.com"),
                person(Some("broken"), "not-an-address"),
            ],
            &domains(),
        );
        assert_eq!(
            split.external,
            [
                Entry {
                    address: "priya.raman@contoso.com".into(),
                    name: Some("Priya Raman".into()),
                    role: "from",
                },
                Entry {
                    address: "daniel.brooks@contoso.com".into(),
                    name: None,
                    role: "to",
                },
            ]
        );
        assert_eq!(split.internal_count, 2);
        assert_eq!(split.sender().unwrap().role, "from");
    }

    #[test]
    fn a_display_name_that_is_the_address_is_no_name() {
        assert_eq!(display_name(Some(" a@b.com "), "a@b.com"), None);
        assert_eq!(
            display_name(Some("\"Noah Fischer\""), "n@b.com").as_deref(),
            Some("Noah Fischer")
        );
        assert_eq!(display_name(Some("  "), "n@b.com"), None);
    }
}
