//! Column rules Dataverse applies to every create and update of the activities Closer writes,
//! from the entity reference pages
//! (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/email,
//! .../entities/appointment, .../entities/task, .../entities/annotation):
//!
//! - **State and status.** `statecode` is not valid for create (`IsValidForCreate: False`): a new
//!   activity is Open, and a `statuscode` that does not belong to Open is refused with
//!   `0x80048408` "`<n>` is not a valid status code for state code `<Entity>State.Open` ...",
//!   the answer Dataverse gives to a create that tries to set a closed status. A row is moved to
//!   another state by a `PATCH` of `statecode` and `statuscode` (the `SetState` message of the
//!   reference's Messages table); a status not listed for that state is refused the same way,
//!   and a state without a status gets the state's `DefaultStatus`.
//! - **String lengths.** A string longer than the column's `MaxLength` is refused with
//!   `0x80044331` "A validation error occurred. The length of the '<column>' attribute of the
//!   '<entity>' entity exceeded the maximum allowed length of '<n>'.": email `subject` 800,
//!   appointment `subject` 200, task `subject` 200, annotation (note) `subject` 500.

use super::schema::Table;
use super::write::Refusal;
use serde_json::{Map, Value};

/// One table's states: (statecode, invariant name, default statuscode, valid statuscodes).
type States = &'static [(i64, &'static str, i64, &'static [i64])];

/// Email: Open (1 Draft, 8 Failed), Completed (2 Completed, 3 Sent, 4 Received, 6 Pending Send,
/// 7 Sending), Canceled (5).
const EMAIL: States = &[
    (0, "Open", 1, &[1, 8]),
    (1, "Completed", 2, &[2, 3, 4, 6, 7]),
    (2, "Canceled", 5, &[5]),
];

/// Appointment: Open (1 Free, 2 Tentative), Completed (3), Canceled (4), Scheduled (5 Busy,
/// 6 Out of Office).
const APPOINTMENT: States = &[
    (0, "Open", 1, &[1, 2]),
    (1, "Completed", 3, &[3]),
    (2, "Canceled", 4, &[4]),
    (3, "Scheduled", 5, &[5, 6]),
];

fn states(table: &Table) -> Option<(&'static str, States)> {
    match table.logical {
        "email" => Some(("EmailState", EMAIL)),
        "appointment" => Some(("AppointmentState", APPOINTMENT)),
        _ => None,
    }
}

/// The `MaxLength` of a string column, where the sandbox enforces one.
pub(crate) fn max_length(table: &Table, column: &str) -> Option<usize> {
    match (table.logical, column) {
        ("email", "subject") => Some(800),
        ("appointment", "subject") | ("task", "subject") => Some(200),
        // appointment.location: String, MaxLength 200
        // (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/appointment#BKMK_Location).
        ("appointment", "location") => Some(200),
        ("annotation", "subject") => Some(500),
        // Closer's own row value: a Multiline Text column at its maximum length, 1,048,576
        // (https://learn.microsoft.com/en-us/power-apps/maker/data-platform/types-of-fields,
        // "Multiline text"), as Closer's solution defines it.
        ("osc_closerrow", "osc_value") => Some(1_048_576),
        _ => None,
    }
}

/// Refuses a string longer than its column allows.
pub(crate) fn check_lengths(table: &Table, fields: &Map<String, Value>) -> Result<(), Refusal> {
    for (column, value) in fields {
        if let (Some(max), Some(text)) = (max_length(table, column), value.as_str())
            && text.chars().count() > max
        {
            return Err((
                400,
                "0x80044331",
                format!(
                    "A validation error occurred. The length of the '{column}' attribute of the '{}' entity exceeded the maximum allowed length of '{max}'.",
                    table.logical
                ),
            ));
        }
    }
    Ok(())
}

/// Settles `row`'s `statecode` and `statuscode` after `changes` (the body's columns) were
/// merged into it; `creating` forces the state to Open. `id` names the row in the error.
pub(crate) fn settle_state(
    table: &Table,
    id: &str,
    changes: &Map<String, Value>,
    row: &mut Map<String, Value>,
    creating: bool,
) -> Result<(), Refusal> {
    let Some((enum_name, states)) = states(table) else {
        return Ok(());
    };
    let current = row.get("statecode").and_then(Value::as_i64).unwrap_or(0);
    let state = if creating {
        0
    } else {
        match changes.get("statecode") {
            Some(value) => value.as_i64().ok_or_else(|| invalid_state(table, value))?,
            None => current,
        }
    };
    let Some(&(_, name, default, valid)) = states.iter().find(|(code, ..)| *code == state) else {
        return Err(invalid_state(table, &Value::from(state)));
    };
    let status = match changes.get("statuscode") {
        Some(value) => value.as_i64().ok_or_else(|| invalid_state(table, value))?,
        None if creating || state != current => default,
        None => row
            .get("statuscode")
            .and_then(Value::as_i64)
            .unwrap_or(default),
    };
    if !valid.contains(&status) {
        return Err((
            400,
            "0x80048408",
            format!(
                "{status} is not a valid status code for state code {enum_name}.{name} on {} with Id {id}.",
                table.logical
            ),
        ));
    }
    row.insert("statecode".into(), Value::from(state));
    row.insert("statuscode".into(), Value::from(status));
    Ok(())
}

fn invalid_state(table: &Table, value: &Value) -> Refusal {
    (
        400,
        "0x80048408",
        format!("{value} is not a valid state code on {}.", table.logical),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataverse::schema;
    use serde_json::json;

    fn fields(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn a_create_is_open_whatever_state_it_asks_for() {
        let emails = schema::table("emails").unwrap();
        let body = fields(json!({"statecode": 1}));
        let mut row = body.clone();
        settle_state(emails, "e", &body, &mut row, true).unwrap();
        assert_eq!(
            (row["statecode"].clone(), row["statuscode"].clone()),
            (json!(0), json!(1))
        );
        let closed = fields(json!({"statecode": 1, "statuscode": 4}));
        let mut row = closed.clone();
        let (status, code, message) =
            settle_state(emails, "e", &closed, &mut row, true).unwrap_err();
        assert_eq!((status, code), (400, "0x80048408"));
        assert!(message.starts_with("4 is not a valid status code for state code EmailState.Open"));
    }

    #[test]
    fn a_state_change_takes_only_its_own_statuses() {
        let appointments = schema::table("appointments").unwrap();
        let mut row = fields(json!({"statecode": 0, "statuscode": 1}));
        let completed = fields(json!({"statecode": 1}));
        settle_state(appointments, "a", &completed, &mut row, false).unwrap();
        assert_eq!(row["statuscode"], 3);
        let wrong = fields(json!({"statecode": 1, "statuscode": 5}));
        assert!(settle_state(appointments, "a", &wrong, &mut row, false).is_err());
    }

    #[test]
    fn subjects_longer_than_their_max_length_are_refused() {
        let appointments = schema::table("appointments").unwrap();
        let ok = fields(json!({"subject": "é".repeat(200)}));
        assert!(check_lengths(appointments, &ok).is_ok());
        let long = fields(json!({"subject": "é".repeat(201)}));
        let (status, code, message) = check_lengths(appointments, &long).unwrap_err();
        assert_eq!((status, code), (400, "0x80044331"));
        assert!(
            message.contains("maximum allowed length of '200'"),
            "{message}"
        );
        let emails = schema::table("emails").unwrap();
        assert!(check_lengths(emails, &fields(json!({"subject": "x".repeat(800)}))).is_ok());
        assert!(check_lengths(emails, &fields(json!({"subject": "x".repeat(801)}))).is_err());
        let notes = schema::table("annotations").unwrap();
        assert!(check_lengths(notes, &fields(json!({"subject": "x".repeat(500)}))).is_ok());
        assert!(check_lengths(notes, &fields(json!({"subject": "x".repeat(501)}))).is_err());
    }
}
