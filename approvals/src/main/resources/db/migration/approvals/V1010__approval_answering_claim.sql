-- A decider that completes the quorum answers the task after releasing the row lock (Hibernate
-- Reactive runs on the server's pool, and the task service needs a connection of its own); until
-- it has recorded the answer, the claim makes every other attempt wait, as the row lock did.
alter table approval_requests add column answering_until timestamptz;
