package io.stepwise.server.persistence;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/**
 * Whether a failure is PostgreSQL's unique violation (SQLSTATE 23505), however Hibernate Reactive
 * or Mutiny wrapped it (Hibernate reports it as a {@link SQLException}): two writers inserted the
 * same key at once.
 */
public final class UniqueViolation {
  private static final String UNIQUE = "23505";

  private UniqueViolation() {}

  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && UNIQUE.equals(pg.getSqlState())) return true;
      if (t instanceof SQLException sql && UNIQUE.equals(sql.getSQLState())) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }
}
