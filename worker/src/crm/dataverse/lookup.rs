//! The pane's one Dataverse request per open email ([`DataverseClient::email_lookup`]): a
//! `$batch` of two GETs,
//! 1. `contacts` whose e-mail is one of the addresses, with a nested `$expand` of each
//!    contact's company (`parentcustomerid_account`) and that account's open opportunities
//!    (`opportunity_parent_account` filtered on `statecode eq 0`), and
//! 2. the e-mail activity already saved under the Internet Message-ID (`emails`, `$top=1`).
//!
//! Dataverse takes `$select` and `$filter` inside an `$expand`, but not `$orderby` or `$top` on
//! a collection nested under another expand
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/query/join-tables),
//! so the deals are sorted here, newest close date first, as `open_opportunities` returns them.
//! The filter goes in the batch body, so no URL length limit splits the addresses.

use super::activities::saved_activity;
use super::batch;
use super::client::DataverseClient;
use super::error;
use super::model::{
    self, ACCOUNT_SELECT, CONTACT_SELECT, OPPORTUNITY_EXPAND, OPPORTUNITY_SELECT, Record,
};
use super::odata::{self, email_filter};
use crate::crm::{AccountDeals, ActivityKey, CardColumns, EmailLookup, Opportunity, PeopleFound};
use crate::http::{HttpTransport, UpstreamResponse};
use crate::provider::{Provider, ProviderError, Sleeper, send_idempotent};
use serde_json::Value;
use std::cmp::Reverse;

/// The contact's company navigation property, and the account's deals through `parentaccountid`.
const ACCOUNT_NAV: &str = "parentcustomerid_account";
const DEALS_NAV: &str = "opportunity_parent_account";

/// `$expand` of a contact lookup: the company and its open deals, only the columns Closer reads,
/// plus `versionnumber`: expanded rows come without `@odata.etag` (join-tables, above), and an
/// inline edit of the account or a deal needs the version the seller saw
/// ([`model::ROW_VERSION_PREFIX`]). Each deal's currency code comes in the same request, one
/// level deeper ([`OPPORTUNITY_EXPAND`]).
pub fn contact_expand(columns: &CardColumns) -> String {
    let account = with_extra(ACCOUNT_SELECT, &columns.account);
    let deals = with_extra(OPPORTUNITY_SELECT, &columns.opportunity);
    format!(
        "{ACCOUNT_NAV}($select={account},versionnumber;$expand={DEALS_NAV}($select={deals},versionnumber;$filter=statecode eq 0;$expand={OPPORTUNITY_EXPAND}))"
    )
}

/// `standard` plus the admin's extra columns (field names only, each once).
fn with_extra(standard: &str, extra: &[String]) -> String {
    let extra = CardColumns::extra_of(extra, standard);
    if extra.is_empty() {
        standard.to_owned()
    } else {
        format!("{standard},{}", extra.join(","))
    }
}

fn transport(err: crate::http::TransportError) -> ProviderError {
    ProviderError::transport(Provider::Dataverse, err)
}

/// The addresses trimmed and de-duplicated case-insensitively (Dataverse compares strings
/// without regard to case).
fn unique(emails: &[String]) -> Vec<&str> {
    let mut unique: Vec<&str> = Vec::new();
    for address in emails.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        if !unique.iter().any(|seen| seen.eq_ignore_ascii_case(address)) {
            unique.push(address);
        }
    }
    unique
}

/// The people part: contacts, and each expanded account once with its sorted open deals.
fn people(part: UpstreamResponse, columns: &CardColumns) -> Result<PeopleFound, ProviderError> {
    let part = error::classify("contact", part)?;
    let collection = model::parse_collection("contact", part.body())?;
    let mut found = PeopleFound::default();
    for record in &collection.value {
        let contact = model::contact(record, &columns.contact)?;
        if found.contacts.iter().any(|seen| seen.id == contact.id) {
            continue;
        }
        found.contacts.push(contact);
        let Some(Value::Object(account)) = record.get(ACCOUNT_NAV) else {
            continue;
        };
        let deals = account_deals(account)?;
        if !found
            .accounts
            .iter()
            .any(|seen| seen.account.id == deals.account.id)
        {
            found.accounts.push(deals);
        }
    }
    Ok(found)
}

fn account_deals(account: &Record) -> Result<AccountDeals, ProviderError> {
    let mut open_opportunities = match account.get(DEALS_NAV) {
        Some(Value::Array(rows)) => rows
            .iter()
            .filter_map(Value::as_object)
            .map(model::opportunity)
            .collect::<Result<Vec<Opportunity>, _>>()?,
        _ => Vec::new(),
    };
    open_opportunities.retain(|deal| deal.is_open);
    open_opportunities.sort_by_key(|deal| Reverse(deal.close_date.clone()));
    Ok(AccountDeals {
        account: model::account(account)?,
        open_opportunities,
    })
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// [`CrmConnector::email_lookup`](crate::crm::CrmConnector::email_lookup) for Dataverse.
    pub(super) async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        let addresses = unique(emails);
        let mut urls = Vec::new();
        if !addresses.is_empty() {
            urls.push(
                odata::url(
                    &self.base,
                    "contacts",
                    &[
                        (
                            "$select",
                            with_extra(CONTACT_SELECT, &self.card_columns.contact),
                        ),
                        ("$filter", email_filter(&addresses)),
                        ("$expand", contact_expand(&self.card_columns)),
                    ],
                )
                .map_err(transport)?,
            );
        }
        let saved_query = saved_key.map(|key| self.activity_query(key)).transpose()?;
        urls.extend(saved_query.as_ref().map(|(_, url)| url.clone()));
        if urls.is_empty() {
            return Ok(EmailLookup {
                people: Ok(PeopleFound::default()),
                saved: Ok(None),
            });
        }
        let request = batch::request(&self.base, &urls, &self.token).map_err(transport)?;
        let response = send_idempotent(
            &self.transport,
            &self.sleeper,
            Provider::Dataverse,
            || Ok(odata::copy(&request)),
            |response| error::classify("$batch", response),
        )
        .await?;
        let mut parts = batch::parts(&response)?.into_iter();
        if parts.len() != urls.len() {
            return Err(ProviderError::malformed(
                Provider::Dataverse,
                format!("$batch answered {} of {} requests", parts.len(), urls.len()),
            ));
        }
        let people = if addresses.is_empty() {
            Ok(PeopleFound::default())
        } else {
            people(parts.next().expect("counted above"), &self.card_columns)
        };
        let saved = match saved_query {
            Some((kind, _)) => parts.next().map_or(Ok(None), |part| {
                let part = error::classify(odata::table(kind).logical, part)?;
                saved_activity(kind, &model::parse_collection("email", part.body())?)
            }),
            None => Ok(None),
        };
        Ok(EmailLookup { people, saved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expand_selects_columns_and_filters_open_deals_only() {
        let expand = contact_expand(&CardColumns::default());
        assert!(expand.starts_with("parentcustomerid_account($select=name,"));
        assert_eq!(expand.matches(",versionnumber;").count(), 2, "{expand}");
        assert!(expand.contains(";$expand=opportunity_parent_account($select="));
        assert!(expand.ends_with(
            ";$filter=statecode eq 0;$expand=transactioncurrencyid($select=isocurrencycode)))"
        ));
        assert!(!expand.contains("$orderby") && !expand.contains("$top"));
    }

    #[test]
    fn addresses_are_deduplicated_without_regard_to_case() {
        let emails = vec![
            " Priya@Contoso.com".to_owned(),
            "priya@contoso.com".to_owned(),
            String::new(),
            "luca@alpineskihouse.com".to_owned(),
        ];
        assert_eq!(
            unique(&emails),
            ["Priya@Contoso.com", "luca@alpineskihouse.com"]
        );
    }
}
