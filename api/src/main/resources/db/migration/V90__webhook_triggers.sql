-- Webhook triggers (issue 21): POST /hooks/{id} starts an execution of the target (a state
-- machine, version or alias ARN). The secret is sealed with the server key (AES-GCM bound to the
-- trigger's id, as access keys are): a database read alone cannot sign a call. The trigger
-- belongs to its state machine's team (state_machine_arn), like the machine's versions.
CREATE TABLE webhook_triggers (
  id text PRIMARY KEY,
  name text NOT NULL,
  target_arn text NOT NULL,
  state_machine_arn text NOT NULL,
  auth text NOT NULL CHECK (auth IN ('HMAC_SHA256', 'BEARER')),
  input_format text NOT NULL CHECK (input_format IN ('JSON', 'RAW')),
  idempotency_key_path text,
  secret_enc bytea NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz
);
CREATE INDEX webhook_triggers_by_machine ON webhook_triggers (state_machine_arn, created_at);
