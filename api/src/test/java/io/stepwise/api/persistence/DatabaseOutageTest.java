package io.stepwise.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {
  @Test
  void aLostOrRefusedConnectionIsAnOutageHoweverDeeplyWrapped() {
    assertThat(DatabaseOutage.causedBy(new CompletionException(ClosedConnectionException.INSTANCE)))
        .isTrue();
    assertThat(
            DatabaseOutage.causedBy(
                new IllegalStateException(
                    new CompletionException(new ConnectException("Connection refused")))))
        .isTrue();
  }

  @Test
  void aWriteToAConnectionTheNetworkDroppedIsAnOutage() {
    assertThat(
            DatabaseOutage.causedBy(
                new IllegalStateException(new java.io.IOException("Broken pipe"))))
        .isTrue();
    assertThat(DatabaseOutage.causedBy(new java.io.IOException("Connection reset by peer")))
        .isTrue();
    assertThat(DatabaseOutage.causedBy(new java.io.IOException("No space left on device")))
        .isFalse();
  }

  @Test
  void aDatabaseStartingUpOrShuttingDownIsAnOutage() {
    assertThat(DatabaseOutage.causedBy(pg("57P03", "the database system is starting up"))).isTrue();
    assertThat(DatabaseOutage.causedBy(pg("57P01", "terminating connection"))).isTrue();
    assertThat(DatabaseOutage.causedBy(new SQLException("refused", "08001"))).isTrue();
  }

  @Test
  void errorsOfTheRequestItselfAreNot() {
    assertThat(DatabaseOutage.causedBy(pg("23505", "duplicate key value"))).isFalse();
    assertThat(DatabaseOutage.causedBy(pg("40P01", "deadlock detected"))).isFalse();
    assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("bad"))).isFalse();
    assertThat(DatabaseOutage.causedBy(new SQLException("syntax", "42601"))).isFalse();
  }

  @Test
  void theSummaryIsTheInnermostMessage() {
    assertThat(
            DatabaseOutage.summary(
                new CompletionException(pg("57P03", "the database system is starting up"))))
        .isEqualTo("PgException: FATAL: the database system is starting up (57P03)");
  }

  private static CompletionException pg(String state, String message) {
    return new CompletionException(new PgException(message, "FATAL", state, null));
  }

  @Test
  void aBackgroundJobLogsAnOutageInOneLineAndOtherFailuresWithTheirStackTrace() {
    String name = "outage-log-" + System.nanoTime();
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
    java.util.List<java.util.logging.LogRecord> records = new java.util.ArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(capture);
    try {
      org.jboss.logging.Logger log = org.jboss.logging.Logger.getLogger(name);
      DatabaseOutage.warn(
          log, "timer poll failed", new CompletionException(new ConnectException("refused")));
      DatabaseOutage.warn(log, "timer poll failed", new IllegalStateException("a bug"));
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(records).hasSize(2);
    assertThat(records.get(0).getThrown()).isNull();
    assertThat(records.get(0).getMessage())
        .contains("timer poll failed")
        .contains("the database is unreachable")
        .contains("refused");
    assertThat(records.get(1).getThrown()).isInstanceOf(IllegalStateException.class);
  }
}
