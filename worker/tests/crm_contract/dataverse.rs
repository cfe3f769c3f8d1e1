//! The Dataverse fixture for the CRM contract suite (filled in by the CRM work).
