//! The calls made as a signed-in user: [`AuthorizedApi`] holds the bearer token and nothing
//! else. It does not decide what a refused token means: the session that hands it out does.

use super::{decode, decode_failure, send};
use crate::error::{AppError, BrowserGap};
use closer_wire::{
    AddContact, AuditLog, ChooseContact, ConnectDynamics, ContactCard, CreateTask, CrmConnection,
    DynamicsOrg, EmailContext, EmailContextRequest, FinishSalesforce, Health, MailItem, Me,
    OpportunityStages, RecordCard, RecordConflict, RecordLinkView, SalesforceSignIn, SaveEmail,
    SaveSettings, Saved, SearchRequest, SearchResult, SellerSettings, SettingsView, StagesRequest,
    UpdateRecord, Updated,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The pane's language as an `Accept-Language` value. `<html lang>` may come from the
/// preview's `?lang=`, which anyone can write, and the browser throws on a header value that is
/// not a byte string, so anything but letters, digits and `-` falls back to the language's own
/// tag.
fn accept_language() -> String {
    let tag = crate::i18n::locale_tag();
    if !tag.is_empty()
        && tag.len() <= 35
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        tag
    } else {
        crate::i18n::current().tag().to_owned()
    }
}

/// What an inline edit came to. A conflict is an answer the pane shows (the record's current
/// values), not a failure.
#[derive(Debug, Clone, PartialEq)]
pub enum EditResult {
    /// Written: the record as the CRM holds it after the write.
    Updated(RecordCard),
    /// Not written: the record changed in the CRM since it was read; its current values.
    Conflict(RecordConflict),
}

/// The client of Closer's API as one signed-in user. Each call consumes a copy, so a call's
/// future owns what it sends. Deliberately not `Debug`: it holds a token.
#[derive(Clone)]
pub struct AuthorizedApi {
    token: String,
}

impl AuthorizedApi {
    /// A client that sends `token` as the bearer of every call.
    pub fn new(token: String) -> Self {
        Self { token }
    }

    /// Sends `request` with the token, the pane's language and `body` as JSON.
    async fn send<B: Serialize>(
        &self,
        request: RequestBuilder,
        body: Option<&B>,
    ) -> Result<Response, AppError> {
        // The browser's own Accept-Language knows the browser's languages, not Outlook's or
        // Teams': the worker answers AI requests in the language sent here.
        let request = request
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Accept-Language", &accept_language());
        send(request, body).await
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        body: Option<&B>,
    ) -> Result<T, AppError> {
        decode(self.send(request, body).await?).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, AppError> {
        self.call::<(), _>(Request::get(path), None).await
    }

    /// `GET /api/admin/health`: every upstream's state (admins).
    pub async fn admin_health(self) -> Result<Health, AppError> {
        self.get("/api/admin/health").await
    }

    /// `GET /api/settings`: the tenant's settings the pane honours, and whether the user is an
    /// admin.
    pub async fn seller_settings(self) -> Result<SellerSettings, AppError> {
        self.get("/api/settings").await
    }

    /// `GET /api/admin/settings` (admins).
    pub async fn admin_settings(self) -> Result<SettingsView, AppError> {
        self.get("/api/admin/settings").await
    }

    /// `PUT /api/admin/settings` (admins): `409` when another admin saved first.
    pub async fn save_admin_settings(self, edit: SaveSettings) -> Result<SettingsView, AppError> {
        self.call(Request::put("/api/admin/settings"), Some(&edit))
            .await
    }

    /// `POST /api/pane/meeting/transcript`: talk time from the meeting's Teams transcript.
    pub async fn meeting_transcript(
        self,
        event_id: String,
    ) -> Result<closer_wire::MeetingTranscript, AppError> {
        self.call(
            Request::post("/api/pane/meeting/transcript"),
            Some(&closer_wire::MeetingTranscriptRequest { event_id }),
        )
        .await
    }

    /// `GET /api/admin/fields` (admins): the CRM's fields each card may show.
    pub async fn crm_fields(self) -> Result<closer_wire::CrmFields, AppError> {
        self.get("/api/admin/fields").await
    }

    /// `GET /api/admin/audit` (admins).
    pub async fn audit_log(self) -> Result<AuditLog, AppError> {
        self.get("/api/admin/audit").await
    }

    /// `GET /api/admin/audit.csv` (admins): the audit log as CSV text.
    pub async fn audit_csv(self) -> Result<String, AppError> {
        let response = self
            .send::<()>(Request::get("/api/admin/audit.csv"), None)
            .await?;
        if !response.ok() {
            return Err(decode_failure(response).await);
        }
        response.text().await.map_err(|_| AppError::Network)
    }

    /// `GET /api/me`, as the signed-in user.
    pub async fn me(self) -> Result<Me, AppError> {
        self.get("/api/me").await
    }

    /// `GET /api/mail/inbox`: the preview's mailbox.
    pub async fn inbox(self) -> Result<Vec<MailItem>, AppError> {
        self.get("/api/mail/inbox").await
    }

    /// `GET /api/mail/calendar`: the preview's calendar between two RFC 3339 instants.
    pub async fn calendar(
        self,
        start: &str,
        end: &str,
    ) -> Result<Vec<closer_wire::MeetingItem>, AppError> {
        let query = web_sys::UrlSearchParams::new()
            .map_err(|_| AppError::Browser(BrowserGap::NoUrlSearchParams))?;
        query.append("start", start);
        query.append("end", end);
        let path = format!("/api/mail/calendar?{}", String::from(query.to_string()));
        self.get(&path).await
    }

    /// `POST /api/pane/email`: every card for the open email, in one call.
    pub async fn email_context(
        self,
        request: EmailContextRequest,
    ) -> Result<EmailContext, AppError> {
        // In Outlook, the first message's request may already be on its way (the shim sent it
        // while the pane loaded): taken only when it is this very request.
        if let Ok(body) = super::to_json(&request)
            && let Some(early) = crate::host::outlook::early_email_context(&body, &self.token).await
        {
            return decode(Response::from(early)).await;
        }
        self.call(Request::post("/api/pane/email"), Some(&request))
            .await
    }

    /// `POST /api/pane/email/choose`: remember which contact an ambiguous address is.
    pub async fn choose_contact(self, choice: ChooseContact) -> Result<ContactCard, AppError> {
        self.call(Request::post("/api/pane/email/choose"), Some(&choice))
            .await
    }

    /// `POST /api/pane/email/contact`: add an unknown participant to the CRM.
    pub async fn add_contact(self, contact: AddContact) -> Result<ContactCard, AppError> {
        self.call(Request::post("/api/pane/email/contact"), Some(&contact))
            .await
    }

    /// `POST /api/pane/email/save`: save the email to the CRM (idempotent).
    pub async fn save_email(self, save: SaveEmail) -> Result<Saved, AppError> {
        self.call(Request::post("/api/pane/email/save"), Some(&save))
            .await
    }

    /// `POST /api/pane/record`: edit a contact's or an opportunity's fields, unless the record
    /// changed in the CRM since it was read (`409` with its current values).
    pub async fn update_record(self, update: UpdateRecord) -> Result<EditResult, AppError> {
        let response = self
            .send(Request::post("/api/pane/record"), Some(&update))
            .await?;
        if response.status() == 409 {
            return super::from_json::<RecordConflict>(&response)
                .await
                .map(EditResult::Conflict)
                .ok_or(AppError::Unexpected { status: 409 });
        }
        decode::<Updated>(response)
            .await
            .map(|updated| EditResult::Updated(updated.record))
    }

    /// `POST /api/pane/record/stages`: the stages the CRM allows for one opportunity now.
    pub async fn opportunity_stages(self, id: String) -> Result<OpportunityStages, AppError> {
        self.call(
            Request::post("/api/pane/record/stages"),
            Some(&StagesRequest { id }),
        )
        .await
    }

    /// `POST /api/pane/task`: create a follow-up task in the CRM.
    pub async fn create_task(self, task: CreateTask) -> Result<RecordLinkView, AppError> {
        self.call(Request::post("/api/pane/task"), Some(&task))
            .await
    }

    /// `POST /api/search`: search contacts, accounts and opportunities in the CRM.
    pub async fn search(self, request: SearchRequest) -> Result<Vec<SearchResult>, AppError> {
        self.call(Request::post("/api/search"), Some(&request))
            .await
    }

    /// `POST /api/ai/summary`: a summary of the open message's thread.
    pub async fn summary(
        self,
        message_id: String,
        conversation_id: Option<String>,
    ) -> Result<closer_wire::Summary, AppError> {
        self.call(
            Request::post("/api/ai/summary"),
            Some(&closer_wire::SummaryRequest {
                message_id,
                conversation_id,
                contact_ids: Vec::new(),
                opportunity_id: None,
            }),
        )
        .await
    }

    /// `POST /api/ai/feedback`: the seller's vote (and optional comment) on an AI answer.
    pub async fn send_feedback(
        self,
        feedback: closer_wire::SendFeedback,
    ) -> Result<closer_wire::FeedbackSent, AppError> {
        self.call(Request::post("/api/ai/feedback"), Some(&feedback))
            .await
    }

    /// `GET /api/admin/feedback` (admins): votes per AI answer kind.
    pub async fn admin_feedback(self) -> Result<closer_wire::FeedbackReport, AppError> {
        self.get("/api/admin/feedback").await
    }

    /// `GET /api/crm/connection`: the user's CRM and who they are there.
    pub async fn crm_connection(self) -> Result<CrmConnection, AppError> {
        self.get("/api/crm/connection").await
    }

    /// `GET /api/crm/orgs`: the Dynamics orgs the user can switch to.
    pub async fn dynamics_orgs(self) -> Result<Vec<DynamicsOrg>, AppError> {
        self.get("/api/crm/orgs").await
    }

    /// `PUT /api/crm/connection/dynamics`: switch to another Dynamics org.
    pub async fn connect_dynamics(self, api_url: String) -> Result<CrmConnection, AppError> {
        self.call(
            Request::put("/api/crm/connection/dynamics"),
            Some(&ConnectDynamics { api_url }),
        )
        .await
    }

    /// `POST /api/crm/connection/salesforce`: start the Salesforce sign-in.
    pub async fn start_salesforce(self) -> Result<SalesforceSignIn, AppError> {
        self.call::<(), _>(Request::post("/api/crm/connection/salesforce"), None)
            .await
    }

    /// `POST /api/crm/connection/salesforce/finish`: completes the Salesforce sign-in this user
    /// started, with what Salesforce handed back.
    pub async fn finish_salesforce(
        self,
        finish: FinishSalesforce,
    ) -> Result<CrmConnection, AppError> {
        self.call(
            Request::post("/api/crm/connection/salesforce/finish"),
            Some(&finish),
        )
        .await
    }

    /// `DELETE /api/crm/connection`: back to the default CRM.
    pub async fn disconnect_crm(self) -> Result<CrmConnection, AppError> {
        self.call::<(), _>(Request::delete("/api/crm/connection"), None)
            .await
    }

    /// `POST /api/pane/meeting`: every card for the open meeting, in one call.
    pub async fn meeting_context(
        self,
        event_id: String,
    ) -> Result<closer_wire::MeetingContext, AppError> {
        self.call(
            Request::post("/api/pane/meeting"),
            Some(&closer_wire::MeetingContextRequest { event_id }),
        )
        .await
    }

    /// `POST /api/ai/recap`: a past meeting's recap from its transcript, with suggested CRM
    /// updates.
    pub async fn meeting_recap(
        self,
        request: closer_wire::MeetingRecapRequest,
    ) -> Result<closer_wire::MeetingRecap, AppError> {
        self.call(Request::post("/api/ai/recap"), Some(&request))
            .await
    }

    /// `POST /api/ai/meeting-prep`: the emails, tasks, recap and brief before a meeting.
    pub async fn meeting_prep(
        self,
        request: closer_wire::MeetingPrepRequest,
    ) -> Result<closer_wire::MeetingPrep, AppError> {
        self.call(Request::post("/api/ai/meeting-prep"), Some(&request))
            .await
    }

    /// `POST /api/pane/meeting/from-chat`: the user's own calendar event for the Teams meeting
    /// whose chat a Teams tab is in (the worker resolves a recurring series to the right
    /// occurrence).
    pub async fn meeting_for_chat(
        self,
        chat_id: String,
    ) -> Result<closer_wire::MeetingItem, AppError> {
        self.call(
            Request::post("/api/pane/meeting/from-chat"),
            Some(&closer_wire::MeetingForChat { chat_id }),
        )
        .await
    }

    /// `POST /api/pane/meeting/save`: save the meeting to the CRM (idempotent).
    pub async fn save_meeting(self, save: closer_wire::SaveMeeting) -> Result<Saved, AppError> {
        self.call(Request::post("/api/pane/meeting/save"), Some(&save))
            .await
    }

    /// `POST /api/ai/draft/prepare`: the open message's thread, read and prepared now and sealed
    /// by the worker, to hand back with the draft request ([`closer_wire::PreparedDraft`]).
    pub async fn draft_prepare(
        self,
        request: &closer_wire::DraftPrepareRequest,
    ) -> Result<closer_wire::PreparedDraft, AppError> {
        self.call(Request::post("/api/ai/draft/prepare"), Some(request))
            .await
    }

    /// `POST /api/ai/draft`: opens the reply-draft stream (`text/event-stream` of
    /// [`closer_wire::DraftEvent`]s, read by `components::draft_card::stream`). A failure before the
    /// first byte (sign-in, Graph, CRM, the model refusing the call) is the usual typed error.
    pub async fn draft_stream(
        self,
        request: &closer_wire::DraftRequest,
    ) -> Result<web_sys::ReadableStream, AppError> {
        let response = self
            .send(Request::post("/api/ai/draft"), Some(request))
            .await?;
        if !response.ok() {
            return Err(decode_failure(response).await);
        }
        response.body().ok_or(AppError::Unexpected {
            status: response.status(),
        })
    }

    /// `POST /api/ai/opportunity`: an opportunity's facts and latest notes and activities from
    /// the CRM, with the model's cited risks and next steps and suggested follow-up tasks (or
    /// why the model gave none).
    pub async fn opportunity_summary(
        self,
        opportunity_id: String,
    ) -> Result<closer_wire::OpportunitySummary, AppError> {
        self.call(
            Request::post("/api/ai/opportunity"),
            Some(&closer_wire::OpportunitySummaryRequest { opportunity_id }),
        )
        .await
    }

    /// `POST /api/ai/summary/note`: saves a summary as a note on one CRM record, once.
    pub async fn save_summary_note(
        self,
        request: closer_wire::SaveSummaryNote,
    ) -> Result<closer_wire::SavedNote, AppError> {
        self.call(Request::post("/api/ai/summary/note"), Some(&request))
            .await
    }
}
