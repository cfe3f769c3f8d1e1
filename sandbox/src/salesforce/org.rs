//! [`SalesforceState`]: the emulated org's records, sessions and switches, and the accessors
//! tests use to look inside (exactly what a connector wrote) or to act as someone else would
//! (an edit in the Salesforce UI, an expired session, Enhanced Email switched off).

use super::clock;
use super::schema;
use super::seed;
use crate::crm_seed::{self, SeedUser};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Salesforce's default session timeout (Setup → Session Settings), which is all an access
/// token's lifetime is: token responses carry no `expires_in`.
pub const DEFAULT_SESSION_SECS: i64 = 2 * 3600;

/// One stored record: its sObject and its fields under their canonical names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    pub sobject: &'static str,
    pub fields: Map<String, Value>,
}

impl Record {
    pub fn id(&self) -> &str {
        self.fields
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }
}

/// An access token: who it acts for and until when.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user: &'static SeedUser,
    pub expires_at: i64,
    /// The refresh token it was issued with or from: revoking that token ends the session.
    pub refresh_token: Option<String>,
}

/// An authorization code awaiting the token endpoint.
#[derive(Debug, Clone)]
pub(crate) struct PendingCode {
    pub user: &'static SeedUser,
    pub code_challenge: String,
    pub redirect_uri: String,
    pub client_id: String,
    pub scope: String,
}

/// The rest of a query result, served batch by batch through `nextRecordsUrl`.
#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    pub user: &'static str,
    pub rows: Vec<Value>,
    pub batch: usize,
}

/// A session a test asked for directly (instead of driving the OAuth pages).
#[derive(Debug, Clone)]
pub struct IssuedSession {
    /// The access token (`Authorization: Bearer …`).
    pub access_token: String,
    /// The refresh token for the `refresh_token` grant.
    pub refresh_token: String,
    /// The user's id (`005…`).
    pub user_id: String,
}

/// The Salesforce org's mutable state. [`Default`] is the seeded org (`crm_seed`), Enhanced
/// Email on, two-hour sessions.
#[derive(Debug)]
pub struct SalesforceState {
    records: Vec<Record>,
    pub(crate) sessions: HashMap<String, Session>,
    pub(crate) refresh_tokens: HashMap<String, &'static SeedUser>,
    pub(crate) codes: HashMap<String, PendingCode>,
    pub(crate) cursors: HashMap<String, Cursor>,
    enhanced_email: bool,
    /// Whether multiple currencies are enabled (then records carry `CurrencyIsoCode`).
    multi_currency: bool,
    session_secs: i64,
    sequence: u64,
    last_stamp: i64,
    pub(crate) api_usage: u64,
}

impl Default for SalesforceState {
    fn default() -> Self {
        let records = seed::records();
        // Writes must move versions forward even if this machine's clock is behind the seed's.
        let last_stamp = records
            .iter()
            .filter_map(|r| r.text("LastModifiedDate").and_then(clock::parse))
            .max()
            .unwrap_or_default();
        Self {
            records,
            sessions: HashMap::new(),
            refresh_tokens: HashMap::new(),
            codes: HashMap::new(),
            cursors: HashMap::new(),
            enhanced_email: true,
            multi_currency: false,
            session_secs: DEFAULT_SESSION_SECS,
            sequence: 0,
            last_stamp,
            api_usage: 0,
        }
    }
}

/// The org's id (`00D…`).
pub fn org_id() -> String {
    crm_seed::salesforce_id("00D", "northwind-org")
}

/// The `User.Id` of a seeded CRM user (`crm_seed::USERS` key).
pub fn user_id(user_key: &str) -> String {
    crm_seed::salesforce_id("005", user_key)
}

impl SalesforceState {
    /// The record `id` of `sobject` exactly as stored (canonical field names, no `attributes`),
    /// or `None`.
    pub fn record(&self, sobject: &str, id: &str) -> Option<Value> {
        self.records
            .iter()
            .find(|r| r.sobject.eq_ignore_ascii_case(sobject) && r.id() == id)
            .map(|r| Value::Object(r.fields.clone()))
    }

    /// How many records of `sobject` the org holds.
    pub fn count(&self, sobject: &str) -> usize {
        self.records
            .iter()
            .filter(|r| r.sobject.eq_ignore_ascii_case(sobject))
            .count()
    }

    /// Someone edits the record in the Salesforce UI: its `LastModifiedDate` moves on (by at
    /// least a second, as stored date-times have second precision). `false` if there is none.
    pub fn touch(&mut self, sobject: &str, id: &str) -> bool {
        let stamp = self.stamp();
        let Some(record) = self
            .records
            .iter_mut()
            .find(|r| r.sobject.eq_ignore_ascii_case(sobject) && r.id() == id)
        else {
            return false;
        };
        record
            .fields
            .insert("LastModifiedDate".into(), Value::String(stamp));
        true
    }

    /// The seller marks the task `id` complete in the Salesforce UI: Status Completed, so
    /// `IsClosed` true. `false` if there is none.
    pub fn complete_task(&mut self, id: &str) -> bool {
        let Some(record) = self
            .records
            .iter_mut()
            .find(|r| r.sobject.eq_ignore_ascii_case("Task") && r.id() == id)
        else {
            return false;
        };
        record
            .fields
            .insert("Status".into(), Value::String("Completed".into()));
        record.fields.insert("IsClosed".into(), Value::Bool(true));
        self.touch("Task", id)
    }

    /// The parties of a saved `EmailMessage`, from its `EmailMessageRelation` rows:
    /// (`FromAddress` | `ToAddress` | `CcAddress` | `BccAddress`, the related record's id or,
    /// without one, the address).
    pub fn email_relations(&self, email_id: &str) -> Vec<(String, String)> {
        self.records_of("EmailMessageRelation")
            .filter(|r| r.text("EmailMessageId") == Some(email_id))
            .map(|r| {
                let who = r
                    .text("RelationId")
                    .or_else(|| r.text("RelationAddress"))
                    .unwrap_or_default();
                (
                    r.text("RelationType").unwrap_or_default().to_owned(),
                    who.to_owned(),
                )
            })
            .collect()
    }

    /// The people related to an `Event` through `EventRelation` rows (not its `WhoId`).
    pub fn event_relations(&self, event_id: &str) -> Vec<String> {
        self.records_of("EventRelation")
            .filter(|r| r.text("EventId") == Some(event_id))
            .filter_map(|r| r.text("RelationId").map(str::to_owned))
            .collect()
    }

    /// Whether Enhanced Email is on (`EmailMessage` exists).
    pub fn enhanced_email(&self) -> bool {
        self.enhanced_email
    }

    /// Switches Enhanced Email: off, `EmailMessage` and `EmailMessageRelation` are unknown types.
    pub fn set_enhanced_email(&mut self, on: bool) {
        self.enhanced_email = on;
    }

    /// Whether multiple currencies are enabled.
    pub fn multi_currency(&self) -> bool {
        self.multi_currency
    }

    /// Sets the org's currency: its default (corporate) ISO code, as `Organization` reports it,
    /// and whether multiple currencies are enabled. Enabling them stamps every opportunity that
    /// has none with the corporate currency, as Salesforce does for existing records
    /// (https://help.salesforce.com/s/articleView?id=sf.admin_enable_multicurrency.htm).
    pub fn set_currency(&mut self, multi_currency: bool, default_iso_code: &str) {
        self.multi_currency = multi_currency;
        for record in self.records.iter_mut() {
            match record.sobject {
                "Organization" => {
                    record
                        .fields
                        .insert("DefaultCurrencyIsoCode".into(), default_iso_code.into());
                }
                "Opportunity" if multi_currency => {
                    record
                        .fields
                        .entry("CurrencyIsoCode")
                        .or_insert_with(|| default_iso_code.into());
                }
                _ => {}
            }
        }
    }

    /// Whether `field` of an object exists in this org now (`CurrencyIsoCode` only with
    /// multiple currencies, [`schema::MULTI_CURRENCY_FIELDS`]).
    pub(crate) fn has_field(&self, field: &str) -> bool {
        self.multi_currency
            || !schema::MULTI_CURRENCY_FIELDS
                .iter()
                .any(|name| name.eq_ignore_ascii_case(field))
    }

    /// The field `name` of `object` as this org has it (see [`Self::has_field`]).
    pub(crate) fn field(
        &self,
        object: &schema::Object,
        name: &str,
    ) -> Option<&'static schema::Field> {
        object
            .field(name)
            .filter(|field| self.has_field(field.name))
    }

    /// The session timeout for sessions issued from now on.
    pub fn set_session_lifetime(&mut self, seconds: i64) {
        self.session_secs = seconds;
    }

    /// Ends every session: each data call is then 401 `INVALID_SESSION_ID` until the client
    /// refreshes (refresh tokens stay valid).
    pub fn expire_sessions(&mut self) {
        for session in self.sessions.values_mut() {
            session.expires_at = 0;
        }
    }

    /// How many refresh tokens are live (issued and not revoked).
    pub fn live_refresh_tokens(&self) -> usize {
        self.refresh_tokens.len()
    }

    /// Revokes every refresh token (the user disconnected the app): refreshes then fail with
    /// `invalid_grant`.
    pub fn revoke_refresh_tokens(&mut self) {
        self.refresh_tokens.clear();
    }

    /// Issues a session and a refresh token for a seeded user (`crm_seed::USERS` key) without
    /// the OAuth pages; `None` for an unknown key.
    pub fn issue_session(&mut self, user_key: &str) -> Option<IssuedSession> {
        let user = crm_seed::USERS.iter().find(|u| u.key == user_key)?;
        let refresh_token = self.new_refresh_token(user);
        Some(IssuedSession {
            access_token: self.new_session_of(user, Some(&refresh_token)),
            refresh_token,
            user_id: user_id(user.key),
        })
    }

    /// A session issued with (authorization code) or from (refresh grant) `refresh_token`.
    pub(crate) fn new_session_of(
        &mut self,
        user: &'static SeedUser,
        refresh_token: Option<&str>,
    ) -> String {
        let token = format!("{}!{}", org_id(), uuid::Uuid::new_v4().simple());
        self.sessions.insert(
            token.clone(),
            Session {
                user,
                expires_at: clock::now() + self.session_secs,
                refresh_token: refresh_token.map(str::to_owned),
            },
        );
        token
    }

    /// `POST /services/oauth2/revoke`: a refresh token is revoked with every access token
    /// issued from it, an access token alone; `false` for a token the org does not know
    /// ("Revoking OAuth Tokens",
    /// https://developer.salesforce.com/docs/platform/mobile-sdk/guide/oauth-revoking-tokens.html).
    pub(crate) fn revoke(&mut self, token: &str) -> bool {
        if self.refresh_tokens.remove(token).is_some() {
            self.sessions
                .retain(|_, session| session.refresh_token.as_deref() != Some(token));
            return true;
        }
        self.sessions.remove(token).is_some()
    }

    pub(crate) fn new_refresh_token(&mut self, user: &'static SeedUser) -> String {
        let token = format!("5Aep{}", uuid::Uuid::new_v4().simple());
        self.refresh_tokens.insert(token.clone(), user);
        token
    }

    /// The user of a live session.
    pub(crate) fn session_user(&self, token: &str) -> Option<&'static SeedUser> {
        self.sessions
            .get(token)
            .filter(|s| s.expires_at > clock::now())
            .map(|s| s.user)
    }

    pub(crate) fn records_of<'a>(&'a self, sobject: &'a str) -> impl Iterator<Item = &'a Record> {
        self.records.iter().filter(move |r| r.sobject == sobject)
    }

    pub(crate) fn find(&self, id: &str) -> Option<&Record> {
        self.records.iter().find(|r| r.id() == id)
    }

    pub(crate) fn find_mut(&mut self, sobject: &str, id: &str) -> Option<&mut Record> {
        self.records
            .iter_mut()
            .find(|r| r.sobject == sobject && r.id() == id)
    }

    /// Whether `sobject` exists in this org now (Enhanced Email objects only when it is on).
    pub(crate) fn has_object(&self, sobject: &schema::Object) -> bool {
        self.enhanced_email || !sobject.enhanced_email_only
    }

    /// Stores a new record of `object` with `fields` (already validated), returning its id.
    pub(crate) fn insert(
        &mut self,
        object: &'static schema::Object,
        mut fields: Map<String, Value>,
        user: &SeedUser,
    ) -> String {
        self.sequence += 1;
        let id = crm_seed::salesforce_id(
            object.prefix,
            &format!("created/{}/{}", object.name, self.sequence),
        );
        let stamp = self.stamp();
        let user_id = Value::String(user_id(user.key));
        fields.insert("Id".into(), Value::String(id.clone()));
        for (name, value) in [
            ("IsDeleted", Value::Bool(false)),
            ("CreatedDate", Value::String(stamp.clone())),
            ("LastModifiedDate", Value::String(stamp)),
            ("CreatedById", user_id.clone()),
            ("LastModifiedById", user_id.clone()),
            ("OwnerId", user_id),
        ] {
            if object.field(name).is_some() && !fields.contains_key(name) {
                fields.insert(name.into(), value);
            }
        }
        self.records.push(Record {
            sobject: object.name,
            fields,
        });
        id
    }

    /// Deletes a record; `false` if there is none.
    pub(crate) fn remove(&mut self, sobject: &str, id: &str) -> bool {
        let before = self.records.len();
        self.records
            .retain(|r| !(r.sobject == sobject && r.id() == id));
        before != self.records.len()
    }

    /// A `LastModifiedDate` for a write now: later than every earlier one by at least a second,
    /// so an `If-Unmodified-Since` of the previous version sees the change.
    pub(crate) fn stamp(&mut self) -> String {
        let now = clock::now().max(self.last_stamp + 1);
        self.last_stamp = now;
        clock::format(now)
    }

    /// The records, for an all-or-none composite to restore.
    pub(crate) fn snapshot(&self) -> Vec<Record> {
        self.records.clone()
    }

    pub(crate) fn restore(&mut self, records: Vec<Record>) {
        self.records = records;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm_seed::{ACCOUNTS, CONTACTS, NOTES, OPPORTUNITIES, salesforce_id};

    #[test]
    fn the_default_org_is_the_seed() {
        let org = SalesforceState::default();
        assert_eq!(org.count("Contact"), CONTACTS.len());
        assert_eq!(org.count("Account"), ACCOUNTS.len());
        assert_eq!(org.count("Opportunity"), OPPORTUNITIES.len());
        assert_eq!(org.count("Note"), NOTES.len());
        assert_eq!(org.count("User"), crm_seed::USERS.len());
        let priya = org
            .record("Contact", &salesforce_id("003", "priya"))
            .unwrap();
        assert_eq!(priya["Name"], "Priya Raman");
        assert_eq!(priya["AccountId"], salesforce_id("001", "contoso"));
        assert_eq!(priya["OwnerId"], user_id("megan"));
    }

    #[test]
    fn touching_moves_the_version_on() {
        let mut org = SalesforceState::default();
        let id = salesforce_id("003", "priya");
        let before = org.record("Contact", &id).unwrap()["LastModifiedDate"].clone();
        assert!(org.touch("Contact", &id));
        let after = org.record("Contact", &id).unwrap()["LastModifiedDate"].clone();
        assert_ne!(before, after);
        assert!(!org.touch("Contact", "003nothing"));
    }

    #[test]
    fn sessions_expire_and_refresh_tokens_can_be_revoked() {
        let mut org = SalesforceState::default();
        let session = org.issue_session("megan").unwrap();
        assert_eq!(
            org.session_user(&session.access_token).unwrap().key,
            "megan"
        );
        org.expire_sessions();
        assert!(org.session_user(&session.access_token).is_none());
        assert!(org.refresh_tokens.contains_key(&session.refresh_token));
        org.revoke_refresh_tokens();
        assert!(org.refresh_tokens.is_empty());
        assert!(org.issue_session("nobody").is_none());
    }
}
