-- Retention forgets stored definitions no execution runs any more (runtime.UnusedDefinitions):
-- finding them, and the foreign key's check when one is deleted, look up executions by definition.
-- Without this index each would scan the executions table. The column never changes after the
-- insert, so a step's update of its execution stays a HOT update.
CREATE INDEX executions_by_definition ON executions (definition_id);
