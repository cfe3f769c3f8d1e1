//! [`CrmConnector`] for [`DataverseClient`]: which URL each operation reads or writes, and how
//! its answer becomes Closer's vocabulary. Request shapes live in `odata` and `body`, parsing
//! in `model`, status mapping in `error`.
//!
//! Search is Quick-Find-like OData (`contains` on each table's name column, e-mail too for
//! contacts), one request per kind: it works in every org, whereas the Dataverse search API
//! (`api/search/v2.0/query`) needs Dataverse search switched on per environment and is limited
//! to one request per second per user (PROTOCOLS §1.5).

use super::body::{self, ICAL_UID_COLUMN, MESSAGE_ID_COLUMN, Seller};
use super::client::DataverseClient;
use super::model::{self, ACCOUNT_SELECT, CONTACT_SELECT, OPPORTUNITY_SELECT};
use super::odata::{self, like_literal, string_literal, table};
use crate::crm::{
    Account, ActivityKey, Contact, CrmConnector, CrmUser, EmailLookup, FieldUpdate, NewAppointment,
    NewContact, NewEmailActivity, NewNote, NewTask, Opportunity, Page, RecordKind, RecordRef,
    RecordVersion, SalesStages, SearchHit, SearchQuery, Timeline,
};
use crate::http::{HttpTransport, TransportError, UpstreamResponse};
use crate::provider::{Provider, ProviderError, Sleeper};
use url::Url;

/// The conflict code of an edit refused before any PATCH: the row's `versionnumber` moved since
/// the expanded read the seller saw (Dataverse's own 412 code is `0x80060882`).
pub const STALE_EXPANDED_ROW: &str = "0x80060882";

fn transport(err: TransportError) -> ProviderError {
    ProviderError::transport(Provider::Dataverse, err)
}

/// Extra field names go into `$select`: only plain column names are accepted, so a name cannot
/// add options of its own.
fn checked_field(name: &str) -> Result<&str, ProviderError> {
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid
        .then_some(name)
        .ok_or_else(|| ProviderError::Rejected {
            provider: Provider::Dataverse,
            status: 400,
            code: "invalid column name".into(),
        })
}

/// Which column each kind is searched and subtitled by.
fn search_columns(kind: RecordKind) -> (&'static [&'static str], Option<&'static str>) {
    match kind {
        RecordKind::Contact => (&["fullname", "emailaddress1"], Some("emailaddress1")),
        RecordKind::Account => (&["name"], Some("websiteurl")),
        RecordKind::Opportunity => (&["name"], Some("stepname")),
        _ => (&["subject"], None),
    }
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    pub(super) fn endpoint(
        &self,
        path: &str,
        options: &[(&str, String)],
    ) -> Result<Url, ProviderError> {
        odata::url(&self.base, path, options).map_err(transport)
    }

    async fn row(
        &self,
        kind: RecordKind,
        id: &str,
        select: &str,
    ) -> Result<model::Record, ProviderError> {
        let table = table(kind);
        let url = self.endpoint(&odata::row_path(&table, id)?, &[("$select", select.into())])?;
        self.read_record(table.logical, &url).await
    }

    /// The id of a created row: `OData-EntityId` of the 204, or the key of a 201's body.
    fn created(
        &self,
        kind: RecordKind,
        response: &UpstreamResponse,
    ) -> Result<RecordRef, ProviderError> {
        let header = response
            .headers()
            .get("OData-EntityId")
            .and_then(|value| value.to_str().ok())
            .and_then(model::entity_id);
        let id = match header {
            Some(id) => id,
            None => {
                let record = model::parse_record(table(kind).logical, response.body())?;
                model::key(&record, table(kind).logical, table(kind).key)?
            }
        };
        Ok(RecordRef::new(kind, id))
    }

    async fn create(
        &self,
        kind: RecordKind,
        body: &serde_json::Value,
    ) -> Result<RecordRef, ProviderError> {
        let table = table(kind);
        let url = self.endpoint(table.set, &[])?;
        let response = self
            .write(
                table.logical,
                http::Method::POST,
                &url,
                &[],
                &[],
                Some(body),
            )
            .await?;
        self.created(kind, &response)
    }

    /// Moves a just-created activity to another state (`SetState` is a PATCH of `statecode`
    /// and `statuscode`). `If-Match: *` keeps the PATCH from re-creating a row deleted meanwhile.
    async fn set_state(
        &self,
        record: &RecordRef,
        state: &serde_json::Value,
    ) -> Result<(), ProviderError> {
        let table = table(record.kind);
        let url = self.endpoint(&odata::row_path(&table, &record.id)?, &[])?;
        self.write(
            table.logical,
            http::Method::PATCH,
            &url,
            &[],
            &[("If-Match", "*")],
            Some(state),
        )
        .await?;
        Ok(())
    }

    async fn seller(&self) -> Result<Seller, ProviderError> {
        let user = self.user().await?;
        Ok(Seller {
            id: user.id.clone(),
            email: user.email.clone(),
        })
    }

    /// The query finding the activity saved under `key` (its kind and URL).
    pub(super) fn activity_query(
        &self,
        key: &ActivityKey,
    ) -> Result<(RecordKind, Url), ProviderError> {
        let (kind, column, value) = match key {
            ActivityKey::InternetMessageId(id) => (RecordKind::Email, MESSAGE_ID_COLUMN, id),
            ActivityKey::ICalUid(uid) => (RecordKind::Appointment, ICAL_UID_COLUMN, uid),
        };
        let table = table(kind);
        let url = self.endpoint(
            table.set,
            &[
                ("$select", table.key.into()),
                ("$filter", format!("{column} eq {}", string_literal(value))),
                ("$top", "1".into()),
            ],
        )?;
        Ok((kind, url))
    }

    /// The `If-Match` of `update`: its expected etag, or, for a row read through an `$expand`
    /// (versioned by `versionnumber`, see [`model::ROW_VERSION_PREFIX`]), the etag read now, if
    /// the row is still at the number the seller saw. A row changed meanwhile, or read without
    /// any version, is a conflict: nothing is ever PATCHed without `If-Match`.
    async fn if_match(&self, update: &FieldUpdate) -> Result<String, ProviderError> {
        match model::ExpectedVersion::of(&update.expected_version) {
            // Dataverse itself compares an etag sent as `If-Match`: no read needed.
            model::ExpectedVersion::Etag(etag) => Ok(etag),
            _ => {
                self.unchanged_etag(
                    update.record.kind,
                    &update.record.id,
                    &update.expected_version,
                )
                .await
            }
        }
    }

    /// The row's current etag, if the row is still at `expected` (an `@odata.etag`, or the
    /// `versionnumber` of an expanded row); a row changed meanwhile, or a version that says
    /// nothing, is a conflict. For writes that touch another row than the one seen (a stage
    /// moves the process instance, not the opportunity), where `If-Match` cannot check it.
    pub(super) async fn unchanged_etag(
        &self,
        kind: RecordKind,
        id: &str,
        expected: &RecordVersion,
    ) -> Result<String, ProviderError> {
        let conflict = || ProviderError::Conflict {
            provider: Provider::Dataverse,
            code: STALE_EXPANDED_ROW.into(),
        };
        let expected = model::ExpectedVersion::of(expected);
        if expected == model::ExpectedVersion::Unknown {
            // Nothing to compare with: refuse without asking the org.
            return Err(conflict());
        }
        let row = self.row(kind, id, "versionnumber").await?;
        let now = model::etag(&row, table(kind).logical)?.0;
        let unchanged = match expected {
            model::ExpectedVersion::Etag(etag) => etag == now,
            model::ExpectedVersion::RowVersion(seen) => model::version_number(&row) == Some(seen),
            model::ExpectedVersion::Unknown => false,
        };
        if unchanged { Ok(now) } else { Err(conflict()) }
    }

    async fn search_kind(
        &self,
        kind: RecordKind,
        query: &SearchQuery,
    ) -> Result<Vec<SearchHit>, ProviderError> {
        let table = table(kind);
        let (columns, subtitle) = search_columns(kind);
        let literal = like_literal(query.text.trim());
        let text = columns
            .iter()
            .map(|column| format!("contains({column},{literal})"))
            .collect::<Vec<_>>()
            .join(" or ");
        let mut clauses = vec![format!("({text})")];
        // Notes have no state; every other searched table's statecode 0 is Active/Open.
        if query.active_only && kind != RecordKind::Note {
            clauses.push("statecode eq 0".into());
        }
        if query.owned_by_me {
            clauses.push(format!(
                "_ownerid_value eq {}",
                self.who_am_i().await?.user_id
            ));
        }
        let mut select = vec![table.name];
        select.extend(subtitle);
        let url = self.endpoint(
            table.set,
            &[
                ("$select", select.join(",")),
                ("$filter", clauses.join(" and ")),
                ("$orderby", table.name.into()),
                ("$top", query.top.max(1).to_string()),
            ],
        )?;
        let collection = self.read_collection(table.logical, &url, &[]).await?;
        collection
            .value
            .iter()
            .map(|record| {
                Ok(SearchHit {
                    record: RecordRef::new(kind, model::key(record, table.logical, table.key)?),
                    title: model::text(record, table.name).unwrap_or_default(),
                    subtitle: subtitle.and_then(|column| model::text(record, column)),
                })
            })
            .collect()
    }
}

impl<T: HttpTransport, S: Sleeper> CrmConnector for DataverseClient<T, S> {
    async fn current_user(&self) -> Result<CrmUser, ProviderError> {
        self.user().await.cloned()
    }

    async fn contacts_by_emails(&self, emails: &[String]) -> Result<Vec<Contact>, ProviderError> {
        let urls =
            odata::email_lookup_urls(&self.base, CONTACT_SELECT, emails).map_err(transport)?;
        let mut found: Vec<Contact> = Vec::new();
        for url in urls {
            let collection = self.read_collection("contact", &url, &[]).await?;
            for record in &collection.value {
                let contact = model::contact(record, &[])?;
                if !found.iter().any(|seen| seen.id == contact.id) {
                    found.push(contact);
                }
            }
        }
        Ok(found)
    }

    async fn email_lookup(
        &self,
        emails: &[String],
        saved_key: Option<&ActivityKey>,
    ) -> Result<EmailLookup, ProviderError> {
        self.lookup_email(emails, saved_key).await
    }

    async fn contact(&self, id: &str, extra_fields: &[String]) -> Result<Contact, ProviderError> {
        let mut select = vec![CONTACT_SELECT];
        for field in extra_fields {
            select.push(checked_field(field)?);
        }
        let record = self.row(RecordKind::Contact, id, &select.join(",")).await?;
        model::contact(&record, extra_fields)
    }

    async fn account(&self, id: &str) -> Result<Account, ProviderError> {
        model::account(&self.row(RecordKind::Account, id, ACCOUNT_SELECT).await?)
    }

    async fn opportunity(&self, id: &str) -> Result<Opportunity, ProviderError> {
        model::opportunity(
            &self
                .row(RecordKind::Opportunity, id, OPPORTUNITY_SELECT)
                .await?,
        )
    }

    async fn open_opportunities(
        &self,
        account_id: &str,
    ) -> Result<Vec<Opportunity>, ProviderError> {
        if !odata::is_guid(account_id) {
            return Err(ProviderError::NotFound {
                provider: Provider::Dataverse,
                what: "account".into(),
            });
        }
        let url = self.endpoint(
            "opportunities",
            &[
                ("$select", OPPORTUNITY_SELECT.into()),
                (
                    "$filter",
                    format!("statecode eq 0 and _parentaccountid_value eq {account_id}"),
                ),
                ("$orderby", "estimatedclosedate desc".into()),
            ],
        )?;
        let collection = self.read_collection("opportunity", &url, &[]).await?;
        collection.value.iter().map(model::opportunity).collect()
    }

    async fn contacts_page(
        &self,
        page_size: u32,
        next: Option<&str>,
    ) -> Result<Page<Contact>, ProviderError> {
        let url = match next {
            Some(link) => odata::next_link(&self.base, link)?,
            None => self.endpoint("contacts", &[("$select", CONTACT_SELECT.into())])?,
        };
        // Every page, the first and each next link, carries the same page size (page-results.md).
        let prefer = format!("odata.maxpagesize={}", page_size.clamp(1, 5_000));
        let response = self.read("contact", &url, &[&prefer]).await?;
        model::parse_contacts_page(response.body())
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, ProviderError> {
        if query.text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut hits = Vec::new();
        for kind in &query.kinds {
            hits.extend(self.search_kind(*kind, query).await?);
        }
        hits.truncate(query.top as usize);
        Ok(hits)
    }

    async fn create_contact(&self, contact: &NewContact) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Contact, &body::contact(contact)?)
            .await
    }

    async fn create_task(&self, task: &NewTask) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Task, &body::task(task)?).await
    }

    async fn create_note(&self, note: &NewNote) -> Result<RecordRef, ProviderError> {
        self.create(RecordKind::Note, &body::note(note)?).await
    }

    async fn update(&self, update: &FieldUpdate) -> Result<RecordVersion, ProviderError> {
        let table = table(update.record.kind);
        let url = self.endpoint(
            &odata::row_path(&table, &update.record.id)?,
            &[("$select", table.key.into())],
        )?;
        let body = serde_json::Value::Object(update.fields.clone().into_iter().collect());
        let if_match = self.if_match(update).await?;
        // `If-Match` makes Dataverse refuse (412) a row changed since it was read, and keeps
        // PATCH from creating a row that was deleted meanwhile (compose-http-requests docs).
        let response = self
            .write(
                table.logical,
                http::Method::PATCH,
                &url,
                &["return=representation"],
                &[("If-Match", if_match.as_str())],
                Some(&body),
            )
            .await?;
        if response.status() == http::StatusCode::NO_CONTENT {
            // An org that ignored `return=representation`: read the new version.
            return model::etag(&self.read_record(table.logical, &url).await?, table.logical);
        }
        model::etag(
            &model::parse_record(table.logical, response.body())?,
            table.logical,
        )
    }

    async fn sales_stages(&self, id: &str) -> Result<SalesStages, ProviderError> {
        Ok(self.sales_process(id).await?.choices())
    }

    async fn card_fields(
        &self,
        card: closer_wire::CardKind,
    ) -> Result<Vec<closer_wire::CrmField>, ProviderError> {
        let kind = match card {
            closer_wire::CardKind::Contact => RecordKind::Contact,
            closer_wire::CardKind::Account => RecordKind::Account,
            closer_wire::CardKind::Opportunity => RecordKind::Opportunity,
        };
        let url = odata::url(
            &self.base,
            &format!(
                "EntityDefinitions(LogicalName='{}')/Attributes",
                odata::table(kind).logical
            ),
            &[(
                "$select",
                "LogicalName,AttributeType,DisplayName,IsValidForRead,AttributeOf".into(),
            )],
        )
        .map_err(|err| ProviderError::transport(Provider::Dataverse, err))?;
        let response = self.read("metadata", &url, &[]).await?;
        crate::crm::metadata::dataverse_fields(response.body())
    }

    async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        self.move_sales_stage(id, expected_version, stage).await
    }

    async fn create_email_activity(
        &self,
        email: &NewEmailActivity,
    ) -> Result<RecordRef, ProviderError> {
        let everyone = std::iter::once(&email.from)
            .chain(&email.to)
            .chain(&email.cc);
        // The seller's row is only needed when some party is not a matched contact.
        let seller = if everyone.into_iter().any(|party| party.contact_id.is_none()) {
            Some(self.seller().await?)
        } else {
            None
        };
        let created = self
            .create(RecordKind::Email, &body::email(email, seller.as_ref())?)
            .await?;
        // Created Open (a draft with a Send button); the saved copy of a message that was sent
        // or received is Completed.
        self.set_state(
            &created,
            &body::completed_state(RecordKind::Email, email.incoming),
        )
        .await?;
        Ok(created)
    }

    async fn create_appointment(
        &self,
        appointment: &NewAppointment,
    ) -> Result<RecordRef, ProviderError> {
        let seller = self.seller().await?;
        let table = table(RecordKind::Appointment);
        // The row's `createdon` is the org's clock: a meeting that ended before it is over.
        let url = self.endpoint(
            table.set,
            &[("$select", format!("{},createdon", table.key))],
        )?;
        let response = self
            .write(
                table.logical,
                http::Method::POST,
                &url,
                &["return=representation"],
                &[],
                Some(&body::appointment(appointment, &seller)?),
            )
            .await?;
        let created = self.created(RecordKind::Appointment, &response)?;
        let now = model::parse_record(table.logical, response.body())
            .ok()
            .and_then(|row| model::text(&row, "createdon"))
            .and_then(|at| crate::time::utc_millis(&at));
        let end = crate::time::utc_millis(&appointment.end);
        if let (Some(now), Some(end)) = (now, end)
            && end <= now
        {
            self.set_state(
                &created,
                &body::completed_state(RecordKind::Appointment, false),
            )
            .await?;
        }
        Ok(created)
    }

    async fn find_activity(&self, key: &ActivityKey) -> Result<Option<RecordRef>, ProviderError> {
        let (kind, url) = self.activity_query(key)?;
        let collection = self.read_collection(table(kind).logical, &url, &[]).await?;
        saved_activity(kind, &collection)
    }

    async fn opportunity_timeline(&self, id: &str, limit: u32) -> Result<Timeline, ProviderError> {
        self.timeline(id, limit).await
    }

    fn record_url(&self, record: &RecordRef) -> String {
        format!(
            "{}main.aspx?pagetype=entityrecord&etn={}&id={}",
            self.app,
            table(record.kind).logical,
            odata::encode_query_value(&record.id)
        )
    }
}

/// The activity an [`DataverseClient::activity_query`] answer names, if any.
pub(super) fn saved_activity(
    kind: RecordKind,
    collection: &model::Collection,
) -> Result<Option<RecordRef>, ProviderError> {
    let table = table(kind);
    collection
        .value
        .first()
        .map(|record| {
            model::key(record, table.logical, table.key).map(|id| RecordRef::new(kind, id))
        })
        .transpose()
}
