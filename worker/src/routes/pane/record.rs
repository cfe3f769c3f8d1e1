//! `POST /api/pane/record`: inline edit of a contact's or an opportunity's editable fields, with
//! optimistic concurrency, for either CRM.
//!
//! Owns the allow-list of editable fields ([`EDITABLE`]), the validation of the values, and
//! what a refused write turns into. Which field of the CRM each one is, and how long it may be,
//! is the connectors' ([`CrmConnector::editable_column`], [`crm::editable_max_chars`]). A stage
//! must be one the CRM offers for this opportunity ([`CrmConnector::sales_stages`], from its
//! metadata): anything else is refused here, before the CRM is asked. A stage the CRM keeps in
//! a field of the record is written with the other fields; one it keeps elsewhere (a business
//! process flow) is moved by [`CrmConnector::move_stage`] after they are written. The write
//! itself is the connector's: it carries the version the seller saw and the CRM refuses it if
//! the record changed since ([`ProviderError::Conflict`]). A conflict is never retried (the
//! seller decides again on the fresh values); the record is re-read so the pane can show them.
//! No HTTP here, and nothing is stored or logged.

use crate::crm::{
    self, CrmConnector, FieldUpdate, RecordKind, RecordRef, RecordVersion, SalesStages,
};
use crate::error::ApiFailure;
use crate::provider::ProviderError;
use crate::routes::pane::cards::{contact_card, opportunity_card};
use crate::time::is_calendar_date;
use closer_wire::{
    CardField, EditableField, EditableKind, OpportunityStages, RecordCard, StagesRequest,
    TenantSettings, UpdateRecord,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// Which fields of which kind the pane may edit: every CRM's standard ones for now; an admin
/// setting later.
pub const EDITABLE: &[(EditableKind, EditableField)] = &[
    (EditableKind::Contact, EditableField::Title),
    (EditableKind::Contact, EditableField::Phone),
    (EditableKind::Opportunity, EditableField::Stage),
    (EditableKind::Opportunity, EditableField::Amount),
    (EditableKind::Opportunity, EditableField::CloseDate),
];

/// An edit as validated: the other fields in the CRM's names, and the stage asked for (not yet
/// checked against the CRM's stages).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// The record, its version, and every field but the stage.
    pub update: FieldUpdate,
    /// The stage the seller chose, trimmed.
    pub stage: Option<String>,
}

/// What an edit came to.
#[derive(Debug)]
pub enum EditOutcome {
    /// Written; the record as re-read after the write.
    Updated(RecordCard),
    /// Refused because the record changed since it was read: nothing was written.
    Conflict {
        /// The conflict, as the API reports it (`409`, code `conflict`).
        failure: ApiFailure,
        /// The record as the CRM holds it now.
        current: RecordCard,
    },
}

fn bad_request(reason: impl Into<String>) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.into(),
    }
}

fn label(field: EditableField) -> &'static str {
    match field {
        EditableField::Title => "job title",
        EditableField::Phone => "phone",
        EditableField::Stage => "stage",
        EditableField::Amount => "amount",
        EditableField::CloseDate => "close date",
    }
}

fn record_kind(kind: EditableKind) -> RecordKind {
    match kind {
        EditableKind::Contact => RecordKind::Contact,
        EditableKind::Opportunity => RecordKind::Opportunity,
    }
}

/// `48000` or `48000.50`: digits with at most two decimals (no sign, exponent, separators or
/// currency symbol, so a typed value never means something else than it reads).
fn amount(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let valid = !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && fraction.len() <= 2
        && (!fraction.is_empty() || !text.contains('.'));
    valid
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|value| value.is_finite() && (0.0..=crm::MAX_AMOUNT).contains(value))
}

/// The CRM value for one field's text, or why it is refused.
fn value(field: EditableField, text: &str) -> Result<Value, ApiFailure> {
    let text = text.trim();
    if text.is_empty() {
        return Err(bad_request(format!(
            "The {} cannot be empty.",
            label(field)
        )));
    }
    match field {
        EditableField::Amount => amount(text)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| {
                bad_request("Enter the amount as a number of 0 or more, like 48000 or 48000.50.")
            }),
        EditableField::CloseDate if is_calendar_date(text) => Ok(Value::String(text.to_owned())),
        EditableField::CloseDate => Err(bad_request(
            "Enter the close date as YYYY-MM-DD, like 2026-12-15.",
        )),
        _ => match crm::editable_max_chars(field) {
            Some(max) if text.chars().count() > max => Err(bad_request(format!(
                "The {} can be at most {max} characters.",
                label(field)
            ))),
            _ => Ok(Value::String(text.to_owned())),
        },
    }
}

/// Refuses (`403`) a change to a field the tenant's admin hid or made read-only, before the
/// CRM is asked anything.
pub fn allowed_by_admin(
    settings: &TenantSettings,
    request: &UpdateRecord,
) -> Result<(), ApiFailure> {
    request.fields.iter().try_for_each(|change| {
        crate::routes::settings::field_editable(settings, CardField::from(change.field))
    })
}

/// The connector's update for `request` in the CRM's field names (`column` of each field, as
/// [`CrmConnector::editable_column`] gives them), or why it is refused: an unknown record, a
/// field not editable on its kind (or without a field in this CRM) or given twice, an invalid
/// value.
pub fn field_update(
    column: impl Fn(EditableField) -> Option<&'static str>,
    request: &UpdateRecord,
) -> Result<Edit, ApiFailure> {
    let id = request.id.trim();
    let version = request.version.trim();
    if id.is_empty() || version.is_empty() {
        return Err(bad_request(
            "Expected a record id and the version it was read at.",
        ));
    }
    if request.fields.is_empty() && request.extra.is_empty() {
        return Err(bad_request("Nothing to change."));
    }
    let mut fields = BTreeMap::new();
    let mut stage = None;
    for change in &request.fields {
        let not_editable =
            || bad_request(format!("The {} is not editable here.", label(change.field)));
        if !EDITABLE.contains(&(request.kind, change.field)) {
            return Err(not_editable());
        }
        let checked = value(change.field, &change.value)?;
        // The stage is kept apart: it is checked against the CRM's stages before it is written
        // (as a field, or by moving the process). Every other field has a column in every
        // connector (their tests say so).
        let twice = if change.field == EditableField::Stage {
            stage.replace(change.value.trim().to_owned()).is_some()
        } else {
            let name = column(change.field).ok_or_else(not_editable)?;
            fields.insert(name.to_owned(), checked).is_some()
        };
        if twice {
            return Err(bad_request(format!(
                "The {} is changed twice.",
                label(change.field)
            )));
        }
    }
    Ok(Edit {
        update: FieldUpdate {
            record: RecordRef::new(record_kind(request.kind), id),
            expected_version: RecordVersion(version.to_owned()),
            fields,
        },
        stage,
    })
}

/// The stage of `offered` the seller meant by `asked` (its exact spelling, else the one that
/// differs only in case), or the refusal naming the stages there are.
pub fn chosen_stage(asked: &str, offered: &SalesStages) -> Result<String, ApiFailure> {
    offered
        .stages
        .iter()
        .find(|stage| stage.as_str() == asked)
        .or_else(|| {
            offered
                .stages
                .iter()
                .find(|stage| stage.eq_ignore_ascii_case(asked))
        })
        .cloned()
        .ok_or_else(|| {
            bad_request(format!(
                "“{asked}” is not a stage of this opportunity's sales process; choose one of {}.",
                offered.stages.join(", ")
            ))
        })
}

/// The record's card as the CRM holds it now.
async fn current<C: CrmConnector>(crm: &C, record: &RecordRef) -> Result<RecordCard, ApiFailure> {
    if record.kind == RecordKind::Opportunity {
        let opportunity = crm.opportunity(&record.id).await?;
        return Ok(RecordCard::Opportunity {
            opportunity: opportunity_card(crm, &opportunity),
        });
    }
    let contact = crm.contact(&record.id, &[]).await?;
    // A Salesforce record read carries the account's id, not its name. The name only labels the
    // link: without it the card still holds the edit's result.
    let account_name = match &contact.account {
        Some(link) if link.name.is_none() => crm.account(&link.id).await.ok().map(|a| a.name),
        _ => None,
    };
    Ok(RecordCard::Contact {
        contact: contact_card(crm, &contact, account_name.as_deref()),
    })
}

/// `POST /api/pane/record`: writes the changes in the CRM's field names if the record is still
/// at the version the seller saw, and answers with the record as re-read; a record changed
/// meanwhile is [`EditOutcome::Conflict`] with its current values, and nothing is written or
/// retried.
pub async fn update_record<C: CrmConnector>(
    crm: &C,
    request: UpdateRecord,
) -> Result<EditOutcome, ApiFailure> {
    update_record_with(crm, request, BTreeMap::new()).await
}

/// [`update_record`], also writing `extra`: the admin's added fields the seller changed, by
/// the CRM's field name, already typed and allowed ([`crate::routes::settings::extra_update`]).
pub async fn update_record_with<C: CrmConnector>(
    crm: &C,
    request: UpdateRecord,
    extra: BTreeMap<String, Value>,
) -> Result<EditOutcome, ApiFailure> {
    let Edit { mut update, stage } = field_update(|field| crm.editable_column(field), &request)?;
    for (name, value) in extra {
        if update.fields.contains_key(&name) {
            return Err(bad_request(format!("The field {name} is changed twice.")));
        }
        update.fields.insert(name, value);
    }
    let mut move_to = None;
    if let Some(asked) = stage {
        let chosen = chosen_stage(&asked, &crm.sales_stages(&update.record.id).await?)?;
        match crm.editable_column(EditableField::Stage) {
            Some(column) => {
                update
                    .fields
                    .insert(column.to_owned(), Value::String(chosen));
            }
            None => move_to = Some(chosen),
        }
    }
    let written = async {
        let mut version = update.expected_version.clone();
        if !update.fields.is_empty() {
            version = crm.update(&update).await?;
        }
        if let Some(stage) = &move_to {
            crm.move_stage(&update.record.id, &version, stage).await?;
        }
        Ok::<_, ProviderError>(())
    };
    match written.await {
        Ok(()) => Ok(EditOutcome::Updated(current(crm, &update.record).await?)),
        Err(conflict @ ProviderError::Conflict { .. }) => Ok(EditOutcome::Conflict {
            failure: ApiFailure::Provider(conflict),
            current: current(crm, &update.record).await?,
        }),
        Err(other) => Err(other.into()),
    }
}

/// `POST /api/pane/record/stages`: the stages the CRM allows for the opportunity now, for the
/// pane's stage select.
pub async fn opportunity_stages<C: CrmConnector>(
    crm: &C,
    request: StagesRequest,
) -> Result<OpportunityStages, ApiFailure> {
    let id = request.id.trim();
    if id.is_empty() {
        return Err(bad_request("Expected the opportunity's id."));
    }
    let SalesStages { stages, current } = crm.sales_stages(id).await?;
    Ok(OpportunityStages { stages, current })
}

#[cfg(test)]
mod tests {
    use super::*;
    use closer_wire::FieldChange;
    use rstest::rstest;

    fn request(kind: EditableKind, changes: &[(EditableField, &str)]) -> UpdateRecord {
        UpdateRecord {
            kind,
            id: "rec-1".into(),
            version: "W/\"7\"".into(),
            fields: changes
                .iter()
                .map(|(field, value)| FieldChange {
                    field: *field,
                    value: (*value).into(),
                })
                .collect(),
            extra: Vec::new(),
        }
    }

    fn refusal<T: std::fmt::Debug>(result: Result<T, ApiFailure>) -> String {
        match result {
            Err(ApiFailure::BadRequest { reason }) => reason,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    /// A CRM whose fields are named after the pane's, the stage among them (the connectors'
    /// own names are their tests' business).
    fn named(field: EditableField) -> Option<&'static str> {
        Some(match field {
            EditableField::Title => "title",
            EditableField::Phone => "phone",
            EditableField::Stage => "stage",
            EditableField::Amount => "amount",
            EditableField::CloseDate => "close_date",
        })
    }

    /// A CRM whose stage is no field of the record (a business process flow moves it).
    fn stage_elsewhere(field: EditableField) -> Option<&'static str> {
        named(field).filter(|_| field != EditableField::Stage)
    }

    #[test]
    fn a_contact_edit_becomes_the_crms_update_at_the_seen_version() {
        let update = field_update(
            named,
            &request(
                EditableKind::Contact,
                &[
                    (EditableField::Title, "  Chief Operating Officer "),
                    (EditableField::Phone, "+1 206 555 0100"),
                ],
            ),
        )
        .unwrap()
        .update;
        assert_eq!(update.record, RecordRef::new(RecordKind::Contact, "rec-1"));
        assert_eq!(update.expected_version, RecordVersion("W/\"7\"".into()));
        assert_eq!(
            update.fields,
            BTreeMap::from([
                ("phone".to_owned(), Value::from("+1 206 555 0100")),
                ("title".to_owned(), Value::from("Chief Operating Officer")),
            ])
        );
    }

    #[rstest]
    #[case::stage_is_a_field(named)]
    #[case::stage_is_a_process(stage_elsewhere)]
    fn an_opportunity_edit_sends_a_number_and_a_date_and_keeps_the_stage_apart(
        #[case] column: fn(EditableField) -> Option<&'static str>,
    ) {
        let Edit { update, stage } = field_update(
            column,
            &request(
                EditableKind::Opportunity,
                &[
                    (EditableField::Stage, "Negotiate"),
                    (EditableField::Amount, "52000.50"),
                    (EditableField::CloseDate, "2027-01-29"),
                ],
            ),
        )
        .unwrap();
        assert_eq!(update.record.kind, RecordKind::Opportunity);
        assert_eq!(stage.as_deref(), Some("Negotiate"));
        assert!(
            !update.fields.contains_key("stage"),
            "the stage is checked against the CRM's stages first"
        );
        assert_eq!(update.fields["amount"], serde_json::json!(52000.5));
        assert_eq!(update.fields["close_date"], Value::from("2027-01-29"));
    }

    #[test]
    fn a_field_the_crm_has_no_column_for_is_not_editable() {
        let refused = refusal(field_update(
            |_| None,
            &request(EditableKind::Contact, &[(EditableField::Title, "CFO")]),
        ));
        assert_eq!(refused, "The job title is not editable here.");
    }

    #[rstest]
    #[case("0", Some(0.0))]
    #[case("48000", Some(48_000.0))]
    #[case("48000.5", Some(48_000.5))]
    #[case("48000.50", Some(48_000.5))]
    #[case("-1", None)]
    #[case("48,000", None)]
    #[case("$48000", None)]
    #[case("1e5", None)]
    #[case("NaN", None)]
    #[case("inf", None)]
    #[case("48000.", None)]
    #[case(".5", None)]
    #[case("1.234", None)]
    #[case("1000000000000000", None)]
    fn amounts_are_plain_non_negative_numbers(#[case] text: &str, #[case] expected: Option<f64>) {
        assert_eq!(amount(text), expected);
    }

    #[rstest]
    #[case("2026-12-15", true)]
    #[case("2028-02-29", true)]
    #[case("2000-02-29", true)]
    #[case("2026-02-29", false)]
    #[case("1900-02-29", false)]
    #[case("2026-13-01", false)]
    #[case("2026-04-31", false)]
    #[case("2026-00-10", false)]
    #[case("2026-1-01", false)]
    #[case("2026/12/15", false)]
    #[case("15-12-2026", false)]
    #[case("1899-12-31", false)]
    #[case("2026-12-15T00:00:00Z", false)]
    #[case("2026-1２-15", false)]
    fn close_dates_are_calendar_dates(#[case] text: &str, #[case] valid: bool) {
        assert_eq!(is_calendar_date(text), valid);
    }

    #[rstest]
    #[case(
        EditableKind::Contact,
        EditableField::Stage,
        "Negotiate",
        "not editable"
    )]
    #[case(EditableKind::Contact, EditableField::Amount, "1", "not editable")]
    #[case(EditableKind::Opportunity, EditableField::Title, "CFO", "not editable")]
    #[case(EditableKind::Contact, EditableField::Title, "   ", "cannot be empty")]
    #[case(
        EditableKind::Opportunity,
        EditableField::Amount,
        "-5",
        "number of 0 or more"
    )]
    #[case(
        EditableKind::Opportunity,
        EditableField::CloseDate,
        "12/15/2026",
        "YYYY-MM-DD"
    )]
    #[case(EditableKind::Contact, EditableField::Phone, &"5".repeat(41), "at most 40")]
    #[case(EditableKind::Contact, EditableField::Title, &"T".repeat(101), "at most 100")]
    fn invalid_changes_are_refused_with_a_reason(
        #[case] kind: EditableKind,
        #[case] field: EditableField,
        #[case] text: &str,
        #[case] reason: &str,
    ) {
        let refused = refusal(field_update(named, &request(kind, &[(field, text)])));
        assert!(refused.contains(reason), "{refused}");
    }

    #[test]
    fn a_field_twice_nothing_to_change_or_no_version_are_refused() {
        let twice = request(
            EditableKind::Contact,
            &[(EditableField::Title, "A"), (EditableField::Title, "B")],
        );
        assert!(refusal(field_update(named, &twice)).contains("twice"));
        let nothing = request(EditableKind::Contact, &[]);
        assert!(refusal(field_update(named, &nothing)).contains("Nothing"));
        let mut unversioned = request(EditableKind::Contact, &[(EditableField::Title, "A")]);
        unversioned.version = " ".into();
        assert!(refusal(field_update(named, &unversioned)).contains("version"));
    }

    #[test]
    fn a_stage_must_be_one_the_crm_offers() {
        let offered = SalesStages {
            stages: vec!["Develop".into(), "Propose".into(), "Close".into()],
            current: Some("Propose".into()),
        };
        assert_eq!(chosen_stage("Close", &offered).unwrap(), "Close");
        assert_eq!(chosen_stage("close", &offered).unwrap(), "Close");
        let refused = refusal(chosen_stage("Negotiate", &offered));
        assert_eq!(
            refused,
            "“Negotiate” is not a stage of this opportunity's sales process; choose one of Develop, Propose, Close."
        );
    }

    #[test]
    fn the_allow_list_covers_every_field_exactly_once() {
        for field in [
            EditableField::Title,
            EditableField::Phone,
            EditableField::Stage,
            EditableField::Amount,
            EditableField::CloseDate,
        ] {
            assert_eq!(EDITABLE.iter().filter(|(_, f)| *f == field).count(), 1);
        }
    }
}
