package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs one conformance case on the in-memory runtime and judges it against the recording. */
public final class CaseRunner {
  private CaseRunner() {}

  public static CaseResult run(ConformanceCase c) {
    try {
      return judge(c);
    } catch (MockedTasks.MissingMockException e) {
      return CaseResult.fail(c, "test error: " + e.getMessage());
    } catch (RuntimeException e) {
      return CaseResult.fail(c, "engine error: " + e);
    }
  }

  private static CaseResult judge(ConformanceCase c) {
    JsonNode expect = c.expect();
    StateMachineType type = type(c);
    JsonNode definition = c.definition();
    String text =
        definition.isTextual() && c.flag("definitionIsRawText")
            ? definition.textValue()
            : definition.isTextual() ? definition.textValue() : Json.write(definition);
    ValidationResult validation = DefinitionValidator.validate(text, type);
    if (expect.has("validateStateMachineDefinition")) {
      return compareDiagnostics(c, expect.get("validateStateMachineDefinition"), validation);
    }
    if (expect.has("definitionError")) {
      if (validation.ok()) return CaseResult.fail(c, "definition was accepted, AWS refused it");
      // Only AWS's own text is compared; other recordings' texts came from other implementations.
      String message = expect.path("message").asText("");
      if (expect.path("messageFromAws").asBoolean(false)
          && !Placeholders.of(c).matches(message, validation.invalidDefinitionMessage())) {
        return CaseResult.fail(
            c,
            "refused with '"
                + validation.invalidDefinitionMessage()
                + "', AWS said '"
                + message
                + "'");
      }
      return CaseResult.pass(c);
    }
    if (!validation.ok()) {
      return CaseResult.fail(c, "definition refused: " + validation.invalidDefinitionMessage());
    }
    StateMachineDefinition parsed;
    try {
      parsed = DefinitionParser.parse(definition);
    } catch (DefinitionException e) {
      return CaseResult.fail(c, "definition not parsed: " + e.getMessage() + " at " + e.location());
    }
    JsonNode input = c.json().has("input") ? c.json().get("input") : Json.object();
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ExecutionSnapshot snapshot =
        InMemoryRunner.localExecution("conformance", "case", input, start, c.id().hashCode());
    if (type == StateMachineType.EXPRESS) snapshot.asExpress();
    InMemoryRunner.Result result =
        new InMemoryRunner(parsed, new MockedTasks(c.json().get("mocks")), true).run(snapshot);
    return compareRun(c, expect, result);
  }

  /** The workflow type the recording ran as: {@code stateMachineType}, STANDARD when absent. */
  static StateMachineType type(ConformanceCase c) {
    return "EXPRESS".equals(c.json().path("stateMachineType").asText())
        ? StateMachineType.EXPRESS
        : StateMachineType.STANDARD;
  }

  /**
   * What an execution did, as a client sees it: DescribeExecution's status, output, error and
   * cause, and GetExecutionHistory's events in AWS's wire shape.
   */
  public record Outcome(
      String status, JsonNode output, String error, String cause, List<JsonNode> history) {
    /** An in-memory run's outcome, its history written as GetExecutionHistory would. */
    public static Outcome of(InMemoryRunner.Result result) {
      ExecutionSnapshot s = result.snapshot();
      List<JsonNode> history = new ArrayList<>();
      for (HistoryEvent e : result.events()) history.add(AwsHistoryFormat.toJson(e, true));
      return new Outcome(s.status().name(), s.output(), s.error(), s.cause(), history);
    }
  }

  private static CaseResult compareRun(
      ConformanceCase c, JsonNode expect, InMemoryRunner.Result result) {
    return judge(c, Outcome.of(result));
  }

  /** Judges an execution's outcome (from any runtime) against the case's recording. */
  public static CaseResult judge(ConformanceCase c, Outcome run) {
    JsonNode expect = c.expect();
    Placeholders placeholders = Placeholders.of(c);
    String status = expect.path("status").asText();
    if (!status.equals(run.status())) {
      return CaseResult.fail(
          c,
          "status "
              + run.status()
              + " ("
              + run.error()
              + ": "
              + JsonExpectation.shorten(String.valueOf(run.cause()))
              + "), expected "
              + status);
    }
    Set<String> ignored = new HashSet<>();
    for (JsonNode p : c.json().path("nondeterministic")) ignored.add(p.asText());
    if (expect.has("output") && "SUCCEEDED".equals(status)) {
      String d =
          new JsonExpectation(placeholders, ignored).difference(expect.get("output"), run.output());
      if (d != null) return CaseResult.fail(c, "output differs " + d);
    }
    if (expect.has("error") && !expect.get("error").isNull() && !c.flag("nondeterministicError")) {
      if (!placeholders.matches(expect.get("error").asText(), String.valueOf(run.error()))) {
        return CaseResult.fail(
            c, "error " + run.error() + ", expected " + expect.get("error").asText());
      }
    }
    if (expect.has("cause") && !c.flag("nondeterministicCause")) {
      String d = causeDifference(placeholders, expect.get("cause"), run.cause());
      if (d != null) return CaseResult.fail(c, "cause differs: " + d);
    }
    if (expect.has("events")) {
      List<String> expected = new ArrayList<>();
      expect.get("events").forEach(e -> expected.add(e.asText()));
      List<String> actual = new ArrayList<>();
      for (JsonNode e : run.history()) actual.add(e.path("type").asText());
      if (c.flag("eventsOrderNondeterministic")) {
        Collections.sort(expected);
        Collections.sort(actual);
      }
      if (!expected.equals(actual)) {
        return CaseResult.fail(c, "events differ: got " + actual + ", expected " + expected);
      }
    }
    if (expect.has("history")) {
      if (!expect.get("history").isArray()) {
        return CaseResult.fail(c, "test error: expect.history is not a list of events");
      }
      // What varies per run in the output varies in the history's documents too
      // (task/base_integrations_dynamodb_put_get_item's $.TableName).
      JsonExpectation documents = new JsonExpectation(placeholders, ignored, true);
      String otherRun = RecordedRunCheck.otherRun(c, documents);
      if (otherRun != null) return CaseResult.pass(c).historyNotCompared(otherRun);
      String d =
          new HistoryExpectation(documents, c.flag("eventsOrderNondeterministic"))
              .difference(expect.get("history"), run.history());
      if (d != null) return CaseResult.fail(c, "history differs at " + d);
    }
    return CaseResult.pass(c);
  }

  private static String causeDifference(
      Placeholders placeholders, JsonNode expected, String actual) {
    if (expected.isNull())
      return actual == null || actual.isEmpty() ? null : "expected none, got '" + actual + "'";
    if (expected.isTextual()) {
      String want = expected.textValue();
      if (want.isEmpty() && actual == null) return null;
      return actual != null && placeholders.matches(want, actual)
          ? null
          : "got '" + actual + "', expected '" + want + "'";
    }
    try {
      return new JsonExpectation(placeholders, Set.of()).difference(expected, Json.parse(actual));
    } catch (Exception e) {
      return "got '" + actual + "', expected " + Json.write(expected);
    }
  }

  private static CaseResult compareDiagnostics(
      ConformanceCase c, JsonNode expected, ValidationResult validation) {
    List<JsonNode> actual = new ArrayList<>();
    for (Diagnostic d : validation.diagnostics()) {
      var node = Json.object();
      node.put("code", d.code());
      if (d.location() != null) node.put("location", d.location());
      node.put("message", d.message());
      node.put("severity", d.severity().name());
      actual.add(node);
    }
    var actualNode = Json.NODES.arrayNode().addAll(actual);
    String diff = JsonExpectation.difference(expected.path("diagnostics"), actualNode, Set.of());
    if (diff != null) return CaseResult.fail(c, "diagnostics differ " + diff);
    String result = validation.ok() ? "OK" : "FAIL";
    if (!result.equals(expected.path("result").asText()))
      return CaseResult.fail(c, "result " + result);
    return CaseResult.pass(c);
  }
}
