package io.stepwise.api.statemachine.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.server.persistence.Entities;
import io.stepwise.server.persistence.UniqueViolation;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * State machine versions and aliases in {@code state_machine_versions} and {@code
 * state_machine_aliases}, through their entities, handed out as records. A version is an immutable
 * copy of a machine's definition and role; an alias routes executions to one or two versions by
 * weight (its routing is stored as JSON). Calls block: use them from worker or virtual threads.
 *
 * <p>The reads by ARN ({@link #version(String)}, {@link #alias(String)}) are explicit SQL: every
 * StartExecution through a version or alias makes them, and one prepared statement on the pool
 * costs less than a Hibernate session (docs/ARCHITECTURE.md, "Entities and explicit SQL").
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
   * publishedBy} names who published it, or is null. Publishes of one machine take turns on its
   * row.
   */
  public Version publish(StateMachine m, String description, Instant now, String publishedBy) {
    return Entities.inTransaction(
        () ->
            lockMachine(m.arn())
                .chain(
                    () ->
                        VersionEntity.<VersionEntity>find(
                                "stateMachineArn = ?1 order by version desc", m.arn())
                            .<VersionEntity>firstResult())
                .chain(
                    (VersionEntity latest) -> {
                      if (latest != null && latest.revisionId.equals(m.revisionId())) {
                        return Uni.createFrom().item(of(latest));
                      }
                      VersionEntity row = new VersionEntity();
                      row.version = latest == null ? 1 : latest.version + 1;
                      row.arn = m.arn() + ":" + row.version;
                      row.stateMachineArn = m.arn();
                      row.definition = m.definition();
                      row.roleArn = m.roleArn();
                      row.description = description;
                      row.revisionId = m.revisionId();
                      row.createdAt = now;
                      row.publishedBy = publishedBy;
                      return row.persist().map(persisted -> of(row));
                    }));
  }

  // state_machines is not an entity (explicit SQL in PgStateMachines): its row is locked natively.
  private static Uni<Void> lockMachine(String machineArn) {
    return Panache.getSession()
        .chain(
            s ->
                s.createNativeQuery("SELECT 1 FROM state_machines WHERE arn = ?1 FOR UPDATE")
                    .setParameter(1, machineArn)
                    .getResultList())
        .replaceWithVoid();
  }

  public Optional<Version> version(String arn) {
    for (Row row : db.query("SELECT * FROM state_machine_versions WHERE arn = $1", arn)) {
      return Optional.of(version(row));
    }
    return Optional.empty();
  }

  /** Versions newest first, after the version number {@code before} (0: from the newest). */
  public List<Version> versions(String machineArn, int before, int limit) {
    return Entities.read(
        () ->
            (before == 0
                    ? VersionEntity.<VersionEntity>find(
                        "stateMachineArn = ?1 order by version desc", machineArn)
                    : VersionEntity.<VersionEntity>find(
                        "stateMachineArn = ?1 and version < ?2 order by version desc",
                        machineArn,
                        before))
                .range(0, limit - 1)
                .list()
                .map(rows -> rows.stream().map(PgVersions::of).toList()));
  }

  public void deleteVersion(String arn) {
    Entities.inTransaction(() -> VersionEntity.delete("arn", arn));
  }

  /** The aliases whose routing names the version. */
  public List<Alias> aliasesRoutingTo(String versionArn) {
    return Entities.read(
        () ->
            AliasEntity.<AliasEntity>find("position(?1 in routing) > 0", "\"" + versionArn + "\"")
                .list()
                .map(rows -> rows.stream().map(PgVersions::of).toList()));
  }

  /** Inserts the alias; false when one of that name exists. */
  public boolean insertAlias(Alias a) {
    try {
      return Entities.inTransaction(
          () ->
              AliasEntity.<AliasEntity>findById(a.arn())
                  .chain(
                      found -> {
                        if (found != null) return Uni.createFrom().item(false);
                        AliasEntity row = new AliasEntity();
                        row.arn = a.arn();
                        row.stateMachineArn = a.stateMachineArn();
                        row.name = a.name();
                        row.description = a.description();
                        row.routing = a.routing();
                        row.createdAt = a.createdAt();
                        row.updatedAt = a.updatedAt();
                        return row.persist().replaceWith(true);
                      }));
    } catch (RuntimeException e) {
      // The same alias created twice at once: the other one stored it.
      if (UniqueViolation.causedBy(e)) return false;
      throw e;
    }
  }

  public void updateAlias(Alias a) {
    Entities.inTransaction(
        () ->
            AliasEntity.update(
                "description = ?2, routing = ?3, updatedAt = ?4 where arn = ?1",
                a.arn(),
                a.description(),
                a.routing(),
                a.updatedAt()));
  }

  public Optional<Alias> alias(String arn) {
    for (Row row : db.query("SELECT * FROM state_machine_aliases WHERE arn = $1", arn)) {
      return Optional.of(alias(row));
    }
    return Optional.empty();
  }

  /** Aliases by name, after {@code afterName} (null: from the first). */
  public List<Alias> aliases(String machineArn, String afterName, int limit) {
    return Entities.read(
        () ->
            (afterName == null
                    ? AliasEntity.<AliasEntity>find(
                        "stateMachineArn = ?1 order by name", machineArn)
                    : AliasEntity.<AliasEntity>find(
                        "stateMachineArn = ?1 and name > ?2 order by name", machineArn, afterName))
                .range(0, limit - 1)
                .list()
                .map(rows -> rows.stream().map(PgVersions::of).toList()));
  }

  public void deleteAlias(String arn) {
    Entities.inTransaction(() -> AliasEntity.delete("arn", arn));
  }

  private static Version of(VersionEntity row) {
    return new Version(
        row.arn,
        row.stateMachineArn,
        row.version,
        row.definition,
        row.roleArn,
        row.description,
        row.revisionId,
        row.createdAt,
        row.publishedBy);
  }

  private static Alias of(AliasEntity row) {
    return new Alias(
        row.arn,
        row.stateMachineArn,
        row.name,
        row.description,
        row.routing,
        row.createdAt,
        row.updatedAt);
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
