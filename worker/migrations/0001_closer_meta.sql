-- Closer's own metadata. Closer's D1 holds Closer's values and CRM ids only: never a CRM record,
-- never email or transcript content.
CREATE TABLE IF NOT EXISTS closer_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT OR REPLACE INTO closer_meta (key, value) VALUES ('schema_version', '1');
