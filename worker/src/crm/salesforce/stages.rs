//! An opportunity's sales stage in Salesforce: `Opportunity.StageName`, a restricted picklist
//! whose values are the org's Opportunity Stages (each also sets the probability and whether the
//! deal is closed and won). The valid values are the active `picklistValues` of the field in
//! the object's describe
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm);
//! any other value is refused by Salesforce with `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`
//! (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitystage.htm).

use super::client::{Kind, SalesforceClient};
use super::refresh::SessionRefresher;
use super::request;
use crate::crm::{FieldUpdate, RecordKind, RecordRef, RecordVersion, SalesStages};
use crate::http::HttpTransport;
use crate::provider::{ProviderError, Sleeper};
use serde::Deserialize;

/// The opportunity's stage field.
pub(super) const STAGE_FIELD: &str = "StageName";

/// The part of a describe Closer reads.
#[derive(Debug, Deserialize)]
pub struct Describe {
    /// The object's fields.
    pub fields: Vec<DescribeField>,
}

/// One field of a describe.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DescribeField {
    /// API name.
    pub name: String,
    /// Its picklist values (empty for other types).
    #[serde(default)]
    pub picklist_values: Vec<PicklistValue>,
}

/// One picklist value.
#[derive(Debug, Deserialize)]
pub struct PicklistValue {
    /// The value written to the field.
    pub value: String,
    /// Whether it may be chosen now (retired values stay listed, inactive).
    pub active: bool,
}

/// The active values of `field`, in the picklist's order.
pub fn active_values(describe: &Describe, field: &str) -> Vec<String> {
    describe
        .fields
        .iter()
        .filter(|f| f.name == field)
        .flat_map(|f| &f.picklist_values)
        .filter(|value| value.active)
        .map(|value| value.value.clone())
        .collect()
}

impl<T: HttpTransport, S: Sleeper, R: SessionRefresher> SalesforceClient<T, S, R> {
    /// The org's active Opportunity stages, in order.
    async fn opportunity_stages(&self) -> Result<Vec<String>, ProviderError> {
        let url = self.config().data_url("sobjects/Opportunity/describe");
        let describe: Describe = self
            .send_json("opportunity", Kind::Read, request::get(&url, &[]))
            .await?;
        Ok(active_values(&describe, STAGE_FIELD))
    }

    /// The stages any opportunity may be put in: one picklist for every opportunity (record
    /// types may narrow it; the org has none); the current stage is the record's `StageName`.
    pub(super) async fn sales_stages(&self, _id: &str) -> Result<SalesStages, ProviderError> {
        Ok(SalesStages {
            stages: self.opportunity_stages().await?,
            current: None,
        })
    }

    /// The stage is a field, written like any other (a conditional update): `OpportunityStage`
    /// derives the rest (probability, closed, won) on Salesforce's side.
    pub(super) async fn move_stage(
        &self,
        id: &str,
        expected_version: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        let update = FieldUpdate {
            record: RecordRef::new(RecordKind::Opportunity, id),
            expected_version: expected_version.clone(),
            fields: [(STAGE_FIELD.to_owned(), stage.into())].into(),
        };
        self.update(&update).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_active_stage_values_are_offered_in_order() {
        let describe: Describe = serde_json::from_value(serde_json::json!({
            "name": "Opportunity",
            "fields": [
                {"name": "Name", "type": "string", "picklistValues": []},
                {"name": "StageName", "type": "picklist", "picklistValues": [
                    {"active": false, "value": "Prospecting", "label": "Prospecting"},
                    {"active": true, "value": "Qualify", "label": "Qualify"},
                    {"active": true, "value": "Closed Won", "label": "Won"}
                ]}
            ]
        }))
        .unwrap();
        assert_eq!(
            active_values(&describe, "StageName"),
            ["Qualify", "Closed Won"]
        );
        assert!(active_values(&describe, "Name").is_empty());
    }
}
