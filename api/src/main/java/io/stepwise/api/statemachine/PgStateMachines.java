package io.stepwise.api.statemachine;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.tag.Taggable;
import io.stepwise.engine.asl.StateMachineType;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The state machine catalog in the {@code state_machines} table. */
@ApplicationScoped
public class PgStateMachines implements Taggable {
  private static final String COLUMNS =
      "arn, name, type, definition, role_arn, description, logging, tracing, revision_id,"
          + " created_at, updated_at";

  private final Database db;

  public PgStateMachines(Database db) {
    this.db = db;
  }

  public Optional<StateMachine> find(String arn) {
    for (Row row : db.query("SELECT " + COLUMNS + " FROM state_machines WHERE arn = $1", arn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  /** Inserts the machine; false when one of that name exists already. */
  public boolean insert(StateMachine m) {
    return db.query(
                "INSERT INTO state_machines ("
                    + COLUMNS
                    + ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT DO NOTHING",
                m.arn(),
                m.name(),
                m.type().name(),
                m.definition(),
                m.roleArn(),
                m.description(),
                m.loggingConfiguration(),
                m.tracingConfiguration(),
                m.revisionId(),
                m.createdAt(),
                m.updatedAt())
            .rowCount()
        == 1;
  }

  public void update(StateMachine m) {
    db.query(
        "UPDATE state_machines SET definition = $2, role_arn = $3, logging = $4, tracing = $5,"
            + " revision_id = $6, updated_at = $7, description = $8 WHERE arn = $1",
        m.arn(),
        m.definition(),
        m.roleArn(),
        m.loggingConfiguration(),
        m.tracingConfiguration(),
        m.revisionId(),
        m.updatedAt(),
        m.description());
  }

  public void delete(String arn) {
    db.query("DELETE FROM state_machines WHERE arn = $1", arn);
  }

  @Override
  public Arn.Kind kind() {
    return Arn.Kind.STATE_MACHINE;
  }

  @Override
  public boolean exists(String arn) {
    return find(arn).isPresent();
  }

  /**
   * A page in name order, starting after {@code afterName} (null: from the start), of the machines
   * with one of the {@code arns} (null: of all).
   */
  public List<StateMachine> page(String afterName, int limit, Set<String> arns) {
    List<StateMachine> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT "
                + COLUMNS
                + " FROM state_machines WHERE ($1::text IS NULL OR name > $1)"
                + " AND ($3::text[] IS NULL OR arn = ANY($3)) ORDER BY name LIMIT $2",
            afterName,
            limit,
            arns == null ? null : arns.toArray(String[]::new))) {
      out.add(read(row));
    }
    return out;
  }

  private static StateMachine read(Row row) {
    return new StateMachine(
        row.getString("arn"),
        row.getString("name"),
        StateMachineType.valueOf(row.getString("type")),
        row.getString("definition"),
        row.getString("role_arn"),
        row.getString("description"),
        row.getString("logging"),
        row.getString("tracing"),
        row.getString("revision_id"),
        Database.instant(row, "created_at"),
        Database.instant(row, "updated_at"));
  }
}
