package io.stepwise.api.execution;

import io.stepwise.api.persistence.Database;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads executions and their histories (the writes are the steps of {@code runtime}). */
@ApplicationScoped
public class PgExecutions {
  private static final String COLUMNS =
      "arn, state_machine_arn, name, type, status, definition, input, output, error, cause,"
          + " start_time, stop_time, redrive_count, version_arn, alias_arn, map_run_arn,"
          + " parent_arn, redrive_time";

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

  /**
   * Filters of a listing; null fields do not filter. {@code owners}: only executions of these state
   * machines (a Map child's belongs to the machine before the {@code /} of its machine name, as
   * {@code Arn.owner} reads it).
   */
  public record Filter(
      String stateMachineArn,
      String versionOrAliasArn,
      String mapRunArn,
      String status,
      String namePrefix,
      Instant startedAfter,
      Instant startedBefore,
      Set<String> owners) {}

  /**
   * Newest first, keyset-paged: the page starts after the execution ({@code afterStart}, {@code
   * afterArn}) that ended the previous one, so paging stays fast on any number of executions.
   */
  public List<Execution> page(Filter f, Instant afterStart, String afterArn, int limit) {
    List<Execution> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT "
                + COLUMNS
                + " FROM executions WHERE ($1::text IS NULL OR state_machine_arn = $1)"
                + " AND ($2::text IS NULL OR status = $2)"
                + " AND ($3::text IS NULL OR map_run_arn = $3)"
                + " AND ($4::text IS NULL OR version_arn = $4 OR alias_arn = $4)"
                + " AND ($5::text IS NULL OR starts_with(name, $5))"
                + " AND ($6::timestamptz IS NULL OR start_time >= $6)"
                + " AND ($7::timestamptz IS NULL OR start_time < $7)"
                + " AND ($8::timestamptz IS NULL OR (start_time, arn) < ($8, $9))"
                + " AND ($11::text[] IS NULL OR split_part(state_machine_arn, '/', 1) = ANY($11))"
                + " AND event_count > 0"
                + " ORDER BY start_time DESC, arn DESC LIMIT $10",
            f.stateMachineArn(),
            f.status(),
            f.mapRunArn(),
            f.versionOrAliasArn(),
            f.namePrefix(),
            f.startedAfter(),
            f.startedBefore(),
            afterStart,
            afterArn,
            limit,
            f.owners() == null ? null : f.owners().toArray(String[]::new))) {
      out.add(read(row));
    }
    return out;
  }

  /** How many events the execution's history holds (0 for none or no such execution). */
  public long eventCount(String arn) {
    for (Row row : db.query("SELECT event_count FROM executions WHERE arn = $1", arn)) {
      return row.getInteger("event_count");
    }
    return 0;
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
        row.getInteger("redrive_count"),
        row.getString("version_arn"),
        row.getString("alias_arn"),
        row.getString("map_run_arn"),
        row.getString("parent_arn"),
        Database.instant(row, "redrive_time"));
  }
}
