package io.stepwise.approvals.store;

/** Where an approval stands; stored by name. */
public enum ApprovalStatus {
  /** Mailed (or being mailed), waiting for a decision. */
  PENDING,
  /** Someone decided; the task was resolved with the decision. */
  DECIDED,
  /** Nobody decided in time; the task was failed with {@code Approval.Expired}. */
  EXPIRED,
  /** The task ended elsewhere: the execution stopped, the task timed out or was cancelled. */
  CLOSED
}
