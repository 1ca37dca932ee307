package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.json.Json;
import java.util.List;

/**
 * One execution as a portable JSON file: its definition, input and whole history with data (in
 * AWS's GetExecutionHistory shape). Enough to reproduce the run locally with the recorded task
 * results, to replay it against another definition, and to rebuild any moment of it.
 *
 * @param definition the state machine definition the execution ran
 * @param input the execution's input
 * @param stateMachineName the state machine's name
 * @param executionName the execution's name
 * @param events the history, AWS-shaped, with data
 */
public record ExecutionExport(
    JsonNode definition,
    JsonNode input,
    String stateMachineName,
    String executionName,
    ArrayNode events,
    long randomSeed) {

  /** The format marker written into export files. */
  public static final String FORMAT = "stepwise-execution-export/1";

  public static ExecutionExport of(
      JsonNode definition,
      JsonNode input,
      String stateMachineName,
      String executionName,
      List<HistoryEvent> history) {
    ArrayNode events = Json.NODES.arrayNode();
    for (HistoryEvent e : history) events.add(AwsHistoryFormat.toJson(e, true));
    return new ExecutionExport(definition, input, stateMachineName, executionName, events, 0);
  }

  /** The same export with the execution's random seed, so random values replay too. */
  public ExecutionExport withRandomSeed(long seed) {
    return new ExecutionExport(definition, input, stateMachineName, executionName, events, seed);
  }

  /** True when a JSON document is an export rather than a definition. */
  public static boolean isExport(JsonNode json) {
    return json != null && FORMAT.equals(json.path("format").asText());
  }

  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("format", FORMAT);
    out.put("stateMachineName", stateMachineName);
    out.put("executionName", executionName);
    out.set("definition", definition);
    out.set("input", input);
    out.set("events", events);
    // The seed makes States.UUID/MathRandom replay; it also derives the run's task tokens, so an
    // export is only as secret as the execution it came from.
    if (randomSeed != 0) out.put("randomSeed", randomSeed);
    return out;
  }

  /** Reads an export; throws {@link IllegalArgumentException} naming what is missing. */
  public static ExecutionExport fromJson(JsonNode json) {
    if (!isExport(json))
      throw new IllegalArgumentException("not a Stepwise execution export (format " + FORMAT + ")");
    for (String field : List.of("definition", "input", "events")) {
      if (!json.has(field)) throw new IllegalArgumentException("the export has no '" + field + "'");
    }
    if (!json.get("events").isArray())
      throw new IllegalArgumentException("'events' must be an array");
    return new ExecutionExport(
        json.get("definition"),
        json.get("input"),
        json.path("stateMachineName").asText("exported"),
        json.path("executionName").asText("exported"),
        (ArrayNode) json.get("events"),
        json.path("randomSeed").asLong(0));
  }
}
