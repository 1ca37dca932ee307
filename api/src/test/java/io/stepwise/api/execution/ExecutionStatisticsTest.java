package io.stepwise.api.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.Sfn;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionStatistics;
import io.stepwise.engine.service.ExecutionStatisticsService;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's numbers on PostgreSQL: started, succeeded and failed per bucket, durations' p50
 * of the ended ones, top errors, running now and the oldest running, state entries per minute; the
 * window is bounded.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionStatisticsTest {
  private static final String MAYBE =
      """
      {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Default": "Wait",
          "Choices": [{"Variable": "$.fail", "IsPresent": true, "Next": "Broke"},
                      {"Variable": "$.ok", "IsPresent": true, "Next": "Done"}]},
        "Wait": {"Type": "Wait", "Seconds": 3600, "Next": "Done"},
        "Done": {"Type": "Succeed"},
        "Broke": {"Type": "Fail", "Error": "Stats.Broken", "Cause": "stats"}}}
      """;

  @Inject StateMachineService machines;
  @Inject ExecutionService executions;
  @Inject ExecutionStatisticsService statistics;

  @Test
  void countsTheWindowsExecutionsErrorsAndWhatRuns() {
    String machine = machines.create(Sfn.unique("stats"), MAYBE, StateMachineType.STANDARD).arn();
    String waiting = executions.start(machine, "waits", "{}").executionArn();
    for (int i = 0; i < 3; i++) executions.start(machine, "ok-" + i, "{\"ok\":1}");
    for (int i = 0; i < 2; i++) executions.start(machine, "fail-" + i, "{\"fail\":1}");

    Instant now = Instant.now().plusSeconds(1);
    Instant since = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    ExecutionStatistics s =
        statistics.statistics(
            machine,
            since,
            now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)),
            Duration.ofMinutes(5));
    assertThat(s.buckets()).hasSize(24);
    assertThat(s.buckets().stream().mapToLong(ExecutionStatistics.Bucket::started).sum())
        .isEqualTo(6);
    assertThat(s.buckets().stream().mapToLong(ExecutionStatistics.Bucket::succeeded).sum())
        .isEqualTo(3);
    assertThat(s.buckets().stream().mapToLong(ExecutionStatistics.Bucket::failed).sum())
        .isEqualTo(2);
    assertThat(s.buckets().stream().filter(b -> b.started() > 0).findFirst().orElseThrow().p50())
        .isNotNull();
    assertThat(s.topErrors())
        .containsExactly(new ExecutionStatistics.ErrorCount("Stats.Broken", 2));
    assertThat(s.running()).isEqualTo(1);
    assertThat(s.oldestRunning().executionArn()).isEqualTo(waiting);
    // Each execution entered Check, then one more state: 12 entries in the last minutes.
    assertThat(s.transitions().stream().mapToLong(Long::longValue).sum()).isEqualTo(12);

    assertThatThrownBy(
            () ->
                statistics.statistics(
                    machine, now.minus(Duration.ofDays(30)), now, Duration.ofDays(1)))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("at most a week");
    assertThatThrownBy(
            () ->
                statistics.statistics(machine, now.minusSeconds(3600), now, Duration.ofSeconds(1)))
        .hasMessageContaining("200 buckets");
  }
}
