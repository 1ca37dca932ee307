package io.stepwise.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryExecutions;
import io.stepwise.engine.runtime.memory.InMemoryStateMachines;
import io.stepwise.engine.runtime.memory.ManualClock;
import io.stepwise.engine.runtime.memory.PendingTask;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedRunTest {
  private static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:work";
  private static final String DEFINITION =
      """
      {"StartAt":"Both","States":{"Both":{"Type":"Parallel","Next":"After","Branches":[
        {"StartAt":"Left","States":{"Left":{"Type":"Task","Resource":"%s","End":true}}},
        {"StartAt":"Right","States":{"Right":{"Type":"Task","Resource":"%s","End":true}}}]},
        "After":{"Type":"Pass","Result":"v1","ResultPath":"$[0].label","End":true}}}"""
          .formatted(ACTIVITY, ACTIVITY);

  /** Two activities started and answered in the reverse of their dispatch order. */
  private static ExecutionExport recordOutOfOrder() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    InMemoryStateMachines machines = new InMemoryStateMachines(clock);
    InMemoryExecutions executions =
        new InMemoryExecutions(machines, clock, t -> new TaskHandler.Outcome.NoAnswer());
    String machine = machines.create("sm", DEFINITION, StateMachineType.STANDARD).arn();
    String arn = executions.start(machine, "ex", "{\"n\":1}").executionArn();
    List<PendingTask> tasks = new ArrayList<>(executions.pendingTasks(arn));
    Collections.reverse(tasks);
    for (PendingTask t : tasks) {
      executions.succeedTask(t.taskToken(), "{\"from\":\"" + t.stateName() + "\"}");
    }
    return ExecutionExport.of(
        Json.parse(DEFINITION),
        Json.parse("{\"n\":1}"),
        "sm",
        "ex",
        executions.history(arn, 0, 1000));
  }

  @Test
  void keepsStartsAndOutOfOrderAnswersInStepWithTheRecording() throws Exception {
    ExecutionExport export = recordOutOfOrder();
    var definition = DefinitionParser.parse(Json.parse(DEFINITION));
    assertThat(RecordedRun.suits(export, definition)).isTrue();
    // The runner answers at once in dispatch order and signals no start: it parts at once.
    // Replay.run takes this path by itself for histories with task starts.
    assertThat(Replay.run(export, definition).agrees()).isTrue();
    assertThat(RecordedRun.replay(export, definition).agrees()).isTrue();
    for (long n = 1; n <= export.events().size(); n++) {
      assertThat(RecordedRun.at(export, definition, n).lastEventId()).isEqualTo(n);
    }
    var end = RecordedRun.at(export, definition, export.events().size());
    assertThat(end.status().name()).isEqualTo("SUCCEEDED");
  }

  @Test
  void findsAPlantedDivergence() throws Exception {
    ExecutionExport export = recordOutOfOrder();
    var changed = DefinitionParser.parse(Json.parse(DEFINITION.replace("\"v1\"", "\"v2\"")));
    Replay.Report report = RecordedRun.replay(export, changed);
    assertThat(report.agrees()).isFalse();
    assertThat(report.divergence().recordedType()).isEqualTo("PassStateExited");
    assertThat(report.divergence().describe()).contains("v1").contains("v2");
  }

  private static final String MAP =
      """
      {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","End":true,
        "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%s",
        "End":true}}}}}}"""
          .formatted(ACTIVITY);

  private static final String ONE_TASK =
      """
      {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"%s","Next":"Done"},
        "Done":{"Type":"Pass","End":true}}}"""
          .formatted(ACTIVITY);

  /** A recorder of executions answered by the test. */
  private static final class Recorder {
    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final InMemoryStateMachines machines = new InMemoryStateMachines(clock);
    final InMemoryExecutions executions =
        new InMemoryExecutions(machines, clock, t -> new TaskHandler.Outcome.NoAnswer());
    final String definition;
    final String arn;

    Recorder(String definition, String input) {
      this.definition = definition;
      String machine = machines.create("sm", definition, StateMachineType.STANDARD).arn();
      arn = executions.start(machine, "ex", input).executionArn();
    }

    ExecutionExport export() throws Exception {
      var d = executions.describe(arn).orElseThrow();
      return ExecutionExport.of(
          Json.parse(definition),
          Json.parse(d.input()),
          "sm",
          "ex",
          executions.history(arn, 0, 10_000));
    }

    /** Every moment rebuilds to its event, and the whole run replays without divergence. */
    void assertReplaysAsRecorded() throws Exception {
      ExecutionExport export = export();
      var parsed = DefinitionParser.parse(Json.parse(definition));
      assertThat(Replay.run(export, parsed).divergence()).isNull();
      for (long n = 1; n <= export.events().size(); n++) {
        assertThat(TimeTravel.at(export, parsed, n).lastEventId())
            .as("after event " + n)
            .isEqualTo(n);
      }
      assertThat(TimeTravel.at(export, parsed, export.events().size()).status())
          .isEqualTo(executions.describe(arn).orElseThrow().summary().status());
    }
  }

  @Test
  void mapIterationsFinishingOutOfOrderGetTheirOwnResults() throws Exception {
    Recorder r = new Recorder(MAP, "{\"items\": [0, 1, 2, 3]}");
    List<PendingTask> tasks = r.executions.pendingTasks(r.arn);
    for (int i : new int[] {2, 0, 3, 1}) {
      r.executions.succeedTask(tasks.get(i).taskToken(), "{\"item\": " + i + "}");
    }
    r.assertReplaysAsRecorded();
  }

  @Test
  void aRedrivenExecutionReplaysThroughItsRedrive() throws Exception {
    Recorder r = new Recorder(ONE_TASK, "{}");
    PendingTask first = r.executions.pendingTasks(r.arn).getFirst();
    r.executions.failTask(first.taskToken(), "Boom", "first try");
    r.executions.redrive(r.arn);
    PendingTask again = r.executions.pendingTasks(r.arn).getLast();
    r.executions.succeedTask(again.taskToken(), "{\"ok\": true}");
    r.assertReplaysAsRecorded();
  }

  @Test
  void aStoppedExecutionIsStoppedWhereTheRecordingWas() throws Exception {
    Recorder r = new Recorder(ONE_TASK, "{}");
    r.executions.stop(r.arn, "Stopped", "by the test");
    r.assertReplaysAsRecorded();
  }
}
