-- Indexes for retention and the cluster metrics (io.stepwise.api.ops).
-- Partial indexes hold only the rows the queries look for, so a database with millions of closed
-- executions stays cheap to scan, and a running execution's step writes to at most one of them.

-- Retention picks the oldest closed executions; running ones are not in this index at all.
CREATE INDEX executions_closed ON executions (stop_time)
  WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED');
-- The running count of /q/metrics.
CREATE INDEX executions_running ON executions (start_time) WHERE status = 'RUNNING';
-- Retention keeps a closed parent while a child runs.
CREATE INDEX executions_by_parent ON executions (parent_arn) WHERE parent_arn IS NOT NULL;
-- Deleting an execution cascades to its tasks; without this each delete would scan the table.
CREATE INDEX tasks_by_execution ON tasks (execution_arn);
