package io.stepwise.api.execution;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;
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
      // The definition is kept once for all the executions that run it (V162).
      "arn, state_machine_arn, name, type, status, (SELECT d.body FROM definitions d"
          + " WHERE d.id = executions.definition_id) AS definition, input, output, error, cause,"
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
   * {@code Arn.owner} reads it). {@code content}: checked already ({@link ContentSearch#checked}).
   * {@code topLevel}: Map Runs' children left out (they are listed by their Map Run).
   */
  public record Filter(
      String stateMachineArn,
      String versionOrAliasArn,
      String mapRunArn,
      String status,
      String namePrefix,
      Instant startedAfter,
      Instant startedBefore,
      Set<String> owners,
      ContentSearch content,
      boolean topLevel) {}

  /**
   * A search may look inside inputs, outputs and causes; one that would take longer than this is
   * cancelled by PostgreSQL and answered with a line asking to narrow it.
   */
  static final String SEARCH_TIMEOUT = "5s";

  /**
   * Newest first, keyset-paged: the page starts after the execution ({@code afterStart}, {@code
   * afterArn}) that ended the previous one, so paging stays fast on any number of executions. Only
   * the filters given become conditions, so PostgreSQL plans each search with the indexes it can
   * use (executions_by_start, the machine and status indexes, the GIN indexes of V85).
   */
  public List<Execution> page(Filter f, Instant afterStart, String afterArn, int limit) {
    ExecutionConditions where = new ExecutionConditions();
    where.equal("state_machine_arn", f.stateMachineArn());
    where.equal("status", f.status());
    where.equal("map_run_arn", f.mapRunArn());
    if (f.topLevel()) where.add("map_run_arn IS NULL");
    if (f.versionOrAliasArn() != null) {
      where.add(
          "(version_arn = $? OR alias_arn = $?)", f.versionOrAliasArn(), f.versionOrAliasArn());
    }
    if (f.namePrefix() != null) where.add("starts_with(name, $?)", f.namePrefix());
    if (f.startedAfter() != null) where.add("start_time >= $?", f.startedAfter());
    if (f.startedBefore() != null) where.add("start_time < $?", f.startedBefore());
    if (afterStart != null) where.add("(start_time, arn) < ($?, $?)", afterStart, afterArn);
    if (f.owners() != null) {
      where.add(
          "split_part(state_machine_arn, '/', 1) = ANY($?)",
          (Object) f.owners().toArray(String[]::new));
    }
    ContentSearch c = f.content() == null ? ContentSearch.NONE : f.content();
    where.equal("error", c.error());
    if (c.cause() != null)
      where.add("cause ILIKE $? ESCAPE '\\'", "%" + Database.likeLiteral(c.cause()) + "%");
    // The value is sent as text: the client would send a Java String bound to jsonb as a JSON
    // string.
    if (c.input() != null)
      where.add("stepwise_searchable_json(input) @> $?::text::jsonb", c.input());
    if (c.output() != null)
      where.add(
          "status = 'SUCCEEDED' AND stepwise_searchable_json(output) @> $?::text::jsonb",
          c.output());
    where.add("event_count > 0");
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM executions WHERE "
            + where.sql()
            + " ORDER BY start_time DESC, arn DESC LIMIT "
            + Math.max(0, limit);
    RowSet<Row> rows;
    if (c.any()) {
      rows =
          db.inTransaction(
              tx -> {
                tx.send("SET LOCAL statement_timeout = '" + SEARCH_TIMEOUT + "'");
                try {
                  return tx.query(sql, where.params());
                } catch (PgException e) {
                  if (!"57014".equals(e.getSqlState())) throw e;
                  throw Validation.failed(
                      "The search took longer than "
                          + SEARCH_TIMEOUT
                          + " and was stopped: narrow it with a state machine, a status or dates");
                }
              });
    } else {
      rows = db.query(sql, where.params());
    }
    List<Execution> out = new ArrayList<>();
    for (Row row : rows) out.add(read(row));
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
        // Events are kept under the execution's number (V161), found by its ARN once.
        reverse
            ? "SELECT event_id, previous_event_id, type, timestamp, details FROM history_events"
                + " WHERE execution_id = (SELECT id FROM executions WHERE arn = $1)"
                + " AND event_id < $2::bigint ORDER BY event_id DESC LIMIT $3"
            : "SELECT event_id, previous_event_id, type, timestamp, details FROM history_events"
                + " WHERE execution_id = (SELECT id FROM executions WHERE arn = $1)"
                + " AND event_id > $2::bigint ORDER BY event_id LIMIT $3";
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
