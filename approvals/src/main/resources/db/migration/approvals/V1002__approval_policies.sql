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
