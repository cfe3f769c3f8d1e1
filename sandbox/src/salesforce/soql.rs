//! SOQL: the `/query` resource's language, emulated for the subset Closer's connector and
//! plausible neighbours use ([`parse`] lists it). Lexing, parsing and evaluation are separate so
//! SOSL's `RETURNING Obj(… WHERE …)` reuses the same clauses.

pub(crate) mod eval;
pub(crate) mod lex;
pub(crate) mod parse;

use super::errors::SfError;
use super::org::SalesforceState;
use super::schema;
use serde_json::Value;

/// Runs `text` as `version` answers it: every row, projected (batching is the caller's).
pub(crate) fn run(org: &SalesforceState, text: &str, version: &str) -> Result<Vec<Value>, SfError> {
    let query = parse::query(lex::tokens(text)?)?;
    let object = schema::object(&query.object)
        .filter(|object| org.has_object(object))
        .ok_or_else(|| SfError::invalid_type(&query.object))?;
    let paths = eval::paths(object, &query.fields)?;
    if let Some(missing) = paths.iter().find(|path| !org.has_field(path.field().name)) {
        return Err(SfError::no_such_column(missing.field().name, object.name));
    }
    let rows = eval::select(org, object, &query.clauses, |_| true)?;
    Ok(rows
        .into_iter()
        .map(|record| eval::project(org, record, &paths, version))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm_seed::salesforce_id;

    fn names(rows: &[Value]) -> Vec<String> {
        rows.iter()
            .map(|r| r["Name"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[test]
    fn currency_iso_code_exists_only_in_a_multi_currency_org() {
        let mut org = SalesforceState::default();
        let deals = "SELECT Id, Amount, CurrencyIsoCode FROM Opportunity";
        let refused = run(&org, deals, "v62.0").unwrap_err();
        assert_eq!(refused.code, "INVALID_FIELD", "{refused:?}");
        let organization = run(
            &org,
            "SELECT DefaultCurrencyIsoCode FROM Organization",
            "v62.0",
        )
        .unwrap();
        assert_eq!(organization.len(), 1);
        assert_eq!(organization[0]["DefaultCurrencyIsoCode"], "USD");

        org.set_currency(true, "EUR");
        let rows = run(&org, deals, "v62.0").unwrap();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|row| row["CurrencyIsoCode"] == "EUR"));
    }

    #[test]
    fn emails_match_without_regard_to_case_and_escapes_hold() {
        let org = SalesforceState::default();
        let rows = run(
            &org,
            r"SELECT Id, Name, Account.Name FROM Contact WHERE Email IN ('PRIYA.RAMAN@contoso.com', 'sean.o\'brien@fabrikam.com', 'x\') OR (Email != \'')",
            "v62.0",
        )
        .unwrap();
        let mut found = names(&rows);
        found.sort();
        assert_eq!(found, ["Priya Raman", "Sean O'Brien"]);
        let priya = rows.iter().find(|r| r["Name"] == "Priya Raman").unwrap();
        assert_eq!(priya["Account"]["Name"], "Contoso Ltd");
        assert_eq!(priya["attributes"]["type"], "Contact");
        assert_eq!(
            priya["attributes"]["url"],
            format!(
                "/services/data/v62.0/sobjects/Contact/{}",
                salesforce_id("003", "priya")
            )
        );
    }

    #[test]
    fn semi_joins_select_the_contacts_accounts_and_anti_joins_the_rest() {
        let org = SalesforceState::default();
        let emails = "'priya.raman@contoso.com', 'HANNAH.SCHMIDT@litware.com', 'nobody@x.example'";
        let rows = run(
            &org,
            &format!(
                "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email IN ({emails})) ORDER BY Name"
            ),
            "v62.0",
        )
        .unwrap();
        assert_eq!(names(&rows), ["Contoso Ltd", "Litware Inc"]);
        let deals = run(
            &org,
            "SELECT Name FROM Opportunity WHERE IsClosed = false AND AccountId IN (SELECT AccountId FROM Contact WHERE Email IN ('priya.raman@contoso.com')) ORDER BY CloseDate DESC",
            "v62.0",
        )
        .unwrap();
        assert_eq!(
            names(&deals),
            [
                "Contoso – EDI integration add-on",
                "Contoso – Fulfillment Cloud rollout"
            ]
        );
        let others = run(
            &org,
            "SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact WHERE Email = 'priya.raman@contoso.com')",
            "v62.0",
        )
        .unwrap();
        assert!(!names(&others).contains(&"Contoso Ltd".to_owned()));
        assert!(!others.is_empty());
        let wrong_type = run(
            &org,
            "SELECT Name FROM Account WHERE Name IN (SELECT AccountId FROM Contact)",
            "v62.0",
        );
        assert!(wrong_type.is_err());
    }

    #[test]
    fn open_deals_newest_close_first() {
        let org = SalesforceState::default();
        let rows = run(
            &org,
            &format!(
                "SELECT Name FROM Opportunity WHERE AccountId = '{}' AND IsClosed = false ORDER BY CloseDate DESC",
                salesforce_id("001", "contoso")
            ),
            "v62.0",
        )
        .unwrap();
        assert_eq!(
            names(&rows),
            [
                "Contoso – EDI integration add-on",
                "Contoso – Fulfillment Cloud rollout"
            ]
        );
    }

    #[test]
    fn wrong_types_unknown_fields_and_objects_are_refused() {
        let org = SalesforceState::default();
        for (text, code) in [
            (
                "SELECT Id FROM Opportunity WHERE IsClosed = 'false'",
                "INVALID_FIELD",
            ),
            ("SELECT Id FROM Contact WHERE Email = 5", "INVALID_FIELD"),
            ("SELECT Nope FROM Contact", "INVALID_FIELD"),
            ("SELECT Id FROM Widget__c", "INVALID_TYPE"),
            ("SELECT Id, Id FROM Contact", "MALFORMED_QUERY"),
            ("SELECT Account.Owner.Name FROM Contact", "MALFORMED_QUERY"),
        ] {
            assert_eq!(run(&org, text, "v62.0").unwrap_err().code, code, "{text}");
        }
    }

    #[test]
    fn enhanced_email_off_hides_email_messages() {
        let mut org = SalesforceState::default();
        assert!(run(&org, "SELECT Id FROM EmailMessage", "v62.0").is_ok());
        org.set_enhanced_email(false);
        assert_eq!(
            run(&org, "SELECT Id FROM EmailMessage", "v62.0")
                .unwrap_err()
                .code,
            "INVALID_TYPE"
        );
    }

    #[test]
    fn like_limit_offset_and_nulls() {
        let org = SalesforceState::default();
        let rows = run(&org, "SELECT Name FROM Account WHERE Name LIKE 'c%' OR Name LIKE '%bank' ORDER BY Name LIMIT 1 OFFSET 1", "v62.0").unwrap();
        assert_eq!(names(&rows), ["Woodgrove Bank"]);
        let rows = run(
            &org,
            "SELECT Name FROM Contact WHERE Department = null AND NOT (LastName != 'Chen')",
            "v62.0",
        )
        .unwrap();
        // Of the two Marcus Chen records, only the old duplicate has no department.
        assert_eq!(rows.len(), 1);
    }
}
