package io.stepwise.approvals.store;

/**
 * Which approvals the inbox may show to whoever is asking (the current page request). The server
 * provides one that narrows them to the executions of the caller's teams; without one, every
 * approval is visible. Signed links never ask it: a link is its own authority.
 */
public interface ApprovalVisibility {
  /** Whether the caller of the current request may see approvals of that execution. */
  boolean visible(String executionArn);
}
