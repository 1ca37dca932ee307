package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.EnginePorts;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.runtime.memory.InMemoryRunner;
import io.stepwise.engine.runtime.memory.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * TestState: runs one state in memory with {@link InMemoryRunner}. The state is placed in a machine
 * whose every Next target is a Succeed state, so the run stops after it and its history says the
 * output, the next state, or the error. Task states call no service here: they fail with
 * States.TaskFailed, which a Catch can route (status CAUGHT_ERROR).
 */
@ApplicationScoped
public class TestStateActions implements ActionFamily {
  private static final String NAME = "TestState";

  private final Ports ports;

  public TestStateActions(EnginePorts ports) {
    this.ports = ports.ports();
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of("TestState", this::test);
  }

  private JsonNode test(Request r) {
    JsonNode state;
    try {
      state = Json.parse(r.string("definition"));
    } catch (JsonProcessingException e) {
      throw new AwsError(
          "InvalidDefinition",
          "Invalid State Machine Definition: '" + e.getOriginalMessage() + "'");
    }
    if (!state.isObject() || !state.has("Type")) {
      throw new AwsError(
          "InvalidDefinition", "Invalid State Machine Definition: 'the state needs a Type'");
    }
    String level = r.optionalString("inspectionLevel").orElse("INFO");
    JsonNode input = ExecutionStarter.input(r.optionalString("input").orElse("{}"));
    ObjectNode machine = Json.object();
    machine.put("StartAt", NAME);
    ObjectNode states = machine.putObject("States");
    ObjectNode copy = ((ObjectNode) state).deepCopy();
    Set<String> targets = new LinkedHashSet<>();
    copy.findValues("Next").forEach(n -> targets.add(n.asText()));
    if (copy.has("Default")) targets.add(copy.get("Default").asText());
    if (!copy.has("Next")
        && !copy.has("End")
        && !Set.of("Choice", "Succeed", "Fail").contains(copy.path("Type").asText())) {
      copy.put("End", true);
    }
    states.set(NAME, copy);
    for (String t : targets) states.putObject(t).put("Type", "Succeed");
    ValidationResult valid =
        DefinitionValidator.validate(Json.write(machine), StateMachineType.STANDARD);
    if (!valid.ok()) throw new AwsError("InvalidDefinition", valid.invalidDefinitionMessage());
    InMemoryRunner.Result result;
    try {
      ExecutionSnapshot s =
          InMemoryRunner.localExecution(
              "TestState", "test", input, Instant.now(), System.nanoTime());
      result =
          new InMemoryRunner(DefinitionParser.parse(machine), TaskHandler.NONE, true)
              .withPorts(ports)
              .run(s);
    } catch (DefinitionException e) {
      throw new AwsError("InvalidDefinition", e.getMessage());
    }
    ObjectNode out = Json.object();
    String next = null;
    JsonNode output = null;
    boolean failedFirst = false;
    for (HistoryEvent e : result.events()) {
      String type = e.type().awsName();
      JsonNode d = e.details();
      if (type.endsWith("StateEntered") && d != null && !NAME.equals(d.path("name").asText())) {
        next = d.path("name").asText();
        break;
      }
      if (type.endsWith("StateExited") && d != null) output = d.get("output");
      if (type.endsWith("Failed") && !type.equals("ExecutionFailed")) failedFirst = true;
    }
    ExecutionSnapshot s = result.snapshot();
    String status;
    if (s.status.name().equals("SUCCEEDED")) {
      status = failedFirst && next != null ? "CAUGHT_ERROR" : "SUCCEEDED";
      if (output == null) output = s.output;
      if (output != null) out.put("output", Json.write(output));
      if (next != null) out.put("nextState", next);
    } else {
      status = "FAILED";
      if (s.error != null) out.put("error", s.error);
      if (s.cause != null) out.put("cause", s.cause);
    }
    out.put("status", status);
    if (!level.equals("INFO")) {
      ObjectNode data = out.putObject("inspectionData");
      data.put("input", Json.write(input));
      if (output != null) data.put("afterResultPath", Json.write(output));
    }
    return out;
  }
}
