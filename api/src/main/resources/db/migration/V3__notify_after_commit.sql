-- NOTIFY moves out of the step transactions: PostgreSQL serialises the commits of notifying
-- transactions under one global lock held across the WAL flush, which capped durable steps at
-- about 25 commits/s with fsync on. The server now sends the notifications right after each
-- commit (io.stepwise.api.runtime.PgNotifier); a lost one is covered by the one-second polls.
DROP TRIGGER IF EXISTS executions_notify ON executions;
DROP TRIGGER IF EXISTS tasks_notify ON tasks;
DROP TRIGGER IF EXISTS timers_notify ON timers;
DROP FUNCTION IF EXISTS stepwise_notify_execution();
DROP FUNCTION IF EXISTS stepwise_notify_task();
DROP FUNCTION IF EXISTS stepwise_notify_timer();
