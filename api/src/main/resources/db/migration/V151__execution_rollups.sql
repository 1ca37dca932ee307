-- The dashboard's rollups (issue 23): executions counted per machine, per hour of their start, per
-- status now and error, and the durations of the ended ones as a histogram, so a week's dashboard
-- reads a few thousand rows instead of every execution of the week.
--
-- Every change of a counted execution (a row with event_count > 0: inserted, its status, error,
-- stop time changed, deleted by retention) writes deltas in its own transaction, by trigger, so no
-- path that changes executions can miss one. Deltas are only appended (no hot row that concurrent
-- steps would queue on); `PgExecutionRollups` folds them into the rollups every few seconds. A
-- reader sums rollups and the deltas not folded yet in one snapshot, so its counts are exact.

-- A duration's histogram bin: floor(8 * log2(ms + 1)), eight bins per doubling (a bin is at most
-- 9 % wide), 0 to 280 for up to a year. NULL while the execution runs.
CREATE FUNCTION stepwise_duration_bin(start_time timestamptz, stop_time timestamptz)
RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN stop_time IS NULL THEN NULL
    ELSE floor(8 * log(2, greatest(extract(epoch FROM stop_time - start_time) * 1000, 0) + 1))::smallint
  END
$$;

-- The hour a start falls in, whatever the session's time zone.
CREATE FUNCTION stepwise_rollup_hour(start_time timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT date_bin(interval '1 hour', start_time, timestamptz '2000-01-01 00:00:00+00')
$$;

CREATE TABLE execution_rollups (
  hour              timestamptz NOT NULL,
  state_machine_arn text NOT NULL,
  status            text NOT NULL,
  error             text NOT NULL,
  n                 bigint NOT NULL,
  PRIMARY KEY (hour, state_machine_arn, status, error)
);

CREATE TABLE execution_duration_rollups (
  hour              timestamptz NOT NULL,
  state_machine_arn text NOT NULL,
  bin               smallint NOT NULL,
  n                 bigint NOT NULL,
  PRIMARY KEY (hour, state_machine_arn, bin)
);

-- One row per change: n is +1 for the execution as it is now, -1 for what it was (an aggregated
-- count for a statement that deleted many). bin is set for an ended execution.
CREATE TABLE execution_rollup_deltas (
  hour              timestamptz NOT NULL,
  state_machine_arn text NOT NULL,
  status            text NOT NULL,
  error             text NOT NULL,
  bin               smallint,
  n                 bigint NOT NULL
);

CREATE FUNCTION stepwise_rollup_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.event_count > 0 THEN
    INSERT INTO execution_rollup_deltas VALUES (stepwise_rollup_hour(OLD.start_time),
      OLD.state_machine_arn, OLD.status, COALESCE(OLD.error, ''),
      stepwise_duration_bin(OLD.start_time, OLD.stop_time), -1);
  END IF;
  IF NEW.event_count > 0 THEN
    INSERT INTO execution_rollup_deltas VALUES (stepwise_rollup_hour(NEW.start_time),
      NEW.state_machine_arn, NEW.status, COALESCE(NEW.error, ''),
      stepwise_duration_bin(NEW.start_time, NEW.stop_time), 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION stepwise_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO execution_rollup_deltas
    SELECT stepwise_rollup_hour(start_time), state_machine_arn, status, COALESCE(error, ''),
      stepwise_duration_bin(start_time, stop_time), -count(*)
    FROM gone WHERE event_count > 0
    GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END
$$;

CREATE TRIGGER executions_rollup_insert AFTER INSERT ON executions
  FOR EACH ROW WHEN (NEW.event_count > 0) EXECUTE FUNCTION stepwise_rollup_row_change();

-- Every step updates its execution; only a change the dashboard counts writes deltas.
CREATE TRIGGER executions_rollup_update AFTER UPDATE ON executions
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.error IS DISTINCT FROM NEW.error
    OR OLD.stop_time IS DISTINCT FROM NEW.stop_time
    OR OLD.start_time IS DISTINCT FROM NEW.start_time
    OR OLD.state_machine_arn IS DISTINCT FROM NEW.state_machine_arn
    OR (OLD.event_count > 0) IS DISTINCT FROM (NEW.event_count > 0))
  EXECUTE FUNCTION stepwise_rollup_row_change();

-- Retention deletes thousands at a time: one aggregated delta per group, not one per row.
CREATE TRIGGER executions_rollup_delete AFTER DELETE ON executions
  REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION stepwise_rollup_deleted();

-- The executions already there.
INSERT INTO execution_rollups
  SELECT stepwise_rollup_hour(start_time), state_machine_arn, status, COALESCE(error, ''), count(*)
  FROM executions WHERE event_count > 0
  GROUP BY 1, 2, 3, 4;
INSERT INTO execution_duration_rollups
  SELECT stepwise_rollup_hour(start_time), state_machine_arn, stepwise_duration_bin(start_time, stop_time), count(*)
  FROM executions WHERE event_count > 0 AND stop_time IS NOT NULL
  GROUP BY 1, 2, 3;
