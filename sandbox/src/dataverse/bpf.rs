//! Business process flows as Dataverse keeps them: the stages of each process (`processstages`),
//! one "Opportunity Sales Process" instance per opportunity (`opportunitysalesprocesses`, whose
//! `activestageid` is the opportunity's stage and `traversedpath` the stage ids walked to it),
//! `RetrieveActivePath` (the stages of an instance's process, in order), and the rules a stage
//! move must follow. An opportunity's `stepname` is only the pipeline-phase label the platform
//! sets from the active stage: writing it moves nothing.
//!
//! Documented at "Work with business process flows using code"
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/model-business-process-flows):
//! a stage is moved by updating the instance's `activestageid@odata.bind` and `traversedpath`
//! together, and "you can only move to the next or previous stage while updating a business
//! process flow instance". `RetrieveActivePath`:
//! https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveactivepath

use super::org::Org;
use super::write::Refusal;
use crate::crm_seed::dataverse_id;
use serde_json::{Map, Value};

/// The instance table's entity set.
pub(crate) const INSTANCES: &str = "opportunitysalesprocesses";

/// One process with its stages in order (the `stagecategory` of each is its position: Sales'
/// stage categories Qualify 0, Develop 1, Propose 2, Close 3).
pub(crate) struct Process {
    pub key: &'static str,
    pub name: &'static str,
    pub stages: &'static [&'static str],
}

/// The out-of-the-box opportunity process, and the lead process whose stages carry the same
/// names (a stage name alone does not identify a stage: its id within the process does).
pub(crate) const PROCESSES: &[Process] = &[
    Process {
        key: "opportunity-sales-process",
        name: "Opportunity Sales Process",
        stages: &["Qualify", "Develop", "Propose", "Close"],
    },
    Process {
        key: "lead-to-opportunity-sales-process",
        name: "Lead to Opportunity Sales Process",
        stages: &["Qualify", "Develop", "Propose", "Close"],
    },
];

/// The process every seeded opportunity runs.
pub(crate) const OPPORTUNITY_PROCESS: &Process = &PROCESSES[0];

/// The `workflowid` of a process.
pub(crate) fn process_id(process: &Process) -> String {
    dataverse_id("workflow", process.key)
}

/// The `processstageid` of a process's stage.
pub(crate) fn stage_id(process: &Process, stage: &str) -> String {
    dataverse_id("processstage", &format!("{}/{stage}", process.key))
}

/// The `businessprocessflowinstanceid` of a seeded opportunity's instance.
pub(crate) fn instance_id(opportunity_key: &str) -> String {
    dataverse_id("opportunitysalesprocess", opportunity_key)
}

/// The stage a seeded deal is at: its label, closed deals at the last stage.
pub(crate) fn seeded_stage(label: &str) -> &'static str {
    OPPORTUNITY_PROCESS
        .stages
        .iter()
        .find(|stage| **stage == label)
        .copied()
        .unwrap_or("Close")
}

/// `traversedpath` up to and including `stage`: the ids of the stages walked, comma-separated.
pub(crate) fn path_to(process: &Process, stage: &str) -> String {
    let end = process
        .stages
        .iter()
        .position(|s| *s == stage)
        .unwrap_or_default();
    process.stages[..=end]
        .iter()
        .map(|s| stage_id(process, s))
        .collect::<Vec<_>>()
        .join(",")
}

fn text<'a>(fields: &'a Map<String, Value>, column: &str) -> &'a str {
    fields
        .get(column)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The ids of the stages of the process `process_id`, in order.
fn stage_ids(process_id: &str) -> Option<Vec<String>> {
    let process = PROCESSES
        .iter()
        .find(|process| self::process_id(process) == process_id)?;
    Some(
        process
            .stages
            .iter()
            .map(|stage| stage_id(process, stage))
            .collect(),
    )
}

/// `RetrieveActivePath(ProcessInstanceId=…)`: the stage rows of the instance's process in
/// order; `None` when there is no such instance.
pub(crate) fn active_path<'a>(org: &'a Org, instance: &str) -> Option<Vec<&'a super::org::Row>> {
    let row = org.row(INSTANCES, instance)?;
    let ids = stage_ids(text(&row.fields, "_processid_value"))?;
    Some(
        ids.iter()
            .filter_map(|id| org.row("processstages", id))
            .collect(),
    )
}

fn refused(message: String) -> Refusal {
    (400, "0x80060888", message)
}

/// Whether an instance may go from `before` to `after` (its columns before and after the
/// write): the active stage must be a stage of the instance's process, one step at most from
/// the current one, and `traversedpath` the stages up to it.
pub(crate) fn check_move(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
) -> Result<(), Refusal> {
    let process = text(after, "_processid_value");
    let ids =
        stage_ids(process).ok_or_else(|| refused("The process instance has no process.".into()))?;
    let target = text(after, "_activestageid_value");
    let Some(to) = ids.iter().position(|id| id == target) else {
        return Err(refused(format!(
            "The stage {target} is not a stage of the process of this business process flow instance."
        )));
    };
    let from = ids
        .iter()
        .position(|id| id == text(before, "_activestageid_value"))
        .unwrap_or(to);
    if from.abs_diff(to) > 1 {
        return Err(refused(
            "A business process flow instance can only move to the next or the previous stage."
                .into(),
        ));
    }
    let expected = ids[..=to].join(",");
    if from != to && text(after, "traversedpath") != expected {
        return Err(refused(format!(
            "traversedpath must list the stages walked up to the active stage: '{expected}'."
        )));
    }
    Ok(())
}

/// The pipeline-phase label the platform writes on the opportunity when its stage moves.
pub(crate) fn stage_label(org: &Org, stage_id: &str) -> Option<String> {
    org.row("processstages", stage_id)
        .and_then(|row| row.fields.get("stagename"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(stage: &str, path: &str) -> Map<String, Value> {
        let process = OPPORTUNITY_PROCESS;
        let Value::Object(fields) = json!({
            "_processid_value": process_id(process),
            "_activestageid_value": stage,
            "traversedpath": path,
        }) else {
            unreachable!()
        };
        fields
    }

    fn id(stage: &str) -> String {
        stage_id(OPPORTUNITY_PROCESS, stage)
    }

    #[test]
    fn a_move_goes_one_stage_either_way_with_the_path_walked() {
        let before = at(&id("Develop"), &path_to(OPPORTUNITY_PROCESS, "Develop"));
        let forward = at(&id("Propose"), &path_to(OPPORTUNITY_PROCESS, "Propose"));
        let back = at(&id("Qualify"), &path_to(OPPORTUNITY_PROCESS, "Qualify"));
        assert_eq!(check_move(&before, &forward), Ok(()));
        assert_eq!(check_move(&before, &back), Ok(()));
        assert_eq!(check_move(&before, &before), Ok(()));
    }

    #[test]
    fn jumps_foreign_stages_and_wrong_paths_are_refused() {
        let before = at(&id("Qualify"), &path_to(OPPORTUNITY_PROCESS, "Qualify"));
        let jump = at(&id("Propose"), &path_to(OPPORTUNITY_PROCESS, "Propose"));
        assert!(
            check_move(&before, &jump)
                .unwrap_err()
                .2
                .contains("next or the previous")
        );
        let foreign = at(&stage_id(&PROCESSES[1], "Develop"), "");
        assert!(
            check_move(&before, &foreign)
                .unwrap_err()
                .2
                .contains("not a stage")
        );
        let no_path = at(&id("Develop"), "");
        assert!(
            check_move(&before, &no_path)
                .unwrap_err()
                .2
                .contains("traversedpath")
        );
    }
}
