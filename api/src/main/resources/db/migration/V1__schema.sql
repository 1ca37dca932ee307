-- Stepwise schema: the catalog (state machines, activities, tags) and the durable runtime
-- (executions as projections of their history, history events, the task and timer outbox).

CREATE TABLE state_machines (
  arn             text PRIMARY KEY,
  name            text NOT NULL UNIQUE,
  type            text NOT NULL,
  definition      text NOT NULL,
  role_arn        text NOT NULL,
  logging         text,
  tracing         text,
  description     text,
  status          text NOT NULL DEFAULT 'ACTIVE',
  revision_id     text NOT NULL,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

CREATE TABLE state_machine_versions (
  arn               text PRIMARY KEY,
  state_machine_arn text NOT NULL REFERENCES state_machines(arn) ON DELETE CASCADE,
  version           integer NOT NULL,
  definition        text NOT NULL,
  role_arn          text NOT NULL,
  description       text,
  revision_id       text NOT NULL,
  created_at        timestamptz NOT NULL,
  UNIQUE (state_machine_arn, version)
);

CREATE TABLE state_machine_aliases (
  arn               text PRIMARY KEY,
  state_machine_arn text NOT NULL REFERENCES state_machines(arn) ON DELETE CASCADE,
  name              text NOT NULL,
  description       text,
  routing           text NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (state_machine_arn, name)
);

CREATE TABLE activities (
  arn        text PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);

CREATE TABLE tags (
  resource_arn text NOT NULL,
  key          text NOT NULL,
  value        text NOT NULL,
  PRIMARY KEY (resource_arn, key)
);

-- One row per execution: a projection of its history that the step transaction keeps current.
CREATE TABLE executions (
  arn               text PRIMARY KEY,
  state_machine_arn text NOT NULL,
  name              text NOT NULL,
  type              text NOT NULL,
  status            text NOT NULL,
  definition        text NOT NULL,
  snapshot          text NOT NULL,
  input             text NOT NULL,
  output            text,
  error             text,
  cause             text,
  start_time        timestamptz NOT NULL,
  stop_time         timestamptz,
  event_count       integer NOT NULL DEFAULT 0,
  redrive_count     integer NOT NULL DEFAULT 0
);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_time DESC, arn);
CREATE INDEX executions_by_status ON executions (state_machine_arn, status, start_time DESC);

CREATE TABLE history_events (
  execution_arn     text NOT NULL REFERENCES executions(arn) ON DELETE CASCADE,
  event_id          bigint NOT NULL,
  previous_event_id bigint NOT NULL,
  type              text NOT NULL,
  timestamp         timestamptz NOT NULL,
  details           text,
  UNIQUE (execution_arn, event_id)
);

-- The task outbox: a row per dispatched task. Workers claim OPEN rows (or CLAIMED rows whose
-- lease ran out) with SELECT ... FOR UPDATE SKIP LOCKED; the token is the idempotency key.
CREATE TABLE tasks (
  token             text PRIMARY KEY,
  execution_arn     text NOT NULL REFERENCES executions(arn) ON DELETE CASCADE,
  resource          text NOT NULL,
  kind              text NOT NULL,
  pattern           text NOT NULL,
  state_name        text NOT NULL,
  input             text NOT NULL,
  state             text NOT NULL,
  heartbeat_seconds integer,
  timeout_seconds   integer,
  worker_name       text,
  lease_owner       text,
  lease_until       timestamptz,
  heartbeat_at      timestamptz,
  created_at        timestamptz NOT NULL,
  closed_at         timestamptz
);
CREATE INDEX tasks_open_by_resource ON tasks (resource, created_at) WHERE state IN ('OPEN', 'CLAIMED');

-- The timer outbox: Wait states, retries, task and execution timeouts.
CREATE TABLE timers (
  id            text NOT NULL,
  execution_arn text NOT NULL REFERENCES executions(arn) ON DELETE CASCADE,
  due_at        timestamptz NOT NULL,
  lease_owner   text,
  lease_until   timestamptz,
  PRIMARY KEY (execution_arn, id)
);
CREATE INDEX timers_due ON timers (due_at);
