package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The "Step Functions Execution Status Change" event of EventBridge, one per status change a step
 * makes (started, redriven, and each end), written into {@code notification_outbox} by the step's
 * own transaction: the notifications read it from there, so a crash between the step's commit and a
 * delivery loses nothing, and a step rolled back announces nothing. The shape is AWS's ("Step
 * Functions events" in the Step Functions developer guide): dates in epoch milliseconds, input and
 * output as JSON text with their details.
 */
final class StatusChangeEvents {
  static final String DETAIL_TYPE = "Step Functions Execution Status Change";

  private StatusChangeEvents() {}

  /** Adds an outbox row for every event of the step that changes the execution's status. */
  static void record(Database.Sql sql, ExecutionSnapshot s, List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      String status =
          switch (e.type()) {
            case EXECUTION_STARTED, EXECUTION_REDRIVEN -> "RUNNING";
            case EXECUTION_SUCCEEDED -> "SUCCEEDED";
            case EXECUTION_FAILED -> "FAILED";
            case EXECUTION_TIMED_OUT -> "TIMED_OUT";
            case EXECUTION_ABORTED -> "ABORTED";
            default -> null;
          };
      if (status == null) continue;
      sql.send(
          "INSERT INTO notification_outbox (execution_arn, state_machine_arn, event)"
              + " VALUES ($1, $2, $3)",
          s.executionArn(),
          s.stateMachineArn(),
          Json.write(event(s, status, e.timestamp())));
    }
  }

  static ObjectNode event(ExecutionSnapshot s, String status, Instant at) {
    Arn arn = Arn.parse(s.executionArn()).orElseThrow();
    boolean running = status.equals("RUNNING");
    ObjectNode event = Json.object();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", DETAIL_TYPE);
    event.put("source", "aws.states");
    event.put("account", arn.account());
    event.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("region", arn.region());
    event.putArray("resources").add(s.executionArn());
    ObjectNode d = event.putObject("detail");
    d.put("executionArn", s.executionArn());
    d.put("stateMachineArn", s.stateMachineArn());
    d.put("name", s.executionName());
    d.put("status", status);
    d.put("startDate", s.startTime().toEpochMilli());
    if (running || s.stopTime() == null) d.putNull("stopDate");
    else d.put("stopDate", s.stopTime().toEpochMilli());
    d.put("input", Json.write(s.input()));
    d.putObject("inputDetails").put("included", true);
    if (!running && s.output() != null) {
      d.put("output", Json.write(s.output()));
      d.putObject("outputDetails").put("included", true);
    } else {
      d.putNull("output");
      d.putNull("outputDetails");
    }
    if (!running && s.error() != null) d.put("error", s.error());
    else d.putNull("error");
    if (!running && s.cause() != null) d.put("cause", s.cause());
    else d.putNull("cause");
    d.put("redriveCount", s.redriveCount());
    return event;
  }
}
