package io.stepwise.engine.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;
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
      String message = expect.path("message").asText("");
      if (message.startsWith("Invalid State Machine Definition:")
          && !message.equals(validation.invalidDefinitionMessage())) {
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
    snapshot.express = type == StateMachineType.EXPRESS;
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

  private static CaseResult compareRun(
      ConformanceCase c, JsonNode expect, InMemoryRunner.Result result) {
    ExecutionSnapshot s = result.snapshot();
    String status = expect.path("status").asText();
    if (!status.equals(s.status.name())) {
      return CaseResult.fail(
          c,
          "status "
              + s.status
              + " ("
              + s.error
              + ": "
              + JsonExpectation.shorten(String.valueOf(s.cause))
              + "), expected "
              + status);
    }
    if (expect.has("output") && "SUCCEEDED".equals(status)) {
      Set<String> ignored = new HashSet<>();
      for (JsonNode p : c.json().path("nondeterministic")) ignored.add(p.asText());
      String d = JsonExpectation.difference(expect.get("output"), s.output, ignored);
      if (d != null) return CaseResult.fail(c, "output differs " + d);
    }
    if (expect.has("error") && !expect.get("error").isNull() && !c.flag("nondeterministicError")) {
      if (!expect.get("error").asText().equals(s.error)) {
        return CaseResult.fail(
            c, "error " + s.error + ", expected " + expect.get("error").asText());
      }
    }
    if (expect.has("cause") && !c.flag("nondeterministicCause")) {
      String d = causeDifference(expect.get("cause"), s.cause);
      if (d != null) return CaseResult.fail(c, "cause differs: " + d);
    }
    if (expect.has("events")) {
      List<String> expected = new ArrayList<>();
      expect.get("events").forEach(e -> expected.add(e.asText()));
      List<String> actual = new ArrayList<>();
      for (HistoryEvent e : result.events()) actual.add(e.type().awsName());
      if (c.flag("eventsOrderNondeterministic")) {
        Collections.sort(expected);
        Collections.sort(actual);
      }
      if (!expected.equals(actual)) {
        return CaseResult.fail(c, "events differ: got " + actual + ", expected " + expected);
      }
    }
    return CaseResult.pass(c);
  }

  private static String causeDifference(JsonNode expected, String actual) {
    if (expected.isNull())
      return actual == null || actual.isEmpty() ? null : "expected none, got '" + actual + "'";
    if (expected.isTextual()) {
      String want = expected.textValue();
      if (want.isEmpty() && actual == null) return null;
      return actual != null && JsonExpectation.textMatches(want, actual)
          ? null
          : "got '" + actual + "', expected '" + want + "'";
    }
    try {
      return JsonExpectation.difference(expected, Json.parse(actual), Set.of());
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
