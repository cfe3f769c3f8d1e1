//! Salesforce's error answer: a JSON **array** `[{"message","errorCode","fields"?}]` with the
//! status the REST API uses for it
//! (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
//! Every refusal in the emulation is one of these; composite sub-responses carry the same body.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SfError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<String>,
}

impl SfError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    pub fn with_fields(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// 400 `MALFORMED_QUERY`: SOQL the emulation cannot read (or does not emulate: it says so
    /// rather than ignoring a clause).
    pub fn malformed_query(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "MALFORMED_QUERY", message)
    }

    /// 400 `MALFORMED_SEARCH`.
    pub fn malformed_search(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "MALFORMED_SEARCH", message)
    }

    /// 400 `INVALID_FIELD` for a column the entity does not have.
    pub fn no_such_column(field: &str, object: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_FIELD",
            format!(
                "No such column '{field}' on entity '{object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
            ),
        )
    }

    /// 400 `INVALID_TYPE` for an sObject the org does not have (or has switched off).
    pub fn invalid_type(object: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_TYPE",
            format!(
                "sObject type '{object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
            ),
        )
    }

    /// 404 `NOT_FOUND`.
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        )
    }

    /// The array body.
    pub fn body(&self) -> Value {
        let mut error = json!({ "message": self.message, "errorCode": self.code });
        if !self.fields.is_empty() {
            error["fields"] = json!(self.fields);
        }
        json!([error])
    }
}

impl IntoResponse for SfError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            self.body().to_string(),
        )
            .into_response()
    }
}

/// A JSON answer with Salesforce's content type.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}
