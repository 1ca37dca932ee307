package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;

/**
 * Builders for history event details in AWS's shape. Payload fields ({@code input}, {@code output},
 * {@code parameters}) hold the JSON value itself; the wire layer writes them as the JSON strings
 * AWS sends, so the engine never serialises payloads it does not have to.
 */
final class EventDetails {
  private EventDetails() {}

  static ObjectNode stateEntered(String name, JsonNode input) {
    ObjectNode d = Json.object();
    d.put("name", name);
    d.set("input", input);
    d.set("inputDetails", truncatedFalse());
    return d;
  }

  static ObjectNode stateExited(String name, JsonNode output) {
    return stateExited(name, output, null);
  }

  /** With the variables the state assigned, as AWS records them (values as JSON text). */
  static ObjectNode stateExited(String name, JsonNode output, ObjectNode assigned) {
    ObjectNode d = Json.object();
    d.put("name", name);
    d.set("output", output);
    d.set("outputDetails", truncatedFalse());
    // An empty Assign assigns nothing, and AWS records nothing (variables/base_cases_base_empty).
    if (assigned != null && !assigned.isEmpty()) {
      d.set("assignedVariables", Variables.eventDetails(assigned));
      d.set("assignedVariablesDetails", truncatedFalse());
    }
    return d;
  }

  /** An EvaluationFailed event: the error and cause the state fails with, and in which field. */
  static ObjectNode evaluationFailed(String state, String error, String cause, String location) {
    ObjectNode d = errorCause(error, cause);
    d.put("state", state);
    if (location != null) d.put("location", location);
    return d;
  }

  static ObjectNode output(JsonNode output) {
    ObjectNode d = Json.object();
    d.set("output", output);
    d.set("outputDetails", truncatedFalse());
    return d;
  }

  static ObjectNode errorCause(String error, String cause) {
    ObjectNode d = Json.object();
    if (error != null) d.put("error", error);
    if (cause != null) d.put("cause", cause);
    return d;
  }

  static ObjectNode mapIteration(String mapName, int index) {
    ObjectNode d = Json.object();
    d.put("name", mapName);
    d.put("index", index);
    return d;
  }

  /** Shared: event details are never changed after they are made. */
  private static final ObjectNode TRUNCATED_FALSE = Json.object().put("truncated", false);

  private static ObjectNode truncatedFalse() {
    return TRUNCATED_FALSE;
  }
}
