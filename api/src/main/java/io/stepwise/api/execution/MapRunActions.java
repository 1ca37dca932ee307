package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsDates;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Map Runs of distributed Maps: DescribeMapRun (with item and execution counts by status, counted
 * from the child executions), ListMapRuns of an execution, and UpdateMapRun, which changes the
 * record and, while the Map Run runs, the Map itself (a higher MaxConcurrency starts more
 * children).
 */
@ApplicationScoped
public class MapRunActions implements ActionFamily {
  private final Database db;
  private final ExecutionActions executions;
  private final PgExecutionSteps steps;
  private final Arns arns;

  public MapRunActions(
      Database db, ExecutionActions executions, PgExecutionSteps steps, Arns arns) {
    this.db = db;
    this.executions = executions;
    this.steps = steps;
    this.arns = arns;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "DescribeMapRun", this::describe,
        "ListMapRuns", this::list,
        "UpdateMapRun", this::update);
  }

  private Row existing(String arn) {
    if (arn == null || !arn.startsWith(arns.mapRunPrefix())) throw AwsError.invalidArn(arn);
    for (Row row : db.query("SELECT * FROM map_runs WHERE arn = $1", arn)) return row;
    throw new AwsError("ResourceNotFound", "Resource Not Found: '" + arn + "'");
  }

  private JsonNode describe(Request r) {
    Row run = existing(r.string("mapRunArn"));
    String arn = run.getString("arn");
    ObjectNode out = Json.object();
    out.put("mapRunArn", arn);
    out.put("executionArn", run.getString("execution_arn"));
    out.put("status", run.getString("status"));
    out.put("startDate", AwsDates.epochSeconds(Database.instant(run, "start_date")));
    if (run.getValue("stop_date") != null) {
      out.put("stopDate", AwsDates.epochSeconds(Database.instant(run, "stop_date")));
    }
    out.put("maxConcurrency", run.getInteger("max_concurrency"));
    out.put("toleratedFailurePercentage", run.getFloat("tolerated_failure_percentage"));
    out.put("toleratedFailureCount", run.getLong("tolerated_failure_count"));
    ObjectNode counts = Json.object();
    for (String k :
        new String[] {
          "pending",
          "running",
          "succeeded",
          "failed",
          "timedOut",
          "aborted",
          "total",
          "resultsWritten",
          "failuresNotRedrivable",
          "pendingRedrive"
        }) {
      counts.put(k, 0L);
    }
    long total = 0;
    for (Row row :
        db.query(
            "SELECT status, count(*) AS n, count(*) FILTER (WHERE event_count = 0) AS pending FROM"
                + " executions WHERE map_run_arn = $1 GROUP BY status",
            arn)) {
      long n = row.getLong("n");
      long pending = row.getLong("pending");
      total += n;
      String key =
          switch (row.getString("status")) {
            case "RUNNING" -> "running";
            case "SUCCEEDED" -> "succeeded";
            case "FAILED" -> "failed";
            case "TIMED_OUT" -> "timedOut";
            default -> "aborted";
          };
      counts.put(key, counts.get(key).asLong() + n - pending);
      counts.put("pending", counts.get("pending").asLong() + pending);
    }
    counts.put("total", total);
    if (run.getString("status").equals("SUCCEEDED")) counts.put("resultsWritten", total);
    out.set("itemCounts", counts);
    out.set("executionCounts", counts.deepCopy());
    out.put("redriveCount", run.getInteger("redrive_count"));
    return out;
  }

  private JsonNode list(Request r) {
    Execution e = executions.existing(r.string("executionArn"));
    int max = r.maxResults(100);
    int offset = PageToken.offset(r.optionalString("nextToken", 3096).orElse(null));
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("mapRuns");
    int n = 0;
    for (Row row :
        db.query(
            "SELECT arn, execution_arn, start_date, stop_date FROM map_runs WHERE execution_arn ="
                + " $1 ORDER BY start_date, arn OFFSET $2 LIMIT $3",
            e.arn(),
            offset,
            max + 1)) {
      if (n++ == max) {
        out.put("nextToken", PageToken.encode(Integer.toString(offset + max)));
        break;
      }
      String arn = row.getString("arn");
      ObjectNode item = items.addObject();
      item.put("executionArn", row.getString("execution_arn"));
      item.put("mapRunArn", arn);
      item.put(
          "stateMachineArn",
          arn.substring(0, arn.lastIndexOf(':')).replace(":mapRun:", ":stateMachine:"));
      item.put("startDate", AwsDates.epochSeconds(Database.instant(row, "start_date")));
      if (row.getValue("stop_date") != null) {
        item.put("stopDate", AwsDates.epochSeconds(Database.instant(row, "stop_date")));
      }
    }
    return out;
  }

  private JsonNode update(Request r) {
    Row run = existing(r.string("mapRunArn"));
    Integer concurrency = r.optionalInt("maxConcurrency").orElse(null);
    if (concurrency != null && concurrency < 0) {
      throw AwsError.validation("maxConcurrency must be at least 0");
    }
    Integer count = r.optionalInt("toleratedFailureCount").orElse(null);
    if (count != null && count < 0) {
      throw AwsError.validation("toleratedFailureCount must be at least 0");
    }
    JsonNode pct = r.node("toleratedFailurePercentage");
    Double percentage = pct == null ? null : pct.asDouble();
    if (percentage != null && (percentage < 0 || percentage > 100)) {
      throw AwsError.validation("toleratedFailurePercentage must be between 0 and 100");
    }
    db.query(
        "UPDATE map_runs SET max_concurrency = COALESCE($2, max_concurrency),"
            + " tolerated_failure_count = COALESCE($3, tolerated_failure_count),"
            + " tolerated_failure_percentage = COALESCE($4::real, tolerated_failure_percentage)"
            + " WHERE arn = $1",
        run.getString("arn"),
        concurrency,
        count == null ? null : count.longValue(),
        percentage == null ? null : percentage.floatValue());
    if (run.getString("status").equals("RUNNING")) {
      // The running Map takes the new limits in a step of its execution.
      steps.signal(
          run.getString("execution_arn"),
          new Signal.MapRunUpdated(run.getString("arn"), concurrency, count, percentage));
    }
    return Json.object();
  }
}
