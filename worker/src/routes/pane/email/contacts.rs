//! People in the CRM from the pane: remembering which of several contacts an address means
//! ([`choose_contact`], a [`RowKind::ContactMatch`] row of the user holding only the CRM id),
//! reading that choice back ([`remembered`]), and creating the contact for an unknown
//! participant ([`add_contact`]).
//!
//! A choice is only ever accepted for a contact the CRM returns for that address right now, so
//! the pane cannot make Closer remember (or later show) an arbitrary record.
//!
//! The row is keyed by a keyed hash of the address ([`choice_key`]), not the address: whoever
//! reads Closer's rows (a D1 export, the org's table) learns no one's email address, and
//! cannot test guesses without the deployment's key. It expires after the admin's retention
//! ([`closer_wire::Retention::contact_choice_days`]).

use crate::crm::{Contact, CrmConnector, NewContact};
use crate::error::ApiFailure;
use crate::routes::pane::cards::contact_card;
use crate::routes::pane::participants::{domain_of, is_internal};
use crate::routes::request::RequestContext;
use crate::store::{CloserStore, Row, RowKind};
use closer_wire::{AddContact, ChooseContact, ContactCard};

/// The address as Closer compares it: trimmed and lowercased.
pub fn address_key(address: &str) -> String {
    address.trim().to_ascii_lowercase()
}

/// The secret that keys remembered choices (derived from the `VAULT_KEY` secret at the edge).
#[derive(Clone)]
pub struct RowKey(pub [u8; 32]);

impl std::fmt::Debug for RowKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RowKey(..)")
    }
}

impl RowKey {
    /// The row key for `secret` (the deployment's vault key): a separate key per purpose, so
    /// the hash never equals anything sealed with the vault key itself.
    pub fn derive(secret: &[u8]) -> Self {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(b"closer/contact-choice/v1\0");
        hasher.update(secret);
        Self(hasher.finalize().into())
    }
}

/// A remembered choice's row key: HMAC-SHA256 of the tenant and the compared address, hex.
pub fn choice_key(key: &RowKey, tenant_id: &str, address: &str) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(&key.0).expect("HMAC takes any key length");
    mac.update(tenant_id.as_bytes());
    mac.update(b"\0");
    mac.update(address_key(address).as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn bad_request(reason: &str) -> ApiFailure {
    ApiFailure::BadRequest {
        reason: reason.to_owned(),
    }
}

fn optional(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The contact the seller chose for `address`, if the choice is still one of `candidates`. A
/// store that cannot answer counts as no choice: the pane then asks again rather than failing.
pub async fn remembered<'c, C, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    address: &str,
    candidates: &'c [Contact],
) -> Option<&'c Contact> {
    let key = choice_key(ctx.row_key.as_ref()?, &ctx.scope.tenant_id, address);
    let row = ctx
        .store
        .get(ctx.user_scope(), RowKind::ContactMatch, &key, ctx.now)
        .await
        .ok()
        .flatten()?;
    candidates.iter().find(|contact| contact.id == row.value)
}

/// The CRM's contacts for exactly this address (one query).
async fn contacts_at<C: CrmConnector>(crm: &C, address: &str) -> Result<Vec<Contact>, ApiFailure> {
    let contacts = crm.contacts_by_emails(&[address.to_owned()]).await?;
    Ok(contacts
        .into_iter()
        .filter(|contact| {
            contact
                .email
                .as_deref()
                .is_some_and(|email| address_key(email) == address)
        })
        .collect())
}

/// `POST /api/pane/email/choose`: remembers `contact_id` for `address`, after checking with the
/// CRM that it is one of the address's contacts; anything else is refused.
pub async fn choose_contact<C: CrmConnector, S: CloserStore>(
    ctx: &RequestContext<'_, C, S>,
    choice: ChooseContact,
) -> Result<ContactCard, ApiFailure> {
    let address = address_key(&choice.address);
    let contact_id = choice.contact_id.trim();
    if domain_of(&address).is_none() || contact_id.is_empty() {
        return Err(bad_request("Expected an email address and a contact id."));
    }
    let candidates = contacts_at(ctx.crm, &address).await?;
    let chosen = candidates
        .iter()
        .find(|contact| contact.id == contact_id)
        .ok_or_else(|| bad_request("That contact is not one of this address's CRM contacts."))?;
    let row_key = ctx.row_key.as_ref().ok_or(ApiFailure::NotConfigured {
        what: crate::config::var::VAULT_KEY,
    })?;
    let days = u64::from(ctx.settings.retention.contact_choice_days);
    ctx.store
        .put(
            ctx.user_scope(),
            RowKind::ContactMatch,
            &choice_key(row_key, &ctx.scope.tenant_id, &address),
            &Row {
                value: chosen.id.clone(),
                expires_at: Some(ctx.now.saturating_add(days * 86_400)),
            },
        )
        .await?;
    Ok(contact_card(ctx.crm, chosen, None))
}

/// `POST /api/pane/email/contact`: creates the CRM contact for an unknown participant and
/// returns its card as the CRM stored it. An address that meanwhile has a contact (a second
/// click, a colleague's add) gets that contact back instead of a duplicate.
pub async fn add_contact<C: CrmConnector, S>(
    ctx: &RequestContext<'_, C, S>,
    request: AddContact,
) -> Result<ContactCard, ApiFailure> {
    let email = address_key(&request.email);
    if domain_of(&email).is_none() {
        return Err(bad_request("A contact needs a valid email address."));
    }
    if is_internal(&email, ctx.internal_domains) {
        return Err(bad_request(
            "That address is a colleague's; colleagues are not added as contacts.",
        ));
    }
    let last_name = request.last_name.trim();
    if last_name.is_empty() {
        return Err(bad_request("A contact needs a last name."));
    }
    let existing = contacts_at(ctx.crm, &email).await?;
    match existing.as_slice() {
        [] => {}
        [contact] => return Ok(contact_card(ctx.crm, contact, None)),
        _ => {
            return Err(bad_request(
                "Several CRM contacts already have this address; choose one of them.",
            ));
        }
    }
    let created = ctx
        .crm
        .create_contact(&NewContact {
            first_name: optional(&request.first_name),
            last_name: last_name.to_owned(),
            email: Some(email),
            job_title: optional(&request.title),
            phone: optional(&request.phone),
            account_id: None,
        })
        .await?;
    let contact = ctx.crm.contact(&created.id, &[]).await?;
    Ok(contact_card(ctx.crm, &contact, None))
}
