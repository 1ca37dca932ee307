package io.stepwise.approvals.store;

import java.sql.SQLException;

/**
 * Whether a failure is PostgreSQL's unique violation (SQLSTATE 23505), as Hibernate Reactive
 * reports it (a {@link SQLException} in the causes): two writers inserted the same key at once.
 */
final class UniqueViolations {
  private UniqueViolations() {}

  static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) return true;
    }
    return false;
  }
}
