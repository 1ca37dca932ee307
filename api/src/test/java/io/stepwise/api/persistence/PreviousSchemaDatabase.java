package io.stepwise.api.persistence;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stepwise.api.postgres.EmbeddedDatabase;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * A database as the schema before the storage migrations (V160, V161) left it, holding executions
 * the way the code of that schema wrote them: each one run by the interpreter and stored row for
 * row as the old step writer did (the snapshot in every execution row, history events under the
 * execution's ARN). Quarkus then migrates it at start, as an upgraded server would.
 */
public class PreviousSchemaDatabase implements QuarkusTestResourceLifecycleManager {
  static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:before-v160";
  static final String ACTIVITY = "arn:aws:states:us-east-1:123456789012:activity:before-v160";
  static final String DEFINITION =
      "{\"StartAt\":\"First\",\"States\":{\"First\":{\"Type\":\"Pass\",\"Result\":{\"a\":1},"
          + "\"Next\":\"Work\"},\"Work\":{\"Type\":\"Task\",\"Resource\":\""
          + ACTIVITY
          + "\",\"End\":true}}}";
  private static final int FIRST_STORAGE_MIGRATION = 160;

  /** What the old code stored of each execution, by name: the events GetExecutionHistory sends. */
  static final Map<String, List<HistoryEvent>> HISTORIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private EmbeddedDatabase db;

  @Override
  public Map<String, String> start() {
    db = EmbeddedDatabase.start(null, 0);
    Flyway flyway =
        Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), "")
            .locations("classpath:db/migration", "classpath:db/migration/approvals")
            .outOfOrder(true)
            .target(previousVersion())
            .load();
    flyway.migrate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "")) {
      store(c, "succeeded", now.minus(Duration.ofHours(2)), "succeed");
      store(c, "failed-yesterday", now.minus(Duration.ofDays(1)), "fail");
      store(c, "failed-20-days-ago", now.minus(Duration.ofDays(20)), "fail");
      store(c, "running", now.minus(Duration.ofMinutes(5)), "wait");
    } catch (SQLException | DefinitionException e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "quarkus.datasource.jdbc.url", db.jdbcUrl(),
        "quarkus.datasource.reactive.url", db.reactiveUrl(),
        "quarkus.datasource.username", db.user());
  }

  /** The newest migration before the storage ones (other branches' may come before them). */
  private MigrationVersion previousVersion() {
    MigrationVersion previous = null;
    for (MigrationInfo m :
        Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), "")
            .locations("classpath:db/migration")
            .load()
            .info()
            .all()) {
      MigrationVersion v = m.getVersion();
      if (v != null
          && v.compareTo(MigrationVersion.fromVersion(String.valueOf(FIRST_STORAGE_MIGRATION))) < 0
          && (previous == null || v.compareTo(previous) > 0)) {
        previous = v;
      }
    }
    return previous;
  }

  /**
   * Runs an execution through the interpreter (its activity answered as {@code ending} says: {@code
   * succeed}, {@code fail}, or {@code wait} for none) and stores it as the previous code did.
   */
  private static void store(Connection c, String name, Instant start, String ending)
      throws SQLException, DefinitionException {
    StateMachineDefinition definition = DefinitionParser.parse(Json.parseTrusted(DEFINITION));
    String arn = MACHINE.replace(":stateMachine:", ":execution:") + ":" + name;
    ExecutionSnapshot snapshot =
        ExecutionSnapshot.create(
            arn,
            name,
            MACHINE,
            "before-v160",
            "arn:aws:iam::123456789012:role/old",
            Json.parseTrusted("{\"n\":7}"),
            start,
            name.hashCode());
    List<HistoryEvent> events = new ArrayList<>();
    StepResult step =
        Interpreter.step(definition, snapshot, new Signal.Started(), start, Ports.STANDARD);
    events.addAll(step.events());
    String token =
        step.commands().stream()
            .filter(Command.DispatchTask.class::isInstance)
            .map(t -> ((Command.DispatchTask) t).taskToken())
            .findFirst()
            .orElseThrow();
    Instant at = start.plusMillis(100);
    step =
        Interpreter.step(
            definition, step.snapshot(), new Signal.TaskStarted(token), at, Ports.STANDARD);
    events.addAll(step.events());
    if (!ending.equals("wait")) {
      Signal answer =
          ending.equals("succeed")
              ? new Signal.TaskSucceeded(token, Json.parseTrusted("{\"done\":true}"))
              : new Signal.TaskFailed(token, "Boom", "first try");
      step =
          Interpreter.step(definition, step.snapshot(), answer, at.plusMillis(100), Ports.STANDARD);
      events.addAll(step.events());
    }
    ExecutionSnapshot s = step.snapshot();
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO executions (arn, state_machine_arn, name, type, status, definition,"
                + " snapshot, input, output, error, cause, start_time, stop_time, event_count)"
                + " VALUES (?, ?, ?, 'STANDARD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, arn);
      p.setString(2, MACHINE);
      p.setString(3, name);
      p.setString(4, s.status().name());
      p.setString(5, DEFINITION);
      p.setString(6, SnapshotCodec.write(s));
      p.setString(7, Json.write(s.input()));
      p.setString(8, s.output() == null ? null : Json.write(s.output()));
      p.setString(9, s.error());
      p.setString(10, s.cause());
      p.setTimestamp(11, Timestamp.from(s.startTime()));
      p.setTimestamp(12, s.stopTime() == null ? null : Timestamp.from(s.stopTime()));
      p.setInt(13, events.size());
      p.executeUpdate();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO history_events (execution_arn, event_id, previous_event_id, type,"
                + " timestamp, details) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (HistoryEvent e : events) {
        p.setString(1, arn);
        p.setLong(2, e.id());
        p.setLong(3, e.previousEventId());
        p.setString(4, e.type().awsName());
        p.setTimestamp(5, Timestamp.from(e.timestamp()));
        p.setString(6, e.details() == null ? null : Json.write(e.details()));
        p.addBatch();
      }
      p.executeBatch();
    }
    if (ending.equals("wait")) {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input,"
                  + " state, created_at) VALUES (?, ?, ?, 'ACTIVITY', 'REQUEST_RESPONSE', 'Work',"
                  + " '{\"a\":1}', 'OPEN', now())")) {
        p.setString(1, token);
        p.setString(2, arn);
        p.setString(3, ACTIVITY);
        p.executeUpdate();
      }
    }
    HISTORIES.put(name, List.copyOf(events));
  }

  @Override
  public void stop() {
    if (db != null) db.close();
  }
}
