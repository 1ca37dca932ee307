-- Who started an execution (issue 22, PreventSelfApproval): the signed-in user's or access key
-- owner's name and verified address, recorded by StartExecution; a nested execution or a Map Run's
-- child inherits its parent's. Null when nobody is known (a server without identities).
ALTER TABLE executions ADD COLUMN started_by text[];
