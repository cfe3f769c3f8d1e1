//! `POST /api/pane/email`: every card for an open email in one answer, each section failing on
//! its own.
//!
//! **One CRM request per pane open**, whatever the number of participants:
//! [`CrmConnector::email_lookup`] asks, in one HTTP request (Dataverse `$batch`, Salesforce
//! Composite), for the contacts at every external address with their accounts and the accounts'
//! open opportunities, and for the activity already saved under the Internet Message-ID. After
//! it, only when needed and never before the common cards:
//! - when an address has several contacts, the seller's remembered choices (Closer's store: for
//!   Dynamics a read of the org's `osc_closerrows` table, for Salesforce D1), one read per
//!   ambiguous address, concurrently;
//! - when the sender is unknown to the CRM, the message's text from Graph for the signature
//!   prefill (so mail from known people is never read here), concurrently with the above;
//! - when the CRM's saved check failed, Closer's own saved row as a fallback.
//!
//! Closer's store is not read before the cards: the CRM's answer is the record of what was
//! saved (it also finds saves made outside Closer), and remembered choices matter only for
//! ambiguous addresses, which the lookup reveals.
//!
//! Failures: the lookup failing (as a whole or its people part: 429 with `Retry-After`, 5xx,
//! timeout, ...) fails the **people** section only; the saved check failing fails the **saved**
//! section only (unless Closer's row answers). Each becomes a [`SectionFailure`] with the
//! seller's sentence, and the pane shows an error card with a retry in its place; the header
//! and the other sections render as usual. Closer's store not answering counts as "no
//! remembered choice", and a Graph failure for the prefill leaves only the display-name
//! prefill. Internal addresses are never looked up; the tenant's domains come from the caller
//! (cached per tenant at the edge).

use super::contacts::remembered;
use crate::ai::signature::{self, split_name};
use crate::crm::{AccountDeals, ActivityKey, Contact, CrmConnector, PeopleFound, RecordKind};
use crate::error::ApiFailure;
use crate::graph::{BodyFormat, GraphClient, Message};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use crate::routes::pane::cards::{
    Redact, account_card, contact_card, default_regarding, link, suggested_regarding,
};
use crate::routes::pane::participants::{self, Entry, by_address, domain_of};
use crate::routes::request::RequestContext;
use crate::store::{CloserStore, RowKind};
use closer_wire::{
    EmailContext, EmailContextRequest, PaneSection, Participant, ParticipantMatch, RecordLinkView,
    SectionFailure,
};
use futures::future::join_all;
use std::collections::BTreeMap;

/// The display name of a saved-activity link (the pane shows "Saved" and opens the record).
pub const SAVED_EMAIL_NAME: &str = "Saved email";

/// The cards for an open email, with the sections that failed kept apart until the edge gives
/// each failure its correlation id ([`EmailCards::into_wire`]).
#[derive(Debug)]
pub struct EmailCards {
    /// Every card that could be built (`failed` still empty).
    pub context: EmailContext,
    /// The sections that could not, with why.
    pub failures: Vec<(PaneSection, ApiFailure)>,
}

impl EmailCards {
    /// The wire answer: each failure as the seller's sentence, `correlation_id` naming the log
    /// line the caller writes for it (called once per failure, in order).
    pub fn into_wire(
        self,
        mut correlation_id: impl FnMut(PaneSection, &ApiFailure) -> String,
    ) -> EmailContext {
        let mut context = self.context;
        context.failed = self
            .failures
            .iter()
            .map(|(section, failure)| SectionFailure {
                section: *section,
                error: failure.to_wire(&correlation_id(*section, failure)),
            })
            .collect();
        context
    }
}

/// [`email_cards`] for callers that take the cards whole (the meeting pane): any failed section
/// fails the answer (the first one's error).
pub async fn email_context<C, S, T, Sl>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    request: EmailContextRequest,
) -> Result<EmailContext, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    let EmailCards { context, failures } = email_cards(ctx, graph, request).await?;
    match failures.into_iter().next() {
        Some((_, failure)) => Err(failure),
        None => Ok(context),
    }
}

/// Builds the pane's cards for the email the host has open.
pub async fn email_cards<C, S, T, Sl>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    request: EmailContextRequest,
) -> Result<EmailCards, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    let split = participants::split(
        request.from.as_ref(),
        &request.to,
        &request.cc,
        ctx.internal_domains,
    );
    let key = request
        .internet_message_id
        .as_deref()
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(|key| ActivityKey::InternetMessageId(key.to_owned()));
    let (people, saved) = match ctx.crm.email_lookup(&split.addresses(), key.as_ref()).await {
        Ok(lookup) => (lookup.people, lookup.saved),
        // The request as a whole failed: both of its sections did.
        Err(err) => (Err(err.clone()), Err(err)),
    };

    let mut failures = Vec::new();
    let mut context = EmailContext {
        participants: Vec::new(),
        accounts: Vec::new(),
        suggested_regarding: None,
        saved_as: None,
        internal_count: split.internal_count,
        failed: Vec::new(),
    };
    let saved = saved_as(ctx, key.as_ref(), saved);
    let cards = async {
        match people {
            Ok(found) => {
                Ok(people_cards(ctx, graph, &request.message_id, &split.external, found).await)
            }
            Err(err) => Err(err),
        }
    };
    let (saved, cards) = futures::join!(saved, cards);
    match saved {
        Ok(saved) => context.saved_as = saved,
        Err(err) => failures.push((PaneSection::Saved, ApiFailure::from(err))),
    }
    match cards {
        Ok((participants, accounts)) => {
            context.suggested_regarding =
                suggested_regarding(accounts.iter().flat_map(|deals| &deals.open_opportunities))
                    .map(|deal| link(ctx.crm, RecordKind::Opportunity, &deal.id, &deal.name));
            context.participants = participants;
            context.accounts = accounts
                .iter()
                .map(|deals| account_card(ctx.crm, &deals.account, &deals.open_opportunities))
                .collect();
        }
        Err(err) => failures.push((PaneSection::People, ApiFailure::from(err))),
    }
    context.suggested_regarding = default_regarding(
        ctx.settings.saving.default_regarding,
        context.suggested_regarding.take(),
        &context.accounts,
        &context.participants,
    );
    context.participants.redact(&ctx.settings.cards);
    context.accounts.redact(&ctx.settings.cards);
    Ok(EmailCards { context, failures })
}

/// The CRM activity the email is saved as, from the lookup's saved check; when that check
/// failed, Closer's own row (written by every save through Closer) still answers.
async fn saved_as<C: CrmConnector, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    key: Option<&ActivityKey>,
    checked: Result<Option<crate::crm::RecordRef>, ProviderError>,
) -> Result<Option<RecordLinkView>, ProviderError> {
    let id = match (checked, key) {
        (Ok(found), _) => found.map(|record| record.id),
        (Err(err), Some(ActivityKey::InternetMessageId(message_id))) => ctx
            .store
            .get(
                &ctx.tenant_scope(),
                RowKind::SavedActivity,
                message_id,
                ctx.now,
            )
            .await
            .ok()
            .flatten()
            .map(|row| row.value)
            .ok_or(err)?
            .into(),
        (Err(err), _) => return Err(err),
    };
    Ok(id.map(|id| link(ctx.crm, RecordKind::Email, &id, SAVED_EMAIL_NAME)))
}

/// The participants' cards from the lookup, with the remembered choices of ambiguous addresses
/// and the unknown sender's signature read after it.
async fn people_cards<C, S, T, Sl>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    message_id: &str,
    external: &[Entry],
    found: PeopleFound,
) -> (Vec<Participant>, Vec<AccountDeals>)
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
{
    if external.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let candidates = by_address(found.contacts);
    let fetched = found.accounts;
    let none: Vec<Contact> = Vec::new();
    let of = |entry: &Entry| candidates.get(&entry.address).unwrap_or(&none);

    let ambiguous: Vec<&Entry> = external.iter().filter(|e| of(e).len() > 1).collect();
    let unknown_sender = external
        .iter()
        .find(|e| e.role == "from" && of(e).is_empty());

    let choices = join_all(ambiguous.iter().map(|e| remembered(ctx, &e.address, of(e))));
    let text = async {
        match unknown_sender {
            Some(_) => graph
                .message(message_id, BodyFormat::Text)
                .await
                .ok()
                .and_then(plain_text),
            None => None,
        }
    };
    let (choices, text) = futures::join!(choices, text);

    let chosen: BTreeMap<&str, &Contact> = ambiguous
        .iter()
        .zip(choices)
        .filter_map(|(entry, choice)| Some((entry.address.as_str(), choice?)))
        .collect();

    let mut shown: Vec<&str> = Vec::new();
    let mut participants = Vec::with_capacity(external.len());
    for entry in external {
        let found = of(entry);
        let matched = match (
            found.as_slice(),
            chosen.get(entry.address.as_str()).copied(),
        ) {
            ([], _) => {
                let signature = if unknown_sender.is_some_and(|s| s.address == entry.address) {
                    text.as_deref().map(|text| {
                        signature::parse(text, entry.name.as_deref(), domain_of(&entry.address))
                    })
                } else {
                    None
                };
                unknown(entry, signature.unwrap_or_default())
            }
            ([contact], _) | (_, Some(contact)) => {
                shown.extend(contact.account.as_ref().map(|a| a.id.as_str()));
                ParticipantMatch::Matched {
                    contact: contact_card(ctx.crm, contact, account_name(&fetched, contact)),
                    remembered: found.len() > 1,
                }
            }
            (several, None) => {
                // Duplicates of one person usually share the company: its deals still show.
                let first = several[0].account.as_ref().map(|a| a.id.as_str());
                if several
                    .iter()
                    .all(|c| c.account.as_ref().map(|a| a.id.as_str()) == first)
                {
                    shown.extend(first);
                }
                ParticipantMatch::Ambiguous {
                    candidates: several
                        .iter()
                        .map(|c| contact_card(ctx.crm, c, account_name(&fetched, c)))
                        .collect(),
                }
            }
        };
        participants.push(Participant {
            address: entry.address.clone(),
            name: entry.name.clone(),
            role: entry.role.to_owned(),
            matched,
        });
    }
    let shown: Vec<String> = shown.into_iter().map(str::to_owned).collect();
    let accounts = fetched
        .into_iter()
        .filter(|deals| shown.contains(&deals.account.id))
        .collect();
    (participants, accounts)
}

fn account_name<'a>(fetched: &'a [AccountDeals], contact: &Contact) -> Option<&'a str> {
    let id = &contact.account.as_ref()?.id;
    fetched
        .iter()
        .find(|deals| &deals.account.id == id)
        .map(|deals| deals.account.name.as_str())
}

/// The message's own text (Exchange's `uniqueBody`, else the whole body), when Graph sent text.
fn plain_text(message: Message) -> Option<String> {
    [message.unique_body, message.body]
        .into_iter()
        .flatten()
        .find(|body| body.content_type == BodyFormat::Text && !body.content.trim().is_empty())
        .map(|body| body.content)
}

/// "Add contact", prefilled from the display name (or address) and the signature.
fn unknown(entry: &Entry, signature: signature::Signature) -> ParticipantMatch {
    let name = entry.name.as_deref().or(signature.name.as_deref());
    let (first_name, last_name) = split_name(name, &entry.address);
    ParticipantMatch::Unknown {
        first_name,
        last_name,
        title: signature.title,
        phone: signature.phone,
        company: signature.company,
    }
}
