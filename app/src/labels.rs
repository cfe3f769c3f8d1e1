//! The pane's names for the wire's fixed choices (AI features, card fields, fact kinds, draft
//! categories, tones and lengths), in the seller's language. The wire crate's own `label()`s
//! are English and stay the worker's (audit lines, saved notes); what a seller reads comes
//! from here, through the catalogue.

use crate::tr;
use closer_wire::{
    AiFeature, AnswerKind, CardField, DraftCategory, DraftLength, DraftTone, FactKind,
};

/// An AI feature's name on the admin page.
pub fn feature(feature: AiFeature) -> String {
    match feature {
        AiFeature::ThreadSummary => tr!("feature-thread-summary"),
        AiFeature::KeyFacts => tr!("feature-key-facts"),
        AiFeature::ReplyDrafts => tr!("feature-reply-drafts"),
        AiFeature::OpportunitySummary => tr!("feature-opportunity-summary"),
        AiFeature::MeetingRecap => tr!("feature-meeting-recap"),
    }
}

/// A card field's label on the cards and the admin page.
pub fn card_field(field: CardField) -> String {
    match field {
        CardField::Title => tr!("field-title"),
        CardField::Email => tr!("field-email"),
        CardField::Phone => tr!("field-phone"),
        CardField::Account => tr!("field-account"),
        CardField::Industry => tr!("field-industry"),
        CardField::Website => tr!("field-website"),
        CardField::Stage => tr!("field-stage"),
        CardField::Amount => tr!("field-amount"),
        CardField::CloseDate => tr!("field-close-date"),
    }
}

/// A key sales fact's heading.
pub fn fact_kind(kind: FactKind) -> String {
    match kind {
        FactKind::Budget => tr!("fact-budget"),
        FactKind::Authority => tr!("fact-authority"),
        FactKind::Need => tr!("fact-need"),
        FactKind::Timing => tr!("fact-timing"),
        FactKind::Competitors => tr!("fact-competitors"),
        FactKind::Pricing => tr!("fact-pricing"),
        FactKind::NextSteps => tr!("fact-next-steps"),
        FactKind::Sentiment => tr!("fact-sentiment"),
        FactKind::Objections => tr!("fact-objections"),
    }
}

/// A draft category in the draft form.
pub fn draft_category(category: DraftCategory) -> String {
    match category {
        DraftCategory::ReplyToInquiry => tr!("draft-category-reply-to-inquiry"),
        DraftCategory::MakeProposal => tr!("draft-category-make-proposal"),
        DraftCategory::AddressConcern => tr!("draft-category-address-concern"),
        DraftCategory::Custom => tr!("draft-category-custom"),
    }
}

/// A draft tone in the draft form.
pub fn draft_tone(tone: DraftTone) -> String {
    match tone {
        DraftTone::Professional => tr!("draft-tone-professional"),
        DraftTone::Friendly => tr!("draft-tone-friendly"),
        DraftTone::Formal => tr!("draft-tone-formal"),
        DraftTone::Persuasive => tr!("draft-tone-persuasive"),
    }
}

/// A draft length in the draft form.
pub fn draft_length(length: DraftLength) -> String {
    match length {
        DraftLength::Short => tr!("draft-length-short"),
        DraftLength::Medium => tr!("draft-length-medium"),
        DraftLength::Long => tr!("draft-length-long"),
    }
}

/// An AI answer's name (feedback buttons, the admin's feedback tally).
pub fn answer_kind(kind: AnswerKind) -> String {
    match kind {
        AnswerKind::Summary => tr!("answer-summary"),
        AnswerKind::Draft => tr!("answer-draft"),
        AnswerKind::DealAnalysis => tr!("answer-deal-analysis"),
        AnswerKind::Recap => tr!("answer-recap"),
        AnswerKind::MeetingPrep => tr!("answer-meeting-prep"),
    }
}

/// A participant's role as the wire names it (`from`, `to`, `cc`; a meeting's `organizer`,
/// `required`, `optional`), lower case as the card's header writes it; an unknown role as sent.
pub fn participant_role(role: &str) -> String {
    match role {
        "from" => tr!("role-from"),
        "to" => tr!("role-to"),
        "cc" => tr!("role-cc"),
        "organizer" => tr!("role-organizer"),
        "required" => tr!("role-required"),
        "optional" => tr!("role-optional"),
        other => other.to_owned(),
    }
}
