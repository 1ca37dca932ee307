-- Searching executions (issue 23): by start time across all machines, by error name, by a text in
-- the cause and by a JSON value the input or output contains. Inputs and outputs are stored as the
-- JSON text the API accepted (always valid JSON; see stepwise_searchable_json for what jsonb refuses).

-- The unfiltered list and the dashboard's time windows, newest first, keyset-paged.
CREATE INDEX executions_by_start ON executions (start_time DESC, arn DESC);

-- Error names: only ended executions have one.
CREATE INDEX executions_by_error ON executions (error, start_time DESC) WHERE error IS NOT NULL;

-- JSON containment (stepwise_searchable_json(input) @> '{"orderId":"A-17"}'); jsonb_path_ops is
-- the smaller GIN operator class and answers exactly @>. Valid JSON is not always valid jsonb: a
-- \u0000 or an escaped surrogate in a string (AWS accepts both) would make the cast, and so the
-- INSERT or UPDATE that maintains the index, fail. Such a document is left out of the search (NULL)
-- instead (ExecutionActionsTest.aCauseTakenFromTheInputMayHoldANulCharacter).
CREATE FUNCTION stepwise_searchable_json(doc text) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN doc ~ '\\u(0000|[dD][89a-fA-F])' THEN NULL ELSE doc::jsonb END $$;
CREATE INDEX executions_input_json ON executions
  USING gin ((stepwise_searchable_json(input)) jsonb_path_ops);
CREATE INDEX executions_output_json ON executions
  USING gin ((stepwise_searchable_json(output)) jsonb_path_ops) WHERE status = 'SUCCEEDED';

-- A text anywhere in the cause (ILIKE '%…%') uses trigrams where the pg_trgm extension is
-- installed (it is trusted, so the database owner may create it). Without it the search scans,
-- bounded by the search's statement timeout (PgExecutions.SEARCH_TIMEOUT).
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX executions_cause_text ON executions USING gin (cause gin_trgm_ops)
    WHERE cause IS NOT NULL;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): cause searches scan the ended executions', SQLERRM;
END
$$;
