-- The open part of the task queue is marked by closed_at (set by every closing update) instead of
-- state. With the old predicate (state IN ('OPEN', 'CLAIMED')) PostgreSQL chose this partial index
-- for the closing updates too (WHERE token = $1 AND state IN ...), scanning every queued task of
-- every resource instead of one primary-key probe: 0.5 ms per answer with 2,000 tasks queued,
-- growing with the queue. Queries of the queue now say closed_at IS NULL; updates by token or by
-- execution no longer match this index's predicate and use their own indexes.
DROP INDEX tasks_open_by_resource;
CREATE INDEX tasks_open_by_resource ON tasks (resource, created_at) WHERE closed_at IS NULL;
