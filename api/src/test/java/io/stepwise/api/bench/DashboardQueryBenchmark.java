package io.stepwise.api.bench;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.execution.ContentSearch;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.execution.PgExecutionRollups;
import io.stepwise.api.execution.Statistics;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.StoredDefinitions;
import io.stepwise.web.dashboard.Window;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (never asserts) the dashboard's and the search's queries on a million executions spread
 * over the last week across 50 machines, 5% failed with one of five errors, 2,000 running, and
 * 120,000 state entries in the last half hour. Run alone, on demand:
 *
 * <pre>
 * ./mvnw -q -pl api -am test -Dtest=DashboardQueryBenchmark -Dbench.dashboard=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The figures (median of 5 runs after one warm-up) are printed and written down in api/README.md.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@EnabledIfSystemProperty(named = "bench.dashboard", matches = "true")
class DashboardQueryBenchmark {
  private static final int EXECUTIONS = 1_000_000;
  private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";

  @Inject Database db;
  @Inject Statistics statistics;
  @Inject Executions executions;
  @Inject PgExecutionRollups rollups;

  @Test
  void measure() {
    long t0 = System.nanoTime();
    db.query(
        "INSERT INTO executions (arn, state_machine_arn, name, type, status, definition_id, snapshot,"
            + " input, output, error, cause, start_time, stop_time, event_count)"
            + " SELECT '"
            + PREFIX
            + "execution:bench-m' || (i % 50) || ':e' || i,"
            + " '"
            + PREFIX
            + "stateMachine:bench-m' || (i % 50), 'e' || i, 'STANDARD',"
            + " CASE WHEN i <= 2000 THEN 'RUNNING' WHEN i % 20 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,"
            + " "
            + StoredDefinitions.idOf(db, "{}")
            + ", '{}', '{\"orderId\":\"O-' || i || '\",\"lines\":[{\"sku\":\"s' || (i % 100) || '\"}]}',"
            + " CASE WHEN i > 2000 AND i % 20 <> 0 THEN '{\"ok\":true,\"n\":' || (i % 7) || '}' END,"
            + " CASE WHEN i > 2000 AND i % 20 = 0 THEN 'Err.' || (i % 5) END,"
            + " CASE WHEN i > 2000 AND i % 20 = 0 THEN 'order ' || i || ' could not be shipped' END,"
            + " now() - (i * interval '604 milliseconds'),"
            + " CASE WHEN i > 2000 THEN now() - (i * interval '604 milliseconds') + ((i % 997) * interval '10 milliseconds') END,"
            + " 5 FROM generate_series(1, "
            + EXECUTIONS
            + ") AS i");
    db.query(
        "INSERT INTO history_events (execution_id, event_id, previous_event_id, type, timestamp)"
            + " SELECT e.id, k, k - 1, 'PassStateEntered', now() - (random() * interval '30 minutes')"
            + " FROM generate_series(1, 2000) AS i JOIN executions e ON e.arn = '"
            + PREFIX
            + "execution:bench-m' || (i % 50) || ':e' || i, generate_series(1, 60) AS k");
    System.out.printf(
        "BENCH loaded %,d executions (their rollup deltas written by trigger) in %d s%n",
        EXECUTIONS, (System.nanoTime() - t0) / 1_000_000_000);
    // The server's own RollupFolding may be folding them already: wait until nothing is left.
    long f0 = System.nanoTime();
    long folded = 0;
    for (long n = rollups.fold(); n != 0; n = rollups.fold()) {
      if (n > 0) folded += n;
      else java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
    }
    System.out.printf(
        "BENCH folded the rollup deltas (%,d by this call) in %d ms%n",
        folded, (System.nanoTime() - f0) / 1_000_000);
    db.query("ANALYZE executions");
    db.query("ANALYZE history_events");
    db.query("ANALYZE execution_rollups");
    db.query("ANALYZE execution_duration_rollups");
    try {
      Instant now = Instant.now();
      String machine = PREFIX + "stateMachine:bench-m7";
      for (Window w : Window.values()) {
        // As the dashboard asks: the window aligned on its buckets (the day's and the week's are
        // whole hours, so they are read from the rollups).
        time(
            "dashboard, all machines, " + w.label(),
            () -> statistics.of(Caller.SYSTEM, null, w.since(now), w.until(now), w.bucket()));
        time(
            "dashboard, one machine, " + w.label(),
            () -> statistics.of(Caller.SYSTEM, machine, w.since(now), w.until(now), w.bucket()));
      }
      time(
          "dashboard, all machines, last week unaligned (from the executions, as before)",
          () ->
              statistics.of(
                  Caller.SYSTEM, null, now.minus(Duration.ofDays(7)), now, Duration.ofHours(6)));
      statusChanges(100_000);
      time("list, first page of 50, no filter", () -> list(null, ContentSearch.NONE, null));
      time(
          "search input {\"orderId\":\"O-123457\"}",
          () ->
              list(null, new ContentSearch(null, null, "{\"orderId\":\"O-123457\"}", null), null));
      time(
          "search input {\"lines\":[{\"sku\":\"s42\"}]} (10,000 match), page of 50",
          () ->
              list(
                  null,
                  new ContentSearch(null, null, "{\"lines\":[{\"sku\":\"s42\"}]}", null),
                  null));
      time(
          "search output {\"n\":3}, page of 50",
          () -> list(null, new ContentSearch(null, null, null, "{\"n\":3}"), null));
      time(
          "search error Err.3, page of 50",
          () -> list(null, new ContentSearch("Err.3", null, null, null), null));
      time(
          "search cause 'order 123460 could', page of 50",
          () -> list(null, new ContentSearch(null, "order 123460 could", null, null), null));
      time(
          "search error Err.3 of one machine, status FAILED",
          () -> list(machine, new ContentSearch("Err.3", null, null, null), "FAILED"));
      time(
          "count for the list (up to 1,000 rows), error Err.3",
          () ->
              executions.list(
                  Caller.SYSTEM,
                  new Executions.Filter(
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      new ContentSearch("Err.3", null, null, null)),
                  false,
                  1000,
                  null));
    } finally {
      db.query("DELETE FROM executions WHERE arn LIKE '" + PREFIX + "execution:bench-m%'");
    }
  }

  /**
   * What the rollup triggers cost the statements that change statuses: {@code n} executions flipped
   * SUCCEEDED → ABORTED → SUCCEEDED, with the triggers and without.
   */
  private void statusChanges(int n) {
    String flip =
        "UPDATE executions SET status = CASE status WHEN 'SUCCEEDED' THEN 'ABORTED' ELSE"
            + " 'SUCCEEDED' END WHERE arn IN (SELECT arn FROM executions WHERE arn LIKE '"
            + PREFIX
            + "execution:bench-m%' AND status IN ('SUCCEEDED', 'ABORTED') ORDER BY arn LIMIT "
            + n
            + ")";
    time("flip " + n + " statuses, rollup triggers on", () -> db.query(flip));
    db.query("ALTER TABLE executions DISABLE TRIGGER executions_rollup_update");
    try {
      time("flip " + n + " statuses, rollup triggers off", () -> db.query(flip));
    } finally {
      db.query("ALTER TABLE executions ENABLE TRIGGER executions_rollup_update");
    }
    rollups.fold();
  }

  private Object list(String machine, ContentSearch search, String status) {
    return executions.list(
        Caller.SYSTEM,
        new Executions.Filter(machine, null, status, null, null, null, search),
        false,
        50,
        null);
  }

  private static void time(String what, Supplier<Object> query) {
    query.get();
    long[] ms = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      query.get();
      ms[i] = (System.nanoTime() - t) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf("BENCH %-70s median %5d ms (min %d, max %d)%n", what, ms[2], ms[0], ms[4]);
  }
}
