//! `GET /api/settings` (every seller), and what every route must honour of the tenant's
//! settings: the defaults before an admin saved any ([`defaults`]), the features that are on
//! ([`feature_on`]), the fields sellers may edit ([`field_editable`], [`extra_update`]) and the
//! extra card columns the connectors read ([`card_columns`]). Admins edit the settings through
//! `/api/admin/*` ([`crate::routes::admin`]).

use crate::ai::trackers::DEFAULT_TRACKERS;
use crate::config::Config;
use crate::crm::CardColumns;
use crate::error::ApiFailure;
use crate::identity::UserContext;
use crate::routes::admin::is_admin;
use closer_wire::{AiFeature, CardField, CardKind, SellerSettings, TenantSettings, Trackers};
use std::collections::BTreeMap;

/// The settings while no admin has saved any: every field and feature on, and the deploy's
/// `TRACKERS` and `SALESFORCE_ENHANCED_EMAIL` as the first values (so an existing deployment
/// keeps behaving as before until an admin decides otherwise).
pub fn defaults(config: &Config) -> TenantSettings {
    let mut settings = TenantSettings::default();
    let raw = config
        .trackers
        .as_deref()
        .filter(|raw| !raw.trim().is_empty())
        .unwrap_or(DEFAULT_TRACKERS);
    let lists: BTreeMap<String, Vec<String>> = serde_json::from_str(raw).unwrap_or_default();
    let list = |name: &str| lists.get(name).cloned().unwrap_or_default();
    settings.trackers = Trackers {
        competitors: list("competitors"),
        products: list("products"),
        pricing: list("pricing"),
    };
    settings.saving.salesforce_enhanced_email = config.salesforce_enhanced_email;
    settings
}

/// `GET /api/settings`: what the seller's pane must honour, and whether they are an admin.
pub fn seller_settings(
    settings: &TenantSettings,
    user: &UserContext,
    config: &Config,
) -> SellerSettings {
    SellerSettings {
        features: settings.features,
        cards: settings.cards.clone(),
        default_regarding: settings.saving.default_regarding,
        is_admin: is_admin(user, config),
    }
}

/// The extra card columns the connectors read in the email lookup.
pub fn card_columns(settings: &TenantSettings) -> CardColumns {
    let of = |card: CardKind| {
        settings
            .cards
            .extra
            .iter()
            .filter(|extra| extra.card == card)
            .map(|extra| extra.name.clone())
            .collect()
    };
    CardColumns {
        contact: of(CardKind::Contact),
        account: of(CardKind::Account),
        opportunity: of(CardKind::Opportunity),
    }
}

/// The admin's added fields of a `kind` record a seller changes in `changes`, typed for the CRM
/// by their metadata: `403` for a field not added or not editable, `400` for a value its type
/// refuses.
pub fn extra_update(
    settings: &TenantSettings,
    kind: closer_wire::EditableKind,
    changes: &[closer_wire::ExtraChange],
) -> Result<std::collections::BTreeMap<String, serde_json::Value>, ApiFailure> {
    let card = match kind {
        closer_wire::EditableKind::Contact => CardKind::Contact,
        closer_wire::EditableKind::Opportunity => CardKind::Opportunity,
    };
    let mut fields = std::collections::BTreeMap::new();
    for change in changes {
        let extra = settings
            .cards
            .extra
            .iter()
            .find(|e| e.card == card && e.editable && e.name.eq_ignore_ascii_case(&change.name))
            .ok_or_else(|| ApiFailure::ExtraNotEditable(change.name.clone()))?;
        let how = crate::crm::metadata::writable(&extra.kind)
            .ok_or_else(|| ApiFailure::ExtraNotEditable(change.name.clone()))?;
        let value =
            crate::crm::metadata::typed_value(how, &extra.label, &change.value, &extra.options)
                .map_err(|reason| ApiFailure::BadRequest { reason })?;
        if fields.insert(extra.name.clone(), value).is_some() {
            return Err(ApiFailure::BadRequest {
                reason: format!("{} is changed twice.", extra.label),
            });
        }
    }
    Ok(fields)
}

/// `Ok` when `feature` is on for the tenant, else `403` naming it.
pub fn feature_on(settings: &TenantSettings, feature: AiFeature) -> Result<(), ApiFailure> {
    if feature.is_on(&settings.features) {
        Ok(())
    } else {
        Err(ApiFailure::FeatureOff(feature))
    }
}

/// `Ok` when sellers may edit `field`, else `403` naming it.
pub fn field_editable(settings: &TenantSettings, field: CardField) -> Result<(), ApiFailure> {
    if settings.cards.editable(field) {
        Ok(())
    } else {
        Err(ApiFailure::FieldNotEditable(field))
    }
}
