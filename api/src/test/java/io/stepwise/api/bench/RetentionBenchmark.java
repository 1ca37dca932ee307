package io.stepwise.api.bench;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.ops.Retention;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.StoredDefinitions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (never asserts) how fast retention ({@link Retention#purge}: batches of 500 closed
 * executions, their history, tasks and timers going with them) deletes, and whether the space it
 * frees is reused: rounds of {@code bench.retention.executions} (50,000) executions shaped as the
 * soak benchmark's (9 history events each, a task for a tenth, a definition of 280 bytes), all
 * closed an hour ago, are inserted, then purged; sizes are printed before and after each purge and
 * after the VACUUM autovacuum would run. Run alone, on demand:
 *
 * <pre>
 * ./mvnw -q -pl api -am test -Dtest=RetentionBenchmark -Dbench.retention=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The figures are written down in api/README.md ("Storage that stays bounded").
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@EnabledIfSystemProperty(named = "bench.retention", matches = "true")
class RetentionBenchmark {
  private static final String PREFIX = "arn:aws:states:us-east-1:123456789012:";
  private static final String DEFINITION =
      "{\"StartAt\":\"Prepare\",\"States\":{\"Prepare\":{\"Type\":\"Pass\",\"Result\":{\"n\":1},"
          + "\"Next\":\"Check\"},\"Check\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":"
          + "\"$.n\",\"NumericEquals\":1,\"Next\":\"Wait\"}],\"Default\":\"Done\"},"
          + "\"Wait\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Done\"},"
          + "\"Done\":{\"Type\":\"Pass\",\"End\":true}}}";

  @Inject Database db;
  @Inject Retention retention;

  @Test
  void measure() {
    int executions = Integer.getInteger("bench.retention.executions", 50_000);
    int rounds = Integer.getInteger("bench.retention.rounds", 3);
    retention.purge(Duration.ofMinutes(1), 500); // what other test classes left
    db.query("VACUUM");
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      insert(round, executions);
      db.query("VACUUM ANALYZE");
      double insertSeconds = (System.nanoTime() - t0) / 1e9;
      String before = sizes();
      long t1 = System.nanoTime();
      int deleted = retention.purge(Duration.ofMinutes(1), 500);
      double seconds = (System.nanoTime() - t1) / 1e9;
      String after = sizes();
      long t2 = System.nanoTime();
      // What autovacuum does after a purge: the dead rows' space and index entries made reusable.
      db.query("VACUUM");
      double vacuumSeconds = (System.nanoTime() - t2) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "BENCH round %d: inserted %,d executions (%,d events) in %.1f s; retention deleted %,d"
              + " in %.1f s = %,.0f executions/s (%,.0f history events/s)%n"
              + "BENCH   sizes before purge %s%n"
              + "BENCH   after purge        %s%n"
              + "BENCH   after VACUUM       %s (VACUUM took %.1f s)%n",
          round,
          executions,
          executions * 9L,
          insertSeconds,
          deleted,
          seconds,
          deleted / seconds,
          deleted * 9 / seconds,
          before,
          after,
          sizes(),
          vacuumSeconds);
    }
  }

  /** Closed an hour ago, as the soak benchmark's executions are when retention reaches them. */
  private void insert(int round, int n) {
    String machine = PREFIX + "stateMachine:retention-bench";
    db.query(
        "INSERT INTO executions (arn, state_machine_arn, name, type, status, definition_id, input,"
            + " output, start_time, stop_time, event_count, started_by)"
            + " SELECT $1 || ':r' || $3::int || '-' || i, $2, 'r' || $3::int || '-' || i, 'STANDARD',"
            + " 'SUCCEEDED', $4, '{}', '{\"n\":1}', now() - interval '1 hour',"
            + " now() - interval '1 hour' + interval '1 second', 9, ARRAY['admin']"
            + " FROM generate_series(1, $5) AS i",
        PREFIX + "execution:retention-bench",
        machine,
        round,
        StoredDefinitions.idOf(db, DEFINITION),
        n);
    db.query(
        "INSERT INTO history_events (execution_id, event_id, previous_event_id, type, timestamp,"
            + " details) SELECT e.id, k, k - 1, 'PassStateEntered', e.start_time,"
            + " '{\"name\":\"Prepare\",\"input\":{},\"inputDetails\":{\"truncated\":false}}'"
            + " FROM executions e, generate_series(1, 9) AS k"
            + " WHERE e.state_machine_arn = $1 AND e.name LIKE 'r' || $2::int || '-%'",
        machine, round);
    db.query(
        "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input,"
            + " state, created_at, closed_at) SELECT md5(e.arn), e.arn, 'activity', 'ACTIVITY',"
            + " 'REQUEST_RESPONSE', 'Call', '{}', 'FAILED', e.start_time, e.stop_time"
            + " FROM executions e WHERE e.state_machine_arn = $1 AND e.name LIKE 'r' || $2::int || '-%'"
            + " AND e.id % 10 = 0",
        machine, round);
  }

  private String sizes() {
    StringBuilder out = new StringBuilder();
    for (var row :
        db.query(
            "SELECT relname, pg_total_relation_size(relid) AS total FROM pg_stat_user_tables"
                + " WHERE relname IN ('executions', 'history_events', 'tasks') ORDER BY relname")) {
      out.append(
          String.format(
              Locale.ROOT, "%s %.1f MB, ", row.getString("relname"), row.getLong("total") / 1e6));
    }
    return out.substring(0, out.length() - 2);
  }
}
