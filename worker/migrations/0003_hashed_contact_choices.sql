-- From schema 3 a remembered contact choice is keyed by a keyed hash of the address
-- (worker/src/routes/pane/contacts.rs, `choice_key`) and expires after the admin's retention.
-- Rows keyed by the plain address are deleted: each seller chooses once more.
DELETE FROM closer_rows WHERE kind = 'contact_match' AND key LIKE '%@%';
INSERT OR REPLACE INTO closer_meta (key, value) VALUES ('schema_version', '3');
