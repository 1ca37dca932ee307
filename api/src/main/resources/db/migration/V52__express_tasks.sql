-- Tasks of Express executions. The executions live in the memory of the server that runs them;
-- their tasks wait here so that a worker polling any server can take one and answer it through any
-- server (the answer is routed to the owner by NOTIFY). UNLOGGED: nothing here must survive a crash,
-- as Express is at-least-once and its executions end with their server.
CREATE UNLOGGED TABLE express_tasks (
  token       text PRIMARY KEY,
  resource    text NOT NULL,
  input       text NOT NULL,
  owner       text NOT NULL,
  claimed     boolean NOT NULL DEFAULT false,
  answer_kind text,
  answer      text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX express_tasks_open ON express_tasks (resource, created_at) WHERE NOT claimed;
