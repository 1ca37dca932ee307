package io.stepwise.web.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryExecutions;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.InMemoryStateMachines;
import io.stepwise.engine.runtime.memory.ManualClock;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExecutionProgressTest {
  private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f";

  private static ExecutionProgress run(String definition, String mocks, String input)
      throws Exception {
    StateMachineDefinition parsed = DefinitionParser.parse(Json.parse(definition));
    var result =
        new InMemoryRunner(parsed, new MockedTasks(Json.parse(mocks)), true)
            .run(InMemoryRunner.localExecution("m", "e", Json.parse(input), Instant.EPOCH, 1));
    ExecutionProgress progress = new ExecutionProgress(parsed.graph());
    progress.apply(result.events());
    return progress;
  }

  @Test
  void caughtErrorColoursTheTaskCaughtAndTheHandlerSucceeded() throws Exception {
    ExecutionProgress p =
        run(
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "End": true,
                       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]},
              "Handle": {"Type": "Pass", "End": true},
              "Never": {"Type": "Pass", "End": true}}}
            """
                .formatted(LAMBDA),
            """
            {"Work": [{"Throw": {"Error": "Boom", "Cause": "bad"}}]}
            """,
            "{}");
    assertThat(p.state("Work").status()).isEqualTo(StateStatus.CAUGHT);
    assertThat(p.state("Handle").status()).isEqualTo(StateStatus.SUCCEEDED);
    assertThat(p.state("Never").status()).isEqualTo(StateStatus.NOT_REACHED);
    assertThat(p.failedState()).isNull();
  }

  @Test
  void retriesAreCountedAndAnUncaughtErrorFailsTheState() throws Exception {
    ExecutionProgress p =
        run(
            """
            {"StartAt": "Work", "States": {
              "Work": {"Type": "Task", "Resource": "%s", "End": true,
                       "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2, "IntervalSeconds": 1}]}}}
            """
                .formatted(LAMBDA),
            """
            {"Work": [{"Throw": {"Error": "Boom"}}, {"Throw": {"Error": "Boom"}}, {"Throw": {"Error": "Boom"}}]}
            """,
            "{}");
    assertThat(p.state("Work").status()).isEqualTo(StateStatus.FAILED);
    assertThat(p.state("Work").retries()).isEqualTo(2);
    assertThat(p.failedState()).isEqualTo("Work");
    assertThat(p.state("Work").lastFailureEventId()).isPositive();
  }

  @Test
  void aRetriedParallelAndAFailingEvaluationBelongToTheirOwnStates() throws Exception {
    // AWS's previousEventId of a retried Parallel's start names the branch's last event, and an
    // EvaluationFailed's names the event before its state's entry (the previous state's exit).
    ExecutionProgress p =
        run(
            """
            {"StartAt": "First", "States": {
              "First": {"Type": "Pass", "Next": "Fan"},
              "Fan": {"Type": "Parallel", "Next": "Broken",
                      "Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 1}],
                      "Catch": [{"ErrorEquals": ["E"], "Next": "Broken"}],
                      "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "E"}}}]},
              "Broken": {"Type": "Pass", "QueryLanguage": "JSONata",
                         "Output": "{% $nothing %}", "End": true}}}
            """,
            "{}", "{}");
    assertThat(p.state("Fan").retries()).isEqualTo(1);
    assertThat(p.state("Fan").status()).isEqualTo(StateStatus.CAUGHT);
    assertThat(p.state("B").retries()).isZero();
    assertThat(p.state("First").status()).isEqualTo(StateStatus.SUCCEEDED);
    assertThat(p.state("Broken").status()).isEqualTo(StateStatus.FAILED);
    assertThat(p.failedState()).isEqualTo("Broken");
  }

  @Test
  void mapIterationsAreCountedAndInnerStatesColoured() throws Exception {
    ExecutionProgress p =
        run(
            """
            {"StartAt": "Each", "States": {
              "Each": {"Type": "Map", "End": true,
                       "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}}
            """,
            "{}",
            "[1, 2, 3]");
    StateRecord each = p.state("Each");
    assertThat(each.status()).isEqualTo(StateStatus.SUCCEEDED);
    assertThat(each.iterations()).isEqualTo(3);
    assertThat(each.iterationsSucceeded()).isEqualTo(3);
    assertThat(each.note()).isEqualTo("3/3 iterations");
    assertThat(p.state("Item").status()).isEqualTo(StateStatus.SUCCEEDED);
    assertThat(p.state("Item").entries()).isEqualTo(3);
  }

  @Test
  void aRunningTaskIsRunningAndStoppingCancelsIt() {
    ManualClock clock = new ManualClock(Instant.EPOCH);
    InMemoryStateMachines machines = new InMemoryStateMachines(clock);
    InMemoryExecutions executions = new InMemoryExecutions(machines, clock, TaskHandler.NONE);
    var machine =
        machines.create(
            "m",
            """
            {"StartAt": "First", "States": {
              "First": {"Type": "Pass", "Next": "Wait"},
              "Wait": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "End": true}}}
            """,
            StateMachineType.STANDARD);
    String arn = executions.start(machine.arn(), "e", "{}").executionArn();
    ExecutionProgress p = new ExecutionProgress(machine.parsed().graph());
    executions.watch(arn, p::apply);
    p.apply(executions.history(arn, 0, 100));
    assertThat(p.state("First").status()).isEqualTo(StateStatus.SUCCEEDED);
    assertThat(p.state("Wait").status()).isEqualTo(StateStatus.RUNNING);

    executions.stop(arn, "E", "stopped");
    assertThat(p.state("Wait").status()).isEqualTo(StateStatus.CANCELLED);
    assertThat(p.ended()).isNotNull();
  }
}
