package io.stepwise.api.execution;

import io.stepwise.api.persistence.Database;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads executions and their histories (the writes are the steps of {@code runtime}). */
@ApplicationScoped
public class PgExecutions {
  private static final String COLUMNS =
      "arn, state_machine_arn, name, type, status, definition, input, output, error, cause,"
          + " start_time, stop_time, redrive_count";

  private final Database db;

  public PgExecutions(Database db) {
    this.db = db;
  }

  public Optional<Execution> find(String arn) {
    for (Row row : db.query("SELECT " + COLUMNS + " FROM executions WHERE arn = $1", arn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  /** Newest first, optionally of one status. */
  public List<Execution> page(String stateMachineArn, String status, int offset, int limit) {
    List<Execution> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT "
                + COLUMNS
                + " FROM executions WHERE state_machine_arn = $1 AND ($2::text IS NULL OR status ="
                + " $2) ORDER BY start_time DESC, arn OFFSET $3 LIMIT $4",
            stateMachineArn,
            status,
            offset,
            limit)) {
      out.add(read(row));
    }
    return out;
  }

  /** Events after {@code afterId} (before it when reversed), in the order asked for. */
  public List<HistoryEvent> history(String arn, long afterId, boolean reverse, int limit) {
    String sql =
        reverse
            ? "SELECT event_id, previous_event_id, type, timestamp, details FROM history_events"
                + " WHERE execution_arn = $1 AND event_id < $2 ORDER BY event_id DESC LIMIT $3"
            : "SELECT event_id, previous_event_id, type, timestamp, details FROM history_events"
                + " WHERE execution_arn = $1 AND event_id > $2 ORDER BY event_id LIMIT $3";
    List<HistoryEvent> out = new ArrayList<>();
    for (Row row : db.query(sql, arn, afterId, limit)) {
      String details = row.getString("details");
      out.add(
          new HistoryEvent(
              row.getLong("event_id"),
              row.getLong("previous_event_id"),
              HistoryEventType.fromAwsName(row.getString("type")),
              Database.instant(row, "timestamp"),
              details == null
                  ? null
                  : (com.fasterxml.jackson.databind.node.ObjectNode) Json.parseTrusted(details)));
    }
    return out;
  }

  private static Execution read(Row row) {
    return new Execution(
        row.getString("arn"),
        row.getString("state_machine_arn"),
        row.getString("name"),
        row.getString("type"),
        row.getString("status"),
        row.getString("definition"),
        row.getString("input"),
        row.getString("output"),
        row.getString("error"),
        row.getString("cause"),
        Database.instant(row, "start_time"),
        Database.instant(row, "stop_time"),
        row.getInteger("redrive_count"));
  }
}
