package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An activity's heartbeat clock starts when a worker takes it, not while it waits in the queue. */
class ActivityHeartbeatTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theHeartbeatTimerStartsAtActivityStartedAndEndsTheTaskWhenNoHeartbeatComes()
      throws Exception {
    StateMachineDefinition d =
        DefinitionParser.parse(
            Json.parse(
                """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "HeartbeatSeconds": 10,
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:work", "End": true}}}
                """));
    ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.parse("{}"), T0, 1);
    StepResult scheduled = Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    Command.DispatchTask task =
        (Command.DispatchTask)
            scheduled.commands().stream()
                .filter(Command.DispatchTask.class::isInstance)
                .findFirst()
                .orElseThrow();
    // No heartbeat timer yet: the only timer is the execution's own (its maximum duration).
    assertThat(scheduled.commands())
        .filteredOn(Command.StartTimer.class::isInstance)
        .extracting(c -> ((Command.StartTimer) c).timerId())
        .containsExactly(s.executionTimerId());

    // A worker takes it a minute and a half later: queue time was no missed heartbeat.
    Instant taken = T0.plusSeconds(90);
    StepResult started =
        Interpreter.step(d, s, new Signal.TaskStarted(task.taskToken()), taken, Ports.STANDARD);
    assertThat(started.events())
        .extracting(e -> e.type())
        .containsExactly(HistoryEventType.ACTIVITY_STARTED);
    Command.StartTimer heartbeat =
        (Command.StartTimer)
            started.commands().stream()
                .filter(Command.StartTimer.class::isInstance)
                .findFirst()
                .orElseThrow();
    assertThat(heartbeat.dueAt()).isEqualTo(taken.plusSeconds(10));

    Interpreter.step(
        d, s, new Signal.TimerFired(heartbeat.timerId()), heartbeat.dueAt(), Ports.STANDARD);
    assertThat(s.status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.error).isEqualTo("States.HeartbeatTimeout");
  }
}
