package io.stepwise.approvals;

/** Parameters an approval cannot be made from; the task fails with {@link #ERROR}. */
public final class InvalidApprovalParameters extends RuntimeException {
  /** The error name the task fails with, so Catch can match it. */
  public static final String ERROR = "Approval.InvalidParameters";

  public InvalidApprovalParameters(String message) {
    super(message, null, false, false);
  }
}
