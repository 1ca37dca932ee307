-- Approval policies (issue 22): quorum, self-approval prevention, reminders, escalation, delegation
-- and forms. Existing approvals keep working: an empty policy is today's behaviour (any one decider).

-- The policy as the task's Parameters gave it (JSON), and who started the execution (the identities
-- PreventSelfApproval refuses: user name and verified address), recorded at dispatch.
alter table approval_requests
  add column policy jsonb not null default '{}',
  add column started_by text[] not null default '{}',
  add column fields jsonb;

-- One vote per decider and approval (the unique key is what makes "decides once" hold even if two
-- requests race; the row lock on approval_requests already orders them).
create table approval_votes (
  approval_id uuid not null references approval_requests (id) on delete cascade,
  voter       text not null,
  decided_by  text not null,
  decision    text not null,
  comment     text,
  decided_at  timestamptz not null,
  fields      jsonb,
  primary key (approval_id, voter)
);

-- Reminders and escalation: how many went out so far (the timers compare with the policy).
alter table approval_requests
  add column reminders_sent   integer not null default 0,
  add column escalations_done integer not null default 0;

-- A recipient may now get several mails of one approval: the request, each reminder, the mail of
-- an escalation that added them. One row per kind keeps a retried send from mailing twice.
alter table approval_outbox
  add column kind text not null default 'REQUEST',
  add column note text,
  drop constraint approval_outbox_approval_id_recipient_key,
  add constraint approval_outbox_one_per_kind unique (approval_id, recipient, kind);

-- AllowDelegation: a decider handed their part to another address. The delegator (a link's
-- recipient, or a signed-in user's address or name) decides nothing more on this approval.
create table approval_delegations (
  approval_id uuid not null references approval_requests (id) on delete cascade,
  delegator   text not null,
  delegate    text not null,
  at          timestamptz not null,
  primary key (approval_id, delegator)
);
