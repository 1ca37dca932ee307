package io.stepwise.api.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Request;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the answers of workers and callbacks,
 * addressed by task token, served by the same {@link TaskTokenService} that approvals and built-in
 * handlers use (its refusals become AWS errors at the endpoint).
 */
@ApplicationScoped
public class TaskCallbackActions implements ActionFamily {
  private final TaskTokenService tokens;

  public TaskCallbackActions(TaskTokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "SendTaskSuccess", this::success,
        "SendTaskFailure", this::failure,
        "SendTaskHeartbeat", this::heartbeat);
  }

  private JsonNode success(Request r) {
    String token = r.string("taskToken", 2048);
    tokens.succeed(token, r.string("output"));
    return Json.object();
  }

  private JsonNode failure(Request r) {
    String token = r.string("taskToken", 2048);
    tokens.fail(
        token,
        r.optionalString("error", 256).orElse(null),
        r.optionalString("cause", 32768).orElse(null));
    return Json.object();
  }

  private JsonNode heartbeat(Request r) {
    tokens.heartbeat(r.string("taskToken", 2048));
    return Json.object();
  }
}
