package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Workflow variables through the interpreter: Assign, scoping and history. */
class VariablesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static InMemoryRunner.Result run(String definition, String input) {
    try {
      StateMachineDefinition d = DefinitionParser.parse(Json.parse(definition));
      ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.parse(input), T0, 42);
      return new InMemoryRunner(d, new MockedTasks(null), true).run(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  @Test
  void mapIterationCannotAssignOuterVariable() {
    var r =
        run(
            """
            {"QueryLanguage":"JSONata","StartAt":"Init","States":{
             "Init":{"Type":"Pass","Assign":{"x":1},"Next":"M"},
             "M":{"Type":"Map","Items":[10,20],"ItemProcessor":{"StartAt":"I","States":{
               "I":{"Type":"Pass","Assign":{"x":"{% $states.input %}","inner":true},
                    "Output":"{% $x %}","End":true}}},"Next":"After"},
             "After":{"Type":"Pass","Output":{"x":"{% $x %}","seen":"{% $states.input %}"},"End":true}}}""",
            "{}");
    // Each iteration read x before its own Assign (the outer 1), and the outer x is still 1.
    assertThat(r.snapshot().output).isEqualTo(json("{\"x\":1,\"seen\":[1,1]}"));
  }

  @Test
  void variablesAssignedInABranchAreNotVisibleOutside() {
    var r =
        run(
            """
            {"QueryLanguage":"JSONata","StartAt":"P","States":{
             "P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{
               "B":{"Type":"Pass","Assign":{"inner":1},"End":true}}}],"Next":"After"},
             "After":{"Type":"Pass","Output":"{% $inner %}","End":true}}}""",
            "{}");
    assertThat(r.snapshot().status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.snapshot().error).isEqualTo("States.QueryEvaluationError");
    assertThat(r.events()).extracting(e -> e.type().awsName()).contains("EvaluationFailed");
  }

  @Test
  void outputAndAssignOfOneStateSeeTheOldValues() {
    var r =
        run(
            """
            {"StartAt":"A","States":{
             "A":{"Type":"Pass","Assign":{"n":1},"Next":"B"},
             "B":{"Type":"Pass","QueryLanguage":"JSONata","Assign":{"n":2,"old":"{% $n %}"},
                  "Output":"{% $n %}","Next":"C"},
             "C":{"Type":"Pass","Parameters":{"n.$":"$n","old.$":"$old"},"End":true}}}""",
            "{}");
    assertThat(r.snapshot().output).isEqualTo(json("{\"n\":2,\"old\":1}"));
  }

  @Test
  void jsonPathAssignReadsTheResultAndPathsReadVariables() {
    var r =
        run(
            """
            {"StartAt":"A","States":{
             "A":{"Type":"Pass","Result":{"v":{"deep":7}},"Assign":{"got.$":"$.v"},"Next":"B"},
             "B":{"Type":"Pass","InputPath":"$got","OutputPath":"$got.deep","End":true}}}""",
            "{}");
    assertThat(r.snapshot().output).isEqualTo(json("7"));
  }

  @Test
  void stateExitedRecordsAssignedVariablesAsJsonText() {
    var r =
        run(
            """
            {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"s":"x","o":{"a":1}},"End":true}}}""",
            "{}");
    HistoryEvent exited =
        r.events().stream()
            .filter(e -> e.type().awsName().equals("PassStateExited"))
            .findFirst()
            .orElseThrow();
    assertThat(exited.details().get("assignedVariables"))
        .isEqualTo(json("{\"s\":\"\\\"x\\\"\",\"o\":\"{\\\"a\\\":1}\"}"));
  }

  @Test
  void variablesSurviveTheSnapshotCodec() {
    Frame frame = Frame.root();
    Variables.apply(
        frame, (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"a\":[1,{\"b\":null}]}"));
    ExecutionSnapshot s = new ExecutionSnapshot();
    s.root = frame;
    ExecutionSnapshot back = SnapshotCodec.read(SnapshotCodec.write(s));
    assertThat(back.root.variables).isEqualTo(json("{\"a\":[1,{\"b\":null}]}"));
  }
}
