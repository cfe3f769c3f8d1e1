//! The wire contract between the pane (`app/`) and the worker (`worker/`).
//!
//! Plain serde types, nothing else: no logic, no I/O, no dependency on either side. Both crates
//! (and the sandbox, which must not share the worker's parsers) agree on these shapes only.

mod admin;
mod ai;
mod auth;
mod crm;
mod draft;
mod edit;
mod error;
mod feedback;
mod health;
mod mail;
mod meeting;
mod opportunity;
mod pane;
mod prep;
mod recap;
mod work;

pub use admin::{
    ADMIN_ROLE, AiFeature, AiFeatures, AuditEntry, AuditLog, CardField, CardKind, CardSettings,
    CrmField, CrmFields, ExtraField, FieldSetting, RegardingDefault, Retention, SaveSettings,
    SavingSettings, SellerSettings, SettingsView, TenantSettings, Trackers,
};
pub use ai::{
    Citation, FactKind, NoteTarget, SalesFact, SaveSummaryNote, SavedNote, Summary, SummaryPoint,
    SummaryRequest, TrackerHit,
};
pub use auth::{AuthConfig, Me};
pub mod limits;
pub use crm::{
    ConnectDynamics, CrmConnection, CrmVendor, DynamicsOrg, FinishSalesforce, SalesforceSignIn,
};
pub use draft::{
    DraftCategory, DraftEvent, DraftLength, DraftPrepareRequest, DraftRefinement, DraftRequest,
    DraftTone, MeetingSlot, PreparedDraft,
};
pub use edit::{
    EditableField, EditableKind, ExtraChange, FieldChange, OpportunityStages, RecordCard,
    RecordConflict, StagesRequest, UpdateRecord, Updated,
};
pub use error::{ApiError, ApiErrorCode};
pub use feedback::{
    AnswerKind, FeedbackComment, FeedbackCount, FeedbackReport, FeedbackSent,
    MAX_FEEDBACK_COMMENT_CHARS, SendFeedback, Vote,
};
pub use health::{Health, HealthStatus, UpstreamCheck, UpstreamKind, UpstreamStatus};
pub use mail::{MailAddress, MailItem};
pub use meeting::{
    MeetingContext, MeetingContextRequest, MeetingForChat, MeetingItem, MeetingTranscript,
    MeetingTranscriptRequest, NoTranscript, SaveMeeting, SpeakerShare,
};
pub use opportunity::{
    DealActivity, DealAnalysis, DealFacts, OpportunitySummary, OpportunitySummaryRequest,
};
pub use pane::{
    AccountCard, AddContact, ChooseContact, ContactCard, EmailContext, EmailContextRequest,
    FieldValue, OpportunityCard, PaneSection, Participant, ParticipantMatch, RecordLinkView,
    SaveEmail, Saved, SectionFailure,
};
pub use prep::{
    LastRecap, MeetingPrep, MeetingPrepRequest, PrepBrief, PrepEmail, PrepPoint, PrepTask,
};
pub use recap::{
    ActionItem, CrmSuggestion, MeetingRecap, MeetingRecapRequest, Recap, RecapPoint,
    SuggestedChange, TranscriptCitation, TranscriptTrackerHit,
};
pub use work::{CreateTask, SearchRequest, SearchResult};
