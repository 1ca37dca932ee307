package io.stepwise.engine.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.TaskHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves Task states with the results an execution recorded: for each Task state, its recorded
 * outcomes (result, error or time-out) in the order they happened. The interpreter dispatches tasks
 * in a deterministic order, so a replay meets them in the same order.
 */
public final class RecordedOutcomes implements TaskHandler {
  private final Map<String, Deque<Outcome>> byState = new HashMap<>();

  /** Reads the outcomes from an AWS-shaped history with data. */
  public RecordedOutcomes(JsonNode events) {
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode e : events) byId.put(e.path("id").asLong(), e);
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      Outcome outcome = outcome(type, e);
      if (outcome == null) continue;
      String state = taskState(e, byId);
      if (state != null) byState.computeIfAbsent(state, k -> new ArrayDeque<>()).add(outcome);
    }
  }

  private static Outcome outcome(String type, JsonNode e) {
    if (type.endsWith("Succeeded") && isTaskEvent(type)) {
      JsonNode details = details(e);
      return new Outcome.Success(parse(details.path("output").asText("null")));
    }
    if (type.endsWith("Failed") && isTaskEvent(type)) {
      JsonNode details = details(e);
      return new Outcome.Failure(
          details.path("error").asText(null), details.path("cause").asText(null));
    }
    if (type.endsWith("TimedOut") && isTaskEvent(type)) return new Outcome.NoAnswer();
    return null;
  }

  private static boolean isTaskEvent(String type) {
    return type.startsWith("Task") && !type.startsWith("TaskState")
        || type.startsWith("LambdaFunction")
        || type.startsWith("Activity");
  }

  private static JsonNode details(JsonNode event) {
    var it = event.fields();
    while (it.hasNext()) {
      var f = it.next();
      if (f.getKey().endsWith("EventDetails")) return f.getValue();
    }
    return Json.object();
  }

  /** The Task state an outcome belongs to: follow previousEventId back to its TaskStateEntered. */
  private static String taskState(JsonNode event, Map<Long, JsonNode> byId) {
    JsonNode e = event;
    for (int guard = 0; e != null && guard < 100_000; guard++) {
      if ("TaskStateEntered".equals(e.path("type").asText())) {
        return e.path("stateEnteredEventDetails").path("name").asText(null);
      }
      long previous = e.path("previousEventId").asLong(0);
      e = previous == 0 ? null : byId.get(previous);
    }
    return null;
  }

  private static JsonNode parse(String text) {
    return Json.parseTrusted(text);
  }

  @Override
  public Outcome handle(Command.DispatchTask task) {
    Deque<Outcome> queue = byState.get(task.stateName());
    if (queue == null || queue.isEmpty()) {
      throw new MockedTasks.MissingMockException(
          "the recording has no further result for Task state '" + task.stateName() + "'");
    }
    return queue.poll();
  }
}
