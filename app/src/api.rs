//! The pane's client of the worker's `/api/*` routes, and the one place that decodes failures
//! into [`AppError`]. Authenticated calls carry the session's token; a 401 expires the session
//! so the pane offers to sign in again.

use crate::contexts::session::Session;
use closer_wire::{
    AddContact, ApiError, ApiErrorCode, AuthConfig, ChooseContact, ConnectDynamics, ContactCard,
    CreateTask, CrmConnection, DynamicsOrg, EmailContext, EmailContextRequest, FinishSalesforce,
    Health, MailItem, Me, OpportunityStages, RecordCard, RecordConflict, RecordLinkView,
    SalesforceSignIn, SaveEmail, Saved, SearchRequest, SearchResult, StagesRequest, UpdateRecord,
    Updated,
};
use closer_wire::{AuditLog, HealthStatus, SaveSettings, SellerSettings, SettingsView};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// Why a call failed, as the pane shows it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// The worker answered with its typed error body.
    #[error("{}", .0.message)]
    Api(ApiError),
    /// The worker could not be reached at all.
    #[error("Closer's service could not be reached. Check your connection and retry.")]
    Network,
    /// The worker answered something this pane does not understand.
    #[error("Closer's service answered unexpectedly (HTTP {status}).")]
    Unexpected {
        /// The HTTP status received.
        status: u16,
    },
    /// No token: the user must sign in first.
    #[error("Sign in to continue.")]
    SignedOut,
    /// The sign-in did not complete.
    #[error("Sign-in failed: {0}.")]
    SignIn(String),
    /// The browser lacks something the pane needs.
    #[error("This browser cannot run Closer: {0}.")]
    Browser(String),
}

impl AppError {
    /// Whether the failure means the session is no longer valid.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Api(e) if e.code == ApiErrorCode::Unauthorized)
            || *self == Self::SignedOut
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

/// `GET /api/health`: up or degraded, and the version (anyone).
pub async fn health() -> Result<HealthStatus, AppError> {
    decode(Request::get("/api/health").send().await).await
}

/// `GET /api/admin/health`: every upstream's state (admins).
pub async fn admin_health(session: Session) -> Result<Health, AppError> {
    get_authed("/api/admin/health", session).await
}

/// `GET /api/settings`: the tenant's settings the pane honours, and whether the user is an
/// admin.
pub async fn seller_settings(session: Session) -> Result<SellerSettings, AppError> {
    get_authed("/api/settings", session).await
}

/// `GET /api/admin/settings` (admins).
pub async fn admin_settings(session: Session) -> Result<SettingsView, AppError> {
    get_authed("/api/admin/settings", session).await
}

/// `PUT /api/admin/settings` (admins): `409` when another admin saved first.
pub async fn save_admin_settings(
    session: Session,
    edit: SaveSettings,
) -> Result<SettingsView, AppError> {
    send_authed(Request::put("/api/admin/settings"), Some(&edit), session).await
}

/// `POST /api/pane/meeting/transcript`: talk time from the meeting's Teams transcript.
pub async fn meeting_transcript(
    session: Session,
    event_id: String,
) -> Result<closer_wire::MeetingTranscript, AppError> {
    send_authed(
        Request::post("/api/pane/meeting/transcript"),
        Some(&closer_wire::MeetingTranscriptRequest { event_id }),
        session,
    )
    .await
}

/// `GET /api/admin/fields` (admins): the CRM's fields each card may show.
pub async fn crm_fields(session: Session) -> Result<closer_wire::CrmFields, AppError> {
    get_authed("/api/admin/fields", session).await
}

/// `GET /api/admin/audit` (admins).
pub async fn audit_log(session: Session) -> Result<AuditLog, AppError> {
    get_authed("/api/admin/audit", session).await
}

/// `GET /api/admin/audit.csv` (admins): the audit log as CSV text.
pub async fn audit_csv(session: Session) -> Result<String, AppError> {
    let result = match send_with_token::<()>(Request::get("/api/admin/audit.csv"), None, session)
        .await
    {
        Ok(Ok(response)) if response.ok() => response.text().await.map_err(|_| AppError::Network),
        Ok(sent) => decode::<String>(sent).await,
        Err(error) => Err(error),
    };
    expire_if_unauthorized(&result, session);
    result
}

/// `GET /api/auth/config`.
pub async fn auth_config() -> Result<AuthConfig, AppError> {
    decode(Request::get("/api/auth/config").send().await).await
}

/// `GET /api/me`, as the signed-in user.
pub async fn me(session: Session) -> Result<Me, AppError> {
    get_authed("/api/me", session).await
}

/// `GET /api/mail/inbox`: the preview's mailbox.
pub async fn inbox(session: Session) -> Result<Vec<MailItem>, AppError> {
    get_authed("/api/mail/inbox", session).await
}

/// `POST /api/pane/email`: every card for the open email, in one call.
pub async fn email_context(
    session: Session,
    request: EmailContextRequest,
) -> Result<EmailContext, AppError> {
    send_authed(Request::post("/api/pane/email"), Some(&request), session).await
}

/// `POST /api/pane/email/choose`: remember which contact an ambiguous address is.
pub async fn choose_contact(
    session: Session,
    choice: ChooseContact,
) -> Result<ContactCard, AppError> {
    send_authed(
        Request::post("/api/pane/email/choose"),
        Some(&choice),
        session,
    )
    .await
}

/// `POST /api/pane/email/contact`: add an unknown participant to the CRM.
pub async fn add_contact(session: Session, contact: AddContact) -> Result<ContactCard, AppError> {
    send_authed(
        Request::post("/api/pane/email/contact"),
        Some(&contact),
        session,
    )
    .await
}

/// `POST /api/pane/email/save`: save the email to the CRM (idempotent).
pub async fn save_email(session: Session, save: SaveEmail) -> Result<Saved, AppError> {
    send_authed(Request::post("/api/pane/email/save"), Some(&save), session).await
}

/// `POST /api/pane/record`: edit a contact's or an opportunity's fields, unless the record
/// changed in the CRM since it was read (`409` with its current values).
pub async fn update_record(session: Session, update: UpdateRecord) -> Result<EditResult, AppError> {
    let result =
        match send_with_token(Request::post("/api/pane/record"), Some(&update), session).await {
            Ok(Ok(response)) if response.status() == 409 => response
                .json::<RecordConflict>()
                .await
                .map(EditResult::Conflict)
                .map_err(|_| AppError::Unexpected { status: 409 }),
            Ok(sent) => decode::<Updated>(sent)
                .await
                .map(|updated| EditResult::Updated(updated.record)),
            Err(error) => Err(error),
        };
    expire_if_unauthorized(&result, session);
    result
}

/// `POST /api/pane/record/stages`: the stages the CRM allows for one opportunity now.
pub async fn opportunity_stages(
    session: Session,
    id: String,
) -> Result<OpportunityStages, AppError> {
    let request = StagesRequest { id };
    send_authed(
        Request::post("/api/pane/record/stages"),
        Some(&request),
        session,
    )
    .await
}

/// `POST /api/pane/task`: create a follow-up task in the CRM.
pub async fn create_task(session: Session, task: CreateTask) -> Result<RecordLinkView, AppError> {
    send_authed(Request::post("/api/pane/task"), Some(&task), session).await
}

/// `POST /api/search`: search contacts, accounts and opportunities in the CRM.
pub async fn search(
    session: Session,
    request: SearchRequest,
) -> Result<Vec<SearchResult>, AppError> {
    send_authed(Request::post("/api/search"), Some(&request), session).await
}

/// `POST /api/ai/summary`: a summary of the open message's thread.
pub async fn summary(
    session: Session,
    message_id: String,
    conversation_id: Option<String>,
) -> Result<closer_wire::Summary, AppError> {
    send_authed(
        Request::post("/api/ai/summary"),
        Some(&closer_wire::SummaryRequest {
            message_id,
            conversation_id,
            contact_ids: Vec::new(),
            opportunity_id: None,
        }),
        session,
    )
    .await
}

/// `GET /api/crm/connection`: the user's CRM and who they are there.
pub async fn crm_connection(session: Session) -> Result<CrmConnection, AppError> {
    get_authed("/api/crm/connection", session).await
}

/// `GET /api/crm/orgs`: the Dynamics orgs the user can switch to.
pub async fn dynamics_orgs(session: Session) -> Result<Vec<DynamicsOrg>, AppError> {
    get_authed("/api/crm/orgs", session).await
}

/// `PUT /api/crm/connection/dynamics`: switch to another Dynamics org.
pub async fn connect_dynamics(
    session: Session,
    api_url: String,
) -> Result<CrmConnection, AppError> {
    send_authed(
        Request::put("/api/crm/connection/dynamics"),
        Some(&ConnectDynamics { api_url }),
        session,
    )
    .await
}

/// `POST /api/crm/connection/salesforce`: start the Salesforce sign-in.
pub async fn start_salesforce(session: Session) -> Result<SalesforceSignIn, AppError> {
    send_authed::<(), _>(
        Request::post("/api/crm/connection/salesforce"),
        None,
        session,
    )
    .await
}

/// `POST /api/crm/connection/salesforce/finish`: completes the Salesforce sign-in this user
/// started, with what Salesforce handed back.
pub async fn finish_salesforce(
    session: Session,
    finish: FinishSalesforce,
) -> Result<CrmConnection, AppError> {
    send_authed(
        Request::post("/api/crm/connection/salesforce/finish"),
        Some(&finish),
        session,
    )
    .await
}

/// `DELETE /api/crm/connection`: back to the default CRM.
pub async fn disconnect_crm(session: Session) -> Result<CrmConnection, AppError> {
    send_authed::<(), _>(Request::delete("/api/crm/connection"), None, session).await
}

async fn get_authed<T: DeserializeOwned>(path: &str, session: Session) -> Result<T, AppError> {
    send_authed::<(), _>(Request::get(path), None, session).await
}

async fn send_authed<B: serde::Serialize, T: DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
    body: Option<&B>,
    session: Session,
) -> Result<T, AppError> {
    let result = match send_with_token(request, body, session).await {
        Ok(sent) => decode(sent).await,
        Err(error) => Err(error),
    };
    expire_if_unauthorized(&result, session);
    result
}

/// Sends `request` with the session's token and `body` as JSON.
async fn send_with_token<B: serde::Serialize>(
    request: gloo_net::http::RequestBuilder,
    body: Option<&B>,
    session: Session,
) -> Result<Result<Response, gloo_net::Error>, AppError> {
    let token = session.token().ok_or(AppError::SignedOut)?;
    let request = request.header("Authorization", &format!("Bearer {token}"));
    Ok(match body {
        Some(body) => match request.json(body) {
            Ok(request) => request.send().await,
            Err(_) => return Err(AppError::Browser("the request could not be encoded".into())),
        },
        None => request.send().await,
    })
}

/// A call refused for the session's sake (or made without one) ends the session, so the pane
/// offers to sign in again.
fn expire_if_unauthorized<T>(result: &Result<T, AppError>, session: Session) {
    if result.as_ref().is_err_and(AppError::is_unauthorized) {
        session.expire();
    }
}

/// Redeems an authorization code at the authority's token endpoint (a CORS call the authority
/// allows for single-page apps) and returns the access token.
pub async fn redeem_code(endpoint: &str, form: String) -> Result<String, AppError> {
    #[derive(serde::Deserialize)]
    struct Granted {
        access_token: String,
    }
    #[derive(serde::Deserialize)]
    struct Refused {
        error: String,
    }
    let response = Request::post(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .map_err(|_| AppError::SignIn("the request could not be built".into()))?
        .send()
        .await
        .map_err(|_| AppError::SignIn("the sign-in service could not be reached".into()))?;
    if response.ok() {
        let granted: Granted = response
            .json()
            .await
            .map_err(|_| AppError::SignIn("the sign-in service answered unexpectedly".into()))?;
        return Ok(granted.access_token);
    }
    let reason = response
        .json::<Refused>()
        .await
        .map(|r| r.error)
        .unwrap_or_else(|_| format!("HTTP {}", response.status()));
    Err(AppError::SignIn(reason))
}

async fn decode<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, AppError> {
    let response = sent.map_err(|_| AppError::Network)?;
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| AppError::Unexpected { status });
    }
    match response.json::<ApiError>().await {
        Ok(error) => Err(AppError::Api(error)),
        Err(_) => Err(AppError::Unexpected { status }),
    }
}

/// `GET /api/mail/calendar`: the preview's calendar between two RFC 3339 instants.
pub async fn calendar(
    session: Session,
    start: &str,
    end: &str,
) -> Result<Vec<closer_wire::MeetingItem>, AppError> {
    let query = web_sys::UrlSearchParams::new()
        .map_err(|_| AppError::Browser("URLSearchParams unavailable".into()))?;
    query.append("start", start);
    query.append("end", end);
    let path = format!("/api/mail/calendar?{}", String::from(query.to_string()));
    get_authed(&path, session).await
}

/// `POST /api/pane/meeting`: every card for the open meeting, in one call.
pub async fn meeting_context(
    session: Session,
    event_id: String,
) -> Result<closer_wire::MeetingContext, AppError> {
    send_authed(
        Request::post("/api/pane/meeting"),
        Some(&closer_wire::MeetingContextRequest { event_id }),
        session,
    )
    .await
}

/// `POST /api/ai/recap`: a past meeting's recap from its transcript, with suggested CRM updates.
pub async fn meeting_recap(
    session: Session,
    request: closer_wire::MeetingRecapRequest,
) -> Result<closer_wire::MeetingRecap, AppError> {
    send_authed(Request::post("/api/ai/recap"), Some(&request), session).await
}

/// `POST /api/ai/meeting-prep`: the emails, tasks, recap and brief before a meeting.
pub async fn meeting_prep(
    session: Session,
    request: closer_wire::MeetingPrepRequest,
) -> Result<closer_wire::MeetingPrep, AppError> {
    send_authed(
        Request::post("/api/ai/meeting-prep"),
        Some(&request),
        session,
    )
    .await
}

/// `POST /api/pane/meeting/from-chat`: the user's own calendar event for the Teams meeting whose
/// chat a Teams tab is in (the worker resolves a recurring series to the right occurrence).
pub async fn meeting_for_chat(
    session: Session,
    chat_id: String,
) -> Result<closer_wire::MeetingItem, AppError> {
    send_authed(
        Request::post("/api/pane/meeting/from-chat"),
        Some(&closer_wire::MeetingForChat { chat_id }),
        session,
    )
    .await
}

/// `POST /api/pane/meeting/save`: save the meeting to the CRM (idempotent).
pub async fn save_meeting(
    session: Session,
    save: closer_wire::SaveMeeting,
) -> Result<Saved, AppError> {
    send_authed(
        Request::post("/api/pane/meeting/save"),
        Some(&save),
        session,
    )
    .await
}

/// `POST /api/ai/draft`: opens the reply-draft stream (`text/event-stream` of
/// [`closer_wire::DraftEvent`]s, read by `components::draft::stream`). A failure before the
/// first byte (sign-in, Graph, CRM, the model refusing the call) is the usual typed error.
pub async fn draft_stream(
    session: Session,
    request: &closer_wire::DraftRequest,
) -> Result<web_sys::ReadableStream, AppError> {
    let sent = send_with_token(Request::post("/api/ai/draft"), Some(request), session).await?;
    let result = match sent {
        Ok(response) if response.ok() => response.body().ok_or(AppError::Unexpected {
            status: response.status(),
        }),
        failed => Err(decode::<serde_json::Value>(failed)
            .await
            .err()
            .unwrap_or(AppError::Unexpected { status: 200 })),
    };
    expire_if_unauthorized(&result, session);
    result
}

/// `POST /api/ai/opportunity`: an opportunity's facts and latest notes and activities from the
/// CRM, with the model's cited risks and next steps and suggested follow-up tasks (or why the
/// model gave none).
pub async fn opportunity_summary(
    session: Session,
    opportunity_id: String,
) -> Result<closer_wire::OpportunitySummary, AppError> {
    send_authed(
        Request::post("/api/ai/opportunity"),
        Some(&closer_wire::OpportunitySummaryRequest { opportunity_id }),
        session,
    )
    .await
}

/// `POST /api/ai/summary/note`: saves a summary as a note on one CRM record, once.
pub async fn save_summary_note(
    session: Session,
    request: closer_wire::SaveSummaryNote,
) -> Result<closer_wire::SavedNote, AppError> {
    send_authed(
        Request::post("/api/ai/summary/note"),
        Some(&request),
        session,
    )
    .await
}
