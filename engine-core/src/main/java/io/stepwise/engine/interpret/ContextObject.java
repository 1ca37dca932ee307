package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Builds the context object ({@code $$}) a state sees; only when a path asks for it. */
final class ContextObject {
  /** AWS writes context timestamps with millisecond precision, e.g. 2024-01-01T00:00:00.000Z. */
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ContextObject() {}

  static ObjectNode build(ExecutionSnapshot snapshot, Frame frame, String taskToken) {
    ObjectNode ctx = Json.object();
    ObjectNode execution = ctx.putObject("Execution");
    execution.put("Id", snapshot.executionArn);
    execution.set("Input", snapshot.input);
    execution.put("StartTime", timestamp(snapshot.startTime));
    execution.put("Name", snapshot.executionName);
    execution.put("RoleArn", snapshot.roleArn);
    // Express executions cannot be redriven and have no RedriveCount
    // (express/query_runtime_memory).
    if (!snapshot.express) execution.put("RedriveCount", snapshot.redriveCount);
    ObjectNode stateMachine = ctx.putObject("StateMachine");
    stateMachine.put("Id", snapshot.stateMachineArn);
    stateMachine.put("Name", snapshot.stateMachineName);
    ObjectNode state = ctx.putObject("State");
    state.put("Name", frame.stateName);
    state.put("EnteredTime", timestamp(frame.enteredTime));
    // RetryCount shows for states that can retry
    // (errors/retry_interval_features_max_attempts_zero).
    if (frame.recoverable) state.put("RetryCount", frame.retryCount);
    if (taskToken != null) ctx.putObject("Task").put("Token", taskToken);
    return ctx;
  }

  /** The context of a Map's ItemSelector: adds {@code Map.Item.Index} and {@code Value}. */
  static ObjectNode withMapItem(ObjectNode base, int index, JsonNode value) {
    ObjectNode item = base.putObject("Map").putObject("Item");
    item.put("Index", index);
    item.set("Value", value);
    return base;
  }

  static String timestamp(Instant instant) {
    return instant == null ? null : ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }
}
