package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
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
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The TestState service: runs one state in memory with {@link InMemoryRunner}. The state is placed
 * in a machine whose every Next target is a Succeed state, so the run stops after it and its
 * history says the output, the next state, or the error. Task states call no service here: they
 * fail with States.TaskFailed, which a Catch can route (status CAUGHT_ERROR). A definition someone
 * pasted is code the server runs: an editor's action.
 */
@ApplicationScoped
public class TestStates {
  private static final String NAME = "TestState";

  private final Authorizer authorizer;
  private final Ports ports;

  public TestStates(Authorizer authorizer, EnginePorts ports) {
    this.authorizer = authorizer;
    this.ports = ports.ports();
  }

  /**
   * What a test run gave: SUCCEEDED, CAUGHT_ERROR or FAILED, the state's output (after its
   * ResultPath) and next state, or the error and cause; {@code input} is the input as parsed.
   */
  public record Outcome(
      String status,
      JsonNode output,
      String nextState,
      String error,
      String cause,
      JsonNode input) {}

  /** Runs the state ({@code definition}: one state's JSON) on the input (JSON text or null). */
  public Outcome test(Caller caller, String definition, String inputText) {
    authorizer.require(caller, "TestState", Permission.EDIT, null);
    JsonNode state;
    try {
      state = Json.parse(definition);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          "InvalidDefinition",
          "Invalid State Machine Definition: '" + e.getOriginalMessage() + "'");
    }
    if (!state.isObject() || !state.has("Type")) {
      throw new ServiceException(
          "InvalidDefinition", "Invalid State Machine Definition: 'the state needs a Type'");
    }
    JsonNode input = ExecutionStarter.input(inputText == null ? "{}" : inputText);
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
    if (!valid.ok()) {
      throw new ServiceException("InvalidDefinition", valid.invalidDefinitionMessage());
    }
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
      throw new ServiceException("InvalidDefinition", e.getMessage());
    }
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
    if (s.status().name().equals("SUCCEEDED")) {
      return new Outcome(
          failedFirst && next != null ? "CAUGHT_ERROR" : "SUCCEEDED",
          output == null ? s.output() : output,
          next,
          null,
          null,
          input);
    }
    return new Outcome("FAILED", output, null, s.error(), s.cause(), input);
  }
}
