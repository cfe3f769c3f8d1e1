//! `/api/admin/*` (admins only): who is an admin, the tenant's settings as the admin page edits
//! them, the CRM fields an admin may add to cards, the audit log, and the tally of sellers'
//! votes on AI answers (counted in [`crate::routes::ai::feedback`]). What sellers and the
//! other routes honour of the settings is [`crate::routes::settings`].
//!
//! Who is an admin is decided here from the validated token, never by the pane: the
//! `Closer.Admin` app role in `roles`, or membership of the configured `ADMIN_GROUP_ID` in
//! `groups`. Everyone else gets `403` from every admin route.

use crate::config::Config;
use crate::crm::CrmConnector;
use crate::error::ApiFailure;
use crate::identity::UserContext;
use crate::routes::settings::defaults;
use crate::settings::{self, SettingsError, Stored};
use crate::store::CloserStore;
use closer_wire::{
    ADMIN_ROLE, AuditLog, CardKind, CrmFields, CrmVendor, FeedbackReport, SaveSettings,
    SettingsView, TenantSettings,
};

/// Whether `user` is a Closer admin under `config`.
pub fn is_admin(user: &UserContext, config: &Config) -> bool {
    user.roles.iter().any(|role| role == ADMIN_ROLE)
        || config.admin_group_id.as_deref().is_some_and(|group| {
            user.groups
                .iter()
                .any(|member_of| member_of.eq_ignore_ascii_case(group))
        })
}

/// `Ok` for an admin, `403` for everyone else.
pub fn require_admin(user: &UserContext, config: &Config) -> Result<(), ApiFailure> {
    if is_admin(user, config) {
        Ok(())
    } else {
        Err(ApiFailure::NotAdmin)
    }
}

fn failure(error: SettingsError) -> ApiFailure {
    match error {
        SettingsError::Invalid(reason) => ApiFailure::BadRequest { reason },
        SettingsError::Conflict { current } => ApiFailure::SettingsConflict { current },
        SettingsError::Store(error) => ApiFailure::Store(error),
    }
}

fn view(stored: Stored, crm: CrmVendor) -> SettingsView {
    SettingsView {
        settings: stored.settings,
        version: stored.version,
        crm,
    }
}

/// `GET /api/admin/settings`.
pub async fn settings_view<S: CloserStore>(
    store: &S,
    user: &UserContext,
    config: &Config,
    crm: CrmVendor,
    now: u64,
) -> Result<SettingsView, ApiFailure> {
    require_admin(user, config)?;
    let stored = settings::load(store, &user.tenant_id, &defaults(config), now).await?;
    Ok(view(stored, crm))
}

/// `PUT /api/admin/settings`: saves if nobody saved since `edit.version` (else `409`).
pub async fn save_settings<S: CloserStore>(
    store: &S,
    user: &UserContext,
    config: &Config,
    crm: CrmVendor,
    edit: SaveSettings,
    now: u64,
) -> Result<(SettingsView, Stored), ApiFailure> {
    require_admin(user, config)?;
    let stored = settings::save(store, user, &defaults(config), edit, now)
        .await
        .map_err(failure)?;
    Ok((view(stored.clone(), crm), stored))
}

/// `GET /api/admin/audit`.
pub async fn audit<S: CloserStore>(
    store: &S,
    user: &UserContext,
    config: &Config,
    now: u64,
) -> Result<AuditLog, ApiFailure> {
    require_admin(user, config)?;
    let stored = settings::load(store, &user.tenant_id, &defaults(config), now).await?;
    Ok(settings::audit_log(&stored))
}

/// `GET /api/admin/feedback`: votes per AI answer kind, and the newest comments while insight
/// storage is on.
pub async fn feedback<S: CloserStore>(
    store: &S,
    user: &UserContext,
    config: &Config,
    settings: &TenantSettings,
    now: u64,
) -> Result<FeedbackReport, ApiFailure> {
    require_admin(user, config)?;
    crate::routes::ai::feedback::report(store, user, settings, now).await
}

/// `GET /api/admin/fields`: the CRM's readable fields per card, from its metadata.
pub async fn crm_fields<C: CrmConnector>(
    crm: &C,
    user: &UserContext,
    config: &Config,
) -> Result<CrmFields, ApiFailure> {
    require_admin(user, config)?;
    let (contact, account, opportunity) = futures::join!(
        crm.card_fields(CardKind::Contact),
        crm.card_fields(CardKind::Account),
        crm.card_fields(CardKind::Opportunity)
    );
    Ok(CrmFields {
        contact: contact?,
        account: account?,
        opportunity: opportunity?,
    })
}

fn card_name(card: CardKind) -> &'static str {
    match card {
        CardKind::Contact => "contacts",
        CardKind::Account => "accounts",
        CardKind::Opportunity => "opportunities",
    }
}

/// Refuses an extra field the CRM does not have on that card's records (`400`, nothing saved)
/// and takes every extra field's name and label from the CRM's metadata, not from the page.
pub fn check_extra(settings: &mut TenantSettings, catalogue: &CrmFields) -> Result<(), ApiFailure> {
    for extra in &mut settings.cards.extra {
        let known = catalogue
            .of(extra.card)
            .iter()
            .find(|field| field.name.eq_ignore_ascii_case(&extra.name))
            .ok_or_else(|| ApiFailure::BadRequest {
                reason: format!(
                    "Your CRM has no field \"{}\" on {} that a card can show.",
                    extra.name,
                    card_name(extra.card)
                ),
            })?;
        extra.name = known.name.clone();
        extra.label = known.label.clone();
        extra.kind = known.kind.clone();
        extra.options = known.options.clone();
        let can_write = extra.card != CardKind::Account
            && crate::crm::metadata::writable(&known.kind).is_some();
        if extra.editable && !can_write {
            return Err(ApiFailure::BadRequest {
                reason: format!(
                    "Sellers cannot edit \"{}\" from the pane: Closer edits added fields of contacts and opportunities with text, number, yes/no or (Salesforce) picklist values.",
                    known.label
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::settings::card_columns;

    fn user(roles: &[&str], groups: &[&str]) -> UserContext {
        UserContext {
            tenant_id: "t".into(),
            object_id: "o".into(),
            name: "Alex".into(),
            username: "alex@example.com".into(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    fn config(group: Option<&str>) -> Config {
        Config::from_lookup(|name| match name {
            "ADMIN_GROUP_ID" => group.map(str::to_owned),
            "TRACKERS" => Some(r#"{"competitors":["Globex"],"pricing":["discount"]}"#.into()),
            _ => None,
        })
        .unwrap()
    }

    #[test]
    fn admins_are_the_role_or_the_configured_group() {
        assert!(is_admin(&user(&["Closer.Admin"], &[]), &config(None)));
        assert!(!is_admin(&user(&["closer.admin"], &[]), &config(None)));
        assert!(!is_admin(&user(&["Reader"], &["g1"]), &config(None)));
        assert!(is_admin(&user(&[], &["G1"]), &config(Some("g1"))));
        assert!(!is_admin(&user(&[], &["g2"]), &config(Some("g1"))));
        assert!(matches!(
            require_admin(&user(&[], &[]), &config(None)),
            Err(ApiFailure::NotAdmin)
        ));
    }

    #[test]
    fn extra_fields_must_be_in_the_crms_metadata_and_take_its_labels() {
        let catalogue = CrmFields {
            account: vec![closer_wire::CrmField {
                name: "address1_city".into(),
                label: "City".into(),
                kind: "String".into(),
                options: Vec::new(),
            }],
            ..CrmFields::default()
        };
        let mut settings = TenantSettings::default();
        settings.cards.extra.push(closer_wire::ExtraField {
            card: CardKind::Account,
            name: "ADDRESS1_CITY".into(),
            label: "<b>forged</b>".into(),
            editable: false,
            kind: "forged".into(),
            options: vec!["forged".into()],
        });
        check_extra(&mut settings, &catalogue).unwrap();
        assert_eq!(settings.cards.extra[0].name, "address1_city");
        assert_eq!(settings.cards.extra[0].label, "City");
        assert_eq!(card_columns(&settings).account, ["address1_city"]);

        // On another card, or not in the CRM: refused with the name.
        settings.cards.extra[0].card = CardKind::Contact;
        let refused = check_extra(&mut settings, &catalogue).unwrap_err();
        assert!(
            matches!(&refused, ApiFailure::BadRequest { reason } if reason.contains("address1_city") && reason.contains("contacts")),
            "{refused:?}"
        );
    }

    #[test]
    fn defaults_take_the_deploy_trackers() {
        let settings = defaults(&config(None));
        assert_eq!(settings.trackers.competitors, ["Globex"]);
        assert_eq!(settings.trackers.pricing, ["discount"]);
        assert!(settings.trackers.products.is_empty());
        assert!(settings.features.reply_drafts);
    }
}
