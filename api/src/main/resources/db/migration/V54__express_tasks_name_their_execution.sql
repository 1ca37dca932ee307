-- An answer to an Express task given on another server is authorized against the task's execution
-- (its team), which the token alone does not name. The table is unlogged and its rows live minutes;
-- a row written by a server of an older version has none, and is answered on its own server only.
ALTER TABLE express_tasks ADD COLUMN execution_arn text;
