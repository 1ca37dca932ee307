-- Links between executions (nested executions and distributed Map children), Map Run records,
-- versions on executions, and the NOTIFY triggers that wake every server process.

ALTER TABLE executions ADD COLUMN parent_arn text;
ALTER TABLE executions ADD COLUMN parent_token text;
ALTER TABLE executions ADD COLUMN map_run_arn text;
ALTER TABLE executions ADD COLUMN version_arn text;
ALTER TABLE executions ADD COLUMN alias_arn text;
ALTER TABLE executions ADD COLUMN redrive_time timestamptz;
-- A Step Functions Local test case: its tasks are answered from STEPWISE_MOCK_CONFIG.
ALTER TABLE executions ADD COLUMN test_case text;
CREATE INDEX executions_by_map_run ON executions (map_run_arn, status) WHERE map_run_arn IS NOT NULL;
-- Children whose first step has not run yet (started after the parent's step commits).
CREATE INDEX executions_unstarted ON executions (start_time) WHERE event_count = 0;

-- A task row may stand for a child execution; its end answers the task.
ALTER TABLE tasks ADD COLUMN child_arn text;
CREATE INDEX tasks_by_child ON tasks (child_arn) WHERE child_arn IS NOT NULL;
-- Work the server does itself (item reading, result writing, built-in handlers) is found again
-- after a crash by its lease.
CREATE INDEX tasks_internal ON tasks (lease_until) WHERE lease_owner = 'internal' AND state = 'CLAIMED';

CREATE TABLE map_runs (
  arn                          text PRIMARY KEY,
  execution_arn                text NOT NULL REFERENCES executions(arn) ON DELETE CASCADE,
  state_name                   text,
  status                       text NOT NULL,
  max_concurrency              integer NOT NULL DEFAULT 0,
  tolerated_failure_percentage real NOT NULL DEFAULT 0,
  tolerated_failure_count      bigint NOT NULL DEFAULT 0,
  start_date                   timestamptz NOT NULL,
  stop_date                    timestamptz,
  redrive_count                integer NOT NULL DEFAULT 0
);
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, start_date);

-- NOTIFY from inside the step's transaction: delivered to listeners on every server process
-- only when it commits. PostgreSQL folds identical notifications of one transaction.
CREATE FUNCTION stepwise_notify_execution() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('stepwise_execution', NEW.arn);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER executions_notify AFTER INSERT OR UPDATE OF event_count, status ON executions
  FOR EACH ROW EXECUTE FUNCTION stepwise_notify_execution();

CREATE FUNCTION stepwise_notify_task() RETURNS trigger AS $$
BEGIN
  IF NEW.state = 'OPEN' THEN
    PERFORM pg_notify('stepwise_task', NEW.resource);
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER tasks_notify AFTER INSERT ON tasks
  FOR EACH ROW EXECUTE FUNCTION stepwise_notify_task();

CREATE FUNCTION stepwise_notify_timer() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('stepwise_timer', (extract(epoch FROM NEW.due_at) * 1000)::bigint::text);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER timers_notify AFTER INSERT ON timers
  FOR EACH ROW EXECUTE FUNCTION stepwise_notify_timer();
