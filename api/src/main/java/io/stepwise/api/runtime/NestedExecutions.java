package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Tasks of {@code arn:aws:states:::states:startExecution} (request-response, {@code .sync}, {@code
 * .sync:2}, {@code .waitForTaskToken}): the server starts the nested execution itself, linked to
 * the parent. Implemented where executions are started; idempotent per task token, since the effect
 * may run more than once.
 */
public interface NestedExecutions {
  /** Starts the nested execution the task asks for and links or answers the parent's task. */
  void start(String parentArn, Command.DispatchTask task);

  /**
   * How a nested execution's end answers its parent's {@code .sync} task: the DescribeExecution
   * shape, with the output as a string ({@code .sync}) or as JSON ({@code .sync:2}); a child that
   * did not succeed fails the task with States.TaskFailed and that shape as the cause.
   */
  static Signal endSignal(String token, String pattern, Row child) {
    ObjectNode d = Json.object();
    d.put("ExecutionArn", child.getString("arn"));
    String input = child.getString("input");
    boolean json = "SYNC2".equals(pattern);
    if (json) d.set("Input", Json.parseTrusted(input));
    else d.put("Input", input);
    d.putObject("InputDetails").put("Included", true);
    d.put("Name", child.getString("name"));
    String output = child.getString("output");
    if (output != null) {
      if (json) d.set("Output", Json.parseTrusted(output));
      else d.put("Output", output);
      d.putObject("OutputDetails").put("Included", true);
    }
    d.put("StartDate", Database.instant(child, "start_time").toEpochMilli());
    d.put("StateMachineArn", child.getString("state_machine_arn"));
    String status = child.getString("status");
    d.put("Status", status);
    if (Database.instant(child, "stop_time") != null) {
      d.put("StopDate", Database.instant(child, "stop_time").toEpochMilli());
    }
    if (status.equals("SUCCEEDED")) return new Signal.TaskSucceeded(token, d);
    if (child.getString("error") != null) d.put("Error", child.getString("error"));
    if (child.getString("cause") != null) d.put("Cause", child.getString("cause"));
    return new Signal.TaskFailed(token, "States.TaskFailed", Json.write(d));
  }
}
