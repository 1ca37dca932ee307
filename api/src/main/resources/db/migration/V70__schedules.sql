-- Schedules (io.stepwise.api.schedule): EventBridge Scheduler's schedule groups and schedules, and
-- one row per fire time, which is what makes a fire happen once across any number of servers.

CREATE TABLE schedule_groups (
  name       text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- AWS's default group always exists; it cannot be deleted.
INSERT INTO schedule_groups (name) VALUES ('default');

CREATE TABLE schedules (
  group_name       text NOT NULL REFERENCES schedule_groups(name) ON DELETE CASCADE,
  name             text NOT NULL,
  arn              text NOT NULL UNIQUE,
  description      text,
  expression       text NOT NULL,
  timezone         text NOT NULL,
  start_date       timestamptz,
  end_date         timestamptz,
  state            text NOT NULL CHECK (state IN ('ENABLED', 'DISABLED')),
  window_minutes   integer,                  -- FlexibleTimeWindow FLEXIBLE; null: OFF
  after_completion text NOT NULL,            -- ActionAfterCompletion NONE or DELETE
  kms_key_arn      text,
  target           text NOT NULL,            -- the Target as GetSchedule shows it (JSON)
  target_arn       text NOT NULL,            -- the state machine it starts (its owner's ARN)
  -- Who made or last changed it: the identity its fires start executions as.
  owner_name       text NOT NULL,
  owner_kind       text NOT NULL,
  owner_roles      text NOT NULL,
  owner_teams      text NOT NULL,
  anchor           timestamptz NOT NULL,     -- a rate without StartDate counts from here
  next_fire_at     timestamptz,              -- the next fire time not yet planned; null: no more
  client_token     text,                     -- CreateSchedule's, so a retried create is one create
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (group_name, name)
);
CREATE INDEX schedules_due ON schedules (next_fire_at)
  WHERE state = 'ENABLED' AND next_fire_at IS NOT NULL;
CREATE INDEX schedules_target ON schedules (target_arn);

-- One fire time of a schedule: planned once (the primary key), started by whichever server
-- claims it (SKIP LOCKED and a lease), under an execution name derived from schedule and fire
-- time, so a repeated start finds the execution the first one made.
CREATE TABLE schedule_fires (
  schedule_arn  text NOT NULL,
  fire_time     timestamptz NOT NULL,        -- <aws.scheduler.scheduled-time>
  due_at        timestamptz NOT NULL,        -- within the flexible window, or the next retry
  state         text NOT NULL CHECK (state IN ('PENDING', 'STARTED', 'FAILED', 'EXPIRED')),
  attempts      integer NOT NULL DEFAULT 0,
  run_now       boolean NOT NULL DEFAULT false,
  execution_arn text,
  error         text,
  cause         text,
  lease_owner   text,
  lease_until   timestamptz,
  created_at    timestamptz NOT NULL,
  finished_at   timestamptz,
  PRIMARY KEY (schedule_arn, fire_time)
);
CREATE INDEX schedule_fires_due ON schedule_fires (due_at) WHERE state = 'PENDING';
CREATE INDEX schedule_fires_execution ON schedule_fires (execution_arn)
  WHERE execution_arn IS NOT NULL;
