-- Notifications (issue 21): every execution status change is an EventBridge-shaped event written
-- by the step that caused it, in the same transaction (the outbox), so a crash neither loses nor
-- invents one. The dispatcher turns each outbox row into one delivery per matching subscription,
-- in the same transaction that deletes it; workers on any node claim due deliveries with a lease.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  execution_arn text NOT NULL,
  state_machine_arn text NOT NULL,
  event text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A subscription belongs to a team (NULL: an admin's, which sees every team's executions) and
-- receives the events of that team's executions that its EventBridge pattern matches.
CREATE TABLE notification_subscriptions (
  id text PRIMARY KEY,
  name text NOT NULL,
  team text,
  event_pattern text NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('WEBHOOK', 'EMAIL')),
  webhook_url text,
  email_to text,
  secret_enc bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  failing_since timestamptz
);

-- One event for one subscription. Deliveries of one execution to one subscription go out in id
-- order: a later one waits while an earlier one is pending.
CREATE TABLE notification_deliveries (
  id bigserial PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES notification_subscriptions (id) ON DELETE CASCADE,
  execution_arn text NOT NULL,
  event_id text NOT NULL,
  event text NOT NULL,
  state text NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
  attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  last_status int,
  last_error text,
  delivered_at timestamptz
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at)
  WHERE state = 'PENDING';
CREATE INDEX notification_deliveries_order
  ON notification_deliveries (subscription_id, execution_arn, id) WHERE state = 'PENDING';
CREATE INDEX notification_deliveries_log ON notification_deliveries (subscription_id, id DESC);

-- Each attempt of a delivery, for the delivery log.
CREATE TABLE notification_attempts (
  delivery_id bigint NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  http_status int,
  error text
);
CREATE INDEX notification_attempts_of ON notification_attempts (delivery_id, at);
