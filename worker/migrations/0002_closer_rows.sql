-- Closer's own rows (Salesforce tenants, and connection state for every tenant): settings,
-- remembered contact matches, saved-activity ids, opt-in insights with an expiry, and the
-- encrypted Salesforce connection. Every row is keyed by tenant: no query may omit tenant_id.
-- Values are Closer's own data and CRM ids only: never a CRM record, an email or a transcript.
CREATE TABLE IF NOT EXISTS closer_rows (
    tenant_id  TEXT    NOT NULL,
    user_id    TEXT    NOT NULL DEFAULT '', -- '' for tenant-wide rows (admin settings)
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    expires_at INTEGER,                     -- seconds since the epoch; NULL keeps the row
    PRIMARY KEY (tenant_id, user_id, kind, key)
);
CREATE INDEX IF NOT EXISTS closer_rows_expiry ON closer_rows (expires_at)
    WHERE expires_at IS NOT NULL;
INSERT OR REPLACE INTO closer_meta (key, value) VALUES ('schema_version', '2');
