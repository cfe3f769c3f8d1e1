//! The opportunity summary (`POST /api/ai/opportunity`): the deal's facts as the CRM holds them,
//! its latest notes and activities, and the model's risks and next steps, each backed by
//! verified quotes from those notes; plus follow-up tasks suggested from the next steps, ready
//! to send to `POST /api/pane/task`.
//!
//! The CRM part never depends on the model: when the model fails, `analysis` is absent and
//! `analysis_error` says why, and the pane keeps showing the facts.

use crate::{ApiError, CreateTask, SummaryPoint};
use serde::{Deserialize, Serialize};

/// `POST /api/ai/opportunity`: summarize one opportunity of the user's CRM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunitySummaryRequest {
    /// The opportunity's CRM id.
    pub opportunity_id: String,
}

/// The deal's facts, read from the CRM record (never from the model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealFacts {
    /// CRM id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Sales stage label.
    pub stage: Option<String>,
    /// Estimated amount.
    pub amount: Option<f64>,
    /// The amount's ISO 4217 currency code, when the CRM said.
    #[serde(default)]
    pub currency: Option<String>,
    /// Estimated close date, `YYYY-MM-DD`.
    pub close_date: Option<String>,
    /// Whether the deal is still open.
    pub is_open: bool,
    /// "Open in CRM".
    pub url: String,
}

/// One note or activity of the deal, newest first in [`OpportunitySummary::timeline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealActivity {
    /// CRM id: what citations name in [`crate::Citation::message_id`].
    pub id: String,
    /// `note`, `task`, `email` or `appointment`.
    pub kind: String,
    /// Title or subject.
    pub subject: String,
    /// Its text (plain; empty for emails).
    pub text: String,
    /// Who wrote or owns it, when the CRM said.
    pub author: Option<String>,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// "Open in CRM".
    pub url: String,
}

/// What the model made of the timeline, after verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealAnalysis {
    /// Risks to the deal, each with at least one verified citation of a note or activity.
    pub risks: Vec<SummaryPoint>,
    /// Next steps, each with at least one verified citation.
    pub next_steps: Vec<SummaryPoint>,
    /// One follow-up task per next step, regarding this opportunity; a due date only where
    /// the step or its quotes state one.
    pub suggested_tasks: Vec<CreateTask>,
    /// Which model answered.
    pub model: String,
    /// Citations the model claimed that were not found in their source, and were dropped.
    pub citations_dropped: u32,
    /// Risks and next steps dropped because none of their citations held.
    pub points_dropped: u32,
}

/// The answer of `POST /api/ai/opportunity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpportunitySummary {
    /// The deal's facts from the CRM.
    pub opportunity: DealFacts,
    /// Latest notes and activities, newest first.
    pub timeline: Vec<DealActivity>,
    /// The model's risks and next steps; absent when the model failed.
    pub analysis: Option<DealAnalysis>,
    /// Why the analysis is absent (the facts and timeline above are still right).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_error: Option<ApiError>,
}
