package io.stepwise.engine.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.conformance.ConformanceCase;
import io.stepwise.engine.conformance.ConformanceSuite;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Frame;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.MockedTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance case that runs, replayed: its export replays against its own definition without
 * divergence, and time travel to the end of every step rebuilds what the live run had.
 */
class ReplayCorpusTest {
  private static Path corpus() {
    String shared = System.getProperty("stepwise.shared");
    Path p =
        shared != null
            ? Path.of(shared, "conformance")
            : Path.of("..", "..", "shared", "conformance");
    return Files.isDirectory(p) ? p : Path.of("..", "shared", "conformance");
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedRunReplaysAndTimeTravels() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (ConformanceCase c : ConformanceSuite.load(corpus())) {
      if (!c.expect().has("status")) continue;
      tests.add(DynamicTest.dynamicTest(c.id(), () -> check(c)));
    }
    return tests.stream();
  }

  private static void check(ConformanceCase c) throws Exception {
    StateMachineDefinition definition;
    try {
      JsonNode json =
          c.definition().isTextual() ? Json.parse(c.definition().textValue()) : c.definition();
      definition = DefinitionParser.parse(json);
    } catch (Exception e) {
      // The case records a run, so AWS accepted the definition: not parsing it is a failure.
      throw new AssertionError(
          c.id() + ": the definition of a recorded run does not parse: " + e, e);
    }
    JsonNode input = c.json().has("input") ? c.json().get("input") : Json.object();
    long seed = c.id().hashCode();
    ExecutionSnapshot live =
        InMemoryRunner.localExecution(
            "sm", "ex", input, Instant.parse("2026-01-01T00:00:00Z"), seed);
    List<String> projections = new ArrayList<>();
    List<Long> stepEnds = new ArrayList<>();
    InMemoryRunner.Result result;
    try {
      result =
          new InMemoryRunner(definition, new MockedTasks(c.json().get("mocks")), true)
              .onStep(
                  step -> {
                    if (!step.events().isEmpty()) {
                      stepEnds.add(step.events().getLast().id());
                      projections.add(project(step.snapshot()));
                    }
                  })
              .run(live);
    } catch (MockedTasks.MissingMockException | IllegalStateException e) {
      throw new AssertionError(c.id() + ": the recorded run cannot run in memory: " + e, e);
    }
    List<HistoryEvent> history = result.events();
    ExecutionExport export =
        ExecutionExport.of(c.definition(), input, "sm", "ex", history).withRandomSeed(seed);
    ExecutionExport reread = ExecutionExport.fromJson(Json.parse(Json.write(export.toJson())));

    Replay.Report report = Replay.run(reread, definition);
    assertThat(report.agrees())
        .as("%s replays: %s", c.id(), report.agrees() ? "" : report.divergence().describe())
        .isTrue();

    for (int i = 0; i < stepEnds.size(); i++) {
      ExecutionSnapshot rebuilt = TimeTravel.at(reread, definition, stepEnds.get(i));
      assertThat(project(rebuilt))
          .as("%s at event %d", c.id(), stepEnds.get(i))
          .isEqualTo(projections.get(i));
    }
  }

  @Test
  void aRecordedRunWhoseDefinitionDoesNotParseFails() {
    ConformanceCase broken =
        new ConformanceCase(
            "x/broken.json",
            "x",
            Json.parseTrusted(
                "{\"definition\":{\"StartAt\":\"Nowhere\",\"States\":{}},"
                    + "\"expect\":{\"status\":\"SUCCEEDED\"}}"));
    assertThatThrownBy(() -> check(broken))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not parse");
  }

  /** What a person sees at a moment: status, and each frame's state, data and variables. */
  static String project(ExecutionSnapshot s) {
    ObjectNode view = Json.object();
    view.put("status", s.status().name());
    view.set("output", s.output());
    if (s.root() != null) view.set("frames", frames(s.root()));
    return Json.write(view);
  }

  private static JsonNode frames(Frame f) {
    ObjectNode n = Json.object();
    n.put("id", f.id());
    n.put("state", f.stateName());
    n.set("input", f.stateInput());
    // No variables yet and an empty set of them look the same to a person.
    if (f.variables() != null && !f.variables().isEmpty()) n.set("variables", f.variables());
    if (f.children() != null) {
      var children = n.putArray("children");
      // A distributed Map's children are other executions, with their own histories.
      for (Frame c : f.children()) if (!c.remote()) children.add(frames(c));
    }
    return n;
  }
}
