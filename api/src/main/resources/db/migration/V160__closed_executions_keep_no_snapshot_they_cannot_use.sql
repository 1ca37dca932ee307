-- Storage (issue 19): a closed execution keeps its interpreter snapshot (two thirds of its row) only
-- while RedriveExecution may still use it. AWS redrives FAILED, TIMED_OUT and ABORTED executions
-- within 14 days of their close, never SUCCEEDED ones, and a distributed Map's children only
-- through their parent, whose redrive starts a new Map Run. The step that closes an execution no
-- redrive can reach stores no snapshot (runtime.StepWriter.Context.keepsSnapshot); retention
-- clears the others' after the 14 days (ops.Retention), found through executions_redrivable.
ALTER TABLE executions ALTER COLUMN snapshot DROP NOT NULL;

UPDATE executions SET snapshot = NULL
 WHERE status = 'SUCCEEDED'
    OR (status IN ('FAILED', 'TIMED_OUT', 'ABORTED')
        AND (map_run_arn IS NOT NULL OR stop_time < now() - interval '14 days'));

CREATE INDEX executions_redrivable ON executions (stop_time)
  WHERE snapshot IS NOT NULL AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED');
