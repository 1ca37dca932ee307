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
    assertThat(RecordedRun.hasTaskStarts(export)).isTrue();
    // The runner answers at once in dispatch order and signals no start: it parts at once.
    // Replay.run takes this path by itself for histories with task starts.
    assertThat(Replay.run(export, definition).agrees()).isTrue();
    assertThat(RecordedRun.replay(export, definition).agrees()).isTrue();
    for (long n = 1; n <= export.events().size(); n++) {
      assertThat(RecordedRun.at(export, definition, n).lastEventId).isEqualTo(n);
    }
    var end = RecordedRun.at(export, definition, export.events().size());
    assertThat(end.status.name()).isEqualTo("SUCCEEDED");
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
}
