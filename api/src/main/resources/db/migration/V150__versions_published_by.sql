-- Who published a version (issue 23): the caller's name (an access key's name, a signed-in user);
-- null for versions published before this column and for the server itself.
ALTER TABLE state_machine_versions ADD COLUMN published_by text;
