-- Deleting an approval deletes its links, mails and audit trail (the server's retention deletes the
-- approvals of the executions it deletes, as AWS forgets an execution's history with it).
alter table approval_links drop constraint approval_links_approval_id_fkey,
  add constraint approval_links_approval_id_fkey foreign key (approval_id)
    references approval_requests (id) on delete cascade;
alter table approval_outbox drop constraint approval_outbox_approval_id_fkey,
  add constraint approval_outbox_approval_id_fkey foreign key (approval_id)
    references approval_requests (id) on delete cascade;
-- Audit rows of an approval go with it; rows without one (a link naming no approval) stay.
alter table approval_audit
  add constraint approval_audit_approval_id_fkey foreign key (approval_id)
    references approval_requests (id) on delete cascade;
