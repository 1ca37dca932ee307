package io.stepwise.api.authorization.store;

import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code resource_teams} table, through its entity: which team owns each resource. Calls block:
 * use them from worker or virtual threads.
 */
@ApplicationScoped
public class ResourceTeamTable {

  /**
   * Records the owner of a resource, replacing the row of an older resource of that ARN (deleted
   * since). Two writers of one ARN at once both succeed: the one that finds the other's row
   * replaces it.
   */
  public void put(String resourceArn, String team, String createdBy) {
    Entities.findOrInsert(() -> put(resourceArn, team, createdBy, Instant.now()));
  }

  private static Uni<Void> put(String resourceArn, String team, String createdBy, Instant now) {
    return ResourceTeamEntity.<ResourceTeamEntity>findById(resourceArn)
        .chain(
            found -> {
              ResourceTeamEntity row = found == null ? new ResourceTeamEntity() : found;
              row.resourceArn = resourceArn;
              row.team = team;
              row.createdBy = createdBy;
              row.createdAt = now;
              return found == null ? row.persist().replaceWithVoid() : Uni.createFrom().voidItem();
            });
  }

  public void delete(String resourceArn) {
    Entities.inTransaction(() -> ResourceTeamEntity.deleteById(resourceArn));
  }

  /** Every resource's team, by ARN. */
  public Map<String, String> all() {
    return Entities.read(
        () ->
            ResourceTeamEntity.<ResourceTeamEntity>listAll()
                .map(
                    rows -> {
                      Map<String, String> teams = new HashMap<>();
                      for (ResourceTeamEntity row : rows) teams.put(row.resourceArn, row.team);
                      return teams;
                    }));
  }
}
