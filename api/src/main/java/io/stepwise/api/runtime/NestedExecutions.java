package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/**
 * Tasks of {@code arn:aws:states:::states:startExecution} (request-response, {@code .sync}, {@code
 * .sync:2}, {@code .waitForTaskToken}): the server starts the nested execution itself, linked to
 * the parent. Implemented where executions are started; idempotent per task token, since the effect
 * may run more than once.
 */
public interface NestedExecutions {
  /** Starts the nested execution the task asks for and links or answers the parent's task. */
  void start(String parentArn, Command.DispatchTask task);

  /** A nested execution as it ended: what its parent's {@code .sync} task is answered with. */
  record ChildEnd(
      String arn,
      String stateMachineArn,
      String name,
      String status,
      String input,
      String output,
      String error,
      String cause,
      Instant startTime,
      Instant stopTime) {
    /** From a row of {@code executions}. */
    static ChildEnd of(Row child) {
      return new ChildEnd(
          child.getString("arn"),
          child.getString("state_machine_arn"),
          child.getString("name"),
          child.getString("status"),
          child.getString("input"),
          child.getString("output"),
          child.getString("error"),
          child.getString("cause"),
          Database.instant(child, "start_time"),
          Database.instant(child, "stop_time"));
    }

    /** From the final snapshot of an Express execution, which has no row. */
    public static ChildEnd of(ExecutionSnapshot s) {
      return new ChildEnd(
          s.executionArn(),
          s.stateMachineArn(),
          s.executionName(),
          s.status().name(),
          Json.write(s.input()),
          s.output() == null ? null : Json.write(s.output()),
          s.error(),
          s.cause(),
          s.startTime(),
          s.stopTime());
    }
  }

  /**
   * How a nested execution's end answers its parent's {@code .sync} task: the DescribeExecution
   * shape, with the output as a string ({@code .sync}) or as JSON ({@code .sync:2}); a child that
   * did not succeed fails the task with States.TaskFailed and that shape as the cause.
   */
  static Signal endSignal(String token, String pattern, ChildEnd child) {
    ObjectNode d = Json.object();
    d.put("ExecutionArn", child.arn());
    boolean json = "SYNC2".equals(pattern);
    if (json) d.set("Input", Json.parseTrusted(child.input()));
    else d.put("Input", child.input());
    d.putObject("InputDetails").put("Included", true);
    d.put("Name", child.name());
    if (child.output() != null) {
      if (json) d.set("Output", Json.parseTrusted(child.output()));
      else d.put("Output", child.output());
      d.putObject("OutputDetails").put("Included", true);
    }
    d.put("StartDate", child.startTime().toEpochMilli());
    d.put("StateMachineArn", child.stateMachineArn());
    d.put("Status", child.status());
    if (child.stopTime() != null) d.put("StopDate", child.stopTime().toEpochMilli());
    if (child.status().equals("SUCCEEDED")) return new Signal.TaskSucceeded(token, d);
    if (child.error() != null) d.put("Error", child.error());
    if (child.cause() != null) d.put("Cause", child.cause());
    return new Signal.TaskFailed(token, "States.TaskFailed", Json.write(d));
  }
}
