package io.stepwise.api.trigger;

import io.stepwise.api.persistence.Database;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code webhook_triggers} table. Calls block: use them from worker or virtual threads. */
@ApplicationScoped
public class PgTriggers {
  private final Database db;

  /** A trigger with its sealed secret. */
  public record Stored(Trigger trigger, byte[] sealedSecret) {}

  public PgTriggers(Database db) {
    this.db = db;
  }

  public void insert(Trigger t, byte[] sealedSecret) {
    db.query(
        "INSERT INTO webhook_triggers (id, name, target_arn, state_machine_arn, auth, input_format,"
            + " idempotency_key_path, secret_enc, created_by, created_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        t.id(),
        t.name(),
        t.targetArn(),
        t.stateMachineArn(),
        t.auth().name(),
        t.inputFormat().name(),
        t.idempotencyKeyPath(),
        Buffer.buffer(sealedSecret),
        t.createdBy(),
        t.createdAt());
  }

  public Optional<Stored> find(String id) {
    for (Row row : db.query("SELECT * FROM webhook_triggers WHERE id = $1", id)) {
      return Optional.of(new Stored(read(row), row.getBuffer("secret_enc").getBytes()));
    }
    return Optional.empty();
  }

  /** Triggers of these state machines (null: all), newest first. */
  public List<Trigger> list(Set<String> stateMachines) {
    List<Trigger> out = new ArrayList<>();
    Iterable<Row> rows =
        stateMachines == null
            ? db.query("SELECT * FROM webhook_triggers ORDER BY created_at DESC, id")
            : db.query(
                "SELECT * FROM webhook_triggers WHERE state_machine_arn = ANY($1)"
                    + " ORDER BY created_at DESC, id",
                (Object) stateMachines.toArray(String[]::new));
    for (Row row : rows) out.add(read(row));
    return out;
  }

  public boolean delete(String id) {
    return db.query("DELETE FROM webhook_triggers WHERE id = $1", id).rowCount() > 0;
  }

  public boolean replaceSecret(String id, byte[] sealedSecret) {
    return db.query(
                "UPDATE webhook_triggers SET secret_enc = $2, rotated_at = now() WHERE id = $1",
                id,
                Buffer.buffer(sealedSecret))
            .rowCount()
        > 0;
  }

  private static Trigger read(Row row) {
    return new Trigger(
        row.getString("id"),
        row.getString("name"),
        row.getString("target_arn"),
        row.getString("state_machine_arn"),
        Trigger.Auth.valueOf(row.getString("auth")),
        Trigger.InputFormat.valueOf(row.getString("input_format")),
        row.getString("idempotency_key_path"),
        row.getString("created_by"),
        Database.instant(row, "created_at"),
        Database.instant(row, "rotated_at"));
  }
}
