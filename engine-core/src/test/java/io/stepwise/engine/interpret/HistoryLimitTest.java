package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.replay.ExecutionExport;
import io.stepwise.engine.replay.RecordedRun;
import io.stepwise.engine.replay.Replay;
import io.stepwise.engine.replay.TimeTravel;
import io.stepwise.engine.runtime.live.RealTimeRunner;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * AWS's 25,000-event history limit, held by the interpreter for every runtime it runs in: a loop
 * fails its execution with States.Runtime at the limit (Standard recorded 28,006 events before, and
 * a replay of a pasted loop 500,006), and the history ends with that failure as its 25,000th event.
 */
class HistoryLimitTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Counts to 20,000: four events a round, so 80,000 events without the limit. */
  static final String LOOP =
      """
      {"StartAt":"Count","States":{
        "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Again"},
        "Again":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":20000,
          "Next":"Count"}],"Default":"Done"},
        "Done":{"Type":"Succeed"}}}""";

  private static StateMachineDefinition parse(String definition) throws Exception {
    return DefinitionParser.parse(Json.parse(definition));
  }

  private static ExecutionSnapshot start() {
    return InMemoryRunner.localExecution("sm", "ex", Json.parseTrusted("{\"n\":0}"), T0, 3);
  }

  private static void assertFailedAtTheLimit(ExecutionSnapshot s) {
    assertThat(s.status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.error).isEqualTo("States.Runtime");
    assertThat(s.cause)
        .isEqualTo("The execution reached the maximum number of history events (25000).");
    assertThat(s.lastEventId).isEqualTo(25_000);
  }

  @Test
  void theInMemoryRuntimeFailsTheLoopWithTheLastEventAsItsFailure() throws Exception {
    InMemoryRunner.Result r = new InMemoryRunner(parse(LOOP), TaskHandler.NONE, true).run(start());

    assertFailedAtTheLimit(r.snapshot());
    assertThat(r.events()).hasSize(25_000);
    HistoryEvent last = r.events().getLast();
    assertThat(last.id()).isEqualTo(25_000);
    assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
  }

  @Test
  void expressRunsOnTheRealClockFailTheSameWay() throws Exception {
    RealTimeRunner runner =
        new RealTimeRunner(
            parse(LOOP),
            (task, answers) -> {},
            Clock.systemUTC(),
            OutboundPolicy.none("no I/O here"));

    assertFailedAtTheLimit(runner.run(start()));
  }

  @Test
  void aStepThatReachesTheLimitStartsNothingAndCancelsWhatRan() throws Exception {
    // Each round parks on a Wait: the step that reaches the limit must not leave its new timer.
    String waits =
        LOOP.replace("\"Next\":\"Again\"", "\"Next\":\"Pause\"")
            .replace(
                "\"Again\":",
                "\"Pause\":{\"Type\":\"Wait\",\"Seconds\":1,\"Next\":\"Again\"},\"Again\":");
    StateMachineDefinition d = parse(waits);
    ExecutionSnapshot s = start();
    StepResult r = Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    while (!s.status.isTerminal()) {
      Command.StartTimer timer =
          (Command.StartTimer)
              r.commands().stream()
                  .filter(Command.StartTimer.class::isInstance)
                  .filter(c -> !((Command.StartTimer) c).timerId().equals(s.executionTimerId()))
                  .findFirst()
                  .orElseThrow();
      r =
          Interpreter.step(
              d, s, new Signal.TimerFired(timer.timerId()), timer.dueAt(), Ports.STANDARD);
    }

    assertFailedAtTheLimit(s);
    assertThat(r.commands()).noneMatch(Command.StartTimer.class::isInstance);
    assertThat(r.events().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
  }

  /** A short recorded run: one Pass. */
  private static ExecutionExport shortRecording() throws Exception {
    String one = "{\"StartAt\":\"Count\",\"States\":{\"Count\":{\"Type\":\"Pass\",\"End\":true}}}";
    ExecutionSnapshot s = start();
    InMemoryRunner.Result r = new InMemoryRunner(parse(one), TaskHandler.NONE, true).run(s);
    return ExecutionExport.of(Json.parse(one), s.input, "sm", "ex", r.events());
  }

  @Test
  void aReplayOfAPastedLoopStopsAtTheLimit() throws Exception {
    Replay.Report report = Replay.run(shortRecording(), parse(LOOP));

    assertThat(report.replayedEvents()).isEqualTo(25_000);
  }

  @Test
  void timeTravelPastTheLimitFindsTheFailedExecution() throws Exception {
    ExecutionSnapshot at = TimeTravel.at(shortRecording(), parse(LOOP), 60_000);

    assertFailedAtTheLimit(at);
  }

  @Test
  void aRecordedRunWithActivityStartsStopsAtTheLimitToo() throws Exception {
    String activity =
        "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:123456789012:activity:a\"";
    String recorded = "{\"StartAt\":\"Act\",\"States\":{\"Act\":" + activity + ",\"End\":true}}}";
    ExecutionSnapshot s = start();
    StateMachineDefinition d = parse(recorded);
    List<HistoryEvent> history = new ArrayList<>();
    StepResult r = Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    history.addAll(r.events());
    String token =
        r.commands().stream()
            .flatMap(c -> c instanceof Command.DispatchTask t ? Stream.of(t) : Stream.empty())
            .findFirst()
            .orElseThrow()
            .taskToken();
    history.addAll(
        Interpreter.step(d, s, new Signal.TaskStarted(token), T0, Ports.STANDARD).events());
    JsonNode output = Json.parseTrusted("{\"n\":0}");
    history.addAll(
        Interpreter.step(d, s, new Signal.TaskSucceeded(token, output), T0, Ports.STANDARD)
            .events());
    ExecutionExport export = ExecutionExport.of(Json.parse(recorded), s.input, "sm", "ex", history);
    String loopAfterActivity =
        LOOP.replace(
            "\"StartAt\":\"Count\",\"States\":{",
            "\"StartAt\":\"Act\",\"States\":{\"Act\":" + activity + ",\"Next\":\"Count\"},");

    Replay.Report report = RecordedRun.replay(export, parse(loopAfterActivity));

    assertThat(RecordedRun.suits(export, parse(loopAfterActivity))).isTrue();
    assertThat(report.replayedEvents()).isEqualTo(25_000);
  }
}
