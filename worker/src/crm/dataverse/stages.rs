//! An opportunity's sales stage in Dynamics: the active stage of its "Opportunity Sales Process"
//! business process flow instance (`opportunitysalesprocesses`), not a column of the
//! opportunity (`stepname` is only the pipeline-phase label the platform derives from it).
//!
//! As "Work with business process flows using code" documents
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/model-business-process-flows):
//! the instance of a record is found by its lookup to the record (the most recently modified
//! active one is the one the record's form shows); the stages of its process, in order, come
//! from `RetrieveActivePath`
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveactivepath);
//! a stage is moved by PATCHing the instance's `activestageid@odata.bind` together with
//! `traversedpath` (the comma-separated ids of the stages walked), and only to the next or the
//! previous stage. The PATCH carries the instance's `If-Match`, so a stage moved meanwhile is a
//! 412 and nothing is written.

use super::client::DataverseClient;
use super::model::{self, Record};
use super::odata::is_guid;
use crate::crm::{RecordKind, RecordVersion, SalesStages};
use crate::http::HttpTransport;
use crate::provider::{Provider, ProviderError, Sleeper};
use serde_json::{Value, json};

const INSTANCES: &str = "opportunitysalesprocesses";
const WHAT: &str = "opportunitysalesprocess";

/// One stage of a process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// `processstageid`.
    pub id: String,
    /// `stagename`.
    pub name: String,
}

/// An opportunity's process instance and the stages of its process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// `businessprocessflowinstanceid`.
    pub id: String,
    /// Its `@odata.etag`, for the conditional move.
    pub etag: String,
    /// The active stage's id.
    pub active: String,
    /// The process's stages in order (the active path).
    pub path: Vec<Stage>,
}

impl Instance {
    fn position(&self) -> Option<usize> {
        self.path.iter().position(|stage| stage.id == self.active)
    }

    /// What the seller may choose: the previous, the current and the next stage.
    pub fn choices(&self) -> SalesStages {
        let Some(at) = self.position() else {
            return SalesStages::default();
        };
        let from = at.saturating_sub(1);
        let to = (at + 2).min(self.path.len());
        SalesStages {
            stages: self.path[from..to]
                .iter()
                .map(|stage| stage.name.clone())
                .collect(),
            current: Some(self.path[at].name.clone()),
        }
    }

    /// The PATCH body moving the instance to the stage named `name` (one of [`Self::choices`]):
    /// the stage bound by id, and the path walked up to it.
    pub fn move_body(&self, name: &str) -> Option<Value> {
        let at = self.position()?;
        let from = at.saturating_sub(1);
        let to = (at + 2).min(self.path.len());
        let target = (from..to).find(|&i| self.path[i].name == name)?;
        let walked: Vec<&str> = self.path[..=target]
            .iter()
            .map(|stage| stage.id.as_str())
            .collect();
        Some(json!({
            "activestageid@odata.bind": format!("/processstages({})", self.path[target].id),
            "traversedpath": walked.join(","),
        }))
    }
}

fn malformed(what: &str) -> ProviderError {
    ProviderError::malformed(Provider::Dataverse, format!("{WHAT}: {what}"))
}

/// The stages of a `RetrieveActivePath` answer, in its order.
pub fn parse_path(records: &[Record]) -> Result<Vec<Stage>, ProviderError> {
    records
        .iter()
        .map(|record| {
            Ok(Stage {
                id: model::key(record, "processstage", "processstageid")?,
                name: model::key(record, "processstage", "stagename")?,
            })
        })
        .collect()
}

impl<T: HttpTransport, S: Sleeper> DataverseClient<T, S> {
    /// The opportunity's active sales process instance with its process's stages; `NotFound`
    /// when the opportunity runs no process.
    async fn sales_process(&self, opportunity: &str) -> Result<Instance, ProviderError> {
        if !is_guid(opportunity) {
            return Err(ProviderError::NotFound {
                provider: Provider::Dataverse,
                what: "opportunity".into(),
            });
        }
        let url = self.endpoint(
            INSTANCES,
            &[
                (
                    "$select",
                    "businessprocessflowinstanceid,_activestageid_value".into(),
                ),
                (
                    "$filter",
                    format!(
                        "_bpf_opportunityid_value eq {} and statecode eq 0",
                        opportunity.to_ascii_lowercase()
                    ),
                ),
                ("$orderby", "modifiedon desc".into()),
                ("$top", "1".into()),
            ],
        )?;
        let found = self.read_collection(WHAT, &url, &[]).await?;
        let record = found.value.first().ok_or_else(|| ProviderError::NotFound {
            provider: Provider::Dataverse,
            what: WHAT.into(),
        })?;
        let id = model::key(record, WHAT, "businessprocessflowinstanceid")?;
        if !is_guid(&id) {
            return Err(malformed("businessprocessflowinstanceid"));
        }
        let etag = model::etag(record, WHAT)?.0;
        let active = model::key(record, WHAT, "_activestageid_value")?;
        let url = self.endpoint(&format!("RetrieveActivePath(ProcessInstanceId={id})"), &[])?;
        let path = parse_path(&self.read_collection(WHAT, &url, &[]).await?.value)?;
        Ok(Instance {
            id,
            etag,
            active,
            path,
        })
    }

    /// What the seller may choose for opportunity `id`: the stage before, the current one and
    /// the one after in its process.
    pub(super) async fn sales_stages(&self, id: &str) -> Result<SalesStages, ProviderError> {
        Ok(self.sales_process(id).await?.choices())
    }

    /// Moves the opportunity's process to `stage` if the opportunity is still at `expected`
    /// and its process instance did not move since it was read.
    pub(super) async fn move_stage(
        &self,
        opportunity: &str,
        expected: &RecordVersion,
        stage: &str,
    ) -> Result<(), ProviderError> {
        // The opportunity itself is not written: check it is still what the seller saw.
        self.unchanged_etag(RecordKind::Opportunity, opportunity, expected)
            .await?;
        let instance = self.sales_process(opportunity).await?;
        let body = instance
            .move_body(stage)
            .ok_or_else(|| ProviderError::Rejected {
                provider: Provider::Dataverse,
                status: 400,
                code: "not a stage the process can move to".into(),
            })?;
        let url = self.endpoint(&format!("{INSTANCES}({})", instance.id), &[])?;
        self.write(
            WHAT,
            http::Method::PATCH,
            &url,
            &[],
            &[("If-Match", instance.etag.as_str())],
            Some(&body),
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, name: &str) -> Stage {
        Stage {
            id: id.into(),
            name: name.into(),
        }
    }

    fn instance(active: &str) -> Instance {
        Instance {
            id: "i".into(),
            etag: "W/\"1\"".into(),
            active: active.into(),
            path: vec![
                stage("s1", "Qualify"),
                stage("s2", "Develop"),
                stage("s3", "Propose"),
                stage("s4", "Close"),
            ],
        }
    }

    #[test]
    fn the_choices_are_the_stages_one_step_away() {
        let middle = instance("s2").choices();
        assert_eq!(middle.stages, ["Qualify", "Develop", "Propose"]);
        assert_eq!(middle.current.as_deref(), Some("Develop"));
        assert_eq!(instance("s1").choices().stages, ["Qualify", "Develop"]);
        assert_eq!(instance("s4").choices().stages, ["Propose", "Close"]);
        assert_eq!(instance("gone").choices(), SalesStages::default());
    }

    #[test]
    fn a_move_binds_the_stage_and_walks_the_path_to_it() {
        assert_eq!(
            instance("s2").move_body("Propose"),
            Some(json!({
                "activestageid@odata.bind": "/processstages(s3)",
                "traversedpath": "s1,s2,s3",
            }))
        );
        assert_eq!(
            instance("s2").move_body("Qualify").unwrap()["traversedpath"],
            "s1"
        );
        assert_eq!(instance("s1").move_body("Close"), None, "two steps away");
        assert_eq!(instance("s1").move_body("Negotiate"), None);
    }
}
