package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.json.Json;
import java.util.HashMap;
import java.util.Map;

/**
 * Serves Task states from mocked results given per state name, handed out in order, one per
 * invocation: {@code {"State": [{"Return": {...}}, {"Throw": {"Error": "E", "Cause": "C"}},
 * {"Timeout": {}}]}} (the conformance corpus's format).
 */
public final class MockedTasks implements TaskHandler {
  private final JsonNode mocks;
  private final Map<String, Integer> used = new HashMap<>();

  public MockedTasks(JsonNode mocks) {
    this.mocks = mocks == null ? Json.object() : mocks;
  }

  @Override
  public Outcome handle(Command.DispatchTask task) {
    JsonNode list = mocks.get(task.stateName());
    if (list == null || !list.isArray()) {
      throw new MissingMockException("no mocked result for Task state '" + task.stateName() + "'");
    }
    int n = used.merge(task.stateName(), 1, Integer::sum) - 1;
    if (n >= list.size()) {
      throw new MissingMockException(
          "only "
              + list.size()
              + " mocked results for Task state '"
              + task.stateName()
              + "', invocation "
              + (n + 1)
              + " needs one more");
    }
    return outcome(list.get(n));
  }

  /** The outcome one mocked result stands for (Return, Throw or Timeout). */
  static Outcome outcome(JsonNode mock) {
    if (mock.has("Return")) return new Outcome.Success(mock.get("Return"));
    if (mock.has("Throw")) {
      JsonNode t = mock.get("Throw");
      return new Outcome.Failure(text(t.get("Error")), text(t.get("Cause")));
    }
    if (mock.has("Timeout")) return new Outcome.NoAnswer();
    throw new MissingMockException(
        "a mocked result must hold Return, Throw or Timeout: " + Json.write(mock));
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) return null;
    return value.isTextual() ? value.textValue() : Json.write(value);
  }

  /** The mocks do not provide what the run needs. */
  public static final class MissingMockException extends RuntimeException {
    public MissingMockException(String message) {
      super(message, null, false, false);
    }
  }
}
