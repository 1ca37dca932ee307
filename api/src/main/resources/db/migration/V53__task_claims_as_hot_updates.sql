-- A claim changes a task's state, worker_name, lease_owner and lease_until. While an index referred
-- to any of them (tasks_internal did, to all three), every claim wrote a new entry into each of the
-- table's indexes. Now no index refers to a column a claim changes, so PostgreSQL can make the claim
-- a heap-only (HOT) update: the new row version stays on its page and the indexes are not touched
-- (pages keep free room for it: fillfactor 80). Internal tasks are marked by a generated column
-- whose value a claim by a worker never changes (false stays false; a comparison with NULL
-- would have turned NULL into false).
ALTER TABLE tasks ADD COLUMN internal boolean GENERATED ALWAYS AS (lease_owner IS NOT DISTINCT FROM 'internal')
  STORED;
DROP INDEX tasks_internal;
CREATE INDEX tasks_internal ON tasks (created_at) WHERE internal AND closed_at IS NULL;
ALTER TABLE tasks SET (fillfactor = 80);
