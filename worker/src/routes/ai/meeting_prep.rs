//! `POST /api/ai/meeting-prep`, "Before the meeting": for the open meeting, the latest emails
//! exchanged with its external attendees (Graph, live), the open deal's tasks, the last kept
//! recap (insight storage only) and a short AI brief (what the customer cares about, open
//! questions, a suggested agenda) whose every point cites a verified quote ([`brief`]).
//!
//! Reads only. One Graph read of the event, then at once: one Graph `$search` for the mail
//! ([`crate::graph::exchanged`]) and one CRM lookup of every external attendee; then the deal's
//! timeline (its tasks, and its notes and meeting notes as citable sources). Email bodies are
//! read as text, prepared as the summary's delimited DATA ([`crate::ai::thread`]) and dropped
//! with the request; the answer carries headers only. A CRM that fails leaves the brief to the
//! emails; a model that fails or is off leaves the emails and tasks, with one sentence on why
//! there is no brief.

pub mod brief;
pub mod recap;

use crate::ai::thread::{self, defuse};
use crate::crm::{Contact, CrmConnector, Opportunity, RecordKind, TimelineEntry};
use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::graph::mail::Message;
use crate::http::HttpTransport;
use crate::llm::ChatModel;
use crate::provider::Sleeper;
use crate::routes::ai::opportunity::readable_text;
use crate::routes::mail::calendar::to_item;
use crate::routes::pane::cards::link;
use crate::routes::pane::participants::is_internal;
use crate::routes::request::RequestContext;
use crate::store::CloserStore;
use brief::{BriefInput, NoteSource};
use closer_wire::{MeetingPrep, MeetingPrepRequest, PrepEmail, PrepTask};

/// Emails with the attendees read at most (newest first).
pub const MAX_EMAILS: u32 = 5;
/// External attendees searched and looked up at most.
pub const MAX_ATTENDEES: usize = 10;
/// Notes and activities of the deal read at most.
pub const TIMELINE_LIMIT: u32 = 12;
/// Tokens of email text the prompt may hold.
pub const EMAIL_BUDGET_TOKENS: usize = 2_500;

/// Why the brief is missing, as the pane says it.
pub const NOTHING_TO_PREPARE: &str =
    "Nothing to prepare from: no recent emails with the attendees and no notes on the deal.";

/// The deal as the CRM gave it, for the brief and the tasks.
#[derive(Debug, Default)]
struct CrmPart {
    lines: Vec<String>,
    opportunity: Option<Opportunity>,
    timeline: Vec<TimelineEntry>,
}

/// Prepares the meeting `request.event_id`. `model` is the configured model, or why there is
/// none for this brief (the feature is off, no model configured): the rest is answered anyway.
pub async fn meeting_prep<C, S, T, Sl, M>(
    ctx: &RequestContext<'_, C, S>,
    graph: &GraphClient<T, Sl>,
    model: Result<&M, String>,
    request: MeetingPrepRequest,
) -> Result<MeetingPrep, ApiFailure>
where
    C: CrmConnector,
    S: CloserStore,
    T: HttpTransport,
    Sl: Sleeper,
    M: ChatModel,
{
    let event_id = request.event_id.trim();
    if event_id.is_empty() {
        return Err(ApiFailure::BadRequest {
            reason: "Expected the meeting's event id.".into(),
        });
    }
    let event = graph.event(event_id).await?;
    let item = to_item(&event);
    let mut external: Vec<String> = Vec::new();
    for person in item
        .organizer
        .iter()
        .chain(&item.required)
        .chain(&item.optional)
    {
        let address = person.address.trim().to_lowercase();
        if !address.is_empty()
            && !is_internal(&address, ctx.internal_domains)
            && !external.contains(&address)
            && external.len() < MAX_ATTENDEES
        {
            external.push(address);
        }
    }
    let (mail, crm_part) = futures::join!(
        graph.exchanged_with(&external, MAX_EMAILS),
        crm_part(ctx.crm, &external, request.opportunity_id.as_deref())
    );
    // The mail is the prep's backbone: without it there is nothing to answer.
    let mut mail = mail?;
    mail.truncate(MAX_EMAILS as usize);
    let recent_emails = mail.iter().map(header).collect();
    let open_tasks = crm_part
        .timeline
        .iter()
        // Open tasks only: one the CRM marks done or canceled is not on the agenda.
        .filter(|entry| entry.record.kind == RecordKind::Task && entry.open != Some(false))
        .map(|entry| PrepTask {
            id: entry.record.id.clone(),
            subject: entry.subject.clone(),
            owner: entry.author.clone(),
            created: entry.at.clone(),
            url: ctx.crm.record_url(&entry.record),
        })
        .collect();
    let opportunity = crm_part
        .opportunity
        .as_ref()
        .map(|o| link(ctx.crm, RecordKind::Opportunity, &o.id, o.name.clone()));
    let last_recap = match (ctx.settings.retention.insight_days, &crm_part.opportunity) {
        (Some(_), Some(deal)) => recap::recalled(ctx.store, &ctx.scope, &deal.id, ctx.now).await,
        _ => None,
    };
    // Graph answers newest first; a thread is prepared oldest first (refs m1 = oldest).
    mail.reverse();
    let emails = thread::prepare(&mail, EMAIL_BUDGET_TOKENS);
    drop(mail);
    let notes: Vec<NoteSource> = crm_part
        .timeline
        .iter()
        .filter(|entry| !entry.text.trim().is_empty())
        .enumerate()
        .map(|(index, entry)| {
            NoteSource::new(
                index,
                &entry.record.id,
                entry.author.as_deref(),
                &entry.at,
                &entry.subject,
                &entry.text,
            )
        })
        .collect();
    let input = BriefInput {
        emails: &emails,
        notes: &notes,
        crm_lines: &crm_part.lines,
    };
    let (brief, brief_unavailable) = match model {
        Err(reason) => (None, Some(reason)),
        Ok(_) if input.is_empty() => (None, Some(NOTHING_TO_PREPARE.to_owned())),
        Ok(model) => match brief::brief(model, &input, ctx.answer_language).await {
            Ok(brief) => (Some(brief), None),
            Err(refused) => (
                None,
                Some(format!("No brief this time: {refused}. Try again.")),
            ),
        },
    };
    Ok(MeetingPrep {
        recent_emails,
        open_tasks,
        opportunity,
        last_recap,
        brief,
        brief_unavailable,
    })
}

fn header(message: &Message) -> PrepEmail {
    let from = message.from.as_ref().map(|f| &f.email_address);
    PrepEmail {
        id: message.id.clone(),
        subject: message.subject.clone(),
        from: from
            .map(|f| {
                if f.name.trim().is_empty() {
                    f.address.clone()
                } else {
                    f.name.clone()
                }
            })
            .unwrap_or_default(),
        received: message
            .received_date_time
            .clone()
            .or_else(|| message.sent_date_time.clone()),
        web_link: message.web_link.clone(),
    }
}

/// The attendees' contacts (one lookup), the deal (the pane's, if it belongs to one of their
/// accounts, else their open deal with the latest activity) and its timeline. A CRM that fails
/// leaves what was read so far.
async fn crm_part<C: CrmConnector>(crm: &C, external: &[String], asked: Option<&str>) -> CrmPart {
    let mut part = CrmPart::default();
    if external.is_empty() {
        return part;
    }
    let Ok(contacts) = crm.contacts_by_emails(external).await else {
        return part;
    };
    let contacts: Vec<&Contact> = contacts
        .iter()
        .filter(|c| {
            c.email
                .as_deref()
                .is_some_and(|e| external.contains(&e.trim().to_lowercase()))
        })
        .collect();
    let mut accounts: Vec<String> = Vec::new();
    for contact in &contacts {
        part.lines.push(contact_line(contact));
        if let Some(account) = &contact.account
            && !accounts.contains(&account.id)
        {
            accounts.push(account.id.clone());
        }
    }
    // The pane's deal counts only if it belongs to an attendee's account: a tampered id does
    // not pull an unrelated deal's notes into the prompt.
    let asked = match asked.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => crm
            .opportunity(id)
            .await
            .ok()
            .filter(|o| o.account_id.as_ref().is_some_and(|a| accounts.contains(a))),
        None => None,
    };
    let deal = match asked {
        Some(deal) => Some(deal),
        None => {
            let mut open = Vec::new();
            for account in &accounts {
                open.extend(crm.open_opportunities(account).await.unwrap_or_default());
            }
            open.into_iter()
                .filter(|o| o.is_open)
                .max_by(|a, b| a.last_activity.cmp(&b.last_activity))
        }
    };
    let Some(deal) = deal else {
        return part;
    };
    part.lines.push(opportunity_line(&deal));
    if let Ok(timeline) = crm.opportunity_timeline(&deal.id, TIMELINE_LIMIT).await {
        part.timeline = timeline
            .entries
            .into_iter()
            .map(|mut entry| {
                entry.text = readable_text(&entry.text);
                entry
            })
            .collect();
    }
    part.opportunity = Some(deal);
    part
}

fn contact_line(contact: &Contact) -> String {
    let mut line = format!("Contact: {}", contact.full_name);
    if let Some(title) = contact.job_title.as_deref().filter(|t| !t.is_empty()) {
        line.push_str(&format!(", {title}"));
    }
    if let Some(account) = contact.account.as_ref().and_then(|a| a.name.as_deref()) {
        line.push_str(&format!(", {account}"));
    }
    defuse(&line)
}

fn opportunity_line(opportunity: &Opportunity) -> String {
    let mut line = format!("Opportunity: {}", opportunity.name);
    if let Some(stage) = opportunity.stage.as_deref() {
        line.push_str(&format!(", stage {stage}"));
    }
    if let Some(close) = opportunity.close_date.as_deref() {
        line.push_str(&format!(", closes {close}"));
    }
    defuse(&line)
}
