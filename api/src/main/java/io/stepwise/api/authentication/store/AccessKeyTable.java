package io.stepwise.api.authentication.store;

import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code access_keys} table, through its entity: keys as {@link StoredKey} records, the secret
 * still sealed. Calls block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class AccessKeyTable {

  /** A key as stored: what it may do (role ids and teams as written) and its sealed secret. */
  public record StoredKey(
      String id,
      byte[] secretSealed,
      String ownerKind,
      String owner,
      String roles,
      String teams,
      String description,
      String createdBy,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /**
   * Stores a key, replacing the one with the same id (its secret, owner, rights and description; it
   * is active again). Two servers storing the same key at once (the local admin's, at start-up)
   * both succeed: the one that finds the other's row replaces it.
   */
  public void put(StoredKey key) {
    Entities.findOrInsert(() -> put(key, Instant.now()));
  }

  private static Uni<Void> put(StoredKey key, Instant now) {
    return AccessKeyEntity.<AccessKeyEntity>findById(key.id())
        .chain(
            found -> {
              AccessKeyEntity row = found == null ? new AccessKeyEntity() : found;
              if (found == null) {
                row.id = key.id();
                row.createdBy = key.createdBy();
                row.createdAt = now;
              }
              row.secretSealed = key.secretSealed();
              row.ownerKind = key.ownerKind();
              row.owner = key.owner();
              row.roles = key.roles();
              row.teams = key.teams();
              row.description = key.description() == null ? "" : key.description();
              row.revokedAt = null;
              return found == null ? row.persist().replaceWithVoid() : Uni.createFrom().voidItem();
            });
  }

  public Optional<StoredKey> find(String id) {
    return Optional.ofNullable(
        Entities.read(() -> AccessKeyEntity.<AccessKeyEntity>findById(id).map(AccessKeyTable::of)));
  }

  /** Every key, newest first. */
  public List<StoredKey> all() {
    return Entities.read(
        () ->
            AccessKeyEntity.<AccessKeyEntity>listAll(Sort.descending("createdAt"))
                .map(rows -> rows.stream().map(AccessKeyTable::of).toList()));
  }

  /** Revokes a key; true when it was active. */
  public boolean revoke(String id, Instant at) {
    return Entities.inTransaction(
            () ->
                AccessKeyEntity.update(
                    "revokedAt = ?1 where id = ?2 and revokedAt is null", at, id))
        > 0;
  }

  /** Notes the key's last use. */
  public void used(String id, Instant at) {
    Entities.inTransaction(() -> AccessKeyEntity.update("lastUsedAt = ?1 where id = ?2", at, id));
  }

  private static StoredKey of(AccessKeyEntity row) {
    if (row == null) return null;
    return new StoredKey(
        row.id,
        row.secretSealed,
        row.ownerKind,
        row.owner,
        row.roles,
        row.teams,
        row.description,
        row.createdBy,
        row.createdAt,
        row.lastUsedAt,
        row.revokedAt);
  }
}
