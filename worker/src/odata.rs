//! OData, the one thing Graph and the Dataverse Web API share: string literals inside `$filter`.
//! One escaper for both, so a value (a conversation id, a join URL, an email address) can never
//! end its literal early and add clauses of its own. Pure.

/// An OData string literal: single-quoted, with every `'` doubled.
/// https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html (§5.1.1.6.1);
/// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/filter-rows#manage-single-quotes
pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::string_literal;

    #[test]
    fn quotes_are_doubled_so_a_value_stays_one_literal() {
        assert_eq!(string_literal("plain"), "'plain'");
        assert_eq!(string_literal("o'brien@x.com"), "'o''brien@x.com'");
        assert_eq!(string_literal("' or 1 eq 1 or '"), "''' or 1 eq 1 or '''");
        assert_eq!(string_literal(""), "''");
    }
}
