package io.stepwise.approvals.store;

/** A database failure in a store; the caller's transaction was rolled back. */
public final class StoreException extends RuntimeException {
  StoreException(Throwable cause) {
    super(cause.getMessage(), cause);
  }
}
