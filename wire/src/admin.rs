//! What an admin decides for the whole tenant, and what the pane learns of it.
//!
//! - `GET /api/admin/settings` → [`SettingsView`]; `PUT /api/admin/settings` with
//!   [`SaveSettings`] → the new [`SettingsView`], or `409` when another admin saved first
//!   (nothing is lost: the pane reloads and the admin decides again).
//! - `GET /api/admin/audit` → [`AuditLog`]; `GET /api/admin/audit.csv` the same as CSV.
//! - `GET /api/settings` → [`SellerSettings`]: what every seller's pane needs of the settings.
//!
//! Only admins (the `Closer.Admin` app role in the token, or the configured admin group) reach
//! the admin routes; the worker decides, the pane only hides the tab.

use serde::{Deserialize, Serialize};

/// The app role (Entra app registration, `roles` claim) that makes a user a Closer admin.
pub const ADMIN_ROLE: &str = "Closer.Admin";

/// The AI features an admin turns on or off, each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct AiFeatures {
    /// The thread summary (with its citations).
    pub thread_summary: bool,
    /// Key sales facts and tracker hits beside the summary.
    pub key_facts: bool,
    /// Reply drafts.
    pub reply_drafts: bool,
    /// The opportunity summary.
    pub opportunity_summary: bool,
    /// The meeting recap (Teams).
    pub meeting_recap: bool,
}

impl Default for AiFeatures {
    fn default() -> Self {
        Self {
            thread_summary: true,
            key_facts: true,
            reply_drafts: true,
            opportunity_summary: true,
            meeting_recap: true,
        }
    }
}

/// One AI feature, by name (what a refusal names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiFeature {
    /// [`AiFeatures::thread_summary`].
    ThreadSummary,
    /// [`AiFeatures::key_facts`].
    KeyFacts,
    /// [`AiFeatures::reply_drafts`].
    ReplyDrafts,
    /// [`AiFeatures::opportunity_summary`].
    OpportunitySummary,
    /// [`AiFeatures::meeting_recap`].
    MeetingRecap,
}

impl AiFeature {
    /// Whether `features` has this one on.
    pub fn is_on(self, features: &AiFeatures) -> bool {
        match self {
            Self::ThreadSummary => features.thread_summary,
            Self::KeyFacts => features.key_facts,
            Self::ReplyDrafts => features.reply_drafts,
            Self::OpportunitySummary => features.opportunity_summary,
            Self::MeetingRecap => features.meeting_recap,
        }
    }

    /// The feature's name as the admin page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::ThreadSummary => "Thread summary",
            Self::KeyFacts => "Key sales facts",
            Self::ReplyDrafts => "Reply drafts",
            Self::OpportunitySummary => "Opportunity summary",
            Self::MeetingRecap => "Meeting recap",
        }
    }
}

/// The record kinds whose cards an admin lays out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Contact cards.
    Contact,
    /// Account cards.
    Account,
    /// Opportunity cards.
    Opportunity,
}

/// A field a card can show, in the pane's neutral names (the worker maps them to each CRM's
/// columns and checks them against the CRM's metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardField {
    /// A contact's job title (editable).
    Title,
    /// A contact's email address.
    Email,
    /// A contact's business phone (editable).
    Phone,
    /// A contact's account.
    Account,
    /// An account's industry.
    Industry,
    /// An account's website.
    Website,
    /// An opportunity's sales stage (editable).
    Stage,
    /// An opportunity's amount (editable).
    Amount,
    /// An opportunity's close date (editable).
    CloseDate,
}

impl CardField {
    /// Every field, in card order.
    pub const ALL: [CardField; 9] = [
        Self::Title,
        Self::Email,
        Self::Phone,
        Self::Account,
        Self::Industry,
        Self::Website,
        Self::Stage,
        Self::Amount,
        Self::CloseDate,
    ];

    /// The card it belongs on.
    pub fn card(self) -> CardKind {
        match self {
            Self::Title | Self::Email | Self::Phone | Self::Account => CardKind::Contact,
            Self::Industry | Self::Website => CardKind::Account,
            Self::Stage | Self::Amount | Self::CloseDate => CardKind::Opportunity,
        }
    }

    /// Whether a seller can ever edit it from the pane (an admin may still forbid it).
    pub fn can_be_editable(self) -> bool {
        matches!(
            self,
            Self::Title | Self::Phone | Self::Stage | Self::Amount | Self::CloseDate
        )
    }

    /// The label the cards and the admin page show.
    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "Job title",
            Self::Email => "Email",
            Self::Phone => "Phone",
            Self::Account => "Account",
            Self::Industry => "Industry",
            Self::Website => "Website",
            Self::Stage => "Stage",
            Self::Amount => "Amount",
            Self::CloseDate => "Close date",
        }
    }
}

impl From<crate::EditableField> for CardField {
    fn from(field: crate::EditableField) -> Self {
        match field {
            crate::EditableField::Title => Self::Title,
            crate::EditableField::Phone => Self::Phone,
            crate::EditableField::Stage => Self::Stage,
            crate::EditableField::Amount => Self::Amount,
            crate::EditableField::CloseDate => Self::CloseDate,
        }
    }
}

/// One field shown on a card, and whether sellers may edit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSetting {
    /// Which field.
    pub field: CardField,
    /// Whether a seller may edit it inline.
    pub editable: bool,
}

/// A field of the CRM's own an admin added to a card (from the CRM's metadata), shown
/// read-only after the standard fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtraField {
    /// Which card.
    pub card: CardKind,
    /// The CRM's field name (Dataverse logical name, Salesforce API name).
    pub name: String,
    /// Its label, as the CRM's metadata gave it when the admin chose it.
    pub label: String,
    /// Whether sellers may edit it (contact and opportunity cards, types Closer can write).
    #[serde(default)]
    pub editable: bool,
    /// Its type, from the CRM's metadata (filled by the worker on save).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// A picklist's values, from the CRM's metadata (filled by the worker on save).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// The fields each card shows, in order; a field not listed is hidden (and cannot be edited).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardSettings {
    /// Fields every card shows: the fields listed, each at most once, on the card they belong
    /// to ([`CardField::card`]).
    pub fields: Vec<FieldSetting>,
    /// The CRM's own fields added to the cards, in order.
    #[serde(default)]
    pub extra: Vec<ExtraField>,
}

impl CardSettings {
    /// The setting of `field`, when it is shown.
    pub fn get(&self, field: CardField) -> Option<&FieldSetting> {
        self.fields.iter().find(|setting| setting.field == field)
    }

    /// Whether `field` is shown.
    pub fn shows(&self, field: CardField) -> bool {
        self.get(field).is_some()
    }

    /// Whether a seller may edit `field`.
    pub fn editable(&self, field: CardField) -> bool {
        self.get(field).is_some_and(|setting| setting.editable)
    }
}

impl Default for CardSettings {
    /// Every field shown; the ones that can be edited editable.
    fn default() -> Self {
        Self {
            fields: CardField::ALL
                .iter()
                .map(|&field| FieldSetting {
                    field,
                    editable: field.can_be_editable(),
                })
                .collect(),
            extra: Vec::new(),
        }
    }
}

/// One field of the CRM's metadata an admin may add to a card (`GET /api/admin/fields`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmField {
    /// The CRM's field name.
    pub name: String,
    /// Its display label.
    pub label: String,
    /// Its type as the CRM names it (`String`, `Money`, `Picklist`; `string`, `currency`…).
    pub kind: String,
    /// A picklist's values, when it is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// `GET /api/admin/fields`: per card, the CRM's readable fields (from its metadata: Dataverse
/// entity definitions, Salesforce describe).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmFields {
    /// Contact fields.
    pub contact: Vec<CrmField>,
    /// Account fields.
    pub account: Vec<CrmField>,
    /// Opportunity fields.
    pub opportunity: Vec<CrmField>,
}

impl CrmFields {
    /// The fields of `card`.
    pub fn of(&self, card: CardKind) -> &[CrmField] {
        match card {
            CardKind::Contact => &self.contact,
            CardKind::Account => &self.account,
            CardKind::Opportunity => &self.opportunity,
        }
    }
}

/// The tenant's tracker lists: words and names the worker finds in threads and transcripts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trackers {
    /// Competitors' names.
    pub competitors: Vec<String>,
    /// The tenant's own products.
    pub products: Vec<String>,
    /// Pricing terms.
    pub pricing: Vec<String>,
}

/// How long Closer keeps what it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Insight storage: `None` is off (the default); on, insights are kept 30 or 90 days.
    pub insight_days: Option<u32>,
    /// Days a seller's choice among several contacts for one address is remembered (1-365).
    pub contact_choice_days: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            insight_days: None,
            contact_choice_days: 180,
        }
    }
}

/// The kinds of record an email or meeting is saved regarding by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegardingDefault {
    /// The suggested open opportunity (the default).
    #[default]
    Opportunity,
    /// The contact's account.
    Account,
    /// The contact.
    Contact,
}

/// How saving to the CRM behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavingSettings {
    /// What the pane proposes as the regarding record.
    pub default_regarding: RegardingDefault,
    /// Salesforce: save emails as Enhanced Email (`EmailMessage`) rather than a completed Task.
    pub salesforce_enhanced_email: bool,
}

/// Everything an admin decides for the tenant. A section missing from a stored value (written
/// before the section existed) takes its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TenantSettings {
    /// Card fields.
    pub cards: CardSettings,
    /// AI features.
    pub features: AiFeatures,
    /// Trackers.
    pub trackers: Trackers,
    /// Retention.
    pub retention: Retention,
    /// Saving.
    pub saving: SavingSettings,
}

/// `GET /api/admin/settings`: the settings and the version an edit must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    /// The settings (the defaults while no admin has saved any).
    pub settings: TenantSettings,
    /// Bumped by every save; `0` while the defaults apply.
    pub version: u64,
    /// Which CRM the settings live with (`dynamics`: a table in the org; `salesforce`: D1).
    pub crm: crate::CrmVendor,
}

/// `PUT /api/admin/settings`: replace the settings, if they are still at `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveSettings {
    /// The version the admin's page read.
    pub version: u64,
    /// The new settings.
    pub settings: TenantSettings,
}

/// One change an admin made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Who: display name.
    pub by: String,
    /// Who: Entra object id.
    pub by_id: String,
    /// Which setting, as a path (`features.reply_drafts`, `trackers.competitors`).
    pub setting: String,
    /// The value before, as JSON.
    pub before: String,
    /// The value after, as JSON.
    pub after: String,
    /// The settings version the change made.
    pub version: u64,
}

/// `GET /api/admin/audit`: the changes, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    /// Entries, newest first.
    pub entries: Vec<AuditEntry>,
}

/// `GET /api/settings`: what the pane needs of the settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerSettings {
    /// Which AI features are on.
    pub features: AiFeatures,
    /// Which card fields show and which are editable.
    pub cards: CardSettings,
    /// Saving defaults.
    pub default_regarding: RegardingDefault,
    /// Whether the signed-in user is a Closer admin (the worker decided; the pane shows the
    /// Admin tab).
    pub is_admin: bool,
}
