-- Storage (issue 19): every execution kept a copy of the definition it runs (280 bytes for a small
-- machine, up to 1 MB), although most executions share it with thousands of others. Definitions
-- are now kept once, by the SHA-256 of their text, and an execution names the one it runs. A
-- definition stays when the last execution that ran it is deleted (one row per definition ever
-- run: as many as the machines' versions and updates, not as many as executions).
CREATE TABLE definitions (
  id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  digest bytea NOT NULL UNIQUE,
  body   text NOT NULL
);

INSERT INTO definitions (digest, body)
SELECT DISTINCT ON (digest) digest, definition
  FROM (SELECT sha256(convert_to(definition, 'UTF8')) AS digest, definition FROM executions) d
 ORDER BY digest;

ALTER TABLE executions ADD COLUMN definition_id bigint REFERENCES definitions(id);
UPDATE executions e SET definition_id = d.id
  FROM definitions d WHERE d.digest = sha256(convert_to(e.definition, 'UTF8'));
ALTER TABLE executions ALTER COLUMN definition_id SET NOT NULL;
ALTER TABLE executions DROP COLUMN definition;
