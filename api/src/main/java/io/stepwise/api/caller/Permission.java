package io.stepwise.api.caller;

/** What an action needs: the unit the roles grant. */
public enum Permission {
  /** Read state machines, executions, histories, activities, tags. */
  VIEW,
  /** Start, stop and redrive executions; poll and answer activity tasks. */
  OPERATE,
  /** Decide approvals. */
  APPROVE,
  /** Create, update and delete state machines, activities, versions, aliases and tags. */
  EDIT,
  /** Everything else: other people's keys, the audit log, settings. */
  ADMIN
}
