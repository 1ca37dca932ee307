-- Approvals (module approvals). Versions 1000 and up, so they never clash with the server's own.

-- One row per approval task; the task token is unique so an at-least-once dispatch creates one.
create table approval_requests (
  id                uuid primary key,
  task_token        text not null unique,
  execution_arn     text not null,
  state_machine_arn text,
  state_name        text not null,
  subject           text not null,
  message           text not null,
  choices           text[] not null,
  fail_choices      text[] not null,
  fail_errors       text[] not null,
  recipients        text[] not null,
  groups            text[] not null,
  allow_comment     boolean not null,
  require_sign_in   boolean not null,
  created_at        timestamptz not null,
  expires_at        timestamptz not null,
  -- PENDING, DECIDED, EXPIRED (links ran out; the task failed with Approval.Expired),
  -- CLOSED (the task ended elsewhere: execution stopped, task timed out, cancelled)
  status            text not null,
  decision          text,
  comment           text,
  decided_by        text,
  decided_at        timestamptz,
  closed_reason     text
);
create index approval_requests_pending on approval_requests (expires_at) where status = 'PENDING';
create index approval_requests_execution on approval_requests (execution_arn);

-- One link per recipient and choice. The mail carries a signed reference to the row's id, never
-- the task token.
create table approval_links (
  id          uuid primary key,
  approval_id uuid not null references approval_requests (id),
  recipient   text not null,
  choice      text not null,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index approval_links_approval on approval_links (approval_id);

-- Every decision and every refused attempt (double click, expired, tampered, stopped execution).
create table approval_audit (
  id             bigserial primary key,
  approval_id    uuid,
  link_id        uuid,
  at             timestamptz not null,
  actor          text,
  remote_address text,
  choice         text,
  outcome        text not null,
  detail         text
);
create index approval_audit_approval on approval_audit (approval_id);

-- The mails to send: one per approval and recipient (unique, so a retry never mails twice).
create table approval_outbox (
  id              uuid primary key,
  approval_id     uuid not null references approval_requests (id),
  recipient       text not null,
  -- PENDING (not tried yet), RETRYING (last attempt failed, see last_error), SENT (SMTP took it),
  -- DEV_OUTBOX (no SMTP configured: shown on /approvals/outbox), CANCELLED (approval ended first)
  status          text not null,
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  leased_until    timestamptz,
  last_error      text,
  sent_at         timestamptz,
  subject         text,
  text_body       text,
  html_body       text,
  created_at      timestamptz not null,
  unique (approval_id, recipient)
);
create index approval_outbox_due on approval_outbox (next_attempt_at)
  where status in ('PENDING', 'RETRYING');

-- A signing secret generated on first start when stepwise.approvals.secret is not set, so links
-- survive restarts of a local server.
create table approval_settings (
  name  text primary key,
  value text not null
);
