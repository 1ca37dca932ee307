package io.stepwise.api.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Plays the workers of a conformance case against the server: answers each task of one execution
 * with the case's next mocked result for that Task state, through the public API (GetActivityTask
 * for activities, then SendTaskSuccess / SendTaskFailure). A {@code Timeout} mock never answers.
 */
final class TaskMocks {
  private final SfnClient sfn;
  private final Database db;
  private final JsonNode mocks;
  private final Map<String, Integer> used = new HashMap<>();
  private final Set<String> answered = new HashSet<>();

  TaskMocks(SfnClient sfn, Database db, JsonNode mocks) {
    this.sfn = sfn;
    this.db = db;
    this.mocks = mocks == null ? Json.object() : mocks;
  }

  /** Answers the open tasks of the execution not answered yet; a missing mock is an error. */
  void answerOpenTasks(String executionArn) {
    for (Row row :
        db.query(
            "SELECT token, state_name, resource, kind FROM tasks WHERE execution_arn = $1 AND"
                + " state = 'OPEN' ORDER BY created_at, token",
            executionArn)) {
      String token = row.getString("token");
      if (!answered.add(token)) continue;
      String state = row.getString("state_name");
      JsonNode list = mocks.get(state);
      int n = used.merge(state, 1, Integer::sum) - 1;
      if (list == null || n >= list.size()) {
        throw new IllegalStateException(
            "no mocked result " + (n + 1) + " for Task state '" + state + "'");
      }
      if (row.getString("kind").equals("ACTIVITY")) {
        sfn.getActivityTask(b -> b.activityArn(row.getString("resource")));
      }
      JsonNode mock = list.get(n);
      if (mock.has("Return")) {
        sfn.sendTaskSuccess(b -> b.taskToken(token).output(Json.write(mock.get("Return"))));
      } else if (mock.has("Throw")) {
        JsonNode t = mock.get("Throw");
        sfn.sendTaskFailure(
            b -> b.taskToken(token).error(text(t.get("Error"))).cause(text(t.get("Cause"))));
      }
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) return null;
    return v.isTextual() ? v.textValue() : Json.write(v);
  }
}
