package io.stepwise.engine.interpret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each state type through the interpreter, on the in-memory runtime's virtual clock. */
class StateTypesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static InMemoryRunner.Result run(String definition, String input, String mocks) {
    try {
      StateMachineDefinition d = DefinitionParser.parse(Json.parse(definition));
      ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.parse(input), T0, 42);
      return new InMemoryRunner(d, new MockedTasks(mocks == null ? null : Json.parse(mocks)), true)
          .run(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> types(InMemoryRunner.Result r) {
    return r.events().stream().map(HistoryEvent::type).map(t -> t.awsName()).toList();
  }

  private static JsonNode json(String text) {
    return Json.parseTrusted(text);
  }

  @Test
  void passPlacesItsResultWithResultPathAndFiltersWithOutputPath() {
    var r =
        run(
            """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r",
             "OutputPath":"$.r","End":true}}}""",
            "{\"keep\":true}",
            null);
    assertThat(r.snapshot().output).isEqualTo(json("{\"x\":1}"));
    assertThat(types(r))
        .containsExactly(
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
  }

  /**
   * An OutputPath may select several values (it is a Path, not a Reference Path): wildcards, slices
   * and filters give an array of the matches, and a bracket naming several properties gives an
   * object of them, as jayway (which AWS runs) does.
   */
  @Test
  void anOutputPathSelectingSeveralValuesGivesThemAll() {
    String input = "{\"a\":1,\"b\":2,\"items\":[{\"id\":1},{\"id\":2},{\"x\":3}]}";
    String pass =
        "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"OutputPath\":%s,\"End\":true}}}";
    assertThat(run(pass.formatted("\"$['a','b']\""), input, null).snapshot().output)
        .isEqualTo(json("{\"a\":1,\"b\":2}"));
    assertThat(run(pass.formatted("\"$.items[*].id\""), input, null).snapshot().output)
        .isEqualTo(json("[1,2]"));
    assertThat(run(pass.formatted("\"$.items.[*].['id','x']\""), input, null).snapshot().output)
        .isEqualTo(json("[{\"id\":1},{\"id\":2},{\"x\":3}]"));
    assertThat(run(pass.formatted("\"$.items[?(@.id > 1)]\""), input, null).snapshot().output)
        .isEqualTo(json("[{\"id\":2}]"));
  }

  @Test
  void choiceFallsBackToDefaultAndFailsWithoutOne() {
    String def =
        """
        {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
          {"And":[{"Variable":"$.n","IsPresent":true},{"Variable":"$.n","NumericGreaterThan":5}],"Next":"Big"}]
          %s},
         "Big":{"Type":"Succeed"},"Small":{"Type":"Succeed"}}}""";
    assertThat(run(def.formatted(",\"Default\":\"Small\""), "{\"n\":1}", null).events())
        .anyMatch(
            e ->
                e.type().awsName().equals("SucceedStateEntered")
                    && e.details().get("name").asText().equals("Small"));
    var noMatch = run(def.formatted(""), "{\"n\":1}", null);
    assertThat(noMatch.snapshot().status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(noMatch.snapshot().error).isEqualTo("States.NoChoiceMatched");
  }

  @Test
  void waitParksOnATimerAndTheVirtualClockJumps() {
    var r =
        run(
            """
            {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}""",
            "{}",
            null);
    assertThat(r.snapshot().status).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.endTime()).isEqualTo(T0.plus(Duration.ofDays(1)));
  }

  @Test
  void failStateEndsTheExecutionWithItsErrorAndCause() {
    var r =
        run(
            """
            {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","CausePath":"$.why"}}}""",
            "{\"why\":\"because\"}",
            null);
    assertThat(r.snapshot().status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.snapshot().error).isEqualTo("Boom");
    assertThat(r.snapshot().cause).isEqualTo("because");
  }

  @Test
  void retriesTwiceWithBackoffThenCatchesIntoFallback() {
    var r =
        run(
            """
            {"StartAt":"T","States":{
             "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f",
                  "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":2}],
                  "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"Fallback"}],"End":true},
             "Fallback":{"Type":"Pass","End":true}}}""",
            "{}",
            """
            {"T":[{"Throw":{"Error":"Flaky","Cause":"1"}},{"Throw":{"Error":"Flaky","Cause":"2"}},
                  {"Throw":{"Error":"Flaky","Cause":"3"}}]}""");
    assertThat(r.snapshot().output)
        .isEqualTo(json("{\"err\":{\"Error\":\"Flaky\",\"Cause\":\"3\"}}"));
    assertThat(r.endTime()).as("waited 2 s then 6 s").isEqualTo(T0.plusSeconds(8));
    assertThat(types(r).stream().filter("LambdaFunctionFailed"::equals)).hasSize(3);
  }

  @Test
  void taskThatNeverAnswersTimesOutAfterTimeoutSeconds() {
    var r =
        run(
            """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "TimeoutSeconds":30,"End":true}}}""",
            "{}",
            "{\"T\":[{\"Timeout\":{}}]}");
    assertThat(r.snapshot().error).isEqualTo("States.Timeout");
    assertThat(r.endTime()).isEqualTo(T0.plusSeconds(30));
    assertThat(types(r)).contains("TaskTimedOut");
  }

  @Test
  void parallelResultsKeepBranchOrder() {
    var r =
        run(
            """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":5,"Next":"A2"},"A2":{"Type":"Pass","Result":"a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}]}}}""",
            "{}",
            null);
    assertThat(r.snapshot().output).isEqualTo(json("[\"a\",\"b\"]"));
  }

  @Test
  void mapGivesEachIterationItsIndexAndValue() {
    var r =
        run(
            """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs","MaxConcurrency":1,
             "ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value"},
             "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},"End":true}}}""",
            "{\"xs\":[\"p\",\"q\"]}",
            null);
    assertThat(r.snapshot().output)
        .isEqualTo(json("[{\"i\":0,\"v\":\"p\"},{\"i\":1,\"v\":\"q\"}]"));
    assertThat(types(r).stream().filter("MapIterationSucceeded"::equals)).hasSize(2);
  }

  @Test
  void mapIterationFailureFailsTheMapUnlessTolerated() {
    String def =
        """
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs",%s
         "ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
           {"Variable":"$","NumericEquals":2,"Next":"Bad"}],"Default":"Ok"},
           "Bad":{"Type":"Fail","Error":"Two"},"Ok":{"Type":"Pass","End":true}}},"End":true}}}""";
    var failed = run(def.formatted(""), "{\"xs\":[1,2,3]}", null);
    assertThat(failed.snapshot().error).isEqualTo("Two");
    var tolerated = run(def.formatted("\"ToleratedFailureCount\":1,"), "{\"xs\":[1,2,3]}", null);
    assertThat(tolerated.snapshot().status).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void executionTimeoutSecondsEndsItAsTimedOut() {
    var r =
        run(
            """
            {"StartAt":"W","TimeoutSeconds":10,"States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}""",
            "{}",
            null);
    assertThat(r.snapshot().status).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(types(r).getLast()).isEqualTo("ExecutionTimedOut");
  }

  @Test
  void oversizedOutputFailsWithDataLimitExceeded() {
    String big = "x".repeat(300_000);
    var r =
        run(
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":\""
                + big
                + "\",\"End\":true}}}",
            "{}",
            null);
    assertThat(r.snapshot().error).isEqualTo("States.DataLimitExceeded");
  }

  @Test
  void stopAbortsAParkedExecutionAndLaterSignalsAreIgnored() throws Exception {
    StateMachineDefinition d =
        DefinitionParser.parse(
            Json.parse(
                "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:1:activity:a\",\"End\":true}}}"));
    ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.object(), T0, 1);
    StepResult started = Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    String token =
        started.commands().stream()
            .flatMap(c -> c instanceof Command.DispatchTask t ? Stream.of(t) : Stream.empty())
            .findFirst()
            .orElseThrow()
            .taskToken();
    StepResult stopped =
        Interpreter.step(d, s, new Signal.StopRequested("Stop", "by test"), T0, Ports.STANDARD);
    assertThat(s.status).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(stopped.commands()).contains(new Command.CancelTask(token));
    StepResult late =
        Interpreter.step(d, s, new Signal.TaskSucceeded(token, Json.object()), T0, Ports.STANDARD);
    assertThat(late.events()).isEmpty();
  }

  @Test
  void aForgedTokenChangesNothing() throws Exception {
    StateMachineDefinition d =
        DefinitionParser.parse(
            Json.parse(
                "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:us-east-1:1:activity:a\",\"End\":true}}}"));
    ExecutionSnapshot s = InMemoryRunner.localExecution("sm", "ex", Json.object(), T0, 1);
    Interpreter.step(d, s, new Signal.Started(), T0, Ports.STANDARD);
    StepResult forged =
        Interpreter.step(
            d, s, new Signal.TaskSucceeded("#1#00", Json.object()), T0, Ports.STANDARD);
    assertThat(forged.events()).isEmpty();
    assertThat(s.status).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void aVariableOverTheQuotaFailsTheState() {
    String big = "y".repeat(270_000);
    var r =
        run(
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Assign\":{\"v\":\""
                + big
                + "\"},\"End\":true}}}",
            "{}",
            null);
    assertThat(r.snapshot().error).isEqualTo("States.Runtime");
    assertThat(r.snapshot().cause).contains("'v'").contains("262144");
  }
}
