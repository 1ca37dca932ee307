-- Generated data for the query measurement in deploy/README.md (not a test): 1,000,000
-- executions of 100 state machines over 180 days, 9 history events each (a Pass, a Task and a
-- Choice, as a small real machine writes), 2% still running with an open task.
-- Run on a scratch database that the server has migrated (see measure-queries.sh).
\timing on
SET synchronous_commit = off;
-- Bulk load: skip the NOTIFY triggers (one wake-up per row for every listening server) and the
-- foreign key checks; the rows are consistent by construction.
SET session_replication_role = replica;

-- One definition for all of them, kept once (V162).
INSERT INTO definitions (digest, body)
SELECT sha256(convert_to(d, 'UTF8')), d
  FROM (VALUES ('{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"T"},"T":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:work","Next":"C"},"C":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"Done"}],"Default":"Done"},"Done":{"Type":"Succeed"}}}')) AS v(d)
ON CONFLICT (digest) DO NOTHING;

INSERT INTO executions (arn, state_machine_arn, name, type, status, definition_id, snapshot, input,
                        output, start_time, stop_time, event_count)
SELECT 'arn:aws:states:us-east-1:123456789012:execution:m' || (i % 100) || ':e' || i,
       'arn:aws:states:us-east-1:123456789012:stateMachine:m' || (i % 100),
       'e' || i,
       'STANDARD',
       CASE WHEN i % 50 = 0 THEN 'RUNNING' WHEN i % 17 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,
       (SELECT max(id) FROM definitions),
       -- A closed execution no redrive can reach keeps no snapshot (V160).
       CASE WHEN i % 50 = 0 THEN '{"status":"RUNNING","lastEventId":9,"seed":' || i || ',"frames":[]}' END,
       '{"order":' || i || ',"customer":"c' || (i % 997) || '"}',
       CASE WHEN i % 50 = 0 THEN NULL ELSE '{"ok":true,"order":' || i || '}' END,
       now() - make_interval(secs => (1000000 - i) * 15.552),
       CASE WHEN i % 50 = 0 THEN NULL ELSE now() - make_interval(secs => (1000000 - i) * 15.552 - 3) END,
       9
FROM generate_series(1, 1000000) AS i;

INSERT INTO history_events (execution_id, event_id, previous_event_id, type, timestamp, details)
SELECT e.id, n, n - 1,
       (ARRAY['ExecutionStarted','PassStateEntered','PassStateExited','TaskStateEntered',
              'TaskScheduled','TaskStarted','TaskSucceeded','TaskStateExited','ExecutionSucceeded'])[n],
       e.start_time + make_interval(secs => n * 0.3),
       '{"input":{"order":1,"customer":"c1"},"inputDetails":{"truncated":false},"name":"T","resource":"arn:aws:states:us-east-1:123456789012:activity:work"}'
FROM executions e, generate_series(1, 9) AS n
WHERE e.state_machine_arn LIKE 'arn:aws:states:us-east-1:123456789012:stateMachine:m%';

INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input, state,
                   created_at, closed_at)
SELECT md5(e.arn), e.arn, 'arn:aws:states:us-east-1:123456789012:activity:work', 'ACTIVITY',
       'REQUEST_RESPONSE', 'T', '{}',
       CASE WHEN e.status = 'RUNNING' THEN 'OPEN' ELSE 'CLOSED' END,
       e.start_time, e.stop_time
FROM executions e
WHERE e.state_machine_arn LIKE 'arn:aws:states:us-east-1:123456789012:stateMachine:m%';

VACUUM ANALYZE executions;
VACUUM ANALYZE history_events;
VACUUM ANALYZE tasks;
SELECT pg_size_pretty(pg_database_size(current_database())) AS database_size,
       (SELECT count(*) FROM executions) AS executions,
       (SELECT count(*) FROM history_events) AS history_events;
