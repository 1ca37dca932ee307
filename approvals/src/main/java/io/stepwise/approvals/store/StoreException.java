package io.stepwise.approvals.store;

import java.sql.SQLException;

/** A database failure in a store; the caller's transaction was rolled back. */
public final class StoreException extends RuntimeException {
  StoreException(SQLException cause) {
    super(cause.getMessage(), cause);
  }
}
