package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.service.ExecutionStatistics;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * The dashboard's rollups (V151) answer exactly what a count over the executions answers: after
 * executions that succeeded, failed with two errors, were stopped, timed out, still run, and were
 * redriven (one to success, one to another error), before the deltas are folded and after.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class DashboardRollupTest {
  final SfnClient sfn = Sfn.client();

  @Inject PgExecutionStatistics statistics;
  @Inject PgExecutionRollups rollups;

  @Test
  void rollupsCountExactlyWhatTheExecutionsSayAfterMixedOutcomesAndRedrives() {
    String activity = sfn.createActivity(b -> b.name(Sfn.unique("rollup"))).activityArn();
    String worked =
        Sfn.createMachine(
            sfn,
            "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\""
                + activity
                + "\",\"End\":true}}}");
    String slow =
        Sfn.createMachine(
            sfn,
            "{\"TimeoutSeconds\":1,\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\","
                + "\"Seconds\":60,\"End\":true}}}");

    for (int i = 0; i < 4; i++) finish(worked, activity, null);
    for (int i = 0; i < 3; i++) finish(worked, activity, "Boom");
    for (int i = 0; i < 2; i++) finish(worked, activity, "Bang");
    for (int i = 0; i < 2; i++) {
      String arn = startAndTake(worked, activity).executionArn;
      sfn.stopExecution(b -> b.executionArn(arn));
      Sfn.awaitEnd(sfn, arn, Duration.ofSeconds(10));
    }
    redriven(worked, activity, null);
    redriven(worked, activity, "Bang");
    String timedOut = sfn.startExecution(b -> b.stateMachineArn(slow)).executionArn();
    assertThat(Sfn.awaitEnd(sfn, timedOut, Duration.ofSeconds(20)).status())
        .isEqualTo(ExecutionStatus.TIMED_OUT);
    for (int i = 0; i < 2; i++) {
      counted(sfn.startExecution(b -> b.stateMachineArn(worked)).executionArn());
    }
    String stillWaiting = counted(sfn.startExecution(b -> b.stateMachineArn(slow)).executionArn());

    Instant now = Instant.now();
    Instant since = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
    Instant until = since.plus(Duration.ofDays(1));
    PgExecutionStatistics.Scope both = new PgExecutionStatistics.Scope(null, Set.of(worked, slow));
    PgExecutionStatistics.Scope one = new PgExecutionStatistics.Scope(worked, null);

    // Counted before folding (deltas) and after (rollups): the same exact answers.
    for (int pass = 0; pass < 2; pass++) {
      for (PgExecutionStatistics.Scope scope : List.of(both, one)) {
        for (Duration bucket : List.of(Duration.ofHours(1), Duration.ofHours(6))) {
          Instant from = bucket.equals(Duration.ofHours(6)) ? aligned(now, bucket) : since;
          Instant to = from.plus(Duration.ofDays(1));
          ExecutionStatistics rolled = statistics.read(scope, from, to, bucket, true).statistics();
          ExecutionStatistics counted =
              statistics.read(scope, from, to, bucket, false).statistics();
          assertSame(rolled, counted);
        }
      }
      rollups.fold();
    }

    ExecutionStatistics mine = statistics.read(one, since, until, Duration.ofHours(1)).statistics();
    long[] totals = new long[5];
    for (ExecutionStatistics.Bucket b : mine.buckets()) {
      totals[0] += b.started();
      totals[1] += b.succeeded();
      totals[2] += b.failed();
      totals[3] += b.timedOut();
      totals[4] += b.aborted();
    }
    // 4 + 1 redriven succeeded; 3 Boom, 2 Bang and 1 redriven again to Bang; 2 stopped; 2 running.
    assertThat(totals).containsExactly(15, 5, 6, 0, 2);
    assertThat(mine.topErrors())
        .containsExactly(
            new ExecutionStatistics.ErrorCount("Bang", 3),
            new ExecutionStatistics.ErrorCount("Boom", 3));
    ExecutionStatistics slowOnes =
        statistics
            .read(new PgExecutionStatistics.Scope(slow, null), since, until, Duration.ofHours(1))
            .statistics();
    assertThat(slowOnes.buckets().stream().mapToLong(ExecutionStatistics.Bucket::timedOut).sum())
        .isEqualTo(1);
    assertThat(slowOnes.buckets().stream().mapToLong(ExecutionStatistics.Bucket::started).sum())
        .isEqualTo(2);
    sfn.stopExecution(b -> b.executionArn(stillWaiting));
  }

  private static Instant aligned(Instant now, Duration bucket) {
    long size = bucket.toSeconds();
    long end = Math.floorDiv(now.getEpochSecond(), size) * size + size;
    return Instant.ofEpochSecond(end).minus(Duration.ofDays(1));
  }

  private static void assertSame(ExecutionStatistics rolled, ExecutionStatistics counted) {
    assertThat(rolled.topErrors()).isEqualTo(counted.topErrors());
    assertThat(rolled.buckets()).hasSameSizeAs(counted.buckets());
    for (int i = 0; i < rolled.buckets().size(); i++) {
      ExecutionStatistics.Bucket r = rolled.buckets().get(i);
      ExecutionStatistics.Bucket c = counted.buckets().get(i);
      assertThat(
              List.of(r.start(), r.started(), r.succeeded(), r.failed(), r.timedOut(), r.aborted()))
          .as("bucket %s", c.start())
          .isEqualTo(
              List.of(
                  c.start(), c.started(), c.succeeded(), c.failed(), c.timedOut(), c.aborted()));
      assertClose(r.p50(), c.p50());
      assertClose(r.p95(), c.p95());
      assertClose(r.p99(), c.p99());
    }
  }

  /** A histogram's percentile is within one bin (9 %) of the exact one, or 2 ms. */
  private static void assertClose(Long rolled, Long counted) {
    if (counted == null) {
      assertThat(rolled).isNull();
      return;
    }
    assertThat(rolled).isNotNull();
    assertThat((double) rolled)
        .isCloseTo(counted, org.assertj.core.data.Offset.offset(Math.max(2.0, counted * 0.1)));
  }

  /** Waits for the execution's first step: the dashboard counts executions that have events. */
  private String counted(String arn) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sfn.getExecutionHistory(b -> b.executionArn(arn)).events().isEmpty()) {
      assertThat(System.nanoTime()).as("the first step of " + arn).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
    }
    return arn;
  }

  private record Started(String executionArn, String token) {}

  private Started startAndTake(String machine, String activity) {
    String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
    GetActivityTaskResponse task = sfn.getActivityTask(b -> b.activityArn(activity));
    return new Started(arn, task.taskToken());
  }

  private void finish(String machine, String activity, String error) {
    Started s = startAndTake(machine, activity);
    answer(s.token, error);
    Sfn.awaitEnd(sfn, s.executionArn, Duration.ofSeconds(10));
  }

  private void answer(String token, String error) {
    if (error == null) sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}"));
    else sfn.sendTaskFailure(b -> b.taskToken(token).error(error).cause("because"));
  }

  private void redriven(String machine, String activity, String secondError) {
    Started s = startAndTake(machine, activity);
    answer(s.token, "Boom");
    assertThat(Sfn.awaitEnd(sfn, s.executionArn, Duration.ofSeconds(10)).status())
        .isEqualTo(ExecutionStatus.FAILED);
    sfn.redriveExecution(b -> b.executionArn(s.executionArn));
    answer(sfn.getActivityTask(b -> b.activityArn(activity)).taskToken(), secondError);
    Sfn.awaitEnd(sfn, s.executionArn, Duration.ofSeconds(10));
  }
}
