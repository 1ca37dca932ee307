package io.stepwise.engine.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryExecutionsTest {
  private static final String ACTIVITY =
      """
      {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
                 "Next": "Pause"},
        "Pause": {"Type": "Wait", "Seconds": 10, "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}}}
      """;

  private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final InMemoryStateMachines machines = new InMemoryStateMachines(clock);
  private final InMemoryExecutions executions =
      new InMemoryExecutions(machines, clock, TaskHandler.NONE);

  @Test
  void aFailedExecutionIsRedrivenFromItsFailedTask() {
    String machine = machines.create("redriven", ACTIVITY, StateMachineType.STANDARD).arn();
    ExecutionSummary started = executions.start(machine, "r1", "{\"a\": 1}");
    String first = executions.pendingTasks(started.executionArn()).getFirst().taskToken();
    executions.failTask(first, "Boom", "broken");
    assertThat(executions.describe(started.executionArn()).orElseThrow().summary().status())
        .isEqualTo(ExecutionStatus.FAILED);

    ExecutionSummary redriven = executions.redrive(started.executionArn());

    assertThat(redriven.status()).isEqualTo(ExecutionStatus.RUNNING);
    var again = executions.pendingTasks(started.executionArn());
    assertThat(again).hasSize(1);
    assertThat(again.getFirst().taskToken()).isNotEqualTo(first);
    assertThatThrownBy(() -> executions.redrive(started.executionArn()))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("not redrivable");
  }

  @Test
  void activityStaysRunningUntilCompletedAndWatchersHearEachStep() {
    String machine = machines.create("m", ACTIVITY, StateMachineType.STANDARD).arn();
    ExecutionSummary started = executions.start(machine, "e1", "{\"a\": 1}");
    assertThat(started.status()).isEqualTo(ExecutionStatus.RUNNING);
    List<HistoryEvent> heard = new ArrayList<>();
    executions.watch(started.executionArn(), heard::addAll);

    PendingTask task = executions.pendingTasks(started.executionArn()).getFirst();
    assertThat(task.stateName()).isEqualTo("Work");
    executions.succeedTask(task.taskToken(), "{\"done\": true}");
    assertThat(heard).extracting(HistoryEvent::type).contains(HistoryEventType.WAIT_STATE_ENTERED);
    assertThat(executions.describe(started.executionArn()).orElseThrow().summary().status())
        .isEqualTo(ExecutionStatus.RUNNING);

    clock.advance(Duration.ofSeconds(10));
    executions.fireDueTimers();
    assertThat(executions.describe(started.executionArn()).orElseThrow().output())
        .isEqualTo("{\"done\":true}");
    assertThat(heard.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    assertThat(executions.history(started.executionArn(), 0, 1000))
        .hasSize((int) heard.getLast().id());
  }

  @Test
  void stopAbortsARunningExecution() {
    String machine = machines.create("m", ACTIVITY, StateMachineType.STANDARD).arn();
    String arn = executions.start(machine, "e1", "{}").executionArn();
    executions.stop(arn, "Bored", "no reason");
    assertThat(executions.describe(arn).orElseThrow().summary().status())
        .isEqualTo(ExecutionStatus.ABORTED);
    assertThat(executions.pendingTasks(arn)).isEmpty();
  }

  @Test
  void listsNewestFirstByKeysetPages() {
    String machine = machines.create("m", ACTIVITY, StateMachineType.STANDARD).arn();
    for (int i = 0; i < 5; i++) {
      executions.start(machine, "e" + i, "{}");
      clock.advance(Duration.ofSeconds(1));
    }
    Page<ExecutionSummary> first = executions.list(ExecutionQuery.all(3));
    assertThat(first.items()).extracting(ExecutionSummary::name).containsExactly("e4", "e3", "e2");
    Page<ExecutionSummary> second =
        executions.list(new ExecutionQuery(null, null, null, null, null, 3, first.nextToken()));
    assertThat(second.items()).extracting(ExecutionSummary::name).containsExactly("e1", "e0");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void refusesInvalidDefinitionsWithAwsMessage() {
    assertThatThrownBy(() -> machines.create("bad", "{\"StartAt\": \"X\", \"States\": {}}", null))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("Invalid State Machine Definition");
  }
}
