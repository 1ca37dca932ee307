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
import java.util.TreeMap;

/**
 * Serves Task states with the results an execution recorded: for each Task state, its recorded
 * outcomes (result, error or time-out) in the order their tasks were scheduled. The interpreter
 * dispatches tasks in a deterministic order, so a replay meets them in the same order, and each
 * dispatch gets the outcome of the task scheduled at that place — also when tasks of one state (Map
 * iterations) finished in another order than they started.
 */
public final class RecordedOutcomes implements TaskHandler {
  private final Map<String, Deque<Outcome>> byState = new HashMap<>();

  /** Reads the outcomes from an AWS-shaped history with data. */
  public RecordedOutcomes(JsonNode events) {
    Map<Long, JsonNode> byId = byId(events);
    TreeMap<Long, JsonNode> bySchedule = new TreeMap<>();
    for (JsonNode e : events) {
      if (outcome(e.path("type").asText(), e) != null) bySchedule.put(scheduledId(e, byId), e);
    }
    for (JsonNode e : bySchedule.values()) {
      String state = taskState(e, byId);
      if (state != null) {
        byState
            .computeIfAbsent(state, k -> new ArrayDeque<>())
            .add(outcome(e.path("type").asText(), e));
      }
    }
  }

  static Map<Long, JsonNode> byId(JsonNode events) {
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode e : events) byId.put(e.path("id").asLong(), e);
    return byId;
  }

  /**
   * The id of the event that scheduled the task an outcome answers (its frame's events chain back
   * to it through previousEventId), or the outcome's own id when the chain has none.
   */
  static long scheduledId(JsonNode outcome, Map<Long, JsonNode> byId) {
    JsonNode e = outcome;
    for (int guard = 0; e != null && guard < 100_000; guard++) {
      if (e.path("type").asText().endsWith("Scheduled")) return e.path("id").asLong();
      long previous = e.path("previousEventId").asLong(0);
      e = previous == 0 ? null : byId.get(previous);
    }
    return outcome.path("id").asLong();
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
