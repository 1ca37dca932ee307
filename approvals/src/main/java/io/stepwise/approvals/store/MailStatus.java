package io.stepwise.approvals.store;

/** Where one approval mail stands; stored by name and shown in the UI. */
public enum MailStatus {
  /** Not tried yet. */
  PENDING,
  /** The last attempt failed (see the error); tried again after a back-off. */
  RETRYING,
  /** The SMTP server took it. */
  SENT,
  /** No SMTP server is configured: kept on the dev outbox page instead. */
  DEV_OUTBOX,
  /** The approval ended before the mail went out, so it never will. */
  CANCELLED
}
