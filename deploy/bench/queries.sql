-- The queries the server runs, as PgExecutions, ClusterGauges and Retention write them, on the
-- generated data; EXPLAIN ANALYZE shows plan and time. Each runs twice: cold-ish, then warm.
\set machine '''arn:aws:states:us-east-1:123456789012:stateMachine:m42'''
\set execution '''arn:aws:states:us-east-1:123456789012:execution:m42:e500042'''
\echo ListExecutions, first page of 100, newest first
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT arn, name, status, start_time, stop_time FROM executions
 WHERE state_machine_arn = :machine AND event_count > 0
 ORDER BY start_time DESC, arn DESC LIMIT 100;
\echo ListExecutions, statusFilter=FAILED, first page of 100
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT arn, name, status, start_time, stop_time FROM executions
 WHERE state_machine_arn = :machine AND status = 'FAILED' AND event_count > 0
 ORDER BY start_time DESC, arn DESC LIMIT 100;
\echo ListExecutions, page 50 (keyset: after the 5,000th newest)
SELECT start_time AS after_start, arn AS after_arn FROM executions
 WHERE state_machine_arn = :machine ORDER BY start_time DESC, arn DESC OFFSET 4999 LIMIT 1 \gset
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT arn, name, status, start_time, stop_time FROM executions
 WHERE state_machine_arn = :machine AND (start_time, arn) < (:'after_start'::timestamptz, :'after_arn')
   AND event_count > 0
 ORDER BY start_time DESC, arn DESC LIMIT 100;
\echo GetExecutionHistory, first page of 1000
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT event_id, previous_event_id, type, timestamp, details FROM history_events
 WHERE execution_id = (SELECT id FROM executions WHERE arn = :execution)
   AND event_id > 0 ORDER BY event_id LIMIT 1000;
\echo GetExecutionHistory, reverseOrder
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT event_id, previous_event_id, type, timestamp, details FROM history_events
 WHERE execution_id = (SELECT id FROM executions WHERE arn = :execution)
   AND event_id < 9223372036854775807 ORDER BY event_id DESC LIMIT 1000;
\echo Cluster gauges (/q/metrics refresh)
EXPLAIN (ANALYZE, COSTS OFF)
SELECT (SELECT count(*) FROM executions WHERE status = 'RUNNING') AS running,
       t.open_tasks, t.claimed_tasks, t.oldest_open, t.busy_workers,
       (SELECT count(*) FROM timers WHERE due_at <= now()) AS due_timers,
       (SELECT coalesce(extract(epoch FROM now() - min(due_at)), 0)::float8 FROM timers WHERE due_at <= now()) AS timer_lag
FROM (SELECT count(*) FILTER (WHERE state = 'OPEN') AS open_tasks,
             count(*) FILTER (WHERE state = 'CLAIMED') AS claimed_tasks,
             coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state = 'OPEN')), 0)::float8 AS oldest_open,
             count(DISTINCT worker_name) FILTER (WHERE state = 'CLAIMED') AS busy_workers
      FROM tasks WHERE state IN ('OPEN', 'CLAIMED')) t;
\echo Retention, one batch of 500 (rolled back)
BEGIN;
EXPLAIN (ANALYZE, COSTS OFF)
WITH doomed AS (SELECT arn FROM executions e
  WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')
    AND stop_time < now() - make_interval(days => 90)
    AND NOT EXISTS (SELECT 1 FROM executions c WHERE c.parent_arn = e.arn
      AND c.status NOT IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'))
  ORDER BY stop_time LIMIT 500 FOR UPDATE SKIP LOCKED)
DELETE FROM executions x USING doomed d WHERE x.arn = d.arn;
ROLLBACK;
