package io.stepwise.api.persistence;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a failure to reach PostgreSQL (it is restarting, stopped, or the network between dropped
 * the connection) from every other failure. Such a request did not fail because of what it asked:
 * the same request may well succeed a moment later, once the pools have reconnected, so the API
 * answers it with a retryable {@code ServiceUnavailable} instead of an internal error.
 */
public final class DatabaseOutage {
  /** What a caller is told meanwhile: AWS SDKs retry a 503 with back-off, as they should. */
  public static final String RETRY_MESSAGE =
      "The service is temporarily unavailable (its database cannot be reached); retry the request";

  private DatabaseOutage() {}

  /** SQLSTATEs of a database that is unreachable or not accepting work yet. */
  private static boolean unavailableState(String sqlState) {
    if (sqlState == null) return false;
    return sqlState.startsWith("08") // connection exception
        || sqlState.equals("57P01") // admin_shutdown
        || sqlState.equals("57P02") // crash_shutdown
        || sqlState.equals("57P03") // cannot_connect_now: starting up, shutting down, recovering
        || sqlState.equals("53300"); // too_many_connections
  }

  /** Whether the failure, or anything in its cause chain, is the database being unreachable. */
  public static boolean causedBy(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof ClosedConnectionException
          || t instanceof ConnectException
          || t instanceof ClosedChannelException
          || t instanceof java.net.SocketException
          || brokenSocket(t)) {
        return true;
      }
      if (t instanceof PgException pg && unavailableState(pg.getSqlState())) return true;
      if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) return true;
      // Vert.x reports a pooled connection that died while in use with a stack-less throwable.
      String message = t.getMessage();
      if (t.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable")
          && message != null
          && message.startsWith("Connection is not active")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Logs a background job's failure: one line while the database is unreachable (a loop that tries
   * again every second would otherwise print a stack trace each time), the stack trace otherwise.
   */
  public static void warn(org.jboss.logging.Logger log, String what, Throwable failure) {
    if (causedBy(failure)) {
      log.warnf("%s: the database is unreachable (%s)", what, summary(failure));
    } else {
      log.warn(what, failure);
    }
  }

  /**
   * A write to a connection the network dropped: the JDK reports it as a plain IOException with the
   * operating system's words.
   */
  private static boolean brokenSocket(Throwable t) {
    String message = t.getMessage();
    return t instanceof java.io.IOException
        && message != null
        && (message.contains("Broken pipe") || message.contains("Connection reset"));
  }

  /** The innermost message of the failure, for one log line instead of a stack trace. */
  public static String summary(Throwable failure) {
    Throwable root = failure;
    Set<Throwable> seen = new HashSet<>();
    while (root.getCause() != null && seen.add(root)) root = root.getCause();
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
