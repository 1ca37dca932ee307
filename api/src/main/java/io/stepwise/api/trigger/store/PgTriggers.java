package io.stepwise.api.trigger.store;

import io.quarkus.panache.common.Sort;
import io.stepwise.api.trigger.Trigger;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code webhook_triggers} table, through its entity: triggers as {@link Trigger} records, the
 * secret still sealed. Calls block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class PgTriggers {
  private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id");

  /** A trigger with its sealed secret. */
  public record Stored(Trigger trigger, byte[] sealedSecret) {}

  public void insert(Trigger t, byte[] sealedSecret) {
    TriggerEntity row = new TriggerEntity();
    row.id = t.id();
    row.name = t.name();
    row.targetArn = t.targetArn();
    row.stateMachineArn = t.stateMachineArn();
    row.auth = t.auth().name();
    row.inputFormat = t.inputFormat().name();
    row.idempotencyKeyPath = t.idempotencyKeyPath();
    row.secretSealed = sealedSecret;
    row.createdBy = t.createdBy();
    row.createdAt = t.createdAt();
    row.rotatedAt = t.rotatedAt();
    Entities.inTransaction(() -> row.persist().replaceWithVoid());
  }

  public Optional<Stored> find(String id) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                TriggerEntity.<TriggerEntity>findById(id)
                    .map(row -> row == null ? null : new Stored(of(row), row.secretSealed))));
  }

  /** Triggers of these state machines (null: all), newest first. */
  public List<Trigger> list(Set<String> stateMachines) {
    if (stateMachines != null && stateMachines.isEmpty()) return List.of();
    List<TriggerEntity> rows =
        Entities.read(
            () ->
                stateMachines == null
                    ? TriggerEntity.listAll(NEWEST_FIRST)
                    : TriggerEntity.list(
                        "stateMachineArn in ?1", NEWEST_FIRST, List.copyOf(stateMachines)));
    return rows.stream().map(PgTriggers::of).toList();
  }

  public boolean delete(String id) {
    return Entities.inTransaction(() -> TriggerEntity.delete("id", id)) > 0;
  }

  /** Replaces the trigger's secret, noting when; false when there is no such trigger. */
  public boolean replaceSecret(String id, byte[] sealedSecret) {
    return Entities.inTransaction(
            () ->
                TriggerEntity.update(
                    "secretSealed = ?1, rotatedAt = ?2 where id = ?3",
                    sealedSecret,
                    Instant.now(),
                    id))
        > 0;
  }

  private static Trigger of(TriggerEntity row) {
    return new Trigger(
        row.id,
        row.name,
        row.targetArn,
        row.stateMachineArn,
        Trigger.Auth.valueOf(row.auth),
        Trigger.InputFormat.valueOf(row.inputFormat),
        row.idempotencyKeyPath,
        row.createdBy,
        row.createdAt,
        row.rotatedAt);
  }
}
