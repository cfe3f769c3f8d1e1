//! Dynamics 365 through the Dataverse Web API (filled in by the CRM work).
