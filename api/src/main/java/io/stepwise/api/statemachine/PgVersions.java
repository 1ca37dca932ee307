package io.stepwise.api.statemachine;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * State machine versions and aliases in {@code state_machine_versions} and {@code
 * state_machine_aliases}. A version is an immutable copy of a machine's definition and role; an
 * alias routes executions to one or two versions by weight (its routing is stored as JSON).
 */
@ApplicationScoped
public class PgVersions {
  private final Database db;

  public PgVersions(Database db) {
    this.db = db;
  }

  /** A published version. */
  public record Version(
      String arn,
      String stateMachineArn,
      int version,
      String definition,
      String roleArn,
      String description,
      String revisionId,
      Instant createdAt,
      String publishedBy) {}

  /** An alias with its routing configuration (JSON array text). */
  public record Alias(
      String arn,
      String stateMachineArn,
      String name,
      String description,
      String routing,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * Publishes the machine's current definition as the next version, or returns the latest version
   * when it has the same revision (AWS publishes no duplicate of an unchanged machine). {@code
   * publishedBy} names who published it, or is null.
   */
  public Version publish(StateMachine m, String description, Instant now, String publishedBy) {
    return db.inTransaction(
        sql -> {
          sql.query("SELECT 1 FROM state_machines WHERE arn = $1 FOR UPDATE", m.arn());
          for (Row row :
              sql.query(
                  "SELECT * FROM state_machine_versions WHERE state_machine_arn = $1 ORDER BY"
                      + " version DESC LIMIT 1",
                  m.arn())) {
            Version latest = version(row);
            if (latest.revisionId().equals(m.revisionId())) return latest;
          }
          int next = 1;
          for (Row row :
              sql.query(
                  "SELECT COALESCE(max(version), 0) + 1 AS n FROM state_machine_versions WHERE"
                      + " state_machine_arn = $1",
                  m.arn())) {
            next = row.getInteger("n");
          }
          Version v =
              new Version(
                  m.arn() + ":" + next,
                  m.arn(),
                  next,
                  m.definition(),
                  m.roleArn(),
                  description,
                  m.revisionId(),
                  now,
                  publishedBy);
          sql.query(
              "INSERT INTO state_machine_versions (arn, state_machine_arn, version, definition,"
                  + " role_arn, description, revision_id, created_at, published_by) VALUES ($1,$2,"
                  + "$3,$4,$5,$6,$7,$8,$9)",
              v.arn(),
              v.stateMachineArn(),
              v.version(),
              v.definition(),
              v.roleArn(),
              v.description(),
              v.revisionId(),
              v.createdAt(),
              v.publishedBy());
          return v;
        });
  }

  public Optional<Version> version(String arn) {
    for (Row row : db.query("SELECT * FROM state_machine_versions WHERE arn = $1", arn)) {
      return Optional.of(version(row));
    }
    return Optional.empty();
  }

  /** Versions newest first, after the version number {@code before} (0: from the newest). */
  public List<Version> versions(String machineArn, int before, int limit) {
    List<Version> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT * FROM state_machine_versions WHERE state_machine_arn = $1 AND ($2 = 0 OR"
                + " version < $2) ORDER BY version DESC LIMIT $3",
            machineArn,
            before,
            limit)) {
      out.add(version(row));
    }
    return out;
  }

  public void deleteVersion(String arn) {
    db.query("DELETE FROM state_machine_versions WHERE arn = $1", arn);
  }

  /** The aliases whose routing names the version. */
  public List<Alias> aliasesRoutingTo(String versionArn) {
    List<Alias> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT * FROM state_machine_aliases WHERE position($1 in routing) > 0",
            "\"" + versionArn + "\"")) {
      out.add(alias(row));
    }
    return out;
  }

  /** Inserts the alias; false when one of that name exists. */
  public boolean insertAlias(Alias a) {
    return db.query(
                "INSERT INTO state_machine_aliases (arn, state_machine_arn, name, description,"
                    + " routing, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT"
                    + " DO NOTHING",
                a.arn(),
                a.stateMachineArn(),
                a.name(),
                a.description(),
                a.routing(),
                a.createdAt(),
                a.updatedAt())
            .rowCount()
        == 1;
  }

  public void updateAlias(Alias a) {
    db.query(
        "UPDATE state_machine_aliases SET description = $2, routing = $3, updated_at = $4 WHERE"
            + " arn = $1",
        a.arn(),
        a.description(),
        a.routing(),
        a.updatedAt());
  }

  public Optional<Alias> alias(String arn) {
    for (Row row : db.query("SELECT * FROM state_machine_aliases WHERE arn = $1", arn)) {
      return Optional.of(alias(row));
    }
    return Optional.empty();
  }

  public List<Alias> aliases(String machineArn, String afterName, int limit) {
    List<Alias> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT * FROM state_machine_aliases WHERE state_machine_arn = $1 AND ($2::text IS"
                + " NULL OR name > $2) ORDER BY name LIMIT $3",
            machineArn,
            afterName,
            limit)) {
      out.add(alias(row));
    }
    return out;
  }

  public void deleteAlias(String arn) {
    db.query("DELETE FROM state_machine_aliases WHERE arn = $1", arn);
  }

  private static Version version(Row row) {
    return new Version(
        row.getString("arn"),
        row.getString("state_machine_arn"),
        row.getInteger("version"),
        row.getString("definition"),
        row.getString("role_arn"),
        row.getString("description"),
        row.getString("revision_id"),
        Database.instant(row, "created_at"),
        row.getString("published_by"));
  }

  private static Alias alias(Row row) {
    return new Alias(
        row.getString("arn"),
        row.getString("state_machine_arn"),
        row.getString("name"),
        row.getString("description"),
        row.getString("routing"),
        Database.instant(row, "created_at"),
        Database.instant(row, "updated_at"));
  }
}
