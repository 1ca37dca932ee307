package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.api.ops.StepMetrics;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TimerTable;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Due timers are fired by every node sharing the database, in shared transactions, several at once
 * ({@link TimerFiring}); each must still fire exactly once. The nodes here are {@link TimerFiring}s
 * of their own on the test server's database (another lease owner each), beside the server's own.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class TimerFiringTest {
  private static final int BRANCHES = 3;

  final SfnClient sfn = Sfn.client();
  @Inject Database db;
  @Inject TimerTable timers;
  @Inject StepTransactions steps;
  @Inject StepEffects effects;
  @Inject Wakeups wakeups;
  @Inject NodeLoad load;
  @Inject StepMetrics metrics;

  /** A node of its own: its transactions take at most {@code perTransaction} timers. */
  private TimerFiring node(int perTransaction) {
    return new TimerFiring(db, timers, steps, effects, wakeups, load, metrics, 4, perTransaction);
  }

  /** Parallel branches that each wait an hour, so only the test makes their timers due. */
  private String hourLongWaits() {
    StringBuilder branches = new StringBuilder();
    for (int i = 0; i < BRANCHES; i++) {
      if (i > 0) branches.append(',');
      branches.append(
          "{\"StartAt\":\"W"
              + i
              + "\",\"States\":{\"W"
              + i
              + "\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}");
    }
    return Sfn.createMachine(
        sfn,
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":["
            + branches
            + "],\"Next\":\"Done\"},\"Done\":{\"Type\":\"Pass\",\"End\":true}}}");
  }

  private List<String> start(String machine, int n) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runs.add(sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn());
    }
    return runs;
  }

  /**
   * The Wait timers of the executions (their frames' timers, named from the frame's path, not the
   * execution's own timeout), made due now and claimed by {@code owner} in one go.
   */
  private List<TimerTable.Due> dueAndClaimedBy(String owner, List<String> runs, int leaseSeconds) {
    return dues(
        db.query(
            "UPDATE timers SET due_at = now() - interval '1 second', lease_owner = $2,"
                + " lease_until = now() + make_interval(secs => $3) WHERE execution_arn ="
                + " ANY($1::text[]) AND id LIKE '/%' RETURNING execution_arn, id, due_at",
            runs.toArray(String[]::new), owner, leaseSeconds));
  }

  /** The executions' Wait timers leased to {@code owner} for 30 seconds, whoever held them. */
  private List<TimerTable.Due> leaseTakenOverBy(String owner, List<String> runs) {
    return dues(
        db.query(
            "UPDATE timers SET lease_owner = $2, lease_until = now() + interval '30 seconds'"
                + " WHERE execution_arn = ANY($1::text[]) AND id LIKE '/%'"
                + " RETURNING execution_arn, id, due_at",
            runs.toArray(String[]::new), owner));
  }

  private static List<TimerTable.Due> dues(Iterable<Row> rows) {
    List<TimerTable.Due> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(
          new TimerTable.Due(
              row.getString("execution_arn"),
              row.getString("id"),
              Database.instant(row, "due_at")));
    }
    return out;
  }

  private List<HistoryEvent> history(String run) {
    return sfn.getExecutionHistory(b -> b.executionArn(run).maxResults(1000)).events();
  }

  private static long count(List<HistoryEvent> events, HistoryEventType type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  /**
   * A Standard execution without TimeoutSeconds still ends after AWS's year: the interpreter's
   * execution timer is a durable timer row like any other.
   */
  @Test
  void aStandardExecutionsYearIsADurableTimer() {
    String run = start(hourLongWaits(), 1).getFirst();
    Instant started =
        sfn.describeExecution(b -> b.executionArn(run)).startDate().truncatedTo(ChronoUnit.MILLIS);

    List<Instant> yearTimers = new ArrayList<>();
    for (Row row :
        db.query("SELECT due_at FROM timers WHERE execution_arn = $1 AND id NOT LIKE '/%'", run)) {
      yearTimers.add(Database.instant(row, "due_at"));
    }
    assertThat(yearTimers).containsExactly(started.plus(Duration.ofDays(365)));
  }

  @Test
  void twoNodesFiringTheSameTimersAtOnceFireEachOnce() throws Exception {
    List<String> runs = start(hourLongWaits(), 40);
    // Node B takes the timers; node C takes them over as when B's lease ran out, while B still
    // fires them. The leases are never over, so the test server's own timer loop (another node on
    // the same database, which claims every due timer whose lease is over) takes none of them: it
    // did, between a lease that was over at once and node C's claim, and C then held nothing.
    List<TimerTable.Due> byB = dueAndClaimedBy("node-b", runs, 30);
    List<TimerTable.Due> byC = leaseTakenOverBy("node-c", runs);
    assertThat(byB).hasSize(runs.size() * BRANCHES);
    assertThat(byC).as("timers both nodes hold").containsExactlyInAnyOrderElementsOf(byB);

    TimerFiring b = node(7);
    TimerFiring c = node(5);
    CountDownLatch go = new CountDownLatch(1);
    try (var threads = Executors.newFixedThreadPool(2)) {
      List<Future<?>> firing = new ArrayList<>();
      for (var node : List.of(Map.entry(b, byB), Map.entry(c, byC))) {
        firing.add(
            threads.submit(
                () -> {
                  go.await();
                  node.getKey().fire(node.getValue());
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : firing) f.get();
    }
    assertThat(b.firedTogether() + c.firedTogether())
        .as("timers fired in transactions shared with others")
        .isGreaterThan(0);

    for (String run : runs) {
      assertThat(Sfn.awaitEnd(sfn, run, Duration.ofSeconds(30)).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      List<HistoryEvent> events = history(run);
      assertThat(count(events, HistoryEventType.WAIT_STATE_EXITED)).isEqualTo(BRANCHES);
      assertThat(count(events, HistoryEventType.EXECUTION_SUCCEEDED)).isEqualTo(1);
      for (int i = 0; i < events.size(); i++) assertThat(events.get(i).id()).isEqualTo(i + 1L);
    }
  }

  @Test
  void aTimerMovedLaterAfterItWasClaimedDoesNotFire() throws Exception {
    List<String> runs = start(hourLongWaits(), 1);
    String run = runs.getFirst();
    List<TimerTable.Due> claimed = dueAndClaimedBy("node-b", runs, 30);
    assertThat(claimed).hasSize(BRANCHES);
    // A step moves one of them an hour on (as a heartbeat moves its timer) before node B fires.
    TimerTable.Due moved = claimed.getFirst();
    Instant later = Instant.now().plus(Duration.ofHours(1));
    db.inTransaction(
        sql -> {
          TimerTable.set(sql, moved.executionArn(), moved.timerId(), later);
          return null;
        });

    node(10).fire(claimed);

    // The other two fired; the moved one waits for its new time.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (count(history(run), HistoryEventType.WAIT_STATE_EXITED) < BRANCHES - 1
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    List<HistoryEvent> events = history(run);
    assertThat(count(events, HistoryEventType.WAIT_STATE_EXITED)).isEqualTo(BRANCHES - 1);
    assertThat(sfn.describeExecution(b -> b.executionArn(run)).status())
        .isEqualTo(ExecutionStatus.RUNNING);
    assertThat(
            db.query(
                    "SELECT 1 FROM timers WHERE execution_arn = $1 AND id = $2",
                    moved.executionArn(),
                    moved.timerId())
                .rowCount())
        .as("the moved timer is still set")
        .isEqualTo(1);
  }
}
