package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RedriveExecution runs again only what did not succeed, from where the execution stopped. */
class RedriveTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:work";

  /** Drives the pure interpreter by hand: tasks wait until the test answers them. */
  private static final class Run {
    final StateMachineDefinition definition;
    final ExecutionSnapshot snapshot;
    final List<HistoryEvent> history = new ArrayList<>();
    final List<Command.DispatchTask> open = new ArrayList<>();
    final List<String> dueTimers = new ArrayList<>();

    Run(String definition, String input) throws Exception {
      this.definition = DefinitionParser.parse(Json.parse(definition));
      this.snapshot = InMemoryRunner.localExecution("sm", "ex", Json.parse(input), T0, 42);
      take(Interpreter.step(this.definition, snapshot, new Signal.Started(), T0, Ports.STANDARD));
    }

    void take(StepResult r) {
      history.addAll(r.events());
      for (Command c : r.commands()) {
        if (c instanceof Command.DispatchTask t) open.add(t);
        if (c instanceof Command.StartTimer t && !t.timerId().startsWith("#execution")) {
          dueTimers.add(t.timerId());
        }
        if (c instanceof Command.CancelTask t) {
          open.removeIf(d -> d.taskToken().equals(t.taskToken()));
        }
      }
    }

    Command.DispatchTask task(String stateName) {
      return open.stream().filter(t -> t.stateName().equals(stateName)).findFirst().orElseThrow();
    }

    void succeed(String stateName, String output) {
      Command.DispatchTask t = task(stateName);
      open.remove(t);
      take(
          Interpreter.step(
              definition,
              snapshot,
              new Signal.TaskSucceeded(t.taskToken(), json(output)),
              T0,
              Ports.STANDARD));
    }

    void fail(String stateName) {
      Command.DispatchTask t = task(stateName);
      open.remove(t);
      take(
          Interpreter.step(
              definition,
              snapshot,
              new Signal.TaskFailed(t.taskToken(), "Boom", "broken"),
              T0,
              Ports.STANDARD));
    }

    /** Redrives, then fires the timers the redrive asked for (due at once). */
    StepResult redrive() {
      open.clear();
      StepResult r = Interpreter.redrive(definition, snapshot, T0.plusSeconds(60), Ports.STANDARD);
      take(r);
      List<String> timers = new ArrayList<>(dueTimers);
      dueTimers.clear();
      for (String timer : timers) {
        take(
            Interpreter.step(
                definition,
                snapshot,
                new Signal.TimerFired(timer),
                T0.plusSeconds(60),
                Ports.STANDARD));
      }
      return r;
    }

    long count(HistoryEventType type) {
      return history.stream().filter(e -> e.type() == type).count();
    }
  }

  private static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  @Test
  void aFailedTaskRunsAgainWithItsInputAndTheExecutionGoesOn() throws Exception {
    Run run =
        new Run(
            """
            {"StartAt": "Prepare", "States": {
              "Prepare": {"Type": "Pass", "Result": {"n": 1}, "Next": "Work"},
              "Work": {"Type": "Task", "Resource": "%s", "Next": "Done"},
              "Done": {"Type": "Pass", "End": true}}}
            """
                .formatted(FN),
            "{}");
    run.fail("Work");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.FAILED);

    StepResult redriven = run.redrive();

    assertThat(redriven.events().getFirst().type()).isEqualTo(HistoryEventType.EXECUTION_REDRIVEN);
    assertThat(run.snapshot.redriveCount).isEqualTo(1);
    assertThat(run.task("Work").input()).isEqualTo(json("{\"n\":1}"));
    assertThat(run.count(HistoryEventType.PASS_STATE_ENTERED))
        .as("Prepare is not run again")
        .isEqualTo(1);
    run.succeed("Work", "{\"ok\":true}");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.snapshot.output).isEqualTo(json("{\"ok\":true}"));
  }

  @Test
  void onlyTheParallelBranchThatFailedRunsAgainAndTheOthersKeepTheirResults() throws Exception {
    Run run =
        new Run(
            """
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "End": true}}}
            ]}}}
            """
                .formatted(FN),
            "{}");
    run.succeed("A", "\"a\"");
    run.fail("B");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.FAILED);

    run.redrive();

    assertThat(run.open).extracting(Command.DispatchTask::stateName).containsExactly("B");
    run.succeed("B", "\"b\"");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.snapshot.output).isEqualTo(json("[\"a\",\"b\"]"));
  }

  @Test
  void mapIterationsThatFailedOrWereAbortedRunAgainAndSucceededOnesDoNot() throws Exception {
    Run run =
        new Run(
            """
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
              "ItemProcessor": {"StartAt": "W", "States": {
                "W": {"Type": "Task", "Resource": "%s", "End": true}}}}}}
            """
                .formatted(FN),
            "[1, 2, 3]");
    assertThat(run.open).hasSize(3);
    Command.DispatchTask first = run.open.get(0);
    Command.DispatchTask second = run.open.get(1);
    Command.DispatchTask third = run.open.get(2);
    run.open.remove(first);
    run.take(
        Interpreter.step(
            run.definition,
            run.snapshot,
            new Signal.TaskSucceeded(first.taskToken(), json("10")),
            T0,
            Ports.STANDARD));
    run.open.remove(second);
    // The second fails: the third is aborted.
    run.take(
        Interpreter.step(
            run.definition,
            run.snapshot,
            new Signal.TaskFailed(second.taskToken(), "Boom", "x"),
            T0,
            Ports.STANDARD));
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.count(HistoryEventType.MAP_ITERATION_ABORTED)).isEqualTo(1);

    run.redrive();

    assertThat(run.open).extracting(t -> t.input().asInt()).containsExactlyInAnyOrder(2, 3);
    for (Command.DispatchTask t : List.copyOf(run.open)) {
      run.open.remove(t);
      run.take(
          Interpreter.step(
              run.definition,
              run.snapshot,
              new Signal.TaskSucceeded(t.taskToken(), json(String.valueOf(t.input().asInt() * 10))),
              T0,
              Ports.STANDARD));
    }
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.snapshot.output).isEqualTo(json("[10,20,30]"));
    assertThat(third.taskToken())
        .isNotIn(run.open.stream().map(Command.DispatchTask::taskToken).toList());
  }

  @Test
  void aNestedParallelRedrivesOnlyTheInnerBranchThatFailed() throws Exception {
    Run run =
        new Run(
            """
            {"StartAt": "Outer", "States": {"Outer": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%1$s", "End": true}}},
              {"StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%1$s", "End": true}}},
                {"StartAt": "C", "States": {"C": {"Type": "Task", "Resource": "%1$s", "End": true}}}
              ]}}}
            ]}}}
            """
                .formatted(FN),
            "{}");
    run.succeed("A", "\"a\"");
    run.succeed("B", "\"b\"");
    run.fail("C");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.FAILED);

    run.redrive();

    assertThat(run.open).extracting(Command.DispatchTask::stateName).containsExactly("C");
    run.succeed("C", "\"c\"");
    assertThat(run.snapshot.status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.snapshot.output).isEqualTo(json("[\"a\",[\"b\",\"c\"]]"));
  }

  @Test
  void aSucceededOrRunningExecutionIsNotRedrivable() throws Exception {
    Run run =
        new Run(
            """
            {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}}
            """
                .formatted(FN),
            "{}");
    assertThat(Interpreter.redrive(run.definition, run.snapshot, T0, Ports.STANDARD)).isNull();
    run.succeed("Work", "{}");
    assertThat(Interpreter.redrive(run.definition, run.snapshot, T0, Ports.STANDARD)).isNull();
  }
}
