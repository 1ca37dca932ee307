package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * AWS's maximum execution durations are the interpreter's, so every runtime ends an execution at
 * the same moment: a Standard execution after a year, an Express one after five minutes (or the
 * maximum its runtime set), or earlier at the definition's TimeoutSeconds ("Step Functions service
 * quotas" in AWS's developer guide).
 */
class ExecutionDurationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String WAITS =
      """
      {"StartAt":"Act","States":{"Act":{"Type":"Task","End":true,
       "Resource":"arn:aws:states:us-east-1:123456789012:activity:work"}}}
      """;

  @Test
  void aStandardExecutionWithoutTimeoutSecondsTimesOutAfterAYear() throws Exception {
    ExecutionSnapshot s = snapshot();
    Command.StartTimer timer = executionTimer(start(WAITS, s), s);
    assertThat(timer.dueAt()).isEqualTo(T0.plus(Duration.ofDays(365)));

    StepResult r =
        Interpreter.step(
            parse(WAITS), s, new Signal.TimerFired(timer.timerId()), timer.dueAt(), Ports.STANDARD);
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(r.events().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_TIMED_OUT);
    assertThat(r.commands()).anyMatch(Command.CancelTask.class::isInstance);
  }

  @Test
  void anExpressExecutionTimesOutAfterFiveMinutesOrItsRuntimesMaximum() throws Exception {
    ExecutionSnapshot aws = snapshot().asExpress();
    assertThat(executionTimer(start(WAITS, aws), aws).dueAt()).isEqualTo(T0.plusSeconds(300));

    ExecutionSnapshot shorter = snapshot().asExpress(Duration.ofSeconds(4));
    assertThat(executionTimer(start(WAITS, shorter), shorter).dueAt()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void timeoutSecondsEndsItEarlierButNeverLater() throws Exception {
    String hour = WAITS.replace("{\"StartAt\"", "{\"TimeoutSeconds\":3600,\"StartAt\"");
    ExecutionSnapshot standard = snapshot();
    assertThat(executionTimer(start(hour, standard), standard).dueAt())
        .isEqualTo(T0.plusSeconds(3600));

    ExecutionSnapshot express = snapshot().asExpress();
    assertThat(executionTimer(start(hour, express), express).dueAt())
        .isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void aRedrivenExecutionCountsItsMaximumAgainFromTheRedrive() throws Exception {
    StateMachineDefinition d = parse(WAITS);
    ExecutionSnapshot s = snapshot();
    start(WAITS, s);
    Interpreter.step(d, s, new Signal.StopRequested("Stop", "by test"), T0, Ports.STANDARD);
    Instant later = T0.plus(Duration.ofDays(10));

    StepResult redriven = Interpreter.redrive(d, s, later, Ports.STANDARD);
    assertThat(executionTimer(redriven, s).dueAt()).isEqualTo(later.plus(Duration.ofDays(365)));
  }

  @Test
  void theRuntimesFailureEndsTheExecutionThroughTheInterpreter() throws Exception {
    ExecutionSnapshot s = snapshot().asExpress();
    start(WAITS, s);

    StepResult r =
        Interpreter.step(
            parse(WAITS), s, new Signal.RuntimeFailed("the server stopped"), T0, Ports.STANDARD);
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.error()).isEqualTo("States.Runtime");
    assertThat(s.cause()).isEqualTo("the server stopped");
    assertThat(s.stopTime()).isEqualTo(T0);
    assertThat(r.commands())
        .anyMatch(Command.CancelTask.class::isInstance)
        .contains(new Command.CancelTimer(s.executionTimerId()));
  }

  @Test
  void whatAnExecutionIsIsSaidBeforeItStarts() throws Exception {
    ExecutionSnapshot s = snapshot();
    start(WAITS, s);
    assertThatThrownBy(() -> s.asExpress()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.startedThrough("v", null)).isInstanceOf(IllegalStateException.class);
  }

  private static ExecutionSnapshot snapshot() {
    return InMemoryRunner.localExecution("sm", "ex", Json.object(), T0, 1);
  }

  private static StateMachineDefinition parse(String definition) throws Exception {
    return DefinitionParser.parse(Json.parse(definition));
  }

  private static StepResult start(String definition, ExecutionSnapshot s) throws Exception {
    return Interpreter.step(parse(definition), s, new Signal.Started(), T0, Ports.STANDARD);
  }

  private static Command.StartTimer executionTimer(StepResult r, ExecutionSnapshot s) {
    return r.commands().stream()
        .flatMap(c -> c instanceof Command.StartTimer t ? Stream.of(t) : Stream.empty())
        .filter(t -> t.timerId().equals(s.executionTimerId()))
        .findFirst()
        .orElseThrow();
  }
}
