//! Salesforce through its REST API (filled in by the CRM work).
