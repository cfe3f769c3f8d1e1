//! How long a list in a request may be. Checked while the JSON is read (a longer list is a
//! deserialization error, so the worker answers 400 before doing any work), on top of the
//! worker's 64 KiB cap on request bodies: the lists fan out into CRM and Graph queries, so
//! their length, not only their bytes, is bounded.

use serde::de::{Deserialize, Deserializer, Error, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Addresses in one list of an email or meeting (To, Cc, required, optional). Outlook itself
/// warns above 500 recipients.
pub const MAX_ADDRESSES: usize = 500;
/// CRM ids in one request.
pub const MAX_IDS: usize = 100;
/// Field changes in one edit.
pub const MAX_FIELD_CHANGES: usize = 20;
/// Record kinds in one search.
pub const MAX_KINDS: usize = 3;

/// A list of at most `N` items.
fn at_most<'de, D, T, const N: usize>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Bounded<T, const N: usize>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for Bounded<T, N> {
        type Value = Vec<T>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            write!(formatter, "a list of at most {N} items")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(N));
            while let Some(item) = seq.next_element()? {
                if items.len() == N {
                    return Err(A::Error::custom(format!("more than {N} items in a list")));
                }
                items.push(item);
            }
            Ok(items)
        }
    }

    deserializer.deserialize_seq(Bounded::<T, N>(PhantomData))
}

/// `deserialize_with` for address lists ([`MAX_ADDRESSES`]).
pub fn addresses<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    at_most::<D, T, MAX_ADDRESSES>(deserializer)
}

/// `deserialize_with` for id lists ([`MAX_IDS`]).
pub fn ids<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    at_most::<D, T, MAX_IDS>(deserializer)
}

/// `deserialize_with` for field changes ([`MAX_FIELD_CHANGES`]).
pub fn field_changes<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    at_most::<D, T, MAX_FIELD_CHANGES>(deserializer)
}

/// `deserialize_with` for record kinds ([`MAX_KINDS`]).
pub fn kinds<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    at_most::<D, T, MAX_KINDS>(deserializer)
}

#[cfg(test)]
mod tests {
    use crate::{EmailContextRequest, SearchRequest};
    use serde_json::json;

    fn email(recipients: usize) -> serde_json::Value {
        let to: Vec<_> = (0..recipients)
            .map(|n| json!({ "address": format!("p{n}@contoso.com") }))
            .collect();
        json!({ "message_id": "m", "to": to, "cc": [] })
    }

    #[test]
    fn lists_longer_than_their_limit_are_refused_while_read() {
        assert!(serde_json::from_value::<EmailContextRequest>(email(500)).is_ok());
        let refused = serde_json::from_value::<EmailContextRequest>(email(501)).unwrap_err();
        assert!(
            refused.to_string().contains("more than 500 items"),
            "{refused}"
        );
        let search = |kinds: &[&str]| {
            serde_json::from_value::<SearchRequest>(json!({
                "text": "contoso", "kinds": kinds, "active_only": false, "owned_by_me": false
            }))
        };
        assert!(search(&["contact", "account", "opportunity"]).is_ok());
        assert!(search(&["contact", "account", "opportunity", "contact"]).is_err());
    }
}
